"""The read-only JSON API: content in every language, exact texts, pagination, errors, CORS and query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conclusions.api.query_parameters import MAX_PAGE_SIZE
from conclusions.content import content_save
from conclusions.languages import LANGUAGE_CODES
from conclusions.models import Conclusion, Meeting
from tests.real_documents import AWAZA, JOINT_STATEMENT, import_real_document

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


def column(code: str) -> str:
    return code.replace("-", "_")


def test_api_meeting_detail_gives_every_text_in_every_language(client, geneva):
    meeting = get_json(client, "/api/v1/meetings/geneva-2016/")
    assert meeting["source_language"] == "zh-hans"
    assert meeting["official_languages"] == geneva.official_language_codes
    for field in ("title", "document_title", "organizers", "venue"):
        stored = {code: getattr(geneva, f"{field}_{column(code)}") or "" for code in LANGUAGE_CODES}
        assert meeting[field] == stored, field
    preamble = geneva.conclusions.filter(kind="preamble").order_by("position")
    assert meeting["preamble"]["zh-hans"] == "\n\n".join(block.text_zh_hans for block in preamble)
    assert meeting["preamble"]["ar"] == ""  # not translated: no fallback in the API
    assert meeting["conclusion_count"] == geneva.conclusions.filter(kind="paragraph").count() == 17
    assert (meeting["part_count"], meeting["outline"]) == (1, [])
    assert meeting["block_counts"] == {kind: geneva.conclusions.filter(kind=kind).count() for kind in Conclusion.Kind}


def test_api_meeting_detail_outlines_a_document_in_two_parts(client, db):
    awaza = import_real_document(AWAZA)
    meeting = get_json(client, f"/api/v1/meetings/{awaza.slug}/", {"languages": "en,fr"})
    assert meeting["part_count"] == 2
    assert meeting["block_counts"]["section"] == 6
    stored = awaza.conclusions.filter(kind__in=["part", "section"]).order_by("position")
    assert [(item["kind"], item["part"], item["texts"]["en"]) for item in meeting["outline"]] == [
        (block.kind, block.part, block.text_en) for block in stored
    ]
    assert [item["label"]["fr"] for item in meeting["outline"] if item["label"]["fr"]["text"]] == [
        {"text": numeral, "language": "en"} for numeral in ("I.", "II.", "III.")
    ]
    assert meeting["preamble"]["en"].startswith("The General Assembly,\n\nRecalling its resolutions")
    for item in meeting["outline"]:
        # The meeting's page in the reader's language, at the heading's anchor.
        address, anchor = item["url"].split("#")
        response = client.get(address, headers={"Accept-Language": "fr"})
        assert (response.status_code, response["Location"]) == (302, f"/fr/meetings/{awaza.slug}/")
        assert anchor == Conclusion.objects.get(meeting=awaza, position=item["position"]).anchor


def test_api_meeting_links_lead_to_its_conclusions_pages_and_downloads(client, geneva):
    links = get_json(client, "/api/v1/meetings/geneva-2016/")["links"]
    assert get_json(client, links["self"])["slug"] == "geneva-2016"
    assert get_json(client, links["conclusions"])["count"] == geneva.conclusions.count() == 33
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


# Conclusions: the blocks of a document


def geneva_paragraphs(client, **params) -> list[dict]:
    """Geneva's numbered paragraphs, in order."""
    return get_json(client, "/api/v1/meetings/geneva-2016/conclusions/", {"kind": "paragraph", **params})["results"]


def test_api_conclusions_keep_the_chinese_original_exactly(client, geneva):
    response = client.get("/api/v1/meetings/geneva-2016/conclusions/")
    raw = response.content.decode("utf-8")
    assert "\\u" not in raw, "texts must be UTF-8 characters, not \\u escapes"
    results = json.loads(raw)["results"]
    originals = dict(geneva.conclusions.values_list("position", "text_zh_hans"))
    assert {item["position"]: item["texts"]["zh-hans"] for item in results} == originals
    assert originals[12] in raw


def test_api_conclusions_are_every_block_of_the_document_in_order(client, geneva):
    results = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/")["results"]
    stored = geneva.conclusions.order_by("position")
    assert [(item["kind"], item["part"], item["number"], item["position"]) for item in results] == [
        (block.kind, block.part, block.number, block.position) for block in stored
    ]
    assert [item["kind"] for item in results[10:12]] == ["heading", "preamble"]


