"""A ready citation of one paragraph, in the page's language, saying which language version it quotes."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from conclusions.languages import LocalizedText, language_name
from conclusions.models import Conclusion


def inline(text: LocalizedText) -> SafeString:
    """A part of the citation, marked with its own language when it is not the page's (a fallback)."""
    if text.is_fallback:
        return format_html('<span lang="{}" dir="{}">{}</span>', text.language, text.direction, text.text)
    return format_html("{}", text.text)


def version_standing(meeting, language: str) -> str:
    if language == meeting.source_language:
        return _("original")
    return _("official language version") if meeting.is_official(language) else _("unofficial translation")


def paragraph_citation(conclusion: Conclusion) -> SafeString:
    """E.g. "Geneva Conference …, Co-Chairs' Joint Conclusions (United Nations Office at Geneva,
    Switzerland, April 7, 2016 – April 8, 2016), para. 7 [French, unofficial translation]".

    The language named is the one of the text the page shows: the original
    where the paragraph is not translated yet.
    """
    meeting = conclusion.meeting
    shown_language = conclusion.shown_text.language
    return format_html(
        _("{title}, {document} ({venue}, {dates}), para. {number} [{language}, {standing}]"),
        title=inline(meeting.shown_title),
        document=inline(meeting.shown_document_title),
        venue=inline(meeting.shown_venue),
        dates=meeting.date_range,
        number=conclusion.number,
        language=language_name(shown_language),
        standing=version_standing(meeting, shown_language),
    )
