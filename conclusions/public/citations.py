"""A ready citation of a paragraph or another citable block, in the page's language, naming the version it quotes."""

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


def cited_block(conclusion: Conclusion) -> str:
    """How a citation names a block: "para. 7", "part 2, para. 3" (an annex's), "preamble paragraph 2".

    By number: the paragraph's number as printed, or the block's rank among
    its kind in its part.
    """
    if conclusion.kind == Conclusion.Kind.PARAGRAPH:
        named = _("para. %(number)s") % {"number": conclusion.printed_number}
    else:
        named = _("%(kind)s %(number)s") % {"kind": conclusion.get_kind_display(), "number": conclusion.number}
    if conclusion.part == 1:
        return named
    return _("part %(part)s, %(block)s") % {"part": conclusion.part, "block": named}


def paragraph_citation(conclusion: Conclusion) -> SafeString:
    """E.g. "Geneva Conference …, Co-Chairs' Joint Conclusions (United Nations Office at Geneva,
    Switzerland, 7–8 avril 2016), para. 7 [French, unofficial translation]".

    The language named is the one of the text the page shows: the original
    where the paragraph is not translated yet. What the meeting does not
    have is left out rather than left blank: no venue (a resolution's),
    or a document title that is the meeting's title (a meeting known by its
    document), gives "80/3. Awaza Political Declaration (14 October 2025), …".
    """
    meeting = conclusion.meeting
    shown_language = conclusion.shown_text.language
    title, document = meeting.shown_title, meeting.shown_document_title
    work = inline(title)
    if document.text.strip() and document.text != title.text:
        work = format_html(_("{title}, {document}"), title=work, document=inline(document))
    place = meeting.date_range
    if meeting.shown_venue.text.strip():
        place = format_html(_("{venue}, {dates}"), venue=inline(meeting.shown_venue), dates=place)
    return format_html(
        _("{work} ({place}), {block} [{language}, {standing}]"),
        work=work,
        place=place,
        block=cited_block(conclusion),
        language=language_name(shown_language),
        standing=version_standing(meeting, shown_language),
    )
