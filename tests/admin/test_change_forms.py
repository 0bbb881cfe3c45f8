"""The change forms of meetings, blocks and themes as the server sends them: Save at the top, the page's language
switch opening on the original, the document's blocks, the blocks before and after, and whole theme names.

What the switch does in a browser is in test_change_forms_browser.py.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.models import Theme
from tests.admin_forms import conclusion_form_data
from tests.real_documents import AWAZA, import_real_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(record) -> str:
    return f"/admin/conclusions/{record._meta.model_name}/{record.pk}/change/"


def switch_languages(page: str) -> list[tuple[str, str]]:
    """The page's language switch: (aria-selected, name) of each button, in order."""
    return re.findall(
        r'role="tab" data-language="[^"]+" data-direction="\w+" aria-selected="(\w+)"[^>]*>([^<]+)<', page
    )


def paragraph(meeting, number: int):
    return meeting.conclusions.get(kind="paragraph", part=1, number=number)


def test_meeting_form_has_save_above_and_below_and_its_switch_opens_on_the_chinese_original(editor_client, geneva):
    page = editor_client.get(change_url(geneva)).content.decode()
    assert page.count('name="_save"') == 2
    assert switch_languages(page) == [
        ("true", "Chinese (original)"),
        ("false", "Arabic"),
        ("false", "English"),
        ("false", "French"),
        ("false", "Russian"),
        ("false", "Spanish"),
    ]
    # Hidden until the script shows it: without JavaScript every language's field is on the page.
    assert re.search(r'<div class="page-language-switch" id="page-language-switch"[^>]* hidden>', page)
    assert 'name="title_zh_hans"' in page and 'name="title_fr"' in page


def test_switch_names_languages_in_the_admins_language(editor_client, geneva):
    page = editor_client.get(change_url(geneva), headers={"accept-language": "fr"}).content.decode()
    names = [name for _selected, name in switch_languages(page)]
    assert names[1:] == ["arabe", "anglais", "français", "russe", "espagnol"]
    assert names[0].startswith("chinois")


def test_theme_form_opens_on_english_its_original(editor_client, geneva):
    theme = Theme.objects.order_by("position").first()
    page = editor_client.get(change_url(theme)).content.decode()
    assert page.count('name="_save"') == 2
    assert switch_languages(page)[0] == ("true", "English (original)")


def test_block_added_from_its_meeting_opens_on_the_meetings_original(editor_client, geneva):
    page = editor_client.get("/admin/conclusions/conclusion/add/", {"meeting": geneva.pk}).content.decode()
    assert switch_languages(page)[0] == ("true", "Chinese (original)")


def test_meeting_form_lists_the_document_open_and_links_down_to_it(editor_client, geneva):
    page = editor_client.get(change_url(geneva)).content.decode()
    assert '<a href="#document-blocks">The document, block by block</a>' in page
    section_start, blocks = page.split('id="document-blocks"', 1)
    assert "<details>" not in section_start.rsplit("<fieldset", 1)[1]  # not folded
    assert f'href="{change_url(paragraph(geneva, 6))}">paragraph 6</a>' in blocks


def test_meeting_form_queries_do_not_grow_with_the_document(editor_client, geneva):
    """Guards against one query per block in the meeting's list of blocks."""
    with CaptureQueriesContext(connection) as geneva_queries:
        editor_client.get(change_url(geneva))
    awaza = import_real_document(AWAZA, slug="awaza")
    assert awaza.conclusions.count() > 2 * geneva.conclusions.count()
    with CaptureQueriesContext(connection) as awaza_queries:
        page = editor_client.get(change_url(awaza)).content.decode()
    assert page.count('<tr class="block-') == awaza.conclusions.count()
    assert len(awaza_queries) <= len(geneva_queries)


