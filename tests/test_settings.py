"""Configuration from the environment: the site refuses to serve without a secret key; maintenance works."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


# Set for or by the test run (the browser tests allow Django's ORM in Playwright's event loop): not the site's.
TEST_RUN_VARIABLES = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in TEST_RUN_VARIABLES}
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


def printed_settings(*names: str, **env: str) -> list[str]:
    code = "import django; django.setup(); from django.conf import settings; " + "; ".join(
        f"print(repr(getattr(settings, {name!r}, None)))" for name in names
    )
    result = run_python("-c", code, DJANGO_SETTINGS_MODULE="pve_site.settings", **env)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()


HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
)


def test_deploy_check_is_clean_with_the_production_settings():
    """What `check --deploy` asks of a public site: HTTPS redirect, HSTS, secure cookies, a real secret key."""
    result = run_python(
        "manage.py", "check", "--deploy", SECRET_KEY="k3Jd9-vQ2_xWm8ZpL0aTnR5sYc7HgU1eFbN4iOqE6rDtV2wXy-7Hq"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "System check identified no issues" in result.stdout + result.stderr, result.stdout + result.stderr


def test_https_settings_come_from_the_environment():
    production = printed_settings(*HTTPS_SETTINGS, SECRET_KEY="a-real-secret")
    assert production == ["True", "31536000", "True", "True", "None"]
    behind_proxy = printed_settings(
        *HTTPS_SETTINGS,
        SECRET_KEY="a-real-secret",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="no",
        SECURE_HSTS_PRELOAD="0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert behind_proxy == ["False", "3600", "False", "False", "('HTTP_X_FORWARDED_PROTO', 'https')"]
    assert printed_settings(*HTTPS_SETTINGS, DEBUG="1") == ["False", "0", "False", "False", "None"]


def test_plain_http_is_redirected_and_https_answers_with_hsts(client, settings, geneva):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/en/meetings/geneva-2016/?x=1")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/en/meetings/geneva-2016/?x=1"
    secure = client.get("/en/meetings/geneva-2016/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_redis_url_gives_every_server_one_shared_cache():
    backend = "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
    code = f"import django; django.setup(); from django.conf import settings; {backend}"
    shared = run_python("-c", code, DJANGO_SETTINGS_MODULE="pve_site.settings", REDIS_URL="redis://cache:6379/1")
    assert shared.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "redis://cache:6379/1"]
    alone = run_python("-c", code, DJANGO_SETTINGS_MODULE="pve_site.settings")
    assert alone.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "public-pages"]


def test_every_response_carries_a_content_security_policy_that_runs_no_inline_script(client, editor, geneva):
    first, cached = client.get("/en/meetings/geneva-2016/"), client.get("/en/meetings/geneva-2016/")
    client.force_login(editor)
    admin = client.get("/admin/conclusions/conclusion/")
    missing = client.get("/en/meetings/no-such-meeting/")
    for response in (first, cached, admin, missing):
        directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