def test_api_geneva_paragraph_6_keeps_its_number_text_and_addresses(client, geneva):
    paragraph = geneva_paragraphs(client)[5]
    stored = geneva.conclusions.get(kind="paragraph", number=6)
    assert (paragraph["kind"], paragraph["number"], paragraph["texts"]["zh-hans"]) == (
        "paragraph",
        6,
        stored.text_zh_hans,
    )
    assert paragraph["label"]["zh-hans"] == {"text": "6.", "language": "zh-hans"}
    assert paragraph["label"]["en"] == {"text": "6.", "language": "zh-hans"}  # printed in the original only
    assert paragraph["links"]["pages"]["zh-hans"] == "http://testserver/zh-hans/meetings/geneva-2016/6/"
    assert paragraph["url"] == "http://testserver/meetings/geneva-2016/6/"
    page = client.get(paragraph["url"], follow=True, headers={"Accept-Language": "zh-hans"})
    assert page.redirect_chain[-1][0] == "/zh-hans/meetings/geneva-2016/6/"
    assert stored.text_zh_hans in page.content.decode()


def test_api_conclusions_in_the_languages_asked_in_their_order(client, geneva):
    results = geneva_paragraphs(client, languages="fr,zh-hans")
    for item in results:
        assert (
            list(item["texts"])
            == list(item["translation_status"])
            == list(item["links"]["pages"])
            == list(item["label"])
            == ["fr", "zh-hans"]
        )
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    assert results[5]["texts"] == {"fr": paragraph.text_fr or "", "zh-hans": paragraph.text_zh_hans}


def test_api_conclusions_default_to_all_six_languages(client, geneva):
    first = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/")["results"][0]
    assert list(first["texts"]) == LANGUAGE_CODES


def test_api_translation_status_follows_the_original(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=4)
    paragraph.text_fr = "Texte français du paragraphe 4."
    content_save([paragraph])
    status = geneva_paragraphs(client)[3]["translation_status"]
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
    status = geneva_paragraphs(client, languages="en,fr,zh-hans")[3]["translation_status"]
    assert status == {"en": "outdated", "fr": "outdated", "zh-hans": "source"}


def test_api_conclusion_themes_and_permalinks(client, geneva):
    results = get_json(client, "/api/v1/meetings/geneva-2016/conclusions/")["results"]
    for item in results:
        stored = geneva.conclusions.get(position=item["position"]).themes.order_by("position", "slug")
        assert item["themes"] == [theme.slug for theme in stored]
        assert item["meeting"] == "geneva-2016"
    assert any(item["themes"] for item in results)
    permalink = geneva_paragraphs(client)[9]["links"]["pages"]["zh-hans"]
    assert permalink == "http://testserver/zh-hans/meetings/geneva-2016/10/"
    paragraph_10 = geneva.conclusions.get(kind="paragraph", number=10)
    assert paragraph_10.text_zh_hans in client.get(permalink).content.decode()
    preamble_2 = next(item for item in results if item["kind"] == "preamble" and item["number"] == 2)
    assert preamble_2["links"]["pages"]["fr"] == "http://testserver/fr/meetings/geneva-2016/preamble-2/"
    heading_1 = results[0]
    assert heading_1["url"] == "http://testserver/meetings/geneva-2016/#heading1"


def test_api_blocks_of_a_kind_and_part_of_a_document_in_two_parts(client, db):
    awaza = import_real_document(AWAZA)
    address = f"/api/v1/meetings/{awaza.slug}/conclusions/"
    annex = get_json(client, address, {"kind": "paragraph", "part": "2", "languages": "en"})["results"]
    assert [item["number"] for item in annex] == list(range(1, 26))
    assert {item["part"] for item in annex} == {2}
    assert annex[12]["links"]["pages"]["en"] == f"http://testserver/en/meetings/{awaza.slug}/part-2/13/"
    items = get_json(client, address, {"kind": "item", "languages": "en,fr"})["results"]
    assert [item["label"]["en"]["text"] for item in items] == ["(a)", "(b)", "(c)", "(d)", "(e)"]
    assert {(item["label"]["fr"]["language"], item["texts"]["fr"]) for item in items} == {("en", "")}
    assert items[0]["url"] == f"http://testserver/meetings/{awaza.slug}/#part2-item1"
    notes_and_sections = get_json(client, address, {"kind": "section,footnote"})
    assert notes_and_sections["count"] == 6 + 16
    assert get_json(client, address, {"part": "3"})["count"] == 0


