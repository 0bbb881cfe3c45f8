"""Public pages come from the cache until the content they show changes, whichever way it changes."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conclusions.content import content_save, translations_confirm
from conclusions.models import Meeting, Theme
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import, undo_conclusion_import
from conclusions.spreadsheets.conclusion_plan import plan_conclusion_import
from conclusions.spreadsheets.files import read_table
from tests.admin_forms import conclusion_form_data

MEETING_PAGE = "/fr/meetings/geneva-2016/"
SIDE_BY_SIDE = "/ar/meetings/geneva-2016/side-by-side/"


def fetch(client, path: str = MEETING_PAGE) -> tuple[str, int]:
    """A reader's page and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_second_reader_gets_the_same_page_from_the_cache_in_one_query(client, geneva):
    first, first_queries = fetch(client)
    second, second_queries = fetch(client)
    assert second == first
    assert first_queries > 1
    assert second_queries == 1, "only the content version is read"


def test_each_language_and_address_has_its_own_cached_page(client, geneva):
    french, _queries = fetch(client, "/fr/meetings/geneva-2016/")
    arabic, _queries = fetch(client, "/ar/meetings/geneva-2016/")
    assert '<html lang="fr"' in french and '<html lang="ar"' in arabic
    assert fetch(client, "/fr/meetings/geneva-2016/")[0] == french


def test_admin_change_is_shown_at_once(client, editor, geneva):
    fetch(client)
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_fr = "Texte français du paragraphe 6."
    content_save([paragraph])
    page, queries = fetch(client)
    assert "Texte français du paragraphe 6." in page
    assert queries > 1


def test_spreadsheet_import_and_its_undo_are_shown_at_once(client, geneva):
    fetch(client)
    table = read_table(b"meeting,number,text_fr\ngeneva-2016,10,Les jeunes.\n", filename="fr.csv")
    record = apply_conclusion_import(plan_conclusion_import(table), file_name="fr.csv")
    assert "Les jeunes." in fetch(client)[0]
    undo_conclusion_import(record)
    assert "Les jeunes." not in fetch(client)[0]


def test_confirmed_translation_loses_its_outdated_note_at_once(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    assert "may not reflect the latest version" in fetch(client, "/en/meetings/geneva-2016/6/")[0]
    translations_confirm([paragraph], language="en")
    assert "may not reflect the latest version" not in fetch(client, "/en/meetings/geneva-2016/6/")[0]


def test_theme_page_follows_a_paragraph_themes_change(client, editor, geneva):
    youth = Theme.objects.get(slug="youth")
    untagged = geneva.conclusions.filter(kind="paragraph").exclude(themes=youth).order_by("number").first()
    before = fetch(client, "/en/themes/youth/")[0]
    assert f'href="/en/meetings/geneva-2016/{untagged.number}/"' not in before
    editor_browser = Client()
    editor_browser.force_login(editor)
    themes = [*untagged.themes.values_list("pk", flat=True), youth.pk]
    response = editor_browser.post(
        f"/admin/conclusions/conclusion/{untagged.pk}/change/", conclusion_form_data(untagged, themes=themes)
    )
    assert response.status_code == 302
    after = fetch(client, "/en/themes/youth/")[0]
    assert f'href="/en/meetings/geneva-2016/{untagged.number}/"' in after


def test_logged_in_editor_never_gets_or_leaves_a_cached_page(client, editor, make_meeting):
    make_meeting(slug="draft", status=Meeting.Status.DRAFT)
    client.login(username="editor", password="editor-password")
    assert client.get("/en/meetings/draft/").status_code == 200  # the preview
    client.logout()
    assert client.get("/en/meetings/draft/").status_code == 404


@pytest.mark.parametrize("path", ["/en/meetings/soon/", "/en/meetings/soon/1/"])
def test_not_found_is_not_cached(client, make_meeting, path):
    assert client.get(path).status_code == 404
    make_meeting(slug="soon")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("cookie", ["made-up-session-key-1234", "x", ""])
def test_a_session_cookie_nobody_is_logged_in_with_does_not_bypass_the_cache(client, geneva, cookie):
    _page, first_queries = fetch(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    page, queries = fetch(client)
    assert queries <= 2, "the content version, and whether the cookie names a live session"
    assert queries < first_queries


def test_a_session_that_ended_does_not_bypass_the_cache_nor_fill_it_for_one_reader(client, editor, geneva):
    client.force_login(editor)
    client.get("/en/")  # the editor reads a page, logged in: nothing cached for readers
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.logout()
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie  # a browser that kept it
    with CaptureQueriesContext(connection) as rendering:
        response = client.get("/en/")
    assert response.status_code == 200 and len(rendering) > 2, "rendered once, for readers"
    assert not response.cookies, "no cookie set for this reader: the page may be stored"
    assert fetch(client, "/en/")[1] <= 2, "then stored, and served to this reader like any other"


@pytest.mark.parametrize(
    ("address", "canonical"),
    [
        ("/en/meetings/geneva-2016/?utm_source=newsletter", "/en/meetings/geneva-2016/"),
        ("/fr/meetings/geneva-2016/6/?x=1&y=2", "/fr/meetings/geneva-2016/6/"),
        ("/en/search/?q=youth&junk=1&page=2", "/en/search/?q=youth&page=2"),
        (
            "/ar/meetings/geneva-2016/side-by-side/?left=ar&z=&right=zh-hans",
            "/ar/meetings/geneva-2016/side-by-side/?left=ar&right=zh-hans",
        ),
    ],
)
def test_made_up_parameters_lead_to_the_page_without_them(client, geneva, address, canonical):
    response = client.get(address)
    assert response.status_code == 301
    assert response["Location"] == canonical
    assert client.get(canonical).status_code == 200


def test_made_up_parameters_cannot_make_the_server_render_pages(client, geneva):
    fetch(client)  # a first reader: the page is cached
    for number in range(20):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{MEETING_PAGE}?nocache={number}")
        assert response.status_code == 301 and len(queries) == 1, "the content version only: nothing rendered"
    assert fetch(client)[1] == 1


def test_pages_cached_in_redis_are_served_from_it(client, settings, geneva, redis_url):
    """Production's shared cache (REDIS_URL): a page stored by one server process is what the next request gets."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    cache.clear()
    first, first_queries = fetch(client)
    second, second_queries = fetch(client)
    assert second == first and first_queries > 1 and second_queries == 1
    assert any(key.startswith(b":1:public-page:") for key in cache._cache.get_client().keys("*"))
