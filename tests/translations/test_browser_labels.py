"""A translator gives a paragraph its label as printed in their language, in a real browser."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.models import Meeting
from tests.browser import log_in, seen_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_arabic_translator_types_the_label_as_printed_in_arabic(page, site, django_user_model):
    translator = django_user_model.objects.create_user("mutarjim", password="translator-password", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translators (Arabic)"))

    log_in(page, site, "mutarjim", "translator-password")
    page.goto(f"{site}/admin/conclusions/conclusion/")
    page.locator("#changelist-filter").get_by_role("link", name="label missing in Arabic").click()
    page.locator("#result_list tbody tr", has_text="paragraph 6").get_by_role("link").first.click()

    # The original's label beside the Arabic one, which is the only label to type.
    expect(page.locator(".field-label_original .translation-reference")).to_have_text("6.")
    label = page.locator("input[name=label_ar]")
    assert label.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("input[name=label_zh_hans], input[name=label_en]").count() == 0
    label.fill("٦.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/ar/meetings/geneva-2016/")
    expect(page.locator("#p6 .conclusion__number")).to_have_text("٦.")

    # An editor renumbers the paragraph in the original: the Arabic label falls behind.
    paragraph = Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", number=6)
    paragraph.label_zh_hans = "7."
    content_save([paragraph])
    page.goto(f"{site}/admin/conclusions/conclusion/")
    page.locator("#changelist-filter").get_by_role("link", name="label outdated in Arabic").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    page.locator("#result_list tbody tr").get_by_role("link").first.click()
    outdated = page.locator(".outdated-translation", has_text="Arabic · label")
    assert (seen_text(outdated.locator(".source-diff del")), seen_text(outdated.locator(".source-diff ins"))) == (
        "6",
        "7",
    )
