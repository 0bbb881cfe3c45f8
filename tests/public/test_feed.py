"""The Atom feed: published meetings only, the most recently changed first, in the reader's language."""

import datetime

import feedparser
import pytest
from lxml import etree

from conclusions.content import content_save
from conclusions.models import Conclusion, Meeting

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
DAY = datetime.timedelta(days=1)
START = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)


def set_changed_at(meeting: Meeting, when: datetime.datetime) -> None:
    """Date a meeting's publication, last save and paragraph history, as if it all happened `when`."""
    Meeting.objects.filter(pk=meeting.pk).update(published_at=when, updated_at=when)
    Conclusion.history.filter(meeting_id=meeting.pk).update(history_date=when)


def feed(client, language: str = "en"):
    response = client.get(f"/{language}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_links(client, language: str = "en") -> list[str]:
    return [entry.link for entry in feed(client, language).entries]


@pytest.fixture
def three_meetings(make_meeting):
    """Published "old" and "new", and a draft changed after both."""
    meetings = {
        "old": make_meeting(slug="old"),
        "new": make_meeting(slug="new"),
        "draft": make_meeting(slug="draft", status=Meeting.Status.DRAFT),
    }
    for offset, meeting in enumerate(meetings.values()):
        set_changed_at(meeting, START + offset * DAY)
    return meetings


def test_feed_lists_published_meetings_only_most_recent_first(client, three_meetings):
    assert entry_links(client) == ["http://testserver/en/meetings/new/", "http://testserver/en/meetings/old/"]
    entry = feed(client).entries[1]
    assert entry.published_parsed[:3] == entry.updated_parsed[:3] == (2025, 1, 1)


def test_updating_a_meeting_moves_its_entry_first_with_its_new_title_and_date(client, three_meetings):
    old = Meeting.objects.get(slug="old")
    old.title_en = "Renamed meeting"
    content_save([old])
    first = feed(client).entries[0]
    assert (first.link, first.title) == ("http://testserver/en/meetings/old/", "Renamed meeting")
    old.refresh_from_db()
    assert datetime.datetime.fromisoformat(first.updated) == old.updated_at
    assert datetime.datetime.fromisoformat(first.published) == START, "publication date unchanged"


def test_changing_a_paragraph_moves_its_meeting_first(client, three_meetings):
    paragraph = Conclusion.objects.get(meeting__slug="old", kind="paragraph", number=2)
    paragraph.text_fr = "Texte français du paragraphe 2."
    content_save([paragraph])
    first = feed(client).entries[0]
    assert first.link == "http://testserver/en/meetings/old/"
    assert datetime.datetime.fromisoformat(first.updated) == paragraph.history.latest().history_date


def test_withdrawn_meeting_leaves_the_feed(client, three_meetings):
    Meeting.objects.filter(slug="new").update(status=Meeting.Status.DRAFT)
    assert entry_links(client) == ["http://testserver/en/meetings/old/"]


def test_entries_are_in_the_page_language_else_in_the_original(client, geneva, make_meeting):
    make_meeting(slug="english-only", title_en="English title", document_title_en="Final statement")
    entries = {entry.link: entry for entry in feed(client, "fr").entries}
    geneva_entry = entries["http://testserver/fr/meetings/geneva-2016/"]
    assert geneva_entry.title == geneva.title_fr
    assert f"<p>{geneva.document_title_fr}</p>" in geneva_entry.summary
    assert "Langue de l’original" in geneva_entry.summary
    assert entries["http://testserver/fr/meetings/english-only/"].title == "English title"
    # The summary's HTML as sent (feedparser's sanitizer reorders attributes): the fallback is marked.
    root = etree.fromstring(client.get("/fr/feed.atom").content)
    summaries = [summary.text for summary in root.iterfind("atom:entry/atom:summary", ATOM)]
    assert any('<p><span lang="en" dir="ltr">Final statement</span></p>' in summary for summary in summaries)


def test_feed_has_the_elements_atom_requires(client, geneva, make_meeting):
    make_meeting(slug="second")
    root = etree.fromstring(client.get("/zh-hans/feed.atom").content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    for name in ("id", "title", "updated", "author/atom:name"):
        assert len(root.findall(f"atom:{name}", ATOM)) == 1, name
    assert root.find("atom:link[@rel='self']", ATOM).get("href") == "http://testserver/zh-hans/feed.atom"
    entries = root.findall("atom:entry", ATOM)
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary"):
            assert len(entry.findall(f"atom:{name}", ATOM)) == 1, name
        assert entry.find("atom:link[@rel='alternate']", ATOM).get("href").startswith("http://testserver/zh-hans/")
        for name in ("updated", "published"):
            datetime.datetime.fromisoformat(entry.findtext(f"atom:{name}", namespaces=ATOM))
    ids = [entry.findtext("atom:id", namespaces=ATOM) for entry in entries]
    assert len(set(ids)) == len(ids)
    assert root.findtext("atom:updated", namespaces=ATOM) == max(
        entry.findtext("atom:updated", namespaces=ATOM) for entry in entries
    )


def test_every_page_announces_the_feed_in_its_language(client, geneva):
    for path in ("/fr/", "/fr/meetings/geneva-2016/", "/fr/themes/", "/fr/meetings/no-such-meeting/"):
        page = client.get(path).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" href="/fr/feed.atom"' in page, path


@pytest.mark.parametrize("path", ["/en/feed.atom/", "/en/feed", "/xx/feed.atom"])
def test_bad_feed_addresses_answer_404(client, geneva, path):
    assert client.get(path).status_code == 404


def test_feed_refuses_post(client, geneva):
    assert client.post("/en/feed.atom").status_code == 405


@pytest.mark.parametrize(("meetings", "paragraphs"), [(1, 3), (12, 40)])
def test_feed_query_count_does_not_grow(client, make_meeting, django_assert_max_num_queries, meetings, paragraphs):
    for number in range(meetings):
        make_meeting(slug=f"meeting-{number}", conclusions=paragraphs)
    with django_assert_max_num_queries(2):  # the page cache's content version, then one for the feed
        assert len(feed(client).entries) == meetings
