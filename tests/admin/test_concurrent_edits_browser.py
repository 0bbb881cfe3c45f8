"""Two editors on one paragraph, each in a browser of their own, in Chromium at 1280 px.

Both open paragraph 5 of the Geneva conclusions; Alice ("editor") saves
first, Bruno then saves from the page he opened before. Different languages:
both are kept. The same one: Bruno is shown Alice's version beside his, and
keeps his by saving again. A revert confirmed after someone else saved is
shown again before anything is reverted.
"""

import pytest
from playwright.sync_api import expect

from conclusions.models import Meeting
from tests.browser import VIEWPORT, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRENCH_A = "Paragraphe cinq en français, saisi par Alice."
FRENCH_B = "Paragraphe cinq en français, saisi par Bruno."
SPANISH_B = "Párrafo cinco en español, escrito por Bruno."


@pytest.fixture
def bruno_account(site, second_editor):
    """Bruno, made once the live server's database holds Geneva."""
    return second_editor


@pytest.fixture
def two_editors(browser, site, editor_account, bruno_account):
    """Alice's page and Bruno's, each in its own browser context (its own cookies), both on paragraph 5."""
    pages = []
    for username, password in (("editor", "editor-password"), ("bruno", "bruno-password")):
        page = browser.new_page(viewport=VIEWPORT)
        log_in(page, site, username, password)
        page.goto(paragraph_url(site))
        pages.append(page)
    return pages


def paragraph():
    return Meeting.objects.get(slug="geneva-2016").conclusions.get(kind="paragraph", part=1, number=5)


def paragraph_url(site: str) -> str:
    return f"{site}/admin/conclusions/conclusion/{paragraph().pk}/change/"


def write(page, language: str, column: str, text: str) -> None:
    page.get_by_role("tablist", name="Texts in").get_by_role("tab", name=language).click()
    page.locator(f"#id_{column}").fill(text)


def save(page) -> None:
    page.locator(".submit-row").last.get_by_role("button", name="Save", exact=True).click()


def test_two_editors_saving_different_languages_both_keep_their_work(two_editors, site):
    alice, bruno = two_editors
    write(alice, "French", "text_fr", FRENCH_A)
    save(alice)
    expect(alice.locator(".messagelist .success")).to_contain_text("was changed successfully")
    write(bruno, "Spanish", "text_es", SPANISH_B)
    save(bruno)
    expect(bruno.locator(".messagelist .success")).to_contain_text("was changed successfully")

    bruno.goto(paragraph_url(site))
    bruno.get_by_role("tablist", name="Texts in").get_by_role("tab", name="French").click()
    expect(bruno.locator("#id_text_fr")).to_have_value(FRENCH_A)
    bruno.get_by_role("tablist", name="Texts in").get_by_role("tab", name="Spanish").click()
    expect(bruno.locator("#id_text_es")).to_have_value(SPANISH_B)


def test_the_same_language_saved_by_both_shows_the_second_editor_both_versions(two_editors, site):
    alice, bruno = two_editors
    write(alice, "French", "text_fr", FRENCH_A)
    save(alice)
    expect(alice.locator(".messagelist .success")).to_be_visible()
    write(bruno, "French", "text_fr", FRENCH_B)
    write(bruno, "Spanish", "text_es", SPANISH_B)
    save(bruno)

    expect(bruno.locator(".errorlist.nonfield")).to_contain_text("Nothing was saved: editor changed text in French on")
    # The form opens on the language of the field in question, Alice's French quoted above Bruno's.
    expect(bruno.get_by_role("tab", name="French (has errors)")).to_have_attribute("aria-selected", "true")
    theirs = bruno.locator(".edit-conflict-theirs")
    expect(theirs).to_be_visible()
    expect(theirs).to_have_text(FRENCH_A)
    expect(theirs).to_have_attribute("lang", "fr")
    expect(bruno.locator("#id_text_fr")).to_have_value(FRENCH_B)
    shoot(bruno, "admin", "edit-conflict", sizes=(VIEWPORT,))
    assert paragraph().text_fr == FRENCH_A and not paragraph().text_es

    # Having seen Alice's French, Bruno keeps his: it is saved, with his Spanish.
    save(bruno)
    expect(bruno.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert (paragraph().text_fr, paragraph().text_es) == (FRENCH_B, SPANISH_B)

    # Alice's French is in the history, to be seen and brought back.
    alice.goto(paragraph_url(site).replace("/change/", "/history/"))
    expect(alice.locator("#content-main")).to_contain_text(FRENCH_A)


def test_a_revert_confirmed_after_another_editor_saved_is_shown_again_first(two_editors, site):
    alice, bruno = two_editors
    loaded_english = paragraph().text_en
    write(alice, "English", "text_en", "Paragraph five, in English.")
    save(alice)
    alice.goto(paragraph_url(site).replace("/change/", "/history/"))
    # The first version: as loaded from the original document.
    alice.locator(".history-entry").last.get_by_role("link", name="View this version").click()
    alice.get_by_role("link", name="Revert to this version").click()
    expect(alice.locator("#content-main")).to_contain_text("Reverting makes these changes")

    bruno.goto(paragraph_url(site))
    write(bruno, "Spanish", "text_es", SPANISH_B)
    save(bruno)
    expect(bruno.locator(".messagelist .success")).to_be_visible()

    alice.get_by_role("button", name="Yes, revert").click()
    expect(alice.locator(".errornote")).to_contain_text("Nothing was reverted: Bruno changed the record on")
    expect(alice.locator("#content-main")).to_contain_text(SPANISH_B)  # what reverting would change now
    assert paragraph().text_es == SPANISH_B
    alice.get_by_role("button", name="Yes, revert").click()
    expect(alice.locator(".messagelist .success")).to_contain_text("was reverted to the version of")
    assert (paragraph().text_es, paragraph().text_en) == ("", loaded_english)
