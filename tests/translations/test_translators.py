"""Translators change only their own language: in the admin, in spreadsheets, and against forged requests."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils.html import escape

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme
from conclusions.translations.status import translation_statuses
from tests.spreadsheets.spreadsheet_programs import confirm_preview, upload

CHANGE_6 = "/admin/conclusions/conclusion/{pk}/change/"
FRENCH_6 = "Des expériences relatives aux plans nationaux et régionaux ont été partagées."


@pytest.fixture
def paragraph_6(geneva):
    return geneva.conclusions.get(kind="paragraph", number=6)


def status(instance, language: str) -> str:
    instance.refresh_from_db()
    return translation_statuses([instance], "text")[(instance.pk, language)]


def snapshot(instance) -> dict:
    """Every column of a record as stored, and its themes."""
    instance.refresh_from_db()
    values = {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}
    if isinstance(instance, Conclusion):
        values["themes"] = sorted(instance.themes.values_list("pk", flat=True))
    return values


def test_migration_creates_one_group_per_language_without_change_permissions(db):
    for name, codename in [
        ("Arabic", "translate_ar"),
        ("Chinese", "translate_zh_hans"),
        ("English", "translate_en"),
        ("French", "translate_fr"),
        ("Russian", "translate_ru"),
        ("Spanish", "translate_es"),
    ]:
        permissions = set(
            Group.objects.get(name=f"Translators ({name})").permissions.values_list("codename", flat=True)
        )
        assert codename in permissions
        assert {
            "view_conclusion",
            "view_meeting",
            "view_theme",
            "import_conclusion",
            "export_conclusion",
        } <= permissions
        assert not {p for p in permissions if p.startswith(("change_", "add_", "delete_"))}
        assert len({p for p in permissions if p.startswith("translate_")}) == 1


def test_translator_form_holds_their_language_only_with_the_original_beside_it(french_translator_client, paragraph_6):
    page = french_translator_client.get(CHANGE_6.format(pk=paragraph_6.pk)).content.decode()
    fields = set(re.findall(r'<(?:input|textarea|select)[^>]* name="([^_"][^"]*)"', page))
    # With the form's hidden note of the record as it was opened (see concurrent_edits).
    assert fields == {"csrfmiddlewaretoken", "opened_state", "label_fr", "text_fr"}
    assert 'lang="fr"' in re.search(r"<textarea[^>]*>", page).group(0)
    assert 'lang="fr"' in re.search(r'<input[^>]* name="label_fr"[^>]*>', page).group(0)
    originals = re.findall(r'<div class="translation-reference" lang="zh-hans" dir="ltr">(.*?)</div>', page, re.S)
    assert originals[:2] == [paragraph_6.label_zh_hans, paragraph_6.text_zh_hans], "the label, then the text"
    assert "Other languages" in page
    assert escape(paragraph_6.text_en) in page, "other languages are shown to read"


def test_translator_saves_french_and_it_becomes_current(french_translator_client, paragraph_6):
    response = french_translator_client.post(CHANGE_6.format(pk=paragraph_6.pk), {"text_fr": FRENCH_6})
    assert response.status_code == 302
    before_other_columns = snapshot(paragraph_6)
    assert paragraph_6.text_fr == FRENCH_6
    assert status(paragraph_6, "fr") == "current"
    latest = paragraph_6.history.latest("history_date")
    assert latest.history_user.username == "traductrice"
    assert before_other_columns["text_zh_hans"] == paragraph_6.text_zh_hans


@pytest.mark.parametrize(
    "forged",
    [
        {"text_zh_hans": "篡改的原文。"},
        {"text_en": "Tampered English."},
        {"label_zh_hans": "六、"},
        {"label_ar": "٦."},
        {"number": "60"},
        {"themes": ["1"]},
        {"meeting": "999"},
        {"minor_edit": "on"},
    ],
)
def test_forged_form_is_refused_and_changes_nothing(french_translator_client, paragraph_6, forged):
    before = snapshot(paragraph_6)
    response = french_translator_client.post(CHANGE_6.format(pk=paragraph_6.pk), {"text_fr": FRENCH_6, **forged})
    assert response.status_code == 200
    page = response.content.decode()
    assert "You may change only the translations into French. Nothing was saved" in page
    assert next(iter(forged)) in page, "the refused field is named"
    assert snapshot(paragraph_6) == before


def test_translator_cannot_change_the_original_in_their_own_language(client, make_translator, paragraph_6):
    make_translator("Chinese", username="fanyi")
    client.login(username="fanyi", password="translator-password")
    before = snapshot(paragraph_6)
    page = client.get(CHANGE_6.format(pk=paragraph_6.pk)).content.decode()
    assert 'name="text_zh_hans"' not in page
    response = client.post(CHANGE_6.format(pk=paragraph_6.pk), {"text_zh_hans": "篡改的原文。"})
    assert "Nothing was saved" in response.content.decode()
    assert snapshot(paragraph_6) == before


def test_translator_meeting_form_refuses_dates_publication_and_inline_paragraphs(french_translator_client, geneva):
    url = f"/admin/conclusions/meeting/{geneva.pk}/change/"
    page = french_translator_client.get(url).content.decode()
    fields = set(re.findall(r'<(?:input|textarea|select)[^>]* name="([^_"][^"]*)"', page))
    assert fields == {
        "csrfmiddlewaretoken",
        "opened_state",
        "title_fr",
        "document_title_fr",
        "organizers_fr",
        "venue_fr",
    }
    before = snapshot(geneva)
    for forged in [{"status": "draft"}, {"start_date": "2017-01-01"}, {"conclusions-TOTAL_FORMS": "1"}]:
        response = french_translator_client.post(url, {"title_fr": "Titre", **forged})
        assert "Nothing was saved" in response.content.decode()
    assert snapshot(geneva) == before
    response = french_translator_client.post(url, {"title_fr": "Conférence de Genève"})
    assert response.status_code == 302
    geneva.refresh_from_db()
    assert (geneva.title_fr, geneva.status) == ("Conférence de Genève", "published")


def test_translator_cannot_add_delete_restore_or_revert(french_translator_client, paragraph_6):
    client = french_translator_client
    assert client.get("/admin/conclusions/conclusion/add/").status_code == 403
    assert client.post(f"/admin/conclusions/conclusion/{paragraph_6.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/conclusions/conclusion/deleted/").status_code == 403
    version = paragraph_6.history.earliest("history_date")
    revert = client.post(
        f"/admin/conclusions/conclusion/{paragraph_6.pk}/history/{version.history_id}/", {"text_fr": "x"}
    )
    assert revert.status_code == 403
    assert Conclusion.objects.filter(pk=paragraph_6.pk).exists()


def test_translator_actions_are_limited_to_their_language(french_translator_client, paragraph_6):
    paragraph_6.text_fr = FRENCH_6
    content_save([paragraph_6])
    paragraph_6.text_zh_hans += "（修订）"
    content_save([paragraph_6])
    assert status(paragraph_6, "en") == status(paragraph_6, "fr") == "outdated"

    page = french_translator_client.get("/admin/conclusions/conclusion/").content.decode()
    actions = set(re.findall(r'<option value="(confirm_\w+|delete_selected)"', page))
    assert actions == {"confirm_fr"}
    for action in ["confirm_en", "delete_selected"]:
        french_translator_client.post(
            "/admin/conclusions/conclusion/", {"action": action, "_selected_action": [paragraph_6.pk]}
        )
    assert status(paragraph_6, "en") == "outdated"
    assert Conclusion.objects.filter(pk=paragraph_6.pk).exists()
    french_translator_client.post(
        "/admin/conclusions/conclusion/", {"action": "confirm_fr", "_selected_action": [paragraph_6.pk]}
    )
    assert status(paragraph_6, "fr") == "current"


def test_translator_cannot_edit_theme_positions_in_the_list(french_translator_client, geneva):
    theme = Theme.objects.order_by("position").first()
    page = french_translator_client.get("/admin/conclusions/theme/").content.decode()
    assert 'name="form-0-position"' not in page
    french_translator_client.post(
        "/admin/conclusions/theme/",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": theme.pk,
            "form-0-position": "99",
            "_save": "Save",
        },
    )
    theme.refresh_from_db()
    assert theme.position != 99


def test_editor_keeps_full_control(client, editor, paragraph_6):
    client.login(username="editor", password="editor-password")
    page = client.get(CHANGE_6.format(pk=paragraph_6.pk)).content.decode()
    for name in ["text_zh_hans", "text_fr", "number", "themes"]:
        assert f'name="{name}"' in page


# Spreadsheets


def test_translator_import_of_french_is_applied(french_translator_client, paragraph_6):
    content = f"meeting,number,text_fr\r\ngeneva-2016,6,{FRENCH_6}\r\n".encode()
    page = upload(french_translator_client, "fr.csv", content).content.decode()
    assert "Changed: 1" in page
    confirm_preview(french_translator_client, page)
    paragraph_6.refresh_from_db()
    assert paragraph_6.text_fr == FRENCH_6
    assert SpreadsheetImport.objects.get().user.username == "traductrice"


def test_translator_imports_labels_of_their_language_but_cannot_move_blocks(french_translator_client, geneva):
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    before = snapshot(paragraph_6)
    moved = f"meeting,kind,number,position,label_fr\r\ngeneva-2016,paragraph,6,{geneva.conclusions.count() + 1},6)\r\n"
    page = upload(french_translator_client, "moved.csv", moved.encode()).content.decode()
    assert "Column “position”: You may change only the translations into French" in page
    assert snapshot(paragraph_6) == before

    page = upload(
        french_translator_client, "label.csv", b"meeting,kind,number,label_fr\r\ngeneva-2016,paragraph,6,6)\r\n"
    )
    confirm_preview(french_translator_client, page.content.decode())
    paragraph_6.refresh_from_db()
    assert (paragraph_6.label_fr, paragraph_6.label_zh_hans) == ("6)", "6.")

    page = upload(
        french_translator_client,
        "zh.csv",
        "meeting,kind,number,label_zh_hans\r\ngeneva-2016,paragraph,6,六、\r\n".encode(),
    )
    assert "Column “label_zh_hans”: You may change only the translations into French" in page.content.decode()


def test_translator_file_changing_other_languages_is_refused_naming_the_columns(french_translator_client, geneva):
    paragraph_6 = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph_7 = geneva.conclusions.get(kind="paragraph", number=7)
    before = [snapshot(paragraph_6), snapshot(paragraph_7)]
    rows = [
        ["meeting", "number", "text_zh_hans", "text_en", "text_fr", "themes"],
        ["geneva-2016", "6", paragraph_6.text_zh_hans, "Changed English.", FRENCH_6, ""],
        ["geneva-2016", "7", paragraph_7.text_zh_hans + "改", paragraph_7.text_en, "", "youth"],
        ["geneva-2016", "99", "新段落。", "", "", ""],
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    page = upload(french_translator_client, "mixed.csv", buffer.getvalue().encode()).content.decode()
    assert "Nothing was imported" in page
    assert "Column “text_en”: You may change only the translations into French" in page
    assert re.search(r"Column “text_zh_hans”: [^<]*this column in rows 3, 4\.", page)
    assert "Column “themes”" in page
    assert 'name="import_file_name"' not in page
    assert [snapshot(paragraph_6), snapshot(paragraph_7)] == before
    assert not geneva.conclusions.filter(kind="paragraph", number=99).exists()


def test_full_export_reimported_by_a_translator_with_only_french_changed_is_accepted(
    french_translator_client, client, editor, geneva
):
    client.login(username="editor", password="editor-password")
    export = b"".join(client.get("/admin/conclusions/conclusion/export/csv/").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export)))
    rows[6][rows[0].index("text_fr")] = FRENCH_6
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    page = upload(french_translator_client, "all.csv", buffer.getvalue().encode()).content.decode()
    assert "Changed: 1" in page and 'name="import_file_name"' in page


def test_translator_meeting_import_cannot_change_dates_or_publication(french_translator_client, geneva):
    content = b"slug,status,end_date,title_fr\r\ngeneva-2016,draft,2016-04-09,Titre\r\n"
    page = upload(french_translator_client, "m.csv", content, model="meeting").content.decode()
    assert "Column “status”" in page and "Column “end_date”" in page
    assert "Column “title_fr”" not in page
    geneva.refresh_from_db()
    assert geneva.status == Meeting.Status.PUBLISHED


def test_translator_export_holds_the_key_and_their_language(french_translator_client, geneva):
    response = french_translator_client.get("/admin/conclusions/conclusion/export/csv/")
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header == "meeting,part,kind,number,number_suffix,label_fr,text_fr"
    response = french_translator_client.get("/admin/conclusions/meeting/export/csv/")
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header == "slug,title_fr,document_title_fr,organizers_fr,venue_fr"


def test_translator_undoes_their_own_imports_only(french_translator_client, editor, paragraph_6):
    from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
    from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
    from conclusions.spreadsheets.files import read_table

    table = read_table(b"meeting,number,text_fr\ngeneva-2016,6,Texte.\n", filename="fr.csv")
    by_editor = apply_conclusion_import(plan_conclusion_import(table), file_name="fr.csv", user=editor)
    undo_url = f"/admin/conclusions/spreadsheetimport/{by_editor.pk}/undo/"
    assert french_translator_client.get(undo_url).status_code == 403, "not even the confirmation page"
    assert french_translator_client.post(undo_url).status_code == 403
    paragraph_6.refresh_from_db()
    assert paragraph_6.text_fr == "Texte."


def test_import_command_applies_the_limits_of_the_user_it_names(make_translator, geneva, tmp_path):
    make_translator("French")
    path = tmp_path / "en.csv"
    path.write_text("meeting,number,text_en\ngeneva-2016,6,Changed English.\n", encoding="utf-8")
    with pytest.raises(Exception, match="nothing was imported"):
        call_command("import_conclusions", str(path), user="traductrice", verbosity=0)
    assert geneva.conclusions.get(kind="paragraph", number=6).text_en != "Changed English."
