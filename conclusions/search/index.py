"""Keeping `SearchText` (the folded texts search looks in) in step with the conclusions and their meetings.

What is stored is each text's index form: its words' stems (see words.py).
Every writer of content goes through `conclusions.content`, which calls
`index_conclusions` for the conclusions it wrote and `copy_meeting_places`
for the meetings (their publication status, date and slug are copied to
their paragraphs' search texts). Deleted conclusions and meetings take their
search texts with them (foreign key cascade). `manage.py
rebuild_search_index` rewrites them all, for a database changed behind the
application's back or after a change to the folding rules.
"""

from collections.abc import Iterable

from django.db import connection

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting, SearchText
from conclusions.search.words import search_form
from conclusions.spreadsheets.bulk_sql import batches, insert_rows

TEXT_COLUMNS = [translated_column("text", code) for code in LANGUAGE_CODES]
PLACE_COLUMNS = ["meeting_id", "meeting__status", "meeting__start_date", "meeting__slug", "position", "kind"]
SEARCH_TEXT_COLUMNS = [
    "conclusion_id",
    "language",
    "text",
    "meeting_id",
    "published",
    "meeting_start_date",
    "meeting_slug",
    "position",
    "kind",
]


def search_rows(pk: int, meeting_id: int, status: str, start_date, slug: str, position: int, kind: str, *texts):
    """One row of SEARCH_TEXT_COLUMNS per language with a text; arguments as read with PLACE_COLUMNS, TEXT_COLUMNS."""
    published = status == Meeting.Status.PUBLISHED
    for language, text in zip(LANGUAGE_CODES, texts, strict=True):
        if form := search_form(text or "", language):
            yield (pk, language, form, meeting_id, published, start_date, slug, position, kind)


def index_conclusions(conclusion_ids: Iterable[int]) -> None:
    """Bring the search texts of these conclusions in step with their stored texts, in batches.

    Only the rows that differ are rewritten: a translator's import touches
    one language, and every row written costs PostgreSQL's search indexes
    dozens of entries (a word each; hundreds of trigrams for a Chinese text).
    """
    bulk = connection.vendor == "postgresql"
    for batch in batches(conclusion_ids):
        if bulk and len(batch) > 100:
            with connection.cursor() as cursor:
                # Many rows at once: the GIN indexes merge them in fewer, larger steps.
                cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
                cursor.execute("SET LOCAL work_mem = '64MB'")
            bulk = False  # once per transaction is enough
        stored = Conclusion.objects.filter(pk__in=batch).values_list("pk", *PLACE_COLUMNS, *TEXT_COLUMNS)
        wanted = {row[:2]: row for values in stored for row in search_rows(*values)}
        existing = SearchText.objects.filter(conclusion_id__in=batch).values_list("pk", *SEARCH_TEXT_COLUMNS)
        stale = []
        for pk, *row in existing:
            if wanted.get(key := tuple(row[:2])) == tuple(row):
                del wanted[key]  # already as it should be
            else:
                stale.append(pk)
        for ids in batches(stale):
            SearchText.objects.filter(pk__in=ids).delete()
        insert_rows(SearchText, SEARCH_TEXT_COLUMNS, wanted.values())


def copy_meeting_places(meetings: Iterable[Meeting]) -> None:
    """Publishing, withdrawing, re-dating or renaming a meeting moves its paragraphs in search."""
    for meeting in meetings:
        place = {
            "published": meeting.status == Meeting.Status.PUBLISHED,
            "meeting_start_date": meeting.start_date,
            "meeting_slug": meeting.slug,
        }
        # Only rows that differ: editing a title rewrites nothing.
        SearchText.objects.filter(meeting_id=meeting.pk).exclude(**place).update(**place)
