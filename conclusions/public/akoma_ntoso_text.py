"""The text of an Akoma Ntoso expression: each part of a document's blocks as preface, preamble, body and conclusions.

`akoma_ntoso` writes the metadata and puts these regions in place (part 1 in
the `<statement>`, each further part in an `<attachment>`). How each block
is written, and why:

- Heading lines: one `<p>` each in `<preface>`. The line that is the
  meeting's document title in its language is a `<docTitle>`, the organizers'
  line a `<docProponent>`, and the line that gives the meeting's dates a
  `<docDate>` (dated the last day, as the work is). A part's title ("Annex")
  opens that part's preface.
- Preamble paragraphs: a `<p>` each in `<preamble>`, `preamble__p_<n>`.
- Section headings: `<hcontainer name="section">` with `<num>` (the label
  as printed, "I.") and `<heading>`, holding the blocks that follow up to
  the next section heading. A generic container, not `<section>`: what a
  document calls a section can be a chapter or an article of a declaration,
  which the site does not tell apart.
- Numbered paragraphs: `<paragraph eId="para_<n>">` with `<num>` and
  `<content>`, or with sub-items `<intro>` and a `<list>` of `<point>`s, each
  with its own `<num>` ("(a)") and `<content>`. Unnumbered paragraphs are
  paragraphs without `<num>` (`unnumbered_<n>`), so that a joint statement's
  "——" items are its paragraphs' points. A block of any other kind found
  among them (a preamble paragraph printed after a section heading) is an
  `<hcontainer>` named after its kind: it stays where it was printed.
- Closing lines (place, date, signatures): a `<p>` each in `<conclusions>`.
- Footnotes: `<authorialNote marker="4" placement="bottom">`, at the
  marker in the text where `footnote_markers` finds it beyond doubt; the
  marker's characters become the note's `marker`, so the text with each note
  replaced by its marker is the stored text, character for character. A note
  whose marker cannot be told from the text stays where it was printed, in
  a container named "footnotes", with the same `marker`: guessing would
  hang a citation on the wrong sentence.
- Page furniture (a printed copy's running heads, symbols, job and page
  numbers that the editor has not confirmed leaving out): kept where it was
  printed, in a container named "furniture", outside every paragraph. The
  site never drops a line unconfirmed (the reader may have taken text for
  furniture), and the name tells any user of the file to skip it.
- eIds come from each block's kind and number (never its position), so
  they are the same in every language and stay when other blocks change:
  `para_6`, `preamble__p_2`, `sec_1`, `para_13__list_1__point_a`,
  `note_4`; in a further part, prefixed `part_2__`.
- A text without a version in the expression's language is written in the
  original, marked with its own `xml:lang`; so is a label with letters in it
  ("(a)", "I."), while "1." or "——" read the same in every language.
"""

import re

from lxml import etree

from conclusions.date_ranges import date_range_pieces
from conclusions.documents.dates import DATEPARSER_LANGUAGES, dates_in_line
from conclusions.languages import LocalizedText, translated_column
from conclusions.models import BlockKind, Conclusion, Meeting
from conclusions.public.block_nesting import Aside, Part, Section, Unit
from conclusions.public.footnote_markers import MarkerPlace, marker_places

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 cannot represent, not even escaped (tab, line feed and carriage return can).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The start of each kind's eId; a block's eId is this, "_", its number.
EID_STEMS = {
    BlockKind.HEADING: "preface__p",
    BlockKind.PREAMBLE: "preamble__p",
    BlockKind.PART: "title",
    BlockKind.SECTION: "sec",
    BlockKind.PARAGRAPH: "para",
    BlockKind.UNNUMBERED: "unnumbered",
    BlockKind.ITEM: "item",
    BlockKind.CLOSING: "conclusions__p",
    BlockKind.FOOTNOTE: "note",
    BlockKind.FURNITURE: "furniture",
}
ASIDE_NAMES = {BlockKind.FOOTNOTE: "footnotes", BlockKind.FURNITURE: "furniture"}
# Heading lines that are these meeting fields are marked up as such.
HEADING_FIELDS = (("document_title", "docTitle"), ("organizers", "docProponent"))

