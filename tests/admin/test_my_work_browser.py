"""Translators at work in a real browser: My work, the original and a reference beside their language, Save and next.

Names on the page are looked up in the admin's language with gettext, so
the tests read the same before and after a catalog translates them.
"""

import re

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from conclusions.content import content_save
from conclusions.models import Meeting, Theme
from tests.admin.test_coverage_browser import column, language_row
from tests.browser import VIEWPORT, log_in, seen_text, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def words(admin_language: str, message: str, **params) -> str:
    """What the admin says in `admin_language`."""
    with translation.override(admin_language):
        return translation.gettext(message) % params if params else translation.gettext(message)


def language_called(code: str, admin_language: str = "en") -> str:
    with translation.override(admin_language):
        return str(dict(settings.LANGUAGES)[code])


def open_my_work(page, language: str = "en") -> None:
    """From the admin's home, as a person finds it."""
    page.locator(".my-work-home").get_by_role("link").click()
    expect(page.locator("#content h1")).to_have_text(words(language, "My work"))


def work_row(page, name: str):
    return page.locator("tr.my-work-item", has=page.get_by_role("link", name=name, exact=True))


def missing_count(page) -> int:
    return int(re.match(r"\d+", page.locator(".my-work-summary").inner_text().split(":", 1)[1].strip()).group(0))


def test_a_french_translator_translates_three_geneva_paragraphs_with_save_and_next(page, site, make_translator):
    make_translator("French")
    geneva = Meeting.objects.get(slug="geneva-2016")
    paragraphs = [geneva.conclusions.get(kind="paragraph", number=n) for n in (1, 2, 3)]
    log_in(page, site, "traductrice", "translator-password")
    open_my_work(page)
    expect(page.locator(".my-work-group h2")).to_contain_text(geneva.title_en)
    before = missing_count(page)
    expect(work_row(page, "Paragraph 1")).to_contain_text("Text: missing")
    shoot(page, "my-work", "my-work-translator-en")
    work_row(page, "Paragraph 1").get_by_role("link").click()

    for number, paragraph in enumerate(paragraphs, start=1):
        # The Chinese original, the French to type and the English working translation, side by side.
        original = page.locator(".field-text_original")
        expect(original.locator("label")).to_have_text("Original (Chinese):")
        expect(original.locator(".translation-reference")).to_have_text(paragraph.text_zh_hans)
        reference = page.locator(".field-text_reference")
        expect(reference.locator("label")).to_have_text("English (reference):")
        expect(reference.locator(".translation-reference")).to_have_text(paragraph.text_en)
        expect(page.locator("label[for=id_text_fr]")).to_have_text("French:")
        french = page.locator("textarea[name=text_fr]")
        french_box, original_box = french.bounding_box(), original.bounding_box()
        assert abs(french_box["y"] - original_box["y"]) < 40, "beside the original, not under it"
        assert original_box["x"] < french_box["x"] < reference.bounding_box()["x"]
        if number == 1:
            shoot(page, "my-work", "form-translator-en")
        french.fill(f"Paragraphe {number} traduit en français.")
        page.get_by_role("button", name="Save and next").first.click()
        expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
        if number < 3:
            expect(page).to_have_url(re.compile(rf"/conclusion/{paragraphs[number].pk}/change/$"))

    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.locator(".my-work-summary")).to_contain_text(f"{before - 3} missing")
    expect(work_row(page, "Paragraph 1")).to_have_count(0)
    expect(work_row(page, "Paragraph 4")).to_be_visible()

    page.locator(".my-work-summary").get_by_role("link", name="Translation coverage").click()
    # The three paragraphs are current there too: 14 of Geneva's 17 numbered paragraphs still missing in French.
    expect(column(language_row(page, geneva, "fr"), 2)).to_contain_text("missing: 14")


