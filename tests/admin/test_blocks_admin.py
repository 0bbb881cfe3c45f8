"""The blocks of a document in the admin: listed in order, filtered by kind, added, edited, moved and deleted.

On a real document with parts, sections and sub-items: the Awaza
resolution (A/RES/80/3) and its annex, brought in as the admin brings it in.
"""

import re

import pytest

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion
from tests.admin_forms import conclusion_form_data, meeting_form_data
from tests.real_documents import AWAZA, EXPECTED, import_real_document

LIST = "/admin/conclusions/conclusion/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def awaza(db):
    return import_real_document(AWAZA, slug="awaza", published=False)


def order(meeting) -> list[tuple]:
    return list(meeting.conclusions.order_by("position").values_list("kind", "part", "number"))


def listed(page) -> list[int]:
    """The blocks' ids in the order the list shows them."""
    return [int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', page)]


def test_a_meetings_blocks_are_listed_in_document_order_with_kind_part_label_and_first_words(editor_client, awaza):
    page = editor_client.get(LIST, {"meeting__id__exact": awaza.pk, "all": ""}).content.decode()
    blocks = list(awaza.conclusions.order_by("position"))
    assert listed(page) == [block.pk for block in blocks]
    item = awaza.conclusions.get(kind="item", part=2, number=1)
    row = page[page.index(f"/admin/conclusions/conclusion/{item.pk}/change/") :].split("</tr>")[0]
    assert "part 2, sub-item (a)" in row and item.text_en[:40] in row
    row = page[page.index(f"/{awaza.conclusions.get(kind='paragraph', part=2, number=13).pk}/change/") :]
    assert "part 2, paragraph 13" in row.split("</tr>")[0]


@pytest.mark.parametrize("kind", ["heading", "preamble", "section", "item", "footnote"])
def test_the_list_is_filtered_by_kind(editor_client, awaza, kind):
    page = editor_client.get(LIST, {"kind__exact": kind, "meeting__id__exact": awaza.pk}).content.decode()
    count = EXPECTED[AWAZA][kind]
    assert re.search(rf'<p class="paginator">\s*{count} conclusions?\s*</p>', page), kind


def test_the_block_form_holds_kind_part_number_position_and_label_and_text_in_every_language(editor_client, awaza):
    block = awaza.conclusions.get(kind="item", part=2, number=3)
    page = editor_client.get(f"{LIST}{block.pk}/change/").content.decode()
    for name in (
        "kind",
        "part",
        "number",
        "position",
        *(translated_column(f, c) for f in ("label", "text") for c in LANGUAGE_CODES),
    ):
        assert f'name="{name}"' in page, name
    assert f'name="position" value="{block.position}"' in page
    assert 'lang="ar"' in page or "mt-bidi" in page, "the Arabic tabs are written right to left"


def test_an_editor_adds_a_sub_item_where_it_belongs_and_the_blocks_after_it_make_room(editor_client, awaza):
    last_item = awaza.conclusions.get(kind="item", part=2, number=5)
    before = order(awaza)
    response = editor_client.post(
        f"{LIST}add/",
        {
            "meeting": awaza.pk,
            "kind": "item",
            "part": 2,
            "number": "",
            "position": last_item.position + 1,
            "label_en": "(f)",
            "text_en": "Digital connectivity.",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = awaza.conclusions.get(label_en="(f)")
    assert (added.number, added.position) == (6, last_item.position + 1), "the next number of its kind and part"
    at = before.index(("item", 2, 5)) + 1
    assert order(awaza) == [*before[:at], ("item", 2, 6), *before[at:]]
    assert added.shown_text.text == "Digital connectivity."


def test_an_editor_moves_a_block_and_only_the_ones_in_its_way_move(editor_client, awaza):
    section = awaza.conclusions.get(kind="section", part=2, number=2)  # "I. Global context …"
    target = awaza.conclusions.get(kind="paragraph", part=2, number=1)
    before = order(awaza)
    in_the_way = list(awaza.conclusions.filter(position__gte=target.position, position__lt=section.position))
    url = f"{LIST}{section.pk}/change/"
    response = editor_client.post(url, conclusion_form_data(section, position=target.position))
    assert response.status_code == 302, response.content.decode()[:3000]
    moved = before.pop(before.index(("section", 2, 2)))
    before.insert(before.index(("paragraph", 2, 1)), moved)
    assert order(awaza) == before
    changed = set(Conclusion.history.filter(history_type="~").values_list("id", flat=True))
    assert changed == {section.pk, *(block.pk for block in in_the_way)}, "only the blocks in its way moved"


def test_an_editor_deletes_a_block(editor_client, awaza):
    footnote = awaza.conclusions.get(kind="footnote", part=2, number=16)
    response = editor_client.post(f"{LIST}{footnote.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Conclusion.objects.filter(pk=footnote.pk).exists()
    listing = editor_client.get(f"{LIST}deleted/").content.decode()
    assert "awaza, part 2, footnote 16" in listing


def test_a_number_already_taken_in_the_part_is_refused_with_the_reason(editor_client, awaza):
    paragraph = awaza.conclusions.get(kind="paragraph", part=2, number=3)
    response = editor_client.post(f"{LIST}{paragraph.pk}/change/", conclusion_form_data(paragraph, number=4))
    assert response.status_code == 200
    assert "This part of the meeting&#x27;s document already has a block of this kind with this number." in (
        response.content.decode()
    )


def test_the_meeting_page_lists_its_blocks_in_order_each_linked_to_its_page(editor_client, awaza):
    page = editor_client.get(f"/admin/conclusions/meeting/{awaza.pk}/change/").content.decode()
    linked = [int(pk) for pk in re.findall(r'<a href="/admin/conclusions/conclusion/(\d+)/change/">', page)]
    assert linked == list(awaza.conclusions.order_by("position").values_list("pk", flat=True))
    assert 'part 2, sub-item 1</a></td><td lang="en" dir="ltr">(a)</td>' in page
    assert "Preamble" not in re.findall(r"<h2[^>]*>([^<]*)</h2>", page)
    # Saving the meeting posts its own fields only, however long its document.
    response = editor_client.post(f"/admin/conclusions/meeting/{awaza.pk}/change/", meeting_form_data(awaza))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_translator_translates_a_sub_item_and_sees_where_it_is_in_the_document(client, awaza, make_translator):
    client.force_login(make_translator("French"))
    item = awaza.conclusions.get(kind="item", part=2, number=2)
    position, english = item.position, item.text_en
    url = f"{LIST}{item.pk}/change/"
    page = client.get(url).content.decode()
    for shown in ("sub-item", f">{item.position}<", item.text_en):
        assert shown in page, shown
    response = client.post(url, {"text_fr": "Commerce, facilitation des échanges et intégration régionale ;"})
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert (item.text_fr, item.position, item.text_en) == (
        "Commerce, facilitation des échanges et intégration régionale ;",
        position,
        english,
    )
