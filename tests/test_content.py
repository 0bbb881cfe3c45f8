"""Every writer of content keeps history, translation status, search texts and the content version in step.

The writers are the ones people use (the admin as an editor and as a
translator, spreadsheet imports and their undo, the document importer, the
commands); each test checks all four derived records around one write.
"""

import json
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import signals
from django.test import Client

from conclusions.content import content_save
from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting, SearchText, SpreadsheetImport, Theme
from conclusions.public.page_cache import current_content_version
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import read_table
from conclusions.spreadsheets.records import MEETINGS, apply_record_import, plan_record_import
from conclusions.translations.status import translation_statuses
from tests.admin.document_upload import confirm, preview
from tests.admin_forms import conclusion_form_data, meeting_form_data
from tests.paths import PROJECT

EVERYTHING = frozenset({"history", "status", "search", "version"})
CONTENT_MODELS = (Meeting, Conclusion, Theme)


@dataclass
class Site:
    """The Geneva meeting, its paragraph 6, and people at work on them."""

    meeting: Meeting
    paragraph: Conclusion
    editor: Client
    editor_user: object
    translator: Client
    tmp_path: Path


@pytest.fixture
def site(geneva, editor, make_translator, tmp_path):
    editor_browser, translator_browser = Client(), Client()
    editor_browser.force_login(editor)
    translator_browser.force_login(make_translator("French"))
    return Site(
        geneva,
        geneva.conclusions.get(kind="paragraph", part=1, number=6),
        editor_browser,
        editor,
        translator_browser,
        tmp_path,
    )


def derived(site: Site) -> dict:
    """What is derived from paragraph 6 and its meeting, as readers and editors see it."""
    pk = site.paragraph.pk
    paragraph = Conclusion.objects.select_related("meeting").filter(pk=pk).first()
    meeting = Meeting.objects.get(pk=site.meeting.pk)
    statuses = translation_statuses([meeting], "title")
    if paragraph is not None:
        statuses |= {("text", key): value for key, value in translation_statuses([paragraph], "text").items()}
    return {
        "history": Conclusion.history.filter(id=pk).count() + Meeting.history.filter(id=meeting.pk).count(),
        "status": statuses,
        "search": set(
            SearchText.objects.filter(conclusion_id=pk).values_list("language", "text", "published", "position")
        ),
        "version": current_content_version(),
    }


def changed_source(site: Site) -> str:
    return site.paragraph.text_zh_hans + "（更正）"


def import_file(site: Site, content: str):
    table = read_table(content.encode(), filename="file.csv")
    if content.startswith("slug,"):
        return apply_record_import(
            MEETINGS, plan_record_import(MEETINGS, table), file_name="file.csv", user=site.editor_user
        )
    return apply_conclusion_import(plan_conclusion_import(table), file_name="file.csv", user=site.editor_user)


def post(browser: Client, url: str, data: dict) -> None:
    response = browser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def change_url(site: Site) -> str:
    return f"/admin/conclusions/conclusion/{site.paragraph.pk}/change/"


def history_url(site: Site, version) -> str:
    return f"/admin/conclusions/conclusion/{site.paragraph.pk}/history/{version.history_id}/"


def admin_form(site: Site) -> None:
    post(site.editor, change_url(site), conclusion_form_data(site.paragraph, text_zh_hans=changed_source(site)))


def translator_form(site: Site) -> None:
    post(site.translator, change_url(site), {"text_fr": "Traduction française du paragraphe 6."})


def admin_move(site: Site) -> None:
    """Paragraph 6 moved before paragraph 5: the blocks in its way make room, each saved."""
    paragraph_5 = site.meeting.conclusions.get(kind="paragraph", part=1, number=5)
    post(site.editor, change_url(site), conclusion_form_data(site.paragraph, position=paragraph_5.position))


def meeting_form_publication(site: Site) -> None:
    data = meeting_form_data(site.meeting, status=Meeting.Status.DRAFT, title_zh_hans="日内瓦会议（草稿）")
    post(site.editor, f"/admin/conclusions/meeting/{site.meeting.pk}/change/", data)


def admin_delete(site: Site) -> None:
    post(site.editor, f"/admin/conclusions/conclusion/{site.paragraph.pk}/delete/", {"post": "yes"})


def restore_prepared(site: Site) -> None:
    admin_delete(site)


def admin_restore(site: Site) -> None:
    last = Conclusion.history.filter(id=site.paragraph.pk).exclude(history_type="-").latest("history_date")
    post(site.editor, history_url(site, last), conclusion_form_data(last.instance))


def admin_revert(site: Site) -> None:
    first = Conclusion.history.filter(id=site.paragraph.pk).earliest("history_date")
    post(site.editor, history_url(site, first), conclusion_form_data(first.instance))


def outdated_english(site: Site) -> None:
    site.paragraph.text_zh_hans = changed_source(site)
    content_save([site.paragraph])


def confirm_action(site: Site) -> None:
    selected = {"action": "confirm_en", "_selected_action": [site.paragraph.pk]}
    response = site.editor.post("/admin/conclusions/conclusion/", selected, follow=True)
    assert "1 outdated translations confirmed as current." in response.content.decode()


def paragraph_import(site: Site) -> None:
    import_file(site, f"meeting,number,text_zh_hans\ngeneva-2016,6,{changed_source(site)}\n")


def undo_in_admin(site: Site) -> None:
    record = SpreadsheetImport.objects.latest("pk")
    post(site.editor, f"/admin/conclusions/spreadsheetimport/{record.pk}/undo/", {})


