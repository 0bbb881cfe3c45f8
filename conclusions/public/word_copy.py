"""A meeting's document as a Word file (.docx), in the page's language, as the meeting page shows it.

It walks the same outline as the page (public/outline.py) with the same
texts: each block's `shown_text` and `shown_label`, so a paragraph not yet
translated carries the original's text and label, with the page's note
saying so. Word styles (word_styles.py) mark what each paragraph is.
"""

import io
import re
from html import unescape

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conclusions.languages import LocalizedText, is_right_to_left
from conclusions.models import Conclusion
from conclusions.public import word_styles as styles
from conclusions.public.outline import FurnitureRun, ItemList, Outline
from conclusions.templatetags.document_blocks import first_fallback

Kind = Conclusion.Kind
STYLE_OF_KIND = {
    Kind.HEADING: styles.HEADING_LINE,
    Kind.PREAMBLE: styles.PREAMBLE,
    Kind.PARAGRAPH: styles.NUMBERED,
    Kind.UNNUMBERED: styles.UNNUMBERED,
    Kind.CLOSING: styles.CLOSING,
}


def shown_label(block: Conclusion) -> str:
    """The label as the page prints it (block_label.html): as printed, else a numbered paragraph's number."""
    label = block.shown_label.text.strip()
    if not label and block.kind == Kind.PARAGRAPH:
        return f"{block.printed_number}."
    return label


