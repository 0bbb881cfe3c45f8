"""A block's label is translated like its text: translators edit theirs, and each has a status of its own."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from conclusions.content import content_save
from conclusions.models import Conclusion, TranslationBasis
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import read_table
from conclusions.translations.status import record_statuses, translation_statuses
from tests.admin_forms import conclusion_form_data
from tests.html_words import marked, words

CHANGE = "/admin/conclusions/conclusion/{pk}/change/"
LIST = "/admin/conclusions/conclusion/"


@pytest.fixture
def paragraph_6(geneva):
    return geneva.conclusions.get(kind="paragraph", number=6)


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def arabic_translator_client(make_translator):
    client = Client()
    client.force_login(make_translator("Arabic", username="mutarjim"))
    return client


def label_status(block, language: str) -> str:
    block.refresh_from_db()
    return translation_statuses([block], "label")[(block.pk, language)]


def text_status(block, language: str) -> str:
    block.refresh_from_db()
    return translation_statuses([block], "text")[(block.pk, language)]


def listed_count(client, **filters) -> int:
    """How many blocks the editor's list shows with these filters, as its paginator says."""
    page = client.get(LIST, filters).content.decode()
    return int(re.search(r'<p class="paginator">\s*(\d+) conclusions?\s*</p>', page).group(1))


def import_csv(content: str):
    table = read_table(content.encode(), filename="file.csv")
    return apply_conclusion_import(plan_conclusion_import(table), file_name="file.csv")


def test_only_labels_printed_in_the_original_can_be_missing(geneva):
    blocks = list(geneva.conclusions.select_related("meeting"))
    statuses = translation_statuses(blocks, "label")
    # The paragraphs print "6." in Chinese and have no English label yet; the heading lines print none.
    expected = {block.pk: "missing" if block.label_zh_hans else "current" for block in blocks}
    assert {block.pk: statuses[(block.pk, "en")] for block in blocks} == expected
    assert set(expected.values()) == {"missing", "current"}
    # A block counts as translated by its text: the English document is complete without its own labels.
    assert set(record_statuses(blocks, "en").values()) == {"current"}


def test_editor_filters_blocks_by_label_status_apart_from_text_status(editor_client, geneva):
    printed = sum(1 for label in geneva.conclusions.values_list("label_zh_hans", flat=True) if label)
    assert listed_count(editor_client, label_status="missing:en") == printed == 17
    assert listed_count(editor_client, translation="missing:en") == 0


def test_translator_saves_their_label_and_it_is_current(arabic_translator_client, paragraph_6):
    response = arabic_translator_client.post(CHANGE.format(pk=paragraph_6.pk), {"label_ar": "٦."})
    assert response.status_code == 302
    assert label_status(paragraph_6, "ar") == "current"
    assert (paragraph_6.label_ar, paragraph_6.label_zh_hans) == ("٦.", "6.")
    assert text_status(paragraph_6, "ar") == "missing", "the text is a translation of its own"
    assert paragraph_6.history.latest("history_date").history_user.username == "mutarjim"


def test_translator_posting_another_languages_label_is_refused_and_nothing_is_written(
    arabic_translator_client, paragraph_6
):
    bases = set(TranslationBasis.objects.values_list("object_id", "field", "language", "source_fingerprint"))
    history = paragraph_6.history.count()
    response = arabic_translator_client.post(
        CHANGE.format(pk=paragraph_6.pk), {"label_ar": "٦.", "label_fr": "6)", "label_zh_hans": "六、"}
    )
    page = response.content.decode()
    assert "You may change only the translations into Arabic. Nothing was saved" in page
    assert "label_fr, label_zh_hans" in page
    paragraph_6.refresh_from_db()
    assert (paragraph_6.label_ar, paragraph_6.label_fr, paragraph_6.label_zh_hans) == (None, None, "6.")
    assert set(TranslationBasis.objects.values_list("object_id", "field", "language", "source_fingerprint")) == bases
    assert paragraph_6.history.count() == history