def meeting_import(site: Site) -> None:
    import_file(site, "slug,title_zh_hans,status\ngeneva-2016,日内瓦会议（修订）,draft\n")


def french_translation(site: Site) -> str:
    """A French translation of the whole document, block by block: its heading lines, preamble and paragraphs."""
    printed = {
        Conclusion.Kind.HEADING: lambda block: block.text_fr,
        Conclusion.Kind.PREAMBLE: lambda block: f"Paragraphe {block.number} du préambule.",
        Conclusion.Kind.PARAGRAPH: lambda block: f"{block.number}. Paragraphe {block.number}.",
    }
    return "\n\n".join(printed[block.kind](block) for block in site.meeting.conclusions.order_by("position"))


def document_import(site: Site) -> None:
    path = site.tmp_path / "fr.txt"
    path.write_text(french_translation(site), encoding="utf-8")
    call_command("import_document", str(path), slug="geneva-2016", language="fr", replace=True, stdout=StringIO())


def document_translation_in_admin(site: Site) -> None:
    previewed = preview(
        site.editor, "fr.txt", french_translation(site).encode(), language="fr", translation_of=site.meeting.pk
    )
    response = confirm(site.editor, previewed)
    assert response.status_code == 302, response.content.decode()[:2000]


def changed_behind_the_applications_back(site: Site) -> None:
    Conclusion.objects.filter(pk=site.paragraph.pk).update(text_fr="Changé en SQL.")


def rebuild_command(site: Site) -> None:
    call_command("rebuild_search_index", stdout=StringIO())


# id: (what the test prepares before looking, the write, what the write must move)
WRITERS = {
    "admin form": (None, admin_form, EVERYTHING),
    "translator form": (None, translator_form, EVERYTHING),
    # A move changes no text: translations stay as they were.
    "admin move": (None, admin_move, {"history", "search", "version"}),
    "meeting form, publication": (None, meeting_form_publication, EVERYTHING),
    "admin delete": (None, admin_delete, EVERYTHING),
    "admin restore of a deleted paragraph": (restore_prepared, admin_restore, EVERYTHING),
    "admin revert": (admin_form, admin_revert, EVERYTHING),
    # Confirming changes no text: no history, no search text.
    "confirm action": (outdated_english, confirm_action, {"status", "version"}),
    "paragraph import": (None, paragraph_import, EVERYTHING),
    "paragraph import undone": (paragraph_import, undo_in_admin, EVERYTHING),
    "meeting import": (None, meeting_import, EVERYTHING),
    "meeting import undone": (meeting_import, undo_in_admin, EVERYTHING),
    "document import": (None, document_import, EVERYTHING),
    "document translation brought in through the admin": (None, document_translation_in_admin, EVERYTHING),
    # The rebuild rewrites search texts from stored texts; the texts themselves do not change.
    "rebuild_search_index": (changed_behind_the_applications_back, rebuild_command, {"search", "version"}),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_writer_keeps_history_status_search_and_version_in_step(site, writer):
    prepare, write, moves = WRITERS[writer]
    if prepare is not None:
        prepare(site)
    before = derived(site)
    write(site)
    after = derived(site)
    moved = {name for name in before if before[name] != after[name]}
    assert moved == set(moves)
    assert after["version"] == before["version"] + 1, "one change raises the content version once"


def test_fixture_load_gives_every_record_its_history_status_search_texts_and_version(db):
    assert current_content_version() == 0
    call_command("load_original_documents", verbosity=0)
    blocks = list(Conclusion.objects.select_related("meeting"))
    fixture = json.loads((PROJECT / "fixtures" / "geneva-2016.json").read_text(encoding="utf-8"))
    assert len(blocks) == sum(1 for record in fixture if record["model"] == "conclusions.conclusion")
    for model in CONTENT_MODELS:
        assert set(model.history.values_list("id", flat=True)) == set(model.objects.values_list("pk", flat=True))
    statuses = translation_statuses(blocks, "text")
    assert {statuses[(block.pk, "en")] for block in blocks} == {"current"}
    french = {block.pk: "current" if block.text_fr else "missing" for block in blocks}
    assert {block.pk: statuses[(block.pk, "fr")] for block in blocks} == french
    assert set(french.values()) == {"current", "missing"}, "the heading lines are in French, the rest is not yet"
    indexed = set(SearchText.objects.filter(published=True).values_list("conclusion_id", "language"))
    assert indexed == {
        (block.pk, code)
        for block in blocks
        for code in LANGUAGE_CODES
        if getattr(block, translated_column("text", code))
    }
    assert current_content_version() == 1


def receivers_from_this_project(signal, sender) -> list[str]:
    sync_receivers, async_receivers = signal._live_receivers(sender)
    modules = [getattr(receiver, "__module__", None) or receiver.func.__module__ for receiver in sync_receivers]
    return [module for module in modules + list(async_receivers) if str(module).startswith("conclusions")]


@pytest.mark.parametrize("model", CONTENT_MODELS)
def test_no_signal_receiver_of_this_app_keeps_content_in_step_behind_the_writers_back(model):
    """Loading records does no per-record work (no post_init snapshot); saves are recorded by the service alone."""
    for signal in (signals.post_init, signals.pre_save, signals.post_save, signals.post_delete):
        assert receivers_from_this_project(signal, model) == [], signal
    assert receivers_from_this_project(signals.m2m_changed, Conclusion.themes.through) == []
