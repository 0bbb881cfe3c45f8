"""The read-only JSON API: content in every language, exact texts, pagination, errors, CORS and query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.api.query_parameters import MAX_PAGE_SIZE
from conclusions.content import content_save
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Meeting

LIST_ADDRESSES = ["/api/v1/meetings/", "/api/v1/meetings/small/conclusions/", "/api/v1/themes/"]


def get_json(client, path: str, params: dict | None = None, status: int = 200):
    response = client.get(path, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content.decode("utf-8"))


def all_pages(client, path: str, params: dict) -> list[dict]:
    """Every page's results, following `next` from the first page; each `previous` leads back a page."""
    page = get_json(client, path, params)
    assert page["previous"] is None
    results = list(page["results"])
    while page["next"]:
        before = page["results"]
        page = get_json(client, page["next"])
        assert get_json(client, page["previous"])["results"] == before
        results += page["results"]
    assert len(results) == page["count"]
    return results


# Meetings


def test_api_meeting_list_shows_published_meetings_latest_first(client, make_meeting):
    make_meeting(slug="older", start_date=datetime.date(2018, 5, 1), end_date=datetime.date(2018, 5, 2))
    make_meeting(slug="newer", start_date=datetime.date(2021, 3, 1), end_date=datetime.date(2021, 3, 1))
    latest = datetime.date(2024, 1, 1)
    make_meeting(slug="hidden-draft", status=Meeting.Status.DRAFT, start_date=latest, end_date=latest)
    page = get_json(client, "/api/v1/meetings/")
    assert [meeting["slug"] for meeting in page["results"]] == ["newer", "older"]
    assert page["count"] == 2
    newer = page["results"][0]
    assert (newer["start_date"], newer["end_date"], newer["conclusion_count"]) == ("2021-03-01", "2021-03-01", 3)
    assert newer["title"] == {code: ("Meeting newer" if code == "en" else "") for code in LANGUAGE_CODES}


def test_api_meeting_detail_gives_every_text_in_every_language(client, geneva):
    meeting = get_json(client, "/api/v1/meetings/geneva-2016/")
    assert meeting["source_language"] == "zh-hans"
    assert meeting["official_languages"] == geneva.official_language_codes
    for field in ("title", "document_title", "organizers", "venue", "preamble"):
        stored = {code: getattr(geneva, f"{field}_{code.replace('-', '_')}") or "" for code in LANGUAGE_CODES}
        assert meeting[field] == stored, field
    assert meeting["preamble"]["zh-hans"] == geneva.preamble_zh_hans != ""
    assert meeting["conclusion_count"] == geneva.conclusions.count()


def test_api_meeting_links_lead_to_its_conclusions_pages_and_downloads(client, geneva):
    links = get_json(client, "/api/v1/meetings/geneva-2016/")["links"]
    assert get_json(client, links["self"])["slug"] == "geneva-2016"
    assert get_json(client, links["conclusions"])["count"] == geneva.conclusions.count()
    assert list(links["pages"]) == LANGUAGE_CODES
    for code, address in links["pages"].items():
        assert address.endswith(f"/{code}/meetings/geneva-2016/")
        assert client.get(address).status_code == 200
    assert list(links["downloads"]) == ["csv", "xlsx", "ods", "json"]
    for address in links["downloads"].values():
        assert client.get(address).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/meetings/geneva-2016/", "/api/v1/meetings/geneva-2016/conclusions/"])
def test_api_draft_meeting_is_a_json_404_even_for_editors(client, geneva, editor, path):
    Meeting.objects.filter(pk=geneva.pk).update(status=Meeting.Status.DRAFT)
    client.force_login(editor)
    assert get_json(client, path, status=404) == {"error": "No published meeting has the slug “geneva-2016”."}
    assert get_json(client, "/api/v1/meetings/")["count"] == 0


def test_api_unknown_meeting_is_a_json_404(client, geneva):
    assert "no-such-meeting" in get_json(client, "/api/v1/meetings/no-such-meeting/conclusions/", status=404)["error"]


# Conclusions


def test_api_conclusions_keep_the_chinese_original_exactly(client, geneva):
    response = client.get("/api/v1/meetings/geneva-2016/conclusions/")
    raw = response.content.decode("utf-8")
    assert "\\u" not in raw, "texts must be UTF-8 characters, not \\u escapes"
    results = json.loads(raw)["results"]
    originals = dict(geneva.conclusions.values_list("number", "text_zh_hans"))
    assert {item["number"]: item["texts"]["zh-hans"] for item in results} == originals
    assert originals[1] in raw


def test_api_conclusions_in_the_languages_asked_in_their_order(client, geneva):
    results = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/", {"languages": "fr,zh-hans"})["results"]
    for item in results:
        assert (
            list(item["texts"])
            == list(item["translation_status"])
            == list(item["links"]["pages"])
            == ["fr", "zh-hans"]
        )
    paragraph = geneva.conclusions.get(number=6)
    assert results[5]["texts"] == {"fr": paragraph.text_fr or "", "zh-hans": paragraph.text_zh_hans}