def test_block_form_links_the_blocks_before_and_after_it(editor_client, geneva):
    page = editor_client.get(change_url(paragraph(geneva, 6))).content.decode()
    assert f'<a href="{change_url(paragraph(geneva, 5))}" rel="prev">Previous block: paragraph 5</a>' in page
    assert f'<a href="{change_url(paragraph(geneva, 7))}" rel="next">Next block: paragraph 7</a>' in page
    assert f'href="{change_url(geneva)}#document-blocks"' in page
    assert page.count('name="_save_next_block"') == 2
    # With the other saves, and "Delete" still last (once in each row of buttons).
    rows = re.findall(r'<div class="submit-row">(.*?)</div>', page, re.DOTALL)
    assert [re.findall(r'name="(_\w+)"|class="(deletelink)"', row) for row in rows] == [
        [("_save", ""), ("_addanother", ""), ("_continue", ""), ("_save_next_block", ""), ("", "deletelink")]
    ] * 2


def test_first_and_last_blocks_say_so_and_the_last_has_no_next_to_save_to(editor_client, geneva):
    blocks = geneva.conclusions.order_by("position")
    first = editor_client.get(change_url(blocks.first())).content.decode()
    assert "The first block of the document" in first
    assert 'rel="prev"' not in first
    last = editor_client.get(change_url(blocks.last())).content.decode()
    assert "The last block of the document" in last
    assert 'rel="next"' not in last
    assert "_save_next_block" not in last


def test_save_and_go_to_next_block_saves_and_opens_the_next_block(editor_client, geneva):
    sixth = paragraph(geneva, 6)
    data = conclusion_form_data(sixth, text_en="Paragraph six, corrected.")
    del data["_save"]
    response = editor_client.post(change_url(sixth), {**data, "_save_next_block": "Save and go to next block"})
    assert response.status_code == 302
    assert response.url == change_url(paragraph(geneva, 7))
    sixth.refresh_from_db()
    assert sixth.text_en == "Paragraph six, corrected."
    page = editor_client.get(response.url).content.decode()
    assert "was changed successfully" in page


def test_block_form_themes_are_boxes_with_whole_names(editor_client, geneva):
    page = editor_client.get(change_url(paragraph(geneva, 6))).content.decode()
    assert 'type="checkbox" name="themes"' in page
    assert "The United Nations Global Counter-Terrorism Strategy</label>" in page
    assert "SelectFilter" not in page


def test_block_form_queries_do_not_grow_with_the_themes(
    editor_client, geneva, make_theme, django_assert_max_num_queries
):
    """Guards against a query per theme in the boxes of the block's themes."""
    sixth = paragraph(geneva, 6)
    with CaptureQueriesContext(connection) as before:
        editor_client.get(change_url(sixth))
    for number in range(20):
        make_theme(slug=f"extra-{number}", position=100 + number)
    with django_assert_max_num_queries(len(before)):
        page = editor_client.get(change_url(sixth)).content.decode()
    assert "Extra-19</label>" in page


def test_translators_block_form_has_links_to_the_next_block_but_no_switch_or_save_and_next(
    client, make_translator, geneva
):
    client.force_login(make_translator("French"))
    page = client.get(change_url(paragraph(geneva, 6))).content.decode()
    assert 'rel="next">Next block: paragraph 7</a>' in page
    assert "page-language-switch" not in page
    assert "_save_next_block" not in page
    assert "#document-blocks" not in page  # the meeting's form a translator sees has no list of blocks
    assert page.count('name="_save"') == 2


@pytest.mark.parametrize("model", ["meeting", "conclusion", "theme"])
def test_add_forms_have_the_switch_and_save_at_the_top(editor_client, geneva, model):
    page = editor_client.get(f"/admin/conclusions/{model}/add/").content.decode()
    assert page.count('name="_save"') == 2
    selected = [name for is_selected, name in switch_languages(page) if is_selected == "true"]
    # A new meeting has no source language yet: the form opens on the admin's language.
    assert selected == {"meeting": ["English"], "conclusion": ["English"], "theme": ["English (original)"]}[model]


def test_an_old_version_of_a_block_opens_from_its_history(editor_client, geneva):
    sixth = paragraph(geneva, 6)
    version = sixth.history.earliest()
    response = editor_client.get(f"{change_url(sixth).removesuffix('change/')}history/{version.history_id}/")
    assert response.status_code == 200