Element = etree._Element


def akn(tag: str, attributes: dict[str, str] | None = None, *children: Element, text: str = "") -> Element:
    element = etree.Element(f"{{{NAMESPACE}}}{tag}", attributes or {}, nsmap={None: NAMESPACE})
    if text:
        element.text = xml_text(text)
    element.extend(children)
    return element


def xml_text(text: str) -> str:
    return NOT_IN_XML.sub("", text)


def text_in(instance, field: str, language: str, source_language: str) -> LocalizedText:
    """The field's text in `language`, else in the source language (the original)."""
    for shown in (language, source_language):
        text = getattr(instance, translated_column(field, shown)) or ""
        if text.strip():
            return LocalizedText(text=text, language=shown, requested_language=language)
    return LocalizedText(text="", language=language, requested_language=language)


def is_language_neutral(label: str) -> bool:
    """A label without letters ("1.", "——", "١") is printed the same in every language version."""
    return not any(character.isalpha() for character in label)


class TextWriter:
    """Writes the regions of each part of one meeting's document in one language; remembers if it used the original."""

    def __init__(self, meeting: Meeting, language: str):
        self.meeting = meeting
        self.language = language
        self.holds_original_text = False
        self.prefix = ""
        self.markers: dict[int, list[MarkerPlace]] = {}  # block pk -> the footnote markers in its text, in order
        self.placed: set[int] = set()  # pks of the footnotes written at their marker

    # Texts and their languages

    def shown(self, instance, field: str) -> LocalizedText:
        return text_in(instance, field, self.language, self.meeting.source_language)

    def marked(self, element: Element, shown: LocalizedText) -> Element:
        """Mark an element whose text is in the original, not in the expression's language."""
        if shown.is_fallback and shown.text:
            element.set(XML_LANG, shown.language)
            self.holds_original_text = True
        return element

    def label(self, block: Conclusion) -> Element | None:
        """The block's `<num>`: its label as printed, or a numbered paragraph's number; None without one."""
        shown = self.shown(block, "label")
        if not shown.text.strip():
            if block.kind != BlockKind.PARAGRAPH:
                return None
            shown = LocalizedText(f"{block.printed_number}.", self.language, self.language)
        num = akn("num", {}, text=shown.text)
        return num if is_language_neutral(shown.text) else self.marked(num, shown)

    # Identifiers

    def eid(self, block: Conclusion) -> str:
        # As the naming convention writes an inserted number: "para_17bis".
        return f"{self.prefix}{EID_STEMS[block.kind]}_{block.number}{block.number_suffix}"

    def list_eid(self, unit: Unit) -> str:
        owner = self.eid(unit.block) if unit.block else f"{self.prefix}items_{unit.items[0].number}"
        return f"{owner}__list_1"

    def item_names(self, items: list[Conclusion]) -> list[str]:
        """Each sub-item's name in its list: its letter or numeral as printed in the original ("a", "iv"), if that is
        plain ASCII and unique in the list, else its number: the same in every language."""
        source = [
            re.sub(r"[^0-9A-Za-z]", "", getattr(item, translated_column("label", self.meeting.source_language)) or "")
            for item in items
        ]
        return [
            name if name and source.count(name) == 1 else str(item.number)
            for name, item in zip(source, items, strict=True)
        ]

    # Regions

    def regions(self, part: Part) -> list[Element]:
        """The part's `<preface>`, `<preamble>`, `<mainBody>` and `<conclusions>`, those it has (a body always)."""
        self.prefix = "" if part.number == 1 else f"part_{part.number}__"
        places = marker_places(
            part.blocks, lambda block: self.shown(block, "text").text, lambda block: self.shown(block, "label").text
        )
        self.markers, self.placed = {}, {place.footnote.pk for place in places}
        for place in places:
            self.markers.setdefault(place.block.pk, []).append(place)
        regions = []
        if part.preface:
            regions.append(self.region("preface", self.blocks_of(part.preface)))
        elif part.number == 1:
            regions.append(self.meeting_preface())
        if part.preamble:
            regions.append(self.region("preamble", self.blocks_of(part.preamble)))
        # A body is required: a document of heading lines alone has an empty one.
        regions.append(self.region("mainBody", self.hierarchy_of(part.body) or [akn("p")]))
        if part.conclusions:
            regions.append(self.region("conclusions", self.blocks_of(part.conclusions)))
        return regions

    def region(self, tag: str, children: list[Element]) -> Element:
        return akn(tag, {XML_LANG: self.language}, *children)

    def meeting_preface(self) -> Element:
        """For a document stored without heading lines: its heading from the meeting's fields, as the page shows it."""
        lines = [self.meeting_line("title"), self.meeting_line("organizers", "docProponent")]
        lines += [self.meeting_line("document_title", "docTitle"), self.meeting_dates(), self.meeting_line("venue")]
        return self.region("preface", [line for line in lines if line is not None])

    def meeting_line(self, field: str, inline: str = "") -> Element | None:
        shown = self.shown(self.meeting, field)
        if not shown.text.strip():
            return None
        line = akn("p", {}, akn(inline, {}, text=shown.text)) if inline else akn("p", {}, text=shown.text)
        return self.marked(line, shown)

    def meeting_dates(self) -> Element:
        """The meeting's dates as the page words them ("7–8 April 2016"), each date's words a `<docDate>`."""
        meeting = self.meeting
        line = akn("p")
        for text, day in date_range_pieces(meeting.start_date, meeting.end_date, self.language):
            if day is None:  # the separator, between the two dates
                line[-1].tail = text
            else:
                line.append(akn("docDate", {"date": day.isoformat()}, text=text))
        return line

    # Blocks where only blocks may be: preface, preamble, conclusions

    def blocks_of(self, pieces: list[Unit | Aside]) -> list[Element]:
        elements = []
        for piece in pieces:
            if isinstance(piece, Aside):
                elements += self.aside("container", piece)
            else:
                if piece.block is not None:
                    elements.append(self.block_line(piece.block))
                if piece.items:
                    elements.append(self.block_list(piece))
        return elements

    def block_line(self, block: Conclusion) -> Element:
        """A `<p>`; with its label, a `<tblock>` holding `<num>` and the `<p>`."""
        num = self.label(block)
        line = self.heading_line(block) if block.kind == BlockKind.HEADING else self.paragraph(block)
        if num is None:
            line.set("eId", self.eid(block))
            return line
        return akn("tblock", {"eId": self.eid(block)}, num, line)

    def heading_line(self, block: Conclusion) -> Element:
        """A heading line, marked up as the meeting's document title, organizers or dates where it is one of them."""
        shown = self.shown(block, "text")
        line = self.marked(akn("p"), shown)
        text = shown.text.strip()
        inline = next(
            (
                tag
                for field, tag in HEADING_FIELDS
                if text and text == (getattr(self.meeting, translated_column(field, shown.language)) or "").strip()
            ),
            None,
        )
        attributes = {}
        if inline is None and self.gives_meeting_dates(shown):
            inline, attributes = "docDate", {"date": self.meeting.end_date.isoformat()}
        if inline is None:
            self.fill(line, block, shown.text)
        else:
            line.append(self.fill(akn(inline, attributes), block, shown.text))
        return line

    def gives_meeting_dates(self, shown: LocalizedText) -> bool:
        if not any(character.isdigit() for character in shown.text):
            return False  # spares the date reading most lines
        found = dates_in_line(shown.text, [DATEPARSER_LANGUAGES[shown.language]])
        return found == (self.meeting.start_date, self.meeting.end_date)

    def block_list(self, unit: Unit) -> Element:
        eid = self.list_eid(unit)
        block_list = akn("blockList", {"eId": eid})
        for item, name in zip(unit.items, self.item_names(unit.items), strict=True):
            entry = akn("item", {"eId": f"{eid}__item_{name}"})
            if (num := self.label(item)) is not None:
                entry.append(num)
            entry.append(self.paragraph(item))
            block_list.append(entry)
        return block_list

    # Blocks in the body's hierarchy

    def hierarchy_of(self, pieces: list[Unit | Aside | Section]) -> list[Element]:
        elements = []
        for piece in pieces:
            if isinstance(piece, Section):
                elements.append(self.section(piece))
            elif isinstance(piece, Aside):
                elements += self.aside("hcontainer", piece)
            elif piece.block is None:
                elements.append(self.point_list(piece))
            else:
                elements.append(self.hierarchy_block(piece))
        return elements

    def section(self, section: Section) -> Element:
        block = section.heading.block
        element = akn("hcontainer", {"eId": self.eid(block), "name": "section"})
        if (num := self.label(block)) is not None:
            element.append(num)
        shown = self.shown(block, "text")
        element.append(self.marked(self.fill(akn("heading"), block, shown.text), shown))
        element.extend(self.hierarchy_of(section.members))
        return element

    def hierarchy_block(self, unit: Unit) -> Element:
        """A paragraph (its sub-items as points), or an hcontainer named after the block's kind."""
        block = unit.block
        if block.kind in (BlockKind.PARAGRAPH, BlockKind.UNNUMBERED):
            element = akn("paragraph", {"eId": self.eid(block)})
        else:
            element = akn("hcontainer", {"eId": self.eid(block), "name": block.kind})
        if (num := self.label(block)) is not None:
            element.append(num)
        if unit.items:
            element.append(akn("intro", {}, self.paragraph(block)))
            element.append(self.point_list(unit))
        else:
            element.append(akn("content", {}, self.paragraph(block)))
        return element

    def point_list(self, unit: Unit) -> Element:
        eid = self.list_eid(unit)
        point_list = akn("list", {"eId": eid})
        for item, name in zip(unit.items, self.item_names(unit.items), strict=True):
            point = akn("point", {"eId": f"{eid}__point_{name}"})
            if (num := self.label(item)) is not None:
                point.append(num)
            point.append(akn("content", {}, self.paragraph(item)))
            point_list.append(point)
        return point_list

    # Footnotes and page furniture

    def aside(self, tag: str, aside: Aside) -> list[Element]:
        """A container named "footnotes" or "furniture" (`tag`: as the region allows); none if its notes are placed."""
        blocks = [block for block in aside.blocks if block.pk not in self.placed]
        if not blocks:
            return []
        write = self.note_line if aside.kind == BlockKind.FOOTNOTE else self.paragraph
        lines = [write(block) for block in blocks]
        name = ASIDE_NAMES[aside.kind]
        attributes = {"eId": f"{self.prefix}{name}_{blocks[0].number}", "name": name}
        if tag == "hcontainer":
            return [akn("hcontainer", attributes, akn("content", {}, *lines))]
        return [akn("container", attributes, *lines)]

    def note_line(self, footnote: Conclusion) -> Element:
        """A note kept where it was printed: a `<p>` holding it alone."""
        label = self.shown(footnote, "label").text.strip()
        return akn("p", {}, self.note(footnote, marker=label))

    def note(self, footnote: Conclusion, *, marker: str) -> Element:
        attributes = {"eId": self.eid(footnote), "placement": "bottom"}
        if marker:
            attributes["marker"] = marker
        return akn("authorialNote", attributes, self.paragraph(footnote))

    # Text

    def paragraph(self, block: Conclusion) -> Element:
        """The block's text as a `<p>`, its footnotes at their markers, marked if it is in the original."""
        shown = self.shown(block, "text")
        return self.marked(self.fill(akn("p"), block, shown.text), shown)

    def fill(self, element: Element, block: Conclusion, text: str) -> Element:
        """Put the text in the element, each footnote whose marker it carries in place of the marker."""
        markers = self.markers.get(block.pk, [])
        element.text = xml_text(text[: markers[0].start] if markers else text)
        for index, place in enumerate(markers):
            note = self.note(place.footnote, marker=text[place.start : place.end])
            following = markers[index + 1].start if index + 1 < len(markers) else len(text)
            note.tail = xml_text(text[place.end : following])
            element.append(note)
        return element