def test_the_reference_language_is_picked_and_stays_picked(page, site, make_translator):
    make_translator("French")
    geneva = Meeting.objects.get(slug="geneva-2016")
    paragraph_1, paragraph_2 = (geneva.conclusions.get(kind="paragraph", number=n) for n in (1, 2))
    paragraph_1.text_es = paragraph_2.text_es = "Traducción al español."  # a colleague's, to read
    content_save([paragraph_1, paragraph_2])
    log_in(page, site, "traductrice", "translator-password")
    open_my_work(page)
    work_row(page, "Paragraph 1").get_by_role("link").click()
    page.get_by_label("Reference language").select_option(label="Spanish")
    page.get_by_role("button", name="Show").click()
    reference = page.locator(".field-text_reference")
    expect(reference.locator("label")).to_have_text("Spanish (reference):")
    expect(reference.locator(".translation-reference")).to_have_text(paragraph_1.text_es)
    expect(reference.locator(".translation-reference")).to_have_attribute("lang", "es")

    page.get_by_role("button", name="Save and next").first.click()  # nothing typed: on to the next
    expect(page).to_have_url(re.compile(rf"/conclusion/{paragraph_2.pk}/change/$"))
    expect(page.locator(".field-text_reference label")).to_have_text("Spanish (reference):")
    expect(page.get_by_label("Reference language")).to_have_value("es")
    # English is still there to read, folded under the other languages.
    page.get_by_text("Other languages").click()
    expect(page.locator(".field-text_en .translation-reference")).to_have_text(paragraph_2.text_en)


def test_an_arabic_translator_types_right_to_left_in_the_arabic_admin(browser, site, make_translator):
    make_translator("Arabic", username="mutarjim")
    geneva = Meeting.objects.get(slug="geneva-2016")
    paragraph_1, paragraph_2 = (geneva.conclusions.get(kind="paragraph", number=n) for n in (1, 2))
    page = browser.new_page(viewport=VIEWPORT, locale="ar")
    log_in(page, site, "mutarjim", "translator-password")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shoot(page, "my-work", "home-translator-ar")
    open_my_work(page, "ar")
    shoot(page, "my-work", "my-work-translator-ar")
    page.locator("tr.my-work-item", has_text=paragraph_1.text_zh_hans[:10]).get_by_role("link").click()

    arabic = page.locator("textarea[name=text_ar]")
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    expect(page.locator(".field-text_original label")).to_contain_text(language_called("zh-hans", "ar"))
    expect(page.locator(".field-text_reference .translation-reference")).to_have_text(paragraph_1.text_en)
    # Right to left, the original comes first on the right.
    original_x = page.locator(".field-text_original").bounding_box()["x"]
    assert original_x > arabic.bounding_box()["x"]
    shoot(page, "my-work", "form-translator-ar")
    arabic.fill("أدين بشدة الهجمات الأخيرة.")
    page.get_by_role("button", name=words("ar", "Save and next")).first.click()
    expect(page).to_have_url(re.compile(rf"/conclusion/{paragraph_2.pk}/change/$"))
    paragraph_1.refresh_from_db()
    assert paragraph_1.text_ar == "أدين بشدة الهجمات الأخيرة."
    page.goto(f"{site}/ar/meetings/geneva-2016/")
    expect(page.locator("#p1")).to_contain_text("أدين بشدة الهجمات الأخيرة.")
    page.close()


def test_a_chinese_translator_sees_what_changed_and_is_all_done(browser, site, make_translator):
    """The admin in Chinese: one theme name outdated since the English changed, translated, then "All done"."""
    make_translator("Chinese", username="fanyi")
    theme = Theme.objects.order_by("position").first()
    theme.name_en = theme.name_en.replace("conflict prevention", "conflict resolution")
    content_save([theme])
    page = browser.new_page(viewport=VIEWPORT, locale="zh-CN")
    log_in(page, site, "fanyi", "translator-password")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    open_my_work(page, "zh-hans")
    expect(page.locator("tr.my-work-item")).to_have_count(1)
    row = page.locator("tr.my-work-item")
    status = words(
        "zh-hans", "%(field)s: %(status)s", field=words("zh-hans", "name"), status=words("zh-hans", "outdated")
    )
    expect(row).to_contain_text(status)
    row.get_by_role("link").click()

    expect(page.locator(".field-name_original label")).to_contain_text(language_called("en", "zh-hans"))
    assert seen_text(page.locator(".outdated-translation .source-diff ins")) == "resolution"
    page.locator("input[name=name_zh_hans]").fill("对话与解决冲突")
    page.get_by_role("button", name=words("zh-hans", "Save and next")).first.click()
    expect(page.locator(".messagelist")).to_contain_text(
        words(
            "zh-hans",
            "All done: nothing is missing or outdated in %(language)s.",
            language=language_called("zh-hans", "zh-hans"),
        )
    )
    expect(page.locator(".my-work-done")).to_be_visible()
    theme.refresh_from_db()
    assert theme.name_zh_hans == "对话与解决冲突"
    page.close()


