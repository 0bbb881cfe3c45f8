"""A translator opens a theme from the admin's list, as they click it, and translates its name: no error page."""

import pytest
from playwright.sync_api import expect

from conclusions.models import Theme
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_french_translator_translates_a_theme_name(page, site, make_translator):
    make_translator("French")
    theme = Theme.objects.order_by("position").first()
    log_in(page, site, "traductrice", "translator-password")
    page.locator("#content-main").get_by_role("link", name="Themes", exact=True).click()
    page.get_by_role("link", name=theme.name_en, exact=True).click()
    expect(page.locator("#content h1")).to_be_visible()
    expect(page.locator("input[name=slug]")).to_have_count(0)  # the editors' field, shown to read
    page.locator("#id_name_fr").fill("Thème traduit")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    theme.refresh_from_db()
    assert theme.name_fr == "Thème traduit"
