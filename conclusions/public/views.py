"""Public pages: meetings, the blocks of their documents, and themes, in the reader's language.

Each view runs a fixed number of queries, whatever the size of the document:
related rows come through select_related / prefetch_related, never per row.
"""

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from conclusions.languages import LANGUAGE_CODES, current_language, language_name, translated_column
from conclusions.models import Conclusion, Meeting, Theme
from conclusions.public import akoma_ntoso
from conclusions.public.citations import paragraph_citation
from conclusions.public.outline import (
    THEMES_IN_ORDER,
    Outline,
    citable_block,
    counted_blocks,
    document_outline,
    link_footnote_references,
)
from conclusions.public.page_cache import public_page
from conclusions.search.results import SEARCH_PARAMETERS, search_page
from conclusions.translations.status import OUTDATED, translation_statuses


def themes_with_published_counts():
    published = Q(conclusions__meeting__status=Meeting.Status.PUBLISHED)
    return Theme.objects.annotate(conclusion_count=Count("conclusions", filter=published))


def translation_notice(meeting: Meeting, blocks: list[Conclusion]) -> dict:
    """What the page must say about the language it is read in, counting its paragraphs (see counted_blocks).

    `state` is "original", "complete" (every paragraph in the page's
    language), "partial" (some paragraphs shown in the original) or
    "unavailable" (nothing translated: the original is shown).
    """
    language = current_language()
    shown_texts = [block.shown_text for block in counted_blocks(blocks)]
    translated = sum(1 for shown in shown_texts if shown.text and not shown.is_fallback)
    if language == meeting.source_language:
        state = "original"
    elif translated == 0:
        state = "unavailable"
    elif translated < len(shown_texts):
        state = "partial"
    else:
        state = "complete"
    return {
        "state": state,
        "is_official": meeting.is_official(language),
        "translated": translated,
        "total": len(shown_texts),
        "source_language_name": language_name(meeting.source_language),
    }


def mark_outdated(conclusions: list[Conclusion]) -> None:
    """Set `is_outdated` on each conclusion: its text in the page's language fell behind the original."""
    language = current_language()
    statuses = translation_statuses(conclusions, "text")
    for conclusion in conclusions:
        conclusion.is_outdated = statuses.get((conclusion.pk, language)) == OUTDATED


def document_for_reading(meeting: Meeting) -> tuple[list[Conclusion], Outline]:
    """A meeting's blocks as the meeting page and its PDF and Word copies show them, in the page's language.

    Two queries (the blocks, their themes): each block's text and label fall
    back to the original where the page's language has none (`ShownText`).
    """
    blocks = list(meeting.conclusions.prefetch_related(THEMES_IN_ORDER).order_by("position"))
    mark_outdated(blocks)
    outline = document_outline(blocks)
    link_footnote_references(outline)
    return blocks, outline


# The meeting's own texts every document page shows in its header, as the page's language has them.
MEETING_TEXT_FIELDS = ("title", "document_title", "organizers", "venue")


def language_states(meeting: Meeting, blocks: list[Conclusion]) -> dict[str, str]:
    """For the language switcher: does the page read "complete", "partial" or "missing" in each language?

    It counts what the page would show in that language: the meeting's title,
    document title, organizers and venue, and its paragraphs (see
    counted_blocks); "missing" only when none of them is in that language,
    so a page showing a French title is never said to be untranslated.
    """
    texts = [(meeting, field) for field in MEETING_TEXT_FIELDS if has_text(meeting, field, meeting.source_language)]
    texts += [(block, "text") for block in counted_blocks(blocks)]
    states = {}
    for code in LANGUAGE_CODES:
        translated = sum(1 for instance, field in texts if has_text(instance, field, code))
        if code == meeting.source_language or translated == len(texts):
            states[code] = "complete"
        else:
            states[code] = "partial" if translated else "missing"
    return states


def has_text(instance, field: str, language: str) -> bool:
    return bool((getattr(instance, translated_column(field, language)) or "").strip())


def akoma_ntoso_downloads(meeting: Meeting, states: dict[str, str]) -> list[dict]:
    """The document's Akoma Ntoso file in each language, named in the page's language, with what it holds."""
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": reverse("conclusions:meeting-akoma-ntoso", kwargs={"slug": meeting.slug, "language": code}),
            "state": states[code],
            "is_original": code == meeting.source_language,
            "is_official": meeting.is_official(code),
        }
        for code in LANGUAGE_CODES
    ]


def url_in_language(instance, language: str) -> str:
    with translation.override(language):
        return instance.get_absolute_url()


@public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.published().order_by("-start_date", "slug")
    return render(
        request,
        "conclusions/home.html",
        {"meetings": meetings, "themes": themes_with_published_counts()},
    )


@public_page
@require_safe
def meeting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), slug=slug)
    blocks, outline = document_for_reading(meeting)
    states = language_states(meeting, blocks)
    return render(
        request,
        "conclusions/meeting_detail.html",
        {
            "meeting": meeting,
            "outline": outline,
            "notice": translation_notice(meeting, blocks),
            "language_states": states,
            "akoma_ntoso_downloads": akoma_ntoso_downloads(meeting, states),
        },
    )


@public_page
@require_safe
def conclusion_detail(request: HttpRequest, slug: str, **address) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), slug=slug)
    conclusion = citable_block(meeting, **address)
    mark_outdated([conclusion, *conclusion.items])
    other_languages = [
        {
            "code": code,
            "name": language_name(code),
            "url": url_in_language(conclusion, code),
            "has_text": has_text(conclusion, "text", code),
            "is_original": code == meeting.source_language,
            "is_official": meeting.is_official(code),
        }
        for code in LANGUAGE_CODES
        if code != current_language()
    ]
    return render(
        request,
        "conclusions/conclusion_detail.html",
        {
            "meeting": meeting,
            "conclusion": conclusion,
            "other_languages": other_languages,
            "notice": translation_notice(meeting, [conclusion]),
            "language_states": language_states(meeting, [conclusion]),
            "citation": paragraph_citation(conclusion),
            "permalink": request.build_absolute_uri(conclusion.get_absolute_url()),
            "all_languages_url": reverse("conclusions:conclusion-all-languages", kwargs=conclusion.url_kwargs),
        },
    )


@public_page
@require_safe
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "conclusions/theme_list.html", {"themes": themes_with_published_counts()})


@public_page
@require_safe
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    conclusions = (
        theme.conclusions.filter(meeting__in=Meeting.objects.published())
        .select_related("meeting")
        .prefetch_related(THEMES_IN_ORDER)
        .order_by("-meeting__start_date", "meeting__slug", "position")
    )
    return render(request, "conclusions/theme_detail.html", {"theme": theme, "conclusions": conclusions})


@require_safe
def meeting_akoma_ntoso(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The document in one language as an Akoma Ntoso XML file; published meetings only."""
    if language not in LANGUAGE_CODES:
        raise Http404
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    conclusions = list(meeting.conclusions.order_by("position"))
    response = HttpResponse(
        akoma_ntoso.document_bytes(meeting, language, conclusions),
        content_type=f"{akoma_ntoso.MEDIA_TYPE}; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{meeting.slug}.{language}.akn.xml"
    )
    return response


@public_page(parameters=SEARCH_PARAMETERS)
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    return render(request, "conclusions/search.html", {"found": search_page(request.GET)})
