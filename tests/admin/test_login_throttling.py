"""A password guesser is locked out, per account and per address, for a while, and costs no password hash then."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from django.utils import timezone

LOGIN = "/admin/login/?next=/admin/"


def log_in(client: Client, username: str, password: str, address: str = "203.0.113.7", language: str = "en"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        headers={"Accept-Language": language},
    )


@pytest.fixture
def hashes(monkeypatch):
    """How many times a password was hashed to be checked."""
    counted = []
    verify = MD5PasswordHasher.verify

    def counting(self, password, encoded):
        counted.append(password)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", counting)
    return counted


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, editor, hashes):
    for _ in range(4):
        assert log_in(client, "editor", "guess").status_code == 200  # the login form, with its error
    assert log_in(client, "editor", "guess").status_code == 429, "the fifth failure locks"
    assert len(hashes) == 5
    locked = log_in(client, "editor", "editor-password")
    assert locked.status_code == 429
    assert "Too many failed logins for this account or from this address. Try again in 15 minutes." in (
        locked.content.decode()
    )
    assert len(hashes) == 5, "a locked-out login checks no password"
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_another_address_too(editor):
    for _ in range(5):
        log_in(Client(), "editor", "guess", address="203.0.113.7")
    assert log_in(Client(), "editor", "editor-password", address="198.51.100.9").status_code == 429


def test_one_address_guessing_many_accounts_is_locked_out(editor, django_user_model):
    for number in range(5):
        log_in(Client(), f"someone-{number}", "guess", address="203.0.113.7")
    assert log_in(Client(), "editor", "editor-password", address="203.0.113.7").status_code == 429
    # Someone else, elsewhere, logs in.
    assert log_in(Client(), "editor", "editor-password", address="198.51.100.9").status_code == 302


def test_the_lockout_ends_after_the_cool_off_and_a_success_resets_the_count(client, editor):
    for _ in range(5):
        log_in(client, "editor", "guess")
    assert log_in(client, "editor", "editor-password").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert log_in(client, "editor", "editor-password").status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "editor", "guess")
    assert log_in(Client(), "editor", "editor-password").status_code == 302, "four failures since the success"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Trop de connexions échouées"),
        ("ar", "محاولات"),
        ("zh-hans", "登录失败次数过多"),
        ("ru", "Слишком много"),
        ("es", "Demasiados inicios de sesión fallidos"),
    ],
)
def test_the_lockout_message_is_in_the_persons_language(client, editor, language, message):
    for _ in range(5):
        log_in(client, "editor", "guess", language=language)
    locked = log_in(client, "editor", "editor-password", language=language)
    assert locked.status_code == 429
    assert message in locked.content.decode()


def test_superusers_see_lockouts_in_the_admin(client, editor, admin_user):
    for _ in range(5):
        log_in(Client(), "editor", "guess")
    client.force_login(admin_user)
    page = client.get("/admin/axes/accessattempt/")
    assert page.status_code == 200
    assert "editor" in page.content.decode() and "203.0.113.7" in page.content.decode()


def test_behind_a_proxy_the_address_is_the_one_the_proxy_names(settings, editor):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for number in range(5):
        Client().post(
            LOGIN,
            {"username": f"someone-{number}", "password": "guess"},
            REMOTE_ADDR="10.0.0.1",
            headers={"X-Forwarded-For": "spoofed, 203.0.113.7"},
        )
    # Another reader behind the same proxy is not locked out with the guesser.
    other = Client().post(
        LOGIN,
        {"username": "editor", "password": "editor-password", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.1",
        headers={"X-Forwarded-For": "198.51.100.9"},
    )
    assert other.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_login_arriving_while_another_for_the_account_is_checked_is_refused_unhashed(client, editor, hashes):
    from django.core.cache import cache

    cache.add("login-check:account:editor", True, 30)  # another server is checking a password for "editor"
    try:
        refused = log_in(client, "editor", "editor-password")
    finally:
        cache.delete("login-check:account:editor")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert hashes == [], "refused before any password is checked"
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 1
    # Once that check is over, the right password logs in, checked once.
    assert log_in(client, "editor", "editor-password").status_code == 302
    assert len(hashes) == 1


def test_tries_within_a_second_of_a_wrong_password_are_refused_unchecked_and_counted(client, editor, hashes, settings):
    settings.LOGIN_FAILURE_PAUSE_SECONDS = 1
    for _ in range(4):
        assert log_in(client, "editor", "guess").status_code == 200
    assert log_in(client, "editor", "guess").status_code == 429, "every try counts towards the lockout"
    assert len(hashes) == 1, "only the first wrong password was checked"


def test_after_the_pause_the_right_password_logs_in(client, editor, hashes, settings):
    from django.core.cache import cache

    settings.LOGIN_FAILURE_PAUSE_SECONDS = 1
    assert log_in(client, "editor", "guess").status_code == 200
    assert log_in(client, "editor", "editor-password").status_code == 200, "within the second: not checked"
    cache.delete_many(["login-check:account:editor", "login-check:address:203.0.113.7"])  # the second is over
    assert log_in(client, "editor", "editor-password").status_code == 302
    assert len(hashes) == 2