def test_api_conclusions_default_to_all_six_languages(client, geneva):
    first = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/")["results"][0]
    assert list(first["texts"]) == LANGUAGE_CODES


def test_api_translation_status_follows_the_original(client, geneva):
    paragraph = geneva.conclusions.get(number=4)
    paragraph.text_fr = "Texte français du paragraphe 4."
    content_save([paragraph])
    address = "/api/v1/meetings/geneva-2016/conclusions/"
    status = get_json(client, address)["results"][3]["translation_status"]
    assert status == {
        "ar": "missing",
        "zh-hans": "source",
        "en": "current",
        "fr": "current",
        "ru": "missing",
        "es": "missing",
    }

    paragraph.text_zh_hans += "（更正）"
    content_save([paragraph])
    status = get_json(client, address, {"languages": "en,fr,zh-hans"})["results"][3]["translation_status"]
    assert status == {"en": "outdated", "fr": "outdated", "zh-hans": "source"}


def test_api_conclusion_themes_and_permalinks(client, geneva):
    results = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/")["results"]
    for item in results:
        stored = geneva.conclusions.get(number=item["number"]).themes.order_by("position", "slug")
        assert item["themes"] == [theme.slug for theme in stored]
        assert item["meeting"] == "geneva-2016"
    assert any(item["themes"] for item in results)
    permalink = results[9]["links"]["pages"]["zh-hans"]
    assert permalink == "http://testserver/zh-hans/meetings/geneva-2016/10/"
    assert geneva.conclusions.get(number=10).text_zh_hans in client.get(permalink).content.decode()


# Themes


def test_api_themes_count_only_published_paragraphs_and_meetings(client, make_meeting, make_theme):
    peace, youth = make_theme("peace", position=1, name_fr="Paix"), make_theme("youth", position=2)
    make_meeting(slug="one", conclusions=2, themes=[peace])
    make_meeting(slug="two", conclusions=3, themes=[peace, youth])
    make_meeting(slug="draft", conclusions=4, themes=[youth], status=Meeting.Status.DRAFT)
    themes = get_json(client, "/api/v1/themes/")["results"]
    assert [(t["slug"], t["conclusion_count"], t["meeting_count"]) for t in themes] == [
        ("peace", 5, 2),
        ("youth", 3, 1),
    ]
    assert themes[0]["name"]["fr"] == "Paix"
    assert themes[0]["name"]["ar"] == ""
    assert client.get(themes[0]["links"]["pages"]["fr"]).status_code == 200


# Pagination


@pytest.mark.parametrize("page_size", [1, 3, 7, MAX_PAGE_SIZE])
def test_api_pages_hold_every_conclusion_once_in_order(client, make_meeting, page_size):
    make_meeting(slug="seven", conclusions=7)
    results = all_pages(client, "/api/v1/meetings/seven/conclusions/", {"page_size": page_size, "languages": "en"})
    assert [item["number"] for item in results] == list(range(1, 8))
    assert {tuple(item["texts"]) for item in results} == {("en",)}


def test_api_next_and_previous_keep_the_other_parameters(client, make_meeting):
    make_meeting(slug="seven", conclusions=7)
    page = get_json(client, "/api/v1/meetings/seven/conclusions/", {"languages": "fr,en", "page_size": 3, "page": 2})
    assert page["next"] == "http://testserver/api/v1/meetings/seven/conclusions/?languages=fr,en&page_size=3&page=3"
    assert page["previous"] == "http://testserver/api/v1/meetings/seven/conclusions/?languages=fr,en&page_size=3"
    last = get_json(client, page["next"])
    assert (last["next"], [item["number"] for item in last["results"]]) == (None, [7])


def test_api_empty_list_has_an_empty_first_page(client, db):
    assert get_json(client, "/api/v1/meetings/") == {"count": 0, "next": None, "previous": None, "results": []}
    assert "Page 2 does not exist" in get_json(client, "/api/v1/meetings/", {"page": 2}, status=400)["error"]


# Errors: a 400 or 404 in JSON that says what to change, never a 500


