"""An editor inserts paragraph "6 bis" into the Geneva document in the admin, as they click it, and reads it."""

import re

import pytest
from playwright.sync_api import expect

from conclusions.models import Meeting
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_inserts_paragraph_6_bis_and_readers_find_it_at_its_own_address(page, site, editor):
    geneva = Meeting.objects.get(slug="geneva-2016")
    seventh = geneva.conclusions.get(kind="paragraph", number=7)
    log_in(page, site, "editor", "editor-password")
    page.goto(f"{site}/admin/conclusions/meeting/{geneva.pk}/change/")
    page.get_by_role("link", name="The document, block by block").click()  # down to the foot of the form
    page.get_by_role("link", name="Add a block").click()
    page.get_by_label("Kind:").select_option(label="numbered paragraph")
    page.get_by_label("Number:", exact=True).fill("6")
    page.get_by_label("Number suffix:").fill("b1s")
    page.get_by_label("Position:").fill(str(seventh.position))
    # Added from the meeting's page, the block's form opens on the meeting's original, Chinese.
    expect(page.get_by_role("tab", name="Chinese (original)")).to_have_attribute("aria-selected", "true")
    page.fill("#id_text_zh_hans", "插入的段落。")
    page.click("input[name=_save]")
    # A suffix with a digit is refused with the reason, and nothing is added.
    expect(page.locator(".errorlist")).to_contain_text("A number suffix is letters only, such as “bis” or “a”.")
    assert not geneva.conclusions.filter(number=6, kind="paragraph").exclude(number_suffix="").exists()

    page.get_by_label("Number suffix:").fill("Bis")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The meeting's page in the admin lists it where it was put, by its number as printed.
    page.goto(f"{site}/admin/conclusions/meeting/{geneva.pk}/change/")
    inserted = page.locator(".document-blocks tr", has=page.get_by_text("插入的段落。"))
    expect(inserted).to_contain_text("paragraph 6 bis")
    page.goto(f"{site}/zh-hans/meetings/geneva-2016/")
    page.locator("#p6-bis").locator(".conclusion__number").click()
    expect(page).to_have_url(re.compile(r"/zh-hans/meetings/geneva-2016/6-bis/$"))
    expect(page.locator(".paragraph-text")).to_have_text("插入的段落。")
    page.locator('a[rel="next"]').click()
    expect(page).to_have_url(re.compile(r"/zh-hans/meetings/geneva-2016/7/$"))
