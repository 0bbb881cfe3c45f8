"""A person who mistypes their password too often, in a real browser: locked out, told why and for how long."""

import pytest
from playwright.sync_api import expect

from tests.browser import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def type_password(page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()


@pytest.mark.parametrize(
    ("language", "title", "message"),
    [
        ("fr", "Connexion bloquée", "Réessayez dans 15 minutes."),
        ("zh-CN", "登录已锁定", "请在 15 分钟后重试。"),
        ("ar", "تم قفل تسجيل الدخول", "أعد المحاولة بعد 15 دقيقة."),
    ],
)
def test_five_mistyped_passwords_lock_the_login_with_a_message_in_the_persons_language(
    browser, site, editor_account, language, title, message
):
    page = browser.new_page(locale=language)
    for _ in range(4):
        type_password(page, site, "editor", "wrong password")
        expect(page.locator(".errornote")).to_be_visible()  # the admin's own "please enter the correct…"
    type_password(page, site, "editor", "wrong password")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".errornote")).to_contain_text(message)
    shoot(page, "login-throttling", f"locked-{language}")
    # Even the right password is refused now; the page leads back to the login form.
    type_password(page, site, "editor", "editor-password")
    expect(page.locator(".errornote")).to_contain_text(message)
    page.locator("#content-main a").click()
    expect(page.locator("#login-form")).to_be_visible()


def test_behind_a_proxy_someone_else_logs_in_while_a_guesser_is_locked_out(
    browser, site, editor_account, django_user_model, settings
):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"  # the proxy names each browser's address
    django_user_model.objects.create_user("second-editor", password="second-password", is_staff=True)
    guesser = browser.new_page(extra_http_headers={"X-Forwarded-For": "203.0.113.7"})
    for _ in range(5):
        type_password(guesser, site, "second-editor", "guess")
    expect(guesser.locator("h1")).to_have_text("Login locked")
    other = browser.new_page(extra_http_headers={"X-Forwarded-For": "198.51.100.9"})
    type_password(other, site, "editor", "editor-password")
    expect(other.locator("#user-tools")).to_be_visible()