@pytest.mark.parametrize("path", LIST_ADDRESSES)
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"languages": "de"}, "Unknown language code “de” in “languages”: the codes are ar, zh-hans, en, fr, ru, es."),
        ({"languages": "zh"}, "Unknown language code “zh”"),
        ({"languages": "FR"}, "Unknown language code “FR”"),
        ({"languages": "fr,xx,yy"}, "Unknown language codes “xx”, “yy”"),
        ({"languages": ""}, "“languages” is empty"),
        ({"languages": "fr,"}, "Unknown language code “”"),
        ({"languages": "fr,en,fr"}, "“languages” names fr more than once."),
        ({"page": "0"}, "“page” must be a whole number from 1: got “0”."),
        ({"page": "-1"}, "“page” must be a whole number from 1"),
        ({"page": "abc"}, "“page” must be a whole number from 1"),
        ({"page": "1.5"}, "“page” must be a whole number from 1"),
        ({"page": " 1"}, "“page” must be a whole number from 1"),
        ({"page": "٣"}, "“page” must be a whole number from 1"),
        ({"page": "9" * 30}, "“page” must be a whole number from 1"),
        ({"page": "999"}, "Page 999 does not exist"),
        ({"page_size": "0"}, f"“page_size” must be a whole number from 1 to {MAX_PAGE_SIZE}: got “0”."),
        ({"page_size": str(MAX_PAGE_SIZE + 1)}, f"from 1 to {MAX_PAGE_SIZE}: got “{MAX_PAGE_SIZE + 1}”."),
        ({"page_size": "ten"}, "“page_size” must be a whole number"),
        ({"language": "fr"}, "Unknown query parameter “language”: this address takes languages, page, page_size."),
        ({"page": ["1", "2"]}, "The query parameter “page” is given 2 times: give it once."),
    ],
)
def test_api_bad_parameters_are_a_400_that_says_why(client, make_meeting, make_theme, path, params, message):
    make_meeting(slug="small", themes=[make_theme("peace")])
    response = client.get(path, params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert list(body) == ["error"]
    assert message in body["error"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/meetings/geneva-2016/", {"page": "1"}),
        ("/api/v1/", {"languages": "fr"}),
        ("/api/v1/openapi.json", {"format": "yaml"}),
    ],
)
def test_api_addresses_refuse_parameters_they_do_not_take(client, geneva, path, params):
    assert "Unknown query parameter" in get_json(client, path, params, status=400)["error"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here/",
        "/api/v1/meetings/geneva-2016/conclusions/1/",
        "/api/v1/meetings/%E4%B8%AD/",
        "/api/v1/meetings/geneva-2016/extra/",
        "/api/v1/themes/youth/",
    ],
)
def test_api_unknown_addresses_are_a_json_404(client, geneva, path):
    assert "No such address in the API" in get_json(client, path, status=404)["error"]


def test_api_address_without_its_final_slash_redirects(client, geneva):
    response = client.get("/api/v1/meetings/geneva-2016/conclusions?languages=fr")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/meetings/geneva-2016/conclusions/?languages=fr"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, geneva, method):
    response = getattr(client, method)("/api/v1/meetings/geneva-2016/", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert json.loads(response.content) == {"error": f"The API is read-only: use GET, not {method.upper()}."}
    assert Meeting.objects.filter(slug="geneva-2016").exists()


# CORS


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/meetings/", 200), ("/api/v1/meetings/?page=0", 400), ("/api/v1/meetings/nope/", 404)],
)
def test_api_answers_are_readable_from_any_origin(client, geneva, path, status):
    response = client.get(path, headers={"Origin": "https://example.org"})
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response


def test_api_answers_a_cors_preflight(client, geneva):
    response = client.options(
        "/api/v1/themes/",
        headers={"Origin": "https://example.org", "Access-Control-Request-Headers": "x-requested-with"},
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "x-requested-with"


# Root


def test_api_root_links_to_every_list_and_the_openapi_document(client, geneva):
    root = get_json(client, "/api/v1/")
    assert root["languages"] == LANGUAGE_CODES
    for address in root["links"].values():
        assert client.get(address).status_code == 200


# Queries


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("path", "most"),
    [
        ("/api/v1/meetings/?page_size=500", 2),  # count, page
        ("/api/v1/meetings/{slug}/", 1),
        ("/api/v1/meetings/{slug}/conclusions/?page_size=500", 5),  # meeting, count, page, themes, statuses
        ("/api/v1/meetings/{slug}/conclusions/?languages=fr&page_size=500", 5),
        ("/api/v1/themes/?page_size=500", 2),
        ("/api/v1/", 0),
        ("/api/v1/openapi.json", 0),
    ],
)
def test_api_query_count_does_not_grow_with_the_data(client, make_meeting, make_theme, path, most):
    """3 and 120 paragraphs, 2 and 14 themes, 1 and 6 meetings cost the same."""
    few_themes = [make_theme("peace"), make_theme("youth")]
    make_meeting(slug="small", conclusions=3, themes=few_themes)
    small_count = count_queries(client, path.format(slug="small"))

    many_themes = few_themes + [make_theme(f"theme-{n}", position=n) for n in range(12)]
    make_meeting(slug="large", conclusions=120, themes=many_themes)
    for n in range(4):
        make_meeting(slug=f"other-{n}", conclusions=2, themes=many_themes)
    assert count_queries(client, path.format(slug="large")) == small_count <= most


# The site links to it


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_site_footer_links_to_the_api_and_its_openapi_description(client, geneva, language):
    page = client.get(f"/{language}/").content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    for address in ("/api/v1/", "/api/v1/openapi.json"):
        assert f'href="{address}"' in footer
        assert client.get(address).status_code == 200
