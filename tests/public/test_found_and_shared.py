"""Citing a paragraph, and being found: sitemap, robots.txt, canonical and hreflang links, page metadata, print."""

import html
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders

from conclusions.content import content_save
from conclusions.models import Meeting

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]


def citation(page: str) -> str:
    found = re.search(r'<p class="citation" id="citation">(.*?)</p>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", found))


def test_citation_names_the_paragraph_and_an_unofficial_translation(client, geneva):
    paragraph = geneva.conclusions.get(kind="paragraph", number=7)
    paragraph.text_fr = "Texte français du paragraphe 7."
    content_save([paragraph])
    page = client.get("/fr/meetings/geneva-2016/7/").content.decode()
    assert citation(page) == (
        "Conférence de Genève sur la prévention de l'extrémisme violent – La voie à suivre, "
        "Conclusions conjointes des coprésidents (Office des Nations Unies à Genève, Suisse, "
        f"{html.unescape(re.search(r'<time[^>]*>(.*?)</time>', page).group(1))}), "
        "par. 7 [français, traduction non officielle]"
    )


def test_citation_of_the_original_says_so(client, geneva):
    page = client.get("/zh-hans/meetings/geneva-2016/7/").content.decode()
    assert citation(page).endswith("第7段［中文，原文］")
    page = client.get("/en/meetings/geneva-2016/7/").content.decode()
    assert citation(page).endswith("para. 7 [English, unofficial translation]")


def test_citation_of_an_untranslated_paragraph_names_the_original_it_quotes(client, geneva):
    page = client.get("/ru/meetings/geneva-2016/7/").content.decode()
    quoted = citation(page)
    assert quoted.endswith("[китайский, оригинал]"), quoted
    assert '<span lang="zh-hans" dir="ltr">' not in page.split('id="citation"')[1].split("</p>")[0], (
        "the Russian title and document title are used"
    )


def test_citation_of_an_official_version_says_official(client, geneva):
    geneva.official_languages = ["zh-hans", "en"]
    content_save([geneva])
    page = client.get("/en/meetings/geneva-2016/7/").content.decode()
    assert citation(page).endswith("para. 7 [English, official language version]")


def test_paragraph_page_offers_the_permalink_and_copy_buttons(client, geneva):
    page = client.get("/en/meetings/geneva-2016/7/").content.decode()
    assert '<a href="http://testserver/en/meetings/geneva-2016/7/" id="permalink" dir="ltr">' in page
    assert 'data-copy="citation"' in page and 'data-copy="permalink"' in page


def test_sitemap_lists_every_public_page_in_every_language_with_alternates(client, geneva, make_meeting):
    make_meeting(slug="draft-meeting", status=Meeting.Status.DRAFT)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [url.find(f"{SITEMAP}loc").text for url in root.iter(f"{SITEMAP}url")]
    for language in LANGUAGES:
        assert f"http://testserver/{language}/meetings/geneva-2016/" in locations
        assert f"http://testserver/{language}/meetings/geneva-2016/17/" in locations
        assert f"http://testserver/{language}/meetings/geneva-2016/preamble-5/" in locations
        assert f"http://testserver/{language}/themes/youth/" in locations
    assert not [location for location in locations if "draft-meeting" in location]
    assert len(locations) == 6 * (2 + 1 + 5 + 17 + 14), "index pages, the meeting, its preamble and paragraphs, themes"
    first = next(root.iter(f"{SITEMAP}url"))
    alternates = {link.get("hreflang") for link in first.iter(f"{XHTML}link")}
    assert alternates == {*LANGUAGES, "x-default"}


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_every_page_names_the_site_icon_and_favicon_ico_leads_to_it(client, admin_client, geneva):
    """Browsers ask for /favicon.ico where a page names no icon: a 404 on every page, in every log."""
    icon = re.compile(r'<link rel="icon" href="(/static/favicon[^"]*\.svg)" type="image/svg\+xml">')
    (public,) = icon.findall(client.get("/en/meetings/geneva-2016/").content.decode())
    (in_admin,) = icon.findall(admin_client.get("/admin/conclusions/conclusion/").content.decode())
    assert public == in_admin
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, public)
    assert finders.find("favicon.svg"), "the icon is a static file the site serves"
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_carry_canonical_hreflang_and_open_graph_in_their_language(client, geneva, language):
    page = client.get(f"/{language}/meetings/geneva-2016/6/").content.decode()
    head = page.split("</head>")[0]
    assert f'<link rel="canonical" href="http://testserver/{language}/meetings/geneva-2016/6/">' in head
    hreflangs = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    assert hreflangs == {
        **{code: f"http://testserver/{code}/meetings/geneva-2016/6/" for code in LANGUAGES},
        "x-default": "http://testserver/meetings/geneva-2016/6/",
    }
    paragraph = geneva.conclusions.get(kind="paragraph", number=6)
    shown = getattr(paragraph, f"text_{language.replace('-', '_')}") or paragraph.text_zh_hans
    description = html.unescape(re.search(r'<meta name="description" content="([^"]*)">', head).group(1))
    assert description.rstrip("…") in shown
    og = dict(re.findall(r'<meta property="og:([a-z_:]+)" content="([^"]*)">', head))
    assert og["url"] == f"http://testserver/{language}/meetings/geneva-2016/6/"
    assert og["type"] == "article"
    assert og["locale"].startswith({"zh-hans": "zh"}.get(language, language))
    assert html.unescape(og["description"]) == description


def test_x_default_address_lets_the_site_pick_the_reader_language(client, geneva):
    response = client.get("/meetings/geneva-2016/6/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/meetings/geneva-2016/6/"


def test_printed_meeting_keeps_numbers_and_shows_each_permalink(client, geneva):
    page = client.get("/en/meetings/geneva-2016/").content.decode()
    printed = re.findall(r'<p class="print-only print-permalink" dir="ltr">([^<]+)</p>', page)
    assert printed == [
        *(f"http://testserver/en/meetings/geneva-2016/preamble-{number}/" for number in range(1, 6)),
        *(f"http://testserver/en/meetings/geneva-2016/{number}/" for number in range(1, 18)),
    ]
