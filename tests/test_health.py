"""/health/: what a load balancer asks each app server before sending it readers."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from tests.redis_server import free_port


def test_healthy_server_answers_ok_uncached_and_over_plain_http(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True  # as in production: the probe is not redirected to https
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.get("/en/").status_code == 301, "other addresses still go to https"


def test_a_database_that_does_not_answer_is_reported_without_its_error(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: password authentication')

    with monkeypatch.context() as patched:  # undone before the test's transaction is rolled back
        patched.setattr(connection, "cursor", refuse)
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}
    assert b"10.0.0.5" not in response.content and b"password" not in response.content


@pytest.mark.parametrize("failure", ["raises", "forgets"])
def test_a_cache_that_fails_or_forgets_is_reported(client, db, monkeypatch, failure):
    if failure == "raises":

        def refuse(*args, **kwargs):
            raise ConnectionRefusedError("Error 111 connecting to 127.0.0.1:6379")

        monkeypatch.setattr(cache, "set", refuse)
    else:
        monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_only_reading_is_allowed(client, db):
    assert client.post("/health/").status_code == 405


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_a_real_redis_is_checked_and_one_that_is_down_reported(client, settings, db, redis_url):
    """A running Redis (as in production, REDIS_URL), then one where nothing listens."""
    settings.CACHES = redis_cache(redis_url)
    assert client.get("/health/").json()["cache"] == "ok"
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
