"""The editors' admin, used as an editor (a member of the Editors group, not a superuser)."""

import re

import pytest
from django.contrib.auth.models import Group

from conclusions.content import content_save
from tests.admin_forms import conclusion_form_data

EDITOR_PERMISSIONS = {
    "view_meeting",
    "add_meeting",
    "change_meeting",
    "view_conclusion",
    "add_conclusion",
    "change_conclusion",
    "delete_conclusion",
    "view_theme",
    "add_theme",
    "change_theme",
    "delete_theme",
    "import_conclusion",
    "export_conclusion",
    "import_meeting",
    "export_meeting",
    "import_theme",
    "export_theme",
    "view_spreadsheetimport",
}


@pytest.fixture
def editor_client(client, editor):
    assert client.login(username="editor", password="editor-password")
    return client


def test_editors_group_has_exactly_the_editing_permissions(db):
    group = Group.objects.get(name="Editors")
    assert set(group.permissions.values_list("codename", flat=True)) == EDITOR_PERMISSIONS


def test_editor_changes_french_text_of_paragraph_6_and_readers_see_it(editor_client, geneva, editor):
    assert not editor.is_superuser
    conclusion = geneva.conclusions.get(kind="paragraph", part=1, number=6)
    url = f"/admin/conclusions/conclusion/{conclusion.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    french = "Des expériences relatives aux plans nationaux et régionaux ont été partagées."
    response = editor_client.post(url, conclusion_form_data(conclusion, text_fr=french))
    assert response.status_code == 302, response.content.decode()[:2000]
    conclusion.refresh_from_db()
    assert conclusion.text_fr == french
    assert conclusion.text_zh_hans == geneva.conclusions.get(kind="paragraph", part=1, number=6).text_zh_hans
    assert french in editor_client.get("/fr/meetings/geneva-2016/6/").content.decode()
    assert conclusion.history.count() == 2
    assert conclusion.history.first().history_user == editor


def test_editor_can_see_the_change_and_revert_it(editor_client, geneva):
    conclusion = geneva.conclusions.get(kind="paragraph", part=1, number=6)
    url = f"/admin/conclusions/conclusion/{conclusion.pk}/change/"
    editor_client.post(url, conclusion_form_data(conclusion, text_fr="Erreur de saisie."))
    history_page = editor_client.get(f"/admin/conclusions/conclusion/{conclusion.pk}/history/")
    assert history_page.status_code == 200
    original = conclusion.history.earliest()
    revert_url = f"/admin/conclusions/conclusion/{conclusion.pk}/history/{original.history_id}/"
    assert "Erreur de saisie." not in editor_client.get(revert_url).content.decode()
    response = editor_client.post(revert_url, conclusion_form_data(original.instance))
    assert response.status_code == 302
    conclusion.refresh_from_db()
    assert not conclusion.text_fr
    assert conclusion.history.count() == 3


def test_source_language_text_cannot_be_emptied(editor_client, geneva):
    conclusion = geneva.conclusions.get(kind="paragraph", part=1, number=1)
    url = f"/admin/conclusions/conclusion/{conclusion.pk}/change/"
    response = editor_client.post(url, conclusion_form_data(conclusion, text_zh_hans=""))
    assert response.status_code == 200
    assert "Required in Chinese, the source language of the meeting." in response.content.decode()
    conclusion.refresh_from_db()
    assert conclusion.text_zh_hans


def test_search_finds_text_in_any_language(editor_client, geneva):
    """The interface is English, but the words searched for are Chinese and French."""
    paragraph_10 = geneva.conclusions.get(kind="paragraph", part=1, number=10)
    page = editor_client.get("/admin/conclusions/conclusion/", {"q": "青年"}).content.decode()
    assert re.search(r'<p class="paginator">\s*1 conclusion\s*</p>', page)
    assert f"/admin/conclusions/conclusion/{paragraph_10.pk}/change/" in page

    geneva.conclusions.filter(kind="paragraph", part=1, number=4).update(text_fr="La jeunesse mobilisée.")
    page = editor_client.get("/admin/conclusions/conclusion/", {"q": "jeunesse"}).content.decode()
    assert re.search(r'<p class="paginator">\s*1 conclusion\s*</p>', page)