class WordCopy:
    """Builds the .docx of one meeting's document; `context` is the one the PDF's template gets."""

    def __init__(self, context: dict):
        self.context = context
        self.meeting = context["meeting"]
        self.language = context["language"]
        self.document = Document()
        styles.add_document_styles(self.document, self.language)

    def file_bytes(self) -> bytes:
        self.add_front_matter()
        outline: Outline = self.context["outline"]
        for entry in outline.heading:
            self.add_entry(entry)
        self.add_note(first_fallback(outline.heading))
        for part in outline.parts:
            if part.title:
                self.add_heading(part.title, level=1)
            for entry in part.blocks:
                self.add_entry(entry, section_level=outline.section_level - 1)
        if outline.footnotes:
            self.add_text(self.page_text(_("Footnotes")), "Heading 1")
            for footnote in outline.footnotes:
                self.add_text(footnote.shown_text, styles.FOOTNOTE, label=shown_label(footnote))
                self.add_note(first_fallback(footnote))
        stream = io.BytesIO()
        self.document.save(stream)
        return stream.getvalue()

    def add_front_matter(self) -> None:
        """What the meeting page says above the document: title, facts, the standing of this language version."""
        meeting = self.meeting
        properties = self.document.core_properties
        properties.title = meeting.shown_title.text
        properties.subject = meeting.shown_document_title.text
        properties.language = styles.WORD_LANGUAGES[self.language]
        properties.author = meeting.shown_organizers.text[:255]
        section = self.document.sections[0]
        if is_right_to_left(self.language):
            styles.make_section_right_to_left(section)
        self.add_footer(section)
        self.add_text(LocalizedText(self.context["version_label"], self.language, self.language), styles.NOTE)
        if meeting.shown_document_title.text:
            self.add_text(meeting.shown_title, "Subtitle")
            self.add_text(meeting.shown_document_title, "Title")
        else:
            self.add_text(meeting.shown_title, "Title")
        for label, value in self.facts():
            paragraph = self.document.add_paragraph()
            # The name hangs before its value, which lines up with the other values, as on the page.
            paragraph.paragraph_format.left_indent = styles.FACT_VALUE_INDENT
            paragraph.paragraph_format.first_line_indent = -styles.FACT_VALUE_INDENT
            paragraph.paragraph_format.tab_stops.add_tab_stop(styles.FACT_VALUE_INDENT)
            paragraph.add_run(label).bold = True
            paragraph.add_run("\t")
            paragraph.add_run(value.text)
            if value.direction == "rtl":
                styles.make_right_to_left(paragraph)
        self.add_text(LocalizedText(self.context["notice_text"], self.language, self.language), "Normal")
        paragraph = self.document.add_paragraph(_("Permanent link:") + " ")
        styles.add_hyperlink(paragraph, self.context["permalink"])
        if is_right_to_left(self.language):
            # Left to right, set at the right margin: in a right-to-left paragraph the address's last "/"
            # would be shown at its start.
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def facts(self) -> list[tuple[str, LocalizedText]]:
        """The facts of meeting_facts.html, each value in the language it is shown in."""
        meeting, here = self.meeting, self.language
        facts = [(_("Dates"), LocalizedText(meeting.date_range, here, here))]
        if meeting.shown_venue.text:
            facts.append((_("Venue"), meeting.shown_venue))
        if meeting.shown_organizers.text:
            facts.append((_("Organizers"), meeting.shown_organizers))
        facts.append((_("Original language"), LocalizedText(meeting.source_language_name, here, here)))
        return facts

    def add_footer(self, section) -> None:
        """The permanent link and the page number at the foot of every page."""
        paragraph = section.footer.paragraphs[0]
        paragraph.style = self.document.styles[styles.NOTE]
        paragraph.paragraph_format.left_indent = 0
        paragraph.add_run(self.context["permalink"] + "\t")
        styles.add_page_number(paragraph)

    def add_entry(self, entry, section_level: int = 1) -> None:
        """One entry of the outline: a block and its sub-items, a list of sub-items, or a run of furniture."""
        if isinstance(entry, FurnitureRun):
            lines = " · ".join(block.shown_text.text for block in entry.blocks)
            self.add_text(self.page_text(f"{_('Page furniture of the printed copy:')} {lines}"), styles.NOTE)
            return
        if isinstance(entry, ItemList):
            self.add_items(entry.items)
            self.add_note(first_fallback(entry.items))
            return
        if entry.kind == Kind.SECTION:
            self.add_heading(entry, level=section_level)
        elif entry.kind == Kind.PART:
            self.add_heading(entry, level=1)
        else:
            label = shown_label(entry) if entry.is_citable else ""
            self.add_text(entry.shown_text, STYLE_OF_KIND.get(entry.kind, "Normal"), label=label)
            self.add_items(entry.items)
            if getattr(entry, "is_outdated", False) and not entry.shown_text.is_fallback:
                self.add_text(
                    self.page_text(_("This translation may not reflect the latest version of the original.")),
                    styles.NOTE,
                )
        if entry.kind != Kind.HEADING:  # the heading lines' note comes once, after them all (as on the page)
            self.add_note(first_fallback(entry))

    def add_items(self, items: list[Conclusion]) -> None:
        for item in items:
            self.add_text(item.shown_text, styles.SUB_ITEM, label=item.shown_label.text.strip())

    def add_heading(self, block: Conclusion, level: int) -> None:
        label = block.shown_label.text.strip()
        shown = block.shown_text
        text = f"{label} {shown.text}" if label else shown.text
        self.add_text(LocalizedText(text, shown.language, shown.requested_language), f"Heading {level}")

    def add_text(self, shown: LocalizedText, style: str, *, label: str = "") -> None:
        """A paragraph in `style`: the label and a tab, then the text exactly as stored (line breaks kept)."""
        paragraph = self.document.add_paragraph(style=style)
        if label:
            paragraph.add_run(label + "\t")
        elif style in styles.HANGING_STYLES:
            # A paragraph printed without a label (a preamble paragraph) lines up with the labelled ones' text.
            paragraph.paragraph_format.first_line_indent = 0
        paragraph.add_run(shown.text)
        if shown.direction == "rtl":
            styles.make_right_to_left(paragraph)

    def add_note(self, shown: LocalizedText | None) -> None:
        """The page's note under a block shown in the original (fallback_note.html), said the same way."""
        if shown is None or self.context["notice"]["state"] == "unavailable":
            return
        self.add_text(
            self.page_text(
                _("Not yet translated: original text in %(language)s.") % {"language": shown.language_name}
            ),
            styles.NOTE,
        )

    def page_text(self, text: str) -> LocalizedText:
        return LocalizedText(text, self.language, self.language)


def notice_text(html: str) -> str:
    """The translation notice as plain words: its template's HTML without tags, entities or the template's line
    breaks."""
    return re.sub(r"\s+", " ", unescape(strip_tags(html))).strip()


def word_bytes(context: dict) -> bytes:
    return WordCopy(context).file_bytes()