def test_editor_changing_the_source_label_makes_its_translations_outdated(
    editor_client, arabic_translator_client, paragraph_6
):
    paragraph_6.label_ar, paragraph_6.label_en = "٦.", "6."
    content_save([paragraph_6])
    url = CHANGE.format(pk=paragraph_6.pk)
    assert editor_client.post(url, conclusion_form_data(paragraph_6, label_zh_hans="7.")).status_code == 302
    assert (label_status(paragraph_6, "ar"), label_status(paragraph_6, "en")) == ("outdated", "outdated")
    assert text_status(paragraph_6, "en") == "current", "the text did not change"

    # The translator sees it beside their label, with what changed in the original.
    page = arabic_translator_client.get(url).content.decode()
    assert "Arabic · label" in page and "English · label" not in page
    (diff,) = re.findall(r'<div class="source-diff" lang="zh-hans" dir="ltr">(.*?)</div>', page)
    assert (marked(diff, "del"), marked(diff, "ins"), words(diff)) == (["6"], ["7"], "67.")
    # The editor finds it by its label's status; the text counts are about texts.
    assert listed_count(editor_client, label_status="outdated:ar") == 1
    assert listed_count(editor_client, translation="outdated:en") == 0

    arabic_translator_client.post(LIST, {"action": "confirm_ar", "_selected_action": [paragraph_6.pk]})
    assert (label_status(paragraph_6, "ar"), label_status(paragraph_6, "en")) == ("current", "outdated")


def test_minor_edit_of_the_source_label_keeps_its_translations_current(editor_client, paragraph_6):
    paragraph_6.label_en = "6."
    content_save([paragraph_6])
    data = conclusion_form_data(paragraph_6, label_zh_hans="6．", minor_edit="on")
    assert editor_client.post(CHANGE.format(pk=paragraph_6.pk), data).status_code == 302
    assert label_status(paragraph_6, "en") == "current"


def test_reverting_the_source_label_from_the_history_makes_its_translations_current_again(editor_client, paragraph_6):
    paragraph_6.label_en = "6."
    content_save([paragraph_6])
    before = paragraph_6.history.latest("history_date")
    editor_client.post(CHANGE.format(pk=paragraph_6.pk), conclusion_form_data(paragraph_6, label_zh_hans="7."))
    assert label_status(paragraph_6, "en") == "outdated"
    url = f"/admin/conclusions/conclusion/{paragraph_6.pk}/history/{before.history_id}/"
    assert editor_client.post(url, conclusion_form_data(before.instance)).status_code == 302
    assert label_status(paragraph_6, "en") == "current"


def test_spreadsheet_import_of_labels_and_its_undo_keep_label_status(paragraph_6):
    import_csv("meeting,kind,number,label_fr\ngeneva-2016,paragraph,6,6)\n")
    assert label_status(paragraph_6, "fr") == "current"
    record = import_csv("meeting,kind,number,label_zh_hans\ngeneva-2016,paragraph,6,7.\n")
    assert label_status(paragraph_6, "fr") == "outdated"
    undo_conclusion_import(record)
    assert label_status(paragraph_6, "fr") == "current", "the source label is back to what French was made from"


def test_document_translation_brings_its_labels_in_current(geneva, tmp_path):
    printed = {
        Conclusion.Kind.HEADING: lambda block: block.text_fr,
        Conclusion.Kind.PREAMBLE: lambda block: f"Paragraphe {block.number} du préambule.",
        Conclusion.Kind.PARAGRAPH: lambda block: f"{block.number}) Paragraphe {block.number}.",
    }
    path = tmp_path / "fr.txt"
    path.write_text(
        "\n\n".join(printed[block.kind](block) for block in geneva.conclusions.order_by("position")), encoding="utf-8"
    )
    call_command("import_document", str(path), slug="geneva-2016", language="fr", replace=True, stdout=StringIO())
    paragraphs = list(geneva.conclusions.filter(kind="paragraph").select_related("meeting"))
    assert {block.label_fr for block in paragraphs} == {f"{block.number})" for block in paragraphs}
    statuses = translation_statuses(paragraphs, "label")
    assert {statuses[(block.pk, "fr")] for block in paragraphs} == {"current"}