def test_a_translator_of_two_languages_switches_between_them(page, site, make_translator):
    translator = make_translator("French")
    translator.groups.add(*make_translator("Spanish", username="traductora").groups.all())
    geneva = Meeting.objects.get(slug="geneva-2016")
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    log_in(page, site, "traductrice", "translator-password")
    open_my_work(page)
    languages = page.get_by_role("navigation", name="Languages")
    expect(languages.get_by_role("link")).to_have_count(2)
    expect(languages.get_by_role("link", name=re.compile("^French"))).to_have_attribute("aria-current", "page")
    expect(work_row(page, "Paragraph 5")).to_be_visible()
    shoot(page, "my-work", "my-work-two-languages")

    languages.get_by_role("link", name=re.compile("^Spanish")).click()
    expect(languages.get_by_role("link", name=re.compile("^Spanish"))).to_have_attribute("aria-current", "page")
    before = missing_count(page)
    expect(page.locator(".my-work-summary")).to_contain_text(f"Spanish: {before} missing")
    work_row(page, "Paragraph 5").get_by_role("link").click()
    # Both of the translator's languages to edit, between the original and the reference.
    expect(page.locator("label[for=id_text_fr]")).to_have_text("French:")
    expect(page.locator("label[for=id_text_es]")).to_have_text("Spanish:")
    shoot(page, "my-work", "form-two-languages")
    page.locator("textarea[name=text_es]").fill("Se compartieron experiencias.")
    page.get_by_role("button", name="Save and next").first.click()
    # The next one in Spanish, the language opened in My work.
    expect(page).to_have_url(re.compile(rf"/conclusion/{paragraph_6.pk}/change/$"))
    page.get_by_role("link", name="My work", exact=True).click()
    expect(page.locator(".my-work-summary")).to_contain_text(f"Spanish: {before - 1} missing")


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_an_editor_opens_my_work_for_any_language(browser, site, editor, locale):
    page = browser.new_page(viewport=VIEWPORT, locale=locale)
    log_in(page, site, "editor", "editor-password")
    open_my_work(page, locale)
    page.get_by_role("navigation").get_by_role("link", name=re.compile(f"^{language_called('fr', locale)}")).click()
    shoot(page, "my-work", f"my-work-editor-{locale}")
    first = page.locator("tr.my-work-item").first
    first.get_by_role("link").click()
    expect(page.locator("#content h1")).to_be_visible()
    expect(page.locator("textarea[name=text_zh_hans]")).to_have_count(1)  # the editor's own form
    page.close()


def test_a_russian_translator_gives_the_meeting_its_venue_then_goes_on_to_the_blocks(page, site, make_translator):
    make_translator("Russian", username="perevodchik")
    geneva = Meeting.objects.get(slug="geneva-2016")
    geneva.venue_ru = ""
    content_save([geneva])
    first_block = geneva.conclusions.exclude(kind="furniture").filter(text_ru="").order_by("position").first()
    log_in(page, site, "perevodchik", "translator-password")
    open_my_work(page)
    expect(page.locator("tr.my-work-item").first).to_contain_text("Venue: missing")
    work_row(page, "Meeting details").get_by_role("link").click()

    venue = page.locator(".field-venue_original")
    expect(venue.locator("label")).to_have_text("Original (Chinese):")
    expect(venue.locator(".translation-reference")).to_have_text(geneva.venue_zh_hans)
    expect(page.locator(".field-venue_reference .translation-reference")).to_have_text(geneva.venue_en)
    expect(page.locator("label[for=id_venue_ru]")).to_have_text("Russian:")
    shoot(page, "my-work", "meeting-form-translator-en")
    page.locator("input[name=venue_ru]").fill("Отделение ООН в Женеве, Швейцария")
    page.get_by_role("button", name="Save and next").first.click()
    expect(page).to_have_url(re.compile(rf"/conclusion/{first_block.pk}/change/$"))
    geneva.refresh_from_db()
    assert geneva.venue_ru == "Отделение ООН в Женеве, Швейцария"
