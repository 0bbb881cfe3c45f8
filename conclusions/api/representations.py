"""Meetings, conclusions and themes as JSON objects: every text keyed by language code, exactly as stored.

A missing text is "" (as in the downloads), never another language's text:
the API does not fall back to the original as the pages do, and each
conclusion says per language whether its translation is missing, current,
outdated, or the source. Links are absolute.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from conclusions.languages import translated_column
from conclusions.models import Conclusion, Meeting, Theme
from conclusions.spreadsheets.export import EXPORT_FORMATS

MEETING_SUMMARY_FIELDS = ("title", "document_title")
MEETING_DETAIL_FIELDS = ("title", "document_title", "organizers", "venue", "preamble")


def texts(instance, field: str, languages: list[str]) -> dict[str, str]:
    return {code: getattr(instance, translated_column(field, code)) or "" for code in languages}


def page_urls(request: HttpRequest, instances: list, languages: list[str]) -> list[dict[str, str]]:
    """Each instance's public page in each language, e.g. {"fr": "https://…/fr/meetings/geneva-2016/"}.

    One language at a time for all the instances: switching the active
    language per address would cost more than the addresses themselves.
    """
    urls = [{} for _instance in instances]
    for code in languages:
        with translation.override(code):
            for found, instance in zip(urls, instances, strict=True):
                found[code] = request.build_absolute_uri(instance.get_absolute_url())
    return urls


def meeting_links(request: HttpRequest, meeting: Meeting, languages: list[str]) -> dict:
    # The files hold every language whatever the prefix: the site's default one is as good as any.
    with translation.override(settings.LANGUAGE_CODE):
        downloads = {
            export_format: request.build_absolute_uri(
                reverse("conclusions:meeting-download", kwargs={"slug": meeting.slug, "export_format": export_format})
            )
            for export_format in EXPORT_FORMATS
        }
    return {
        "self": request.build_absolute_uri(reverse("api:meeting-detail", kwargs={"slug": meeting.slug})),
        "conclusions": request.build_absolute_uri(reverse("api:conclusion-list", kwargs={"slug": meeting.slug})),
        "pages": page_urls(request, [meeting], languages)[0],
        "downloads": downloads,
    }


def meeting(request: HttpRequest, meeting: Meeting, languages: list[str], *, detail: bool = False) -> dict:
    """A meeting as listed, or with `detail` also its organizers, venue and preamble.

    `meeting.conclusion_count` must be annotated (the number of its paragraphs).
    """
    fields = MEETING_DETAIL_FIELDS if detail else MEETING_SUMMARY_FIELDS
    return {
        "slug": meeting.slug,
        "start_date": meeting.start_date.isoformat(),
        "end_date": meeting.end_date.isoformat(),
        "source_language": meeting.source_language,
        "official_languages": meeting.official_language_codes,
        "published_at": meeting.published_at.isoformat() if meeting.published_at else None,
        "conclusion_count": meeting.conclusion_count,
        **{field: texts(meeting, field, languages) for field in fields},
        "links": meeting_links(request, meeting, languages),
    }


def conclusion(conclusion: Conclusion, languages: list[str], statuses: dict, pages: dict[str, str]) -> dict:
    """`statuses` is translation_statuses() of the page's conclusions, `pages` its page_urls(); themes prefetched."""
    return {
        "meeting": conclusion.meeting.slug,
        "number": conclusion.number,
        "texts": texts(conclusion, "text", languages),
        "translation_status": {code: statuses[(conclusion.pk, code)] for code in languages},
        "themes": [theme.slug for theme in conclusion.themes.all()],
        "links": {"pages": pages},
    }


def theme(request: HttpRequest, theme: Theme, languages: list[str]) -> dict:
    """`theme.conclusion_count` and `theme.meeting_count` must be annotated (published meetings only)."""
    return {
        "slug": theme.slug,
        "position": theme.position,
        "name": texts(theme, "name", languages),
        "description": texts(theme, "description", languages),
        "conclusion_count": theme.conclusion_count,
        "meeting_count": theme.meeting_count,
        "links": {"pages": page_urls(request, [theme], languages)[0]},
    }