def test_api_pages_of_blocks_hold_every_block_once_in_document_order(client, db):
    statement = import_real_document(JOINT_STATEMENT)
    address = f"/api/v1/meetings/{statement.slug}/conclusions/"
    results = all_pages(client, address, {"page_size": 7, "languages": "zh-hans"})
    stored = statement.conclusions.order_by("position")
    assert [(item["kind"], item["texts"]["zh-hans"]) for item in results] == [
        (block.kind, block.text_zh_hans) for block in stored
    ]
    assert {item["label"]["zh-hans"]["text"] for item in results if item["kind"] == "item"} == {"——"}


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
        ({"language": "fr"}, "Unknown query parameter “language”: this address takes languages, page, page_size"),
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
    ("params", "message"),
    [
        (
            {"kind": "chapter"},
            "Unknown kind “chapter” in “kind”: the kinds of block are heading, preamble, part, section, paragraph, "
            "unnumbered, item, closing, footnote, furniture.",
        ),
        ({"kind": "paragraph,Section,x"}, "Unknown kinds “Section”, “x” in “kind”"),
        ({"kind": ""}, "“kind” is empty"),
        ({"kind": "paragraph,"}, "Unknown kind “”"),
        ({"part": "0"}, "“part” must be a whole number from 1: got “0”."),
        ({"part": "two"}, "“part” must be a whole number from 1"),
        ({"part": "9" * 12}, "“part” must be a whole number from 1"),
    ],
)
def test_api_bad_block_filters_are_a_400_that_says_why(client, geneva, params, message):
    assert message in get_json(client, "/api/v1/meetings/geneva-2016/conclusions/", params, status=400)["error"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/meetings/geneva-2016/", {"page": "1"}),
        ("/api/v1/meetings/geneva-2016/", {"kind": "paragraph"}),
        ("/api/v1/meetings/", {"kind": "paragraph"}),
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
        ("/api/v1/meetings/{slug}/", 4),  # meeting, preamble and outline, their themes, their statuses
        ("/api/v1/meetings/{slug}/conclusions/?page_size=500", 5),  # meeting, count, page, themes, statuses
        ("/api/v1/meetings/{slug}/conclusions/?languages=fr&page_size=500", 5),
        ("/api/v1/meetings/{slug}/conclusions/?kind=section,item&part=2&page_size=500", 5),
        ("/api/v1/themes/?page_size=500", 2),
        ("/api/v1/", 0),
        ("/api/v1/openapi.json", 0),
    ],
)
def test_api_query_count_does_not_grow_with_the_data(client, make_meeting, make_theme, path, most):
    """A three-paragraph meeting and a resolution with its annex (two parts, sections, sub-items, footnotes), 2 and
    14 themes, 2 and 7 meetings cost the same."""
    few_themes = [make_theme("peace"), make_theme("youth")]
    small = make_meeting(slug="small", conclusions=3, themes=few_themes)
    # The small document has a part 2 with a section heading and a sub-item too, so that nothing is skipped for it.
    content_save([Conclusion(meeting=small, part=2, kind=kind, text_en=kind) for kind in ("section", "item")])
    small_count = count_queries(client, path.format(slug="small"))

    many_themes = few_themes + [make_theme(f"theme-{n}", position=n) for n in range(12)]
    large = import_real_document(AWAZA, slug="large")
    for block in large.conclusions.all():
        block.themes.set(many_themes)
    for n in range(4):
        make_meeting(slug=f"other-{n}", conclusions=2, themes=many_themes)
    assert large.conclusions.count() > 90
    assert count_queries(client, path.format(slug="large")) == small_count <= most


# The site links to it


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_site_footer_links_to_the_api_and_its_openapi_description(client, geneva, language):
    page = client.get(f"/{language}/").content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    for address in ("/api/v1/", "/api/v1/openapi.json"):
        assert f'href="{address}"' in footer
        assert client.get(address).status_code == 200
