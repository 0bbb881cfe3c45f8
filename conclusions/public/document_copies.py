"""A published meeting's document to keep, print or forward: PDF and Word, in the page's language.

What the meeting page shows, in the same words: the title, dates, venue and
organizers, the standing of the language version (original, official
language version, unofficial translation), then every block of the document
with its number or label as printed; a paragraph not yet translated shows
the original's text with the page's note. Each file is made once per
content version (page_cache.py): it is kept in the cache under the version,
the meeting, the language and the format, so a change to the content makes
new ones, and downloading it again costs two queries and no rendering.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from conclusions.languages import current_language, language_name
from conclusions.models import Meeting
from conclusions.public.citations import version_standing
from conclusions.public.page_cache import PAGE_TIMEOUT, request_content_version
from conclusions.public.pdf_copy import pdf_bytes
from conclusions.public.views import document_for_reading, translation_notice
from conclusions.public.word_copy import notice_text, word_bytes

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def version_label(meeting: Meeting, notice: dict) -> str:
    """Which language version the file holds: "English · unofficial translation", "中文 · original"…

    Where nothing is translated the page shows the original, and so does the file: it says so.
    """
    shown = meeting.source_language if notice["state"] == "unavailable" else current_language()
    return f"{capfirst(language_name(shown))} · {version_standing(meeting, shown)}"


def copy_context(request: HttpRequest, meeting: Meeting) -> dict:
    """What both files show, read as the meeting page reads it."""
    blocks, outline = document_for_reading(meeting)
    notice = translation_notice(meeting, blocks)
    context = {
        "meeting": meeting,
        "outline": outline,
        "notice": notice,
        "language": current_language(),
        "version_label": version_label(meeting, notice),
        "permalink": request.build_absolute_uri(meeting.get_absolute_url()),
    }
    context["notice_text"] = notice_text(render_to_string("conclusions/includes/translation_notice.html", context))
    return context


def file_bytes(request: HttpRequest, meeting: Meeting, document_format: str) -> bytes:
    context = copy_context(request, meeting)
    if document_format == "pdf":
        return pdf_bytes(request, context)
    return word_bytes(context)


def cache_key(request: HttpRequest, version: int, meeting: Meeting, document_format: str) -> str:
    # The files hold absolute links: the host they were made for is part of the key, as for cached pages.
    host = hashlib.sha256(f"{request.scheme}://{request.get_host()}".encode()).hexdigest()[:16]
    return f"document-copy:{version}:{meeting.slug}:{current_language()}:{document_format}:{host}"


@require_safe
def meeting_document(request: HttpRequest, slug: str, document_format: str) -> HttpResponse:
    if document_format not in CONTENT_TYPES:
        raise Http404
    # Read before the content: a file made while the content changes is stored under the older version at worst.
    version = request_content_version(request)
    # Drafts are never downloadable, as the spreadsheet downloads: the admin previews them.
    meeting = get_object_or_404(Meeting.objects.published(), slug=slug)
    key = cache_key(request, version, meeting, document_format)
    data = cache.get(key)
    if data is None:
        data = file_bytes(request, meeting, document_format)
        cache.set(key, data, PAGE_TIMEOUT)
    response = HttpResponse(data, content_type=CONTENT_TYPES[document_format])
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.{current_language()}.{document_format}"'
    return response
