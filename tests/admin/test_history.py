"""A record's history as editors and translators read it: who, when, what changed in words; old versions, revert."""

import re

import pytest
from django.test import Client

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import read_table
from conclusions.text_diff import diff_html, text_diff
from conclusions.translations.status import translation_statuses
from tests.admin_forms import conclusion_form_data, meeting_form_data
from tests.html_words import marked, words
from tests.real_documents import AWAZA, JOINT_STATEMENT, import_real_document

FRENCH = "Des expériences relatives aux plans nationaux ont été partagées."
FRENCH_CHANGED = (
    "Des expériences relatives aux plans nationaux et régionaux ont été partagées ; l'appropriation a été saluée."
)


@pytest.fixture
def editor_client(editor):
    editor.first_name, editor.last_name = "Marie", "Dupont"
    editor.save()
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def paragraph_6(geneva):
    return geneva.conclusions.get(kind="paragraph", part=1, number=6)


def admin_url(paragraph: Conclusion, tail: str = "") -> str:
    return f"/admin/conclusions/conclusion/{paragraph.pk}/{tail}"


def edit(client: Client, paragraph: Conclusion, **changes) -> None:
    paragraph.refresh_from_db()
    response = client.post(admin_url(paragraph, "change/"), conclusion_form_data(paragraph, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def history_page(client: Client, paragraph: Conclusion) -> str:
    response = client.get(admin_url(paragraph, "history/"))
    assert response.status_code == 200
    return response.content.decode()


def entries(page: str) -> list[str]:
    """The history's entries, newest first, each as its HTML."""
    return re.findall(r'<li class="history-entry">(.*?)</li>\s*(?=<li class="history-entry">|</ol>)', page, re.DOTALL)


# The differences themselves


def test_french_differences_are_whole_words():
    runs = text_diff(FRENCH, FRENCH_CHANGED)
    assert [(old, new) for tag, old, new in runs if tag != "equal"] == [
        ("", "et régionaux "),
        ("", " ; l'appropriation a été saluée"),
    ]


def test_words_replaced_side_by_side_read_as_one_change():
    assert text_diff("a b c", "x y z") == [("change", "a b c", "x y z")]


def test_chinese_differences_are_characters():
    runs = text_diff("会议强调青年的作用。", "会议强调妇女和青年的重要作用。")
    assert [new for tag, old, new in runs if tag != "equal"] == ["妇女和", "重要"]


def test_arabic_words_keep_their_vowel_marks():
    runs = text_diff("كَتَبَ الطالبُ الدرسَ", "كَتَبَ المعلمُ الدرسَ")
    assert [(old, new) for tag, old, new in runs if tag != "equal"] == [("الطالبُ", "المعلمُ")]


def test_differences_are_escaped_whole_and_announced_to_screen_readers():
    long_text = "word " * 300
    html = diff_html(long_text + "<b>old</b>", long_text + "new")
    assert "<b>" not in html and "&lt;b&gt;old&lt;/b&gt;" in html
    assert html.count("word") == 300, "nothing is cut"
    assert "[deletion start]" in html and "[insertion end]" in html


# The history page


def test_an_editors_change_reads_with_their_name_the_field_and_language_and_the_words(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_fr=FRENCH)
    edit(editor_client, paragraph_6, text_fr=FRENCH_CHANGED)
    newest, earlier, first = entries(history_page(editor_client, paragraph_6))
    assert "Marie Dupont" in newest and "None" not in newest
    assert "Text — French" in newest
    assert marked(newest, "ins") == ["et régionaux", "; l'appropriation a été saluée"]
    assert words(newest).count("Des expériences relatives aux plans nationaux et régionaux ont été partagées") == 1
    assert marked(earlier, "ins") == [FRENCH]
    assert "Changed" in newest and "Changed" in earlier


def test_the_first_entry_says_the_record_was_loaded_and_shows_its_texts(editor_client, paragraph_6):
    (first,) = entries(history_page(editor_client, paragraph_6))
    assert "Created" in first and "Loaded from the original document" in first
    assert "Text — Chinese" in first and "Text — English" in first
    assert paragraph_6.text_zh_hans in first
    assert "Text — French" not in first, "an empty translation is not a text it was created with"
    assert "<del>" not in first and "<ins>" not in first


def test_a_document_brought_in_is_named_with_its_file_and_who_brought_it(editor_client, editor):
    meeting = import_real_document(AWAZA, slug="awaza", user=editor, published=False)
    paragraph = meeting.conclusions.get(kind="paragraph", part=2, number=1)
    for page in (
        history_page(editor_client, paragraph),
        editor_client.get(f"/admin/conclusions/meeting/{meeting.pk}/history/").content.decode(),
    ):
        first = words(entries(page)[-1])
        assert "Marie Dupont" in first and f"Document brought in — {AWAZA}" in first


def test_a_file_name_too_long_to_keep_whole_is_named_as_far_as_the_history_keeps_it(editor_client, editor):
    meeting = import_real_document(JOINT_STATEMENT, slug="long", user=editor, file_name="x" * 150 + ".txt")
    page = editor_client.get(f"/admin/conclusions/meeting/{meeting.pk}/history/").content.decode()
    assert f"Document brought in — {'x' * 91}" in words(entries(page)[-1])


def test_a_chinese_change_is_marked_character_by_character(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_zh_hans=paragraph_6.text_zh_hans.replace("国家自主", "国家和区域自主"))
    newest = entries(history_page(editor_client, paragraph_6))[0]
    assert "Text — Chinese" in newest
    assert marked(newest, "ins") == ["和区域"]
    assert 'lang="zh-hans"' in newest


def test_themes_changed_with_a_text_read_as_one_change(editor_client, paragraph_6):
    youth = Theme.objects.get(slug="youth")
    kept = [theme.pk for theme in paragraph_6.themes.all()]
    edit(editor_client, paragraph_6, text_fr=FRENCH, themes=[*kept, youth.pk])
    newest = entries(history_page(editor_client, paragraph_6))[0]
    assert "Text — French" in newest and "Themes" in newest
    assert marked(newest, "ins") == [FRENCH, str(youth)]
    assert len(entries(history_page(editor_client, paragraph_6))) == 2


def french_import(editor, paragraph: Conclusion, text: str, file_name: str = "french.csv") -> SpreadsheetImport:
    table = read_table(f"meeting,number,text_fr\ngeneva-2016,{paragraph.number},{text}\n".encode(), filename=file_name)
    return apply_conclusion_import(plan_conclusion_import(table), file_name=file_name, user=editor)


def test_an_import_and_its_undo_are_named_and_linked(editor_client, editor, paragraph_6):
    record = french_import(editor, paragraph_6, FRENCH)
    undo_conclusion_import(record, user=editor)
    undone, imported, _first = entries(history_page(editor_client, paragraph_6))
    import_page = f"/admin/conclusions/spreadsheetimport/{record.pk}/change/"
    assert f"Spreadsheet import #{record.pk} — french.csv" in imported
    assert f'href="{import_page}"' in imported
    assert f"Undo of import #{record.pk}" in undone and f'href="{import_page}"' in undone
    assert f"import:{record.pk}" not in imported and f"undo:{record.pk}" not in undone
    assert marked(undone, "del") == [FRENCH]


def test_a_translator_sees_the_import_named_without_a_link_they_cannot_open(
    paragraph_6, editor, make_translator, client
):
    record = french_import(editor, paragraph_6, FRENCH)
    client.force_login(make_translator("French"))
    page = history_page(client, paragraph_6)
    assert f"Spreadsheet import #{record.pk} — french.csv" in page
    assert "Revert to this version" not in page


def test_a_meeting_and_a_theme_read_their_fields_by_name(editor_client, geneva):
    data = meeting_form_data(geneva, title_fr=f"{geneva.title_fr} (révisé)", status=Meeting.Status.DRAFT)
    response = editor_client.post(f"/admin/conclusions/meeting/{geneva.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = entries(editor_client.get(f"/admin/conclusions/meeting/{geneva.pk}/history/").content.decode())[0]
    assert "Title — French" in newest and marked(newest, "ins") == ["(révisé)", "Draft"]
    assert marked(newest, "del") == ["Published"]
    theme = Theme.objects.get(slug="youth")
    theme.name_fr = "Jeunesse"
    content_save([theme])
    newest = entries(editor_client.get(f"/admin/conclusions/theme/{theme.pk}/history/").content.decode())[0]
    assert "Name — French" in newest and marked(newest, "ins") == ["Jeunesse"]
    assert "Changed by a command on the server" in newest


def test_the_history_page_reads_a_constant_number_of_queries(
    editor_client, editor, paragraph_6, django_assert_max_num_queries
):
    """However many changes a record has, the page reads them in the same few queries."""
    for number in range(3):
        french_import(editor, paragraph_6, f"Version {number}.", file_name=f"v{number}.csv")
    editor_client.get(admin_url(paragraph_6, "history/"))  # the session and permissions, read once
    with django_assert_max_num_queries(12) as few:
        history_page(editor_client, paragraph_6)
    for number in range(3, 25):
        french_import(editor, paragraph_6, f"Version {number}.", file_name=f"v{number}.csv")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(entries(history_page(editor_client, paragraph_6))) == 26


# An old version, read only


def test_an_old_version_is_read_only_and_says_so(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_fr=FRENCH)
    first = paragraph_6.history.earliest("history_date")
    page = editor_client.get(admin_url(paragraph_6, f"history/{first.history_id}/")).content.decode()
    content = page[page.index('<div id="content-main">') :]
    assert not re.search(r"<(input|textarea|select)\b(?![^>]*type=\"hidden\")", content)
    assert "read only" in content and "Loaded from the original document" in content
    assert paragraph_6.text_zh_hans in content
    assert re.search(r"<dt>Text — French</dt>\s*<dd[^>]*><i class=\"history-empty\">\(empty\)</i>", content)
    revert = admin_url(paragraph_6, f"history/{first.history_id}/revert/")
    assert f'href="{revert}"' in content and "Revert to this version" in content


def test_the_current_version_offers_no_revert(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_fr=FRENCH)
    latest = paragraph_6.history.latest("history_date")
    page = editor_client.get(admin_url(paragraph_6, f"history/{latest.history_id}/")).content.decode()
    assert "This is the current version." in page and "Revert to this version" not in page
    assert "by Marie Dupont, read only" in page


def test_a_version_of_another_record_is_not_found(editor_client, geneva, paragraph_6):
    other = geneva.conclusions.get(kind="paragraph", part=1, number=7).history.earliest("history_date")
    assert editor_client.get(admin_url(paragraph_6, f"history/{other.history_id}/")).status_code == 404
    assert editor_client.get("/admin/conclusions/conclusion/abc/history/").status_code == 404


# Revert: asked first, then written as any change is, with its own reason


def test_revert_asks_first_and_shows_what_it_will_change(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_fr=FRENCH)
    first = paragraph_6.history.earliest("history_date")
    page = editor_client.get(admin_url(paragraph_6, f"history/{first.history_id}/revert/")).content.decode()
    assert "Text — French" in page and marked(page, "del")[-1] == FRENCH
    assert f'action="{admin_url(paragraph_6, f"history/{first.history_id}/")}"' in page
    paragraph_6.refresh_from_db()
    assert paragraph_6.text_fr == FRENCH, "asking changes nothing"


def test_revert_brings_the_version_back_as_a_revert_in_the_history(editor_client, paragraph_6):
    edit(editor_client, paragraph_6, text_fr=FRENCH, text_zh_hans=paragraph_6.text_zh_hans + "（更正）")
    first = paragraph_6.history.earliest("history_date")
    response = editor_client.post(admin_url(paragraph_6, f"history/{first.history_id}/"), follow=True)
    assert response.redirect_chain[-1][0] == admin_url(paragraph_6, "history/")
    paragraph_6.refresh_from_db()
    assert paragraph_6.text_fr == "" and paragraph_6.text_zh_hans == first.text_zh_hans
    assert paragraph_6.history.latest("history_date").history_change_reason == f"revert:{first.history_id}"
    newest = entries(response.content.decode())[0]
    assert "Reverted to the version of" in newest and "Marie Dupont" in newest
    assert f'href="{admin_url(paragraph_6, f"history/{first.history_id}/")}"' in newest
    assert "was reverted to the version of" in response.content.decode()
    assert translation_statuses([paragraph_6], "text")[(paragraph_6.pk, "en")] == "current"
    assert "（更正）" not in Client().get("/zh-hans/meetings/geneva-2016/6/").content.decode()


def test_a_deleted_paragraph_is_restored_with_its_themes_after_asking(editor_client, paragraph_6):
    pk, themes = paragraph_6.pk, set(paragraph_6.themes.values_list("pk", flat=True))
    assert themes
    assert editor_client.post(admin_url(paragraph_6, "delete/"), {"post": "yes"}).status_code == 302
    page = history_page(editor_client, paragraph_6)
    assert "This record was deleted." in page and "Deleted" in entries(page)[0]
    last = Conclusion.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    version = editor_client.get(admin_url(paragraph_6, f"history/{last.history_id}/")).content.decode()
    assert "Restore this version" in version
    asked = editor_client.get(admin_url(paragraph_6, f"history/{last.history_id}/revert/")).content.decode()
    assert "Yes, restore" in asked
    response = editor_client.post(admin_url(paragraph_6, f"history/{last.history_id}/"), follow=True)
    assert "was restored as it was on" in response.content.decode()
    restored = Conclusion.objects.get(pk=pk)
    assert set(restored.themes.values_list("pk", flat=True)) == themes
    assert "Restored" in entries(response.content.decode())[0]


def test_a_version_that_no_longer_fits_is_not_written_and_the_page_says_why(editor_client, geneva, paragraph_6):
    first = paragraph_6.history.earliest("history_date")
    edit(editor_client, paragraph_6, number=99)
    Conclusion.objects.filter(pk=geneva.conclusions.get(kind="paragraph", number=7).pk).update(number=6)
    response = editor_client.post(admin_url(paragraph_6, f"history/{first.history_id}/"))
    assert response.status_code == 200
    assert "This version cannot be brought back as it was" in response.content.decode()
    paragraph_6.refresh_from_db()
    assert paragraph_6.number == 99


def test_a_translator_may_read_versions_but_not_revert(paragraph_6, make_translator, client):
    client.force_login(make_translator("French"))
    first = paragraph_6.history.earliest("history_date")
    version = client.get(admin_url(paragraph_6, f"history/{first.history_id}/"))
    assert version.status_code == 200 and "Revert to this version" not in version.content.decode()
    assert client.get(admin_url(paragraph_6, f"history/{first.history_id}/revert/")).status_code == 403
    assert client.post(admin_url(paragraph_6, f"history/{first.history_id}/")).status_code == 403


def test_a_meeting_and_a_theme_are_reverted_as_paragraphs_are(editor_client, editor, geneva):
    first = geneva.history.earliest("history_date")
    geneva.title_fr = "Titre changé"
    content_save([geneva], user=editor)
    url = f"/admin/conclusions/meeting/{geneva.pk}/history/{first.history_id}/"
    assert "Revert to this version" in editor_client.get(url).content.decode()
    assert editor_client.post(url).status_code == 302
    geneva.refresh_from_db()
    assert geneva.title_fr == first.title_fr
    assert geneva.history.latest("history_date").history_change_reason == f"revert:{first.history_id}"

    theme = Theme.objects.get(slug="youth")
    first = theme.history.earliest("history_date")
    theme.name_fr = "Jeunesse"
    content_save([theme], user=editor)
    assert editor_client.post(f"/admin/conclusions/theme/{theme.pk}/history/{first.history_id}/").status_code == 302
    theme.refresh_from_db()
    assert theme.name_fr == first.name_fr


def test_a_long_history_is_read_page_by_page(editor_client, editor, paragraph_6):
    for number in range(55):
        paragraph_6.text_fr = f"Version {number}."
        content_save([paragraph_6], user=editor)
    first_page = history_page(editor_client, paragraph_6)
    assert len(entries(first_page)) == 50 and marked(entries(first_page)[0], "ins") == ["54"]
    assert "56 changes" in first_page and '<a href="?p=2"' in first_page
    second_page = editor_client.get(admin_url(paragraph_6, "history/"), {"p": 2}).content.decode()
    assert len(entries(second_page)) == 6
    assert "Loaded from the original document" in entries(second_page)[-1]
    # The oldest change of a page is compared with the one before it, on the next page.
    assert marked(entries(second_page)[0], "del") == ["3"] and marked(entries(second_page)[0], "ins") == ["4"]


@pytest.mark.parametrize("model", [Conclusion, Meeting, Theme])
def test_every_history_page_opens_for_an_editor_and_a_translator(editor_client, geneva, make_translator, model):
    record = model.objects.order_by("pk").first()
    version = record.history.earliest("history_date")
    base = f"/admin/conclusions/{model._meta.model_name}/{record.pk}/history/"
    translator = Client()
    translator.force_login(make_translator("French"))
    for client, reverts in ((editor_client, True), (translator, False)):
        assert client.get(base).status_code == 200
        assert client.get(f"{base}{version.history_id}/").status_code == 200
        assert client.get(f"{base}{version.history_id}/revert/").status_code == (200 if reverts else 403)
