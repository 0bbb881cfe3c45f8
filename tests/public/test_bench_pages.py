"""The page benchmark runs end to end: gunicorn, collected static files, cached and uncached runs."""

import os
import re
import subprocess
import sys

from django.conf import settings


def test_bench_pages_prints_requests_per_second_and_ratios(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pve_site.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "DEBUG": "",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=settings.BASE_DIR, check=True, timeout=300)
    result = subprocess.run(
        [*manage, "bench_pages", "--seconds", "0.3", "--concurrency", "1", "--workers", "1"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.search(r"page and static file [\d,]+ bytes", lines[0])
    for label, line in zip(["cached", "uncached"], lines[1:], strict=True):
        figures = re.fullmatch(
            rf"{label}\s+meeting page\s+([\d,]+) req/s\s+static file\s+([\d,]+) req/s\s+ratio (\d+\.\d\d)", line
        )
        assert figures, line
        assert all(int(figure.replace(",", "")) > 0 for figure in figures.groups()[:2])
