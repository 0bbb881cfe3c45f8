"""Benchmark the meeting page through the production server against a static file of the same size.

    python manage.py bench_pages [--seconds 10] [--concurrency 4] [--workers 2]

Serves the site with gunicorn (production settings, DEBUG off, static files
collected, WhiteNoise), twice: with the public page cache and without it.
In each run it loads, for --seconds each, a static HTML file of the same
size as the meeting page (the floor: WhiteNoise serving a file) and the
meeting page itself, from --concurrency client processes, and prints
requests per second for both and their ratio. The database is the one the
environment names (DATABASE_URL, or db.sqlite3 as after `make run`); the
Geneva document is loaded first if the database has no meeting.
"""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conclusions.models import Meeting

MEETING_PATH = "/en/meetings/geneva-2016/"
STATIC_COPY = "meeting-page-copy.html"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load(arguments: tuple[int, str, float]) -> tuple[int, int]:
    """One client process: requests, one after the other, until the deadline; (answered 200, failed)."""
    port, path, deadline = arguments
    answered = failed = 0
    while time.monotonic() < deadline:
        status, _body = fetch(port, path)
        if status == 200:
            answered += 1
        else:
            failed += 1
    return answered, failed


def requests_per_second(port: int, path: str, seconds: float, concurrency: int) -> float:
    start = time.monotonic()
    deadline = start + seconds
    with Pool(concurrency) as pool:
        results = pool.map(load, [(port, path, deadline)] * concurrency)
    elapsed = time.monotonic() - start
    answered, failed = map(sum, zip(*results, strict=True))
    if failed:
        raise CommandError(f"{failed} requests to {path} failed.")
    return answered / elapsed


def collect_static(bench_dir: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pve_site.bench_settings", "BENCH_DIR": str(bench_dir)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )


class Server:
    """gunicorn serving the site with the benchmark settings, until stopped."""

    def __init__(self, bench_dir: Path, workers: int, page_cache: bool, environment: dict | None = None):
        self.port = free_port()
        env = {
            **os.environ,
            **(environment or {}),
            "DJANGO_SETTINGS_MODULE": "pve_site.bench_settings",
            "BENCH_DIR": str(bench_dir),
            "BENCH_PAGE_CACHE": "1" if page_cache else "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-not-a-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", "gunicorn", "pve_site.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(workers), "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        for _attempt in range(100):
            try:
                if fetch(self.port, MEETING_PATH)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise CommandError("gunicorn did not answer the meeting page within 10 seconds.")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


class Command(BaseCommand):
    help = "Requests per second of the meeting page (cached and not) against a static file, through gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=10.0, help="Load time per measurement.")
        parser.add_argument("--concurrency", type=int, default=4, help="Client processes.")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers.")

    def handle(self, *args, seconds: float, concurrency: int, workers: int, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `make setup` (or manage.py migrate) first.")
        if not Meeting.objects.exists():
            call_command("load_original_documents", verbosity=0)
        with tempfile.TemporaryDirectory(prefix="bench-pages-") as folder:
            bench_dir = Path(folder)
            (bench_dir / "root").mkdir()
            collect_static(bench_dir)
            self.copy_meeting_page(bench_dir, workers)
            size = (bench_dir / "root" / STATIC_COPY).stat().st_size
            self.stdout.write(
                f"gunicorn, {workers} workers; {concurrency} client processes; {seconds:g} s per measurement; "
                f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; page and static file {size:,} bytes"
            )
            for page_cache in (True, False):
                server = Server(bench_dir, workers, page_cache)
                try:
                    static = requests_per_second(server.port, f"/{STATIC_COPY}", seconds, concurrency)
                    page = requests_per_second(server.port, MEETING_PATH, seconds, concurrency)
                finally:
                    server.stop()
                label = "cached  " if page_cache else "uncached"
                self.stdout.write(
                    f"{label} meeting page {page:8,.0f} req/s   static file {static:8,.0f} req/s   "
                    f"ratio {page / static:.2f}"
                )

    def copy_meeting_page(self, bench_dir: Path, workers: int) -> None:
        """The page as the production server sends it, saved where WhiteNoise serves it as a file."""
        server = Server(bench_dir, workers, page_cache=True)
        try:
            status, body = fetch(server.port, MEETING_PATH)
        finally:
            server.stop()
        if status != 200:
            raise CommandError(f"The meeting page answered {status}.")
        (bench_dir / "root" / STATIC_COPY).write_bytes(body)
