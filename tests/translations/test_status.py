"""Every translation knows whether it is missing, current or outdated, whatever way the content changed."""

import pytest

from conclusions.content import content_delete, content_save, translations_confirm
from conclusions.models import Theme, TranslationBasis
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import Table
from conclusions.spreadsheets.records import MEETINGS, apply_record_import, plan_record_import
from conclusions.translations.status import translation_statuses
from tests.html_words import marked


def status(instance, language: str, field: str = "text") -> str:
    instance.refresh_from_db()
    return translation_statuses([instance], field)[(instance.pk, language)]


def table(headers, *rows) -> Table:
    return Table("csv", headers, [list(row) for row in rows], list(range(2, len(rows) + 2)), "UTF-8", ",")


@pytest.fixture
def paragraph_6(geneva):
    return geneva.conclusions.get(kind="paragraph", number=6)


def test_loaded_document_has_current_english_and_missing_french(paragraph_6):
    assert status(paragraph_6, "zh-hans") == "source"
    assert status(paragraph_6, "en") == "current"
    assert status(paragraph_6, "fr") == "missing"


def test_changing_the_source_makes_translations_outdated_until_updated(paragraph_6):
    paragraph_6.text_fr = "Traduction française."
    content_save([paragraph_6])
    assert status(paragraph_6, "fr") == "current"

    paragraph_6.text_zh_hans += "（更正）"
    content_save([paragraph_6])
    assert (status(paragraph_6, "en"), status(paragraph_6, "fr")) == ("outdated", "outdated")

    paragraph_6.text_fr = "Traduction française, corrigée."
    content_save([paragraph_6])
    assert (status(paragraph_6, "en"), status(paragraph_6, "fr")) == ("outdated", "current")

    assert translations_confirm([paragraph_6], language="en") == 1
    assert status(paragraph_6, "en") == "current"


def test_minor_edit_of_the_source_keeps_translations_current(paragraph_6):
    paragraph_6.text_zh_hans = paragraph_6.text_zh_hans.replace("。", "。 ", 1)
    content_save([paragraph_6], minor=True)
    assert status(paragraph_6, "en") == "current"


def test_emptied_translation_is_missing(paragraph_6):
    paragraph_6.text_en = ""
    content_save([paragraph_6])
    assert status(paragraph_6, "en") == "missing"


def test_spreadsheet_import_and_its_undo_keep_status(paragraph_6):
    source = paragraph_6.text_zh_hans
    plan = plan_conclusion_import(
        table(["meeting", "number", "text_zh_hans"], ["geneva-2016", "6", source + "（修订）"])
    )
    record = apply_conclusion_import(plan, file_name="zh.csv")
    assert status(paragraph_6, "en") == "outdated"

    undo_conclusion_import(record)
    assert status(paragraph_6, "en") == "current", "the source is back to what English was translated from"

    plan = plan_conclusion_import(table(["meeting", "number", "text_fr"], ["geneva-2016", "6", "Texte."]))
    apply_conclusion_import(plan, file_name="fr.csv")
    assert status(paragraph_6, "fr") == "current"


def test_meeting_title_and_theme_name_translations_are_tracked(geneva):
    plan = plan_record_import(MEETINGS, table(["slug", "title_zh_hans"], ["geneva-2016", "日内瓦会议（修订）"]))
    apply_record_import(MEETINGS, plan, file_name="m.csv")
    assert status(geneva, "fr", field="title") == "outdated"
    assert status(geneva, "zh-hans", field="title") == "source"

    youth = Theme.objects.get(slug="youth")
    youth.name_en = "Youth empowerment"
    content_save([youth])
    assert status(youth, "fr", field="name") == "outdated"
    assert status(youth, "en", field="name") == "source"


def test_deleting_a_paragraph_forgets_its_bases(paragraph_6):
    pk = paragraph_6.pk
    assert TranslationBasis.objects.filter(object_id=pk, field="text").exists()
    content_delete([paragraph_6])
    assert not TranslationBasis.objects.filter(object_id=pk, field="text").exists()


def test_editor_sees_the_source_now_and_what_changed_since_the_translation(client, editor, paragraph_6):
    before = paragraph_6.text_zh_hans
    paragraph_6.text_zh_hans = before.replace("国际难民法", "国际难民法和国际刑法")
    content_save([paragraph_6])
    client.force_login(editor)
    page = client.get(f"/admin/conclusions/conclusion/{paragraph_6.pk}/change/").content.decode()
    assert "English · text" in page
    (added,) = marked(page, "ins")
    assert "刑法" in added and len(added) == len("和国际刑法"), "five characters added, one change"
    assert 'class="source-now" lang="zh-hans"' in page


def test_statuses_of_more_records_than_one_query_takes_are_read_in_batches(
    geneva, paragraph_6, monkeypatch, django_assert_num_queries
):
    """Site-wide counts (coverage, My work) read every block: past SQLite's limit of variables, in batches."""
    from conclusions.translations import status as status_module

    paragraph_6.text_zh_hans += "（更正）"
    content_save([paragraph_6])
    blocks = list(geneva.conclusions.order_by("position"))
    whole = translation_statuses(blocks, "text")
    monkeypatch.setattr(status_module, "LOOKUP_BATCH", 10)
    with django_assert_num_queries(4):  # 33 blocks, 10 at a time
        batched = translation_statuses(blocks, "text")
    assert batched == whole
    assert batched[(paragraph_6.pk, "en")] == "outdated" and batched[(blocks[0].pk, "en")] == "current"
