"""Configuration from the environment: the site refuses to serve without a secret key; maintenance works."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    refused = run_python("-c", "import pve_site.wsgi")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr
    assert run_python("-c", "import pve_site.wsgi", SECRET_KEY="a-real-secret").returncode == 0
    assert run_python("-c", "import pve_site.asgi", DEBUG="1").returncode == 0


def test_maintenance_commands_run_without_a_secret_key():
    result = run_python("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "No changes detected" in result.stdout
