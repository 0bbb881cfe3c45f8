"""Meetings, the blocks of their documents (conclusions) and themes as JSON objects, every text keyed by language code.

Texts are exactly as stored: a missing text is "" (as in the downloads),
never another language's text; each block says per language whether its
translation is missing, current, outdated, or the source. The one exception
is a block's `label`, its marker ("6.", "(a)", "I."), given as the pages show
it, with the language it is really in. Links are absolute.
"""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from conclusions.languages import LocalizedText, translated_column
from conclusions.models import BlockKind, Conclusion, Meeting, Theme
from conclusions.public.context_processors import without_language_prefix
from conclusions.spreadsheets.export import EXPORT_FORMATS
from conclusions.translations.status import translation_statuses

MEETING_SUMMARY_FIELDS = ("title", "document_title")
MEETING_DETAIL_FIELDS = ("title", "document_title", "organizers", "venue")


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


def meeting_summary(request: HttpRequest, meeting: Meeting, languages: list[str]) -> dict:
    """A meeting as listed, annotated by `views.published_meetings` with how many blocks of each kind it has."""
    return {
        "slug": meeting.slug,
        "start_date": meeting.start_date.isoformat(),
        "end_date": meeting.end_date.isoformat(),
        "source_language": meeting.source_language,
        "official_languages": meeting.official_language_codes,
        "published_at": meeting.published_at.isoformat() if meeting.published_at else None,
        "conclusion_count": getattr(meeting, f"blocks_{BlockKind.PARAGRAPH}"),
        "part_count": meeting.highest_part or 0,
        "block_counts": {kind: getattr(meeting, f"blocks_{kind}") for kind in BlockKind.values},
        **{field: texts(meeting, field, languages) for field in MEETING_SUMMARY_FIELDS},
        "links": meeting_links(request, meeting, languages),
    }


def meeting_detail(
    request: HttpRequest, meeting: Meeting, languages: list[str], *, preamble: list[Conclusion], outline: list[dict]
) -> dict:
    """A meeting with all its texts. `preamble`: the preamble paragraphs of its first part; `outline`: its part titles
    and section headings, as `block` gives them."""
    summary = meeting_summary(request, meeting, languages)
    links = summary.pop("links")
    return {
        **summary,
        **{field: texts(meeting, field, languages) for field in MEETING_DETAIL_FIELDS},
        # As before the preamble was blocks: its paragraphs in each language, separated by a blank line.
        "preamble": {code: joined_texts(preamble, code) for code in languages},
        "outline": outline,
        "links": links,
    }


def joined_texts(blocks: list[Conclusion], language: str) -> str:
    """The blocks' texts in one language, those it has, separated by a blank line."""
    column = translated_column("text", language)
    return "\n\n".join(text for block in blocks if (text := getattr(block, column) or "").strip())


def shown_labels(blocks: list[Conclusion], languages: list[str]) -> list[dict[str, LocalizedText]]:
    """Each block's marker as the pages show it in each language: its label there, else in the original, else a
    numbered paragraph's number ("6."). One language at a time, as `page_urls`."""
    labels = [{} for _block in blocks]
    for code in languages:
        with translation.override(code):
            for found, block in zip(labels, blocks, strict=True):
                label = block.shown_label
                if not label.text.strip() and block.kind == BlockKind.PARAGRAPH:
                    label = LocalizedText(text=f"{block.printed_number}.", language=code, requested_language=code)
                found[code] = label
    return labels


def block(
    request: HttpRequest,
    conclusion: Conclusion,
    languages: list[str],
    *,
    statuses: dict,
    pages: dict[str, str],
    labels: dict[str, LocalizedText],
) -> dict:
    """A block of a meeting's document: `statuses` as translation_statuses() gives them, `pages` and `labels` the
    block's page_urls() and shown_labels(); its themes prefetched."""
    return {
        "meeting": conclusion.meeting.slug,
        "kind": conclusion.kind,
        "part": conclusion.part,
        "number": conclusion.number,
        "number_suffix": conclusion.number_suffix,
        "position": conclusion.position,
        "label": {code: {"text": label.text, "language": label.language} for code, label in labels.items()},
        "texts": texts(conclusion, "text", languages),
        "translation_status": {code: statuses[(conclusion.pk, code)] for code in languages},
        "themes": [theme.slug for theme in conclusion.themes.all()],
        # The address without a language: the site answers it in the reader's.
        "url": request.build_absolute_uri(without_language_prefix(conclusion.get_absolute_url())),
        "links": {"pages": pages},
    }


def blocks(request: HttpRequest, conclusions: list[Conclusion], languages: list[str]) -> list[dict]:
    """The blocks' representations; themes prefetched. One query, for the translation statuses of them all."""
    # The status needs the source text and every translation, so all text columns are read whatever `languages`.
    statuses = translation_statuses(conclusions, "text")
    pages = page_urls(request, conclusions, languages)
    labels = shown_labels(conclusions, languages)
    return [
        block(request, conclusion, languages, statuses=statuses, pages=urls, labels=shown)
        for conclusion, urls, shown in zip(conclusions, pages, labels, strict=True)
    ]


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