def test_outdated_in_language_filter(editor_client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", part=1, number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    page = editor_client.get("/admin/conclusions/conclusion/", {"translation": "outdated:en"}).content.decode()
    assert "1 conclusion" in page and f"/admin/conclusions/conclusion/{paragraph.pk}/change/" in page
    meetings = editor_client.get("/admin/conclusions/meeting/", {"translation": "outdated:en"}).content.decode()
    assert "0 meetings" in meetings, "the meeting's own texts did not change"


def test_missing_in_language_filter(editor_client, geneva):
    geneva.conclusions.filter(kind="paragraph", part=1, number=3).update(text_fr="Texte.")
    without_french = geneva.conclusions.filter(text_fr="").count()
    page = editor_client.get("/admin/conclusions/conclusion/", {"translation": "missing:fr"}).content.decode()
    assert f"{without_french} conclusions" in page
    page = editor_client.get("/admin/conclusions/conclusion/", {"translation": "missing:zh-hans"}).content.decode()
    assert "0 conclusions" in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/conclusions/meeting/add/",
        "/admin/conclusions/meeting/{meeting}/change/",
        "/admin/conclusions/meeting/",
        "/admin/conclusions/conclusion/add/",
        "/admin/conclusions/theme/",
        "/admin/conclusions/theme/add/",
        "/admin/conclusions/meeting/{meeting}/history/",
    ],
)
def test_editor_pages_open(editor_client, geneva, path):
    response = editor_client.get(path.format(meeting=geneva.pk))
    assert response.status_code == 200


def test_tabs_script_is_served_by_the_site_not_a_cdn(editor_client, geneva):
    page = editor_client.get(f"/admin/conclusions/meeting/{geneva.pk}/change/").content.decode()
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page and "//ajax." not in page
    assert "/static/conclusions/admin-translations.css" in page


def test_editor_may_not_delete_meetings_or_manage_users(editor_client, geneva):
    assert editor_client.get(f"/admin/conclusions/meeting/{geneva.pk}/delete/").status_code == 403
    assert editor_client.get("/admin/auth/user/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, geneva):
    response = client.get("/admin/conclusions/conclusion/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_deleted_paragraph_is_listed_and_restored_from_its_history(editor_client, geneva):
    from conclusions.models import Conclusion

    conclusion = geneva.conclusions.get(kind="paragraph", part=1, number=6)
    pk, texts, themes = conclusion.pk, conclusion_form_data(conclusion), set(conclusion.themes.all())
    assert editor_client.post(f"/admin/conclusions/conclusion/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Conclusion.objects.filter(pk=pk).exists()

    listing = editor_client.get("/admin/conclusions/conclusion/deleted/").content.decode()
    assert "geneva-2016, paragraph 6" in listing
    assert f"/admin/conclusions/conclusion/{pk}/history/" in listing
    assert editor_client.get(f"/admin/conclusions/conclusion/{pk}/history/").status_code == 200

    last_version = Conclusion.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    response = editor_client.post(f"/admin/conclusions/conclusion/{pk}/history/{last_version.history_id}/", texts)
    assert response.status_code == 302
    restored = Conclusion.objects.get(pk=pk)
    assert restored.text_zh_hans == texts["text_zh_hans"] and set(restored.themes.all()) == themes
    listing = editor_client.get("/admin/conclusions/conclusion/deleted/").content.decode()
    assert "Nothing has been deleted." in listing


def test_minor_edit_keeps_translations_current_and_translators_can_confirm(editor_client, geneva):
    from conclusions.translations.status import translation_statuses

    paragraph = geneva.conclusions.get(kind="paragraph", part=1, number=6)
    url = f"/admin/conclusions/conclusion/{paragraph.pk}/change/"

    def english_status():
        paragraph.refresh_from_db()
        return translation_statuses([paragraph], "text")[(paragraph.pk, "en")]

    typo_fixed = paragraph.text_zh_hans.replace("。", "。 ", 1)
    editor_client.post(url, conclusion_form_data(paragraph, text_zh_hans=typo_fixed, minor_edit="on"))
    assert english_status() == "current"

    editor_client.post(url, conclusion_form_data(paragraph, text_zh_hans=typo_fixed + "（更正）"))
    assert english_status() == "outdated"

    response = editor_client.post(
        "/admin/conclusions/conclusion/",
        {"action": "confirm_en", "_selected_action": [paragraph.pk]},
        follow=True,
    )
    assert "1 outdated translations confirmed as current." in response.content.decode()
    assert english_status() == "current"
