"""A meeting's outcome document as Akoma Ntoso 3.0 XML, one expression per language.

Akoma Ntoso (OASIS LegalDocML) is the XML standard for legal and
parliamentary documents that the United Nations system uses (AKN4UN). What
this module writes, and why:

- The document type is `<statement name="conclusions">`. The schema defines a
  statement as "an official document of a body that may or may not be
  normative in structure (e.g., statements, resolutions)", and AKN4UN marks
  up resolutions and decisions as statements; a chair's conclusions are such
  a document, not an act, bill, debate or judgment (`<doc>` is left for
  documents the standard does not name). `FRBRprescriptive` is false:
  conclusions bind no one.
- Identifiers follow the Akoma Ntoso naming convention. Work:
  `/akn/un/statement/conclusions/<last day of the meeting>/<slug>` ("un" is
  the jurisdiction AKN4UN gives the UN system's documents; the slug is the
  meeting's permanent name on the site). Expression: `<work>/<language>@`,
  nothing after "@" because there is one version, the text as issued.
  Manifestation: `<expression>.xml`.
- `FRBRlanguage` holds ISO 639-2 alpha-3 codes, as the naming convention
  asks (the terminology codes: zho, not chi; fra, not fre); text blocks carry
  `xml:lang` with the site's language code (zh-hans, ...).
- The original is the master expression, `FRBRauthoritative` true. Every
  other language names the original in `FRBRmasterExpression` and
  `FRBRtranslation`, and is authoritative only if the meeting lists it as an
  official language version: the English working translation of a Chinese
  original says `FRBRauthoritative value="false"` and
  `<FRBRtranslation authoritative="false">`.
- Where a paragraph (or the title, the preamble...) has no text in the
  expression's language, the original text stands in its place, marked with
  its own `xml:lang`, and the original's language is listed as a second
  `FRBRlanguage`, as the site's pages do: every expression has every
  paragraph and every eId, and nothing in another language passes for a
  translation.
- Paragraphs are `<paragraph eId="para_<number>">`: the eId comes from the
  paragraph's number, not its position, so it is the same in every language
  and stays when other paragraphs change. Preamble paragraphs are
  `preamble__p_<n>`.
- Texts are written as stored, character for character. Only the control
  characters that XML 1.0 cannot hold at all are left out (as in XLSX
  exports); a stored text has none unless a spreadsheet put them there.
"""

import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from lxml import etree

from conclusions.languages import LANGUAGE_CODES, LocalizedText, translated_column
from conclusions.models import Conclusion, Meeting
from conclusions.templatetags.localized_text import paragraphs

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/akn+xml"

# The site's language codes and their ISO 639-2 (terminology) alpha-3 codes.
ALPHA_3 = {"ar": "ara", "zh-hans": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
JURISDICTION = "un"
DOCUMENT_TYPE = "statement"
DOCUMENT_NAME = "conclusions"

# Characters XML 1.0 cannot represent, not even escaped (tab, line feed and carriage return can).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Elements with text of their own (mixed content): their whitespace is text, never indentation.
MIXED_CONTENT = {"p", "num", "docTitle", "docProponent", "docDate"}

Element = etree._Element


@dataclass(frozen=True)
class Expression:
    """One language version of a meeting's document, and what it is."""

    meeting: Meeting
    language: str

    @property
    def is_original(self) -> bool:
        return self.language == self.meeting.source_language

    @property
    def is_authoritative(self) -> bool:
        return self.meeting.is_official(self.language)

    @property
    def work_uri(self) -> str:
        date = self.meeting.end_date.isoformat()
        return f"/akn/{JURISDICTION}/{DOCUMENT_TYPE}/{DOCUMENT_NAME}/{date}/{self.meeting.slug}"

    def expression_uri(self, language: str | None = None) -> str:
        return f"{self.work_uri}/{ALPHA_3[language or self.language]}@"

    @property
    def manifestation_uri(self) -> str:
        return f"{self.expression_uri()}.xml"


def akn(tag: str, attributes: dict[str, str] | None = None, *children: Element, text: str = "") -> Element:
    element = etree.Element(f"{{{NAMESPACE}}}{tag}", attributes or {}, nsmap={None: NAMESPACE})
    if text:
        element.text = xml_text(text)
    element.extend(children)
    return element


def xml_text(text: str) -> str:
    return NOT_IN_XML.sub("", text)


def text_in(instance, field: str, expression: Expression) -> LocalizedText:
    """The field's text in the expression's language, else the original's."""
    for language in (expression.language, expression.meeting.source_language):
        text = getattr(instance, translated_column(field, language)) or ""
        if text.strip():
            return LocalizedText(text=text, language=language, requested_language=expression.language)
    return LocalizedText(text="", language=expression.language, requested_language=expression.language)


def marked(element: Element, shown: LocalizedText) -> Element:
    """Mark a block whose text is in the original, not in the expression's language."""
    if shown.is_fallback:
        element.set(XML_LANG, shown.language)
    return element


def original_title(meeting: Meeting) -> str:
    """The document's title in the original, to name the master expression."""
    for field in ("document_title", "title"):
        text = getattr(meeting, translated_column(field, meeting.source_language)) or ""
        if text.strip():
            return xml_text(text)
    return meeting.slug


def identification(expression: Expression, *, holds_original_text: bool) -> Element:
    meeting = expression.meeting
    source = meeting.source_language
    meeting_date = meeting.end_date.isoformat()
    work = akn(
        "FRBRWork",
        {},
        akn("FRBRthis", {"value": f"{expression.work_uri}/!main"}),
        akn("FRBRuri", {"value": expression.work_uri}),
        akn("FRBRdate", {"date": meeting_date, "name": "meetingEnd"}),
        akn("FRBRauthor", {"href": "#meeting"}),
        akn("FRBRcountry", {"value": JURISDICTION}),
        akn("FRBRsubtype", {"value": DOCUMENT_NAME}),
        akn("FRBRnumber", {"value": meeting.slug}),
        akn("FRBRprescriptive", {"value": "false"}),
    )
    authoritative = "true" if expression.is_authoritative else "false"
    expression_element = akn(
        "FRBRExpression",
        {},
        akn("FRBRthis", {"value": f"{expression.expression_uri()}/!main"}),
        akn("FRBRuri", {"value": expression.expression_uri()}),
        akn("FRBRdate", {"date": meeting_date, "name": "meetingEnd"}),
        akn("FRBRauthor", {"href": "#meeting" if expression.is_original else "#secretariat"}),
        akn("FRBRauthoritative", {"value": authoritative}),
    )
    if not expression.is_original:
        master = {"href": expression.expression_uri(source), "showAs": original_title(meeting)}
        expression_element.append(akn("FRBRmasterExpression", master))
    expression_element.append(akn("FRBRlanguage", {"language": ALPHA_3[expression.language]}))
    if holds_original_text:
        expression_element.append(akn("FRBRlanguage", {"language": ALPHA_3[source]}))
    if not expression.is_original:
        expression_element.append(
            akn(
                "FRBRtranslation",
                {
                    "href": expression.expression_uri(source),
                    "fromLanguage": ALPHA_3[source],
                    "authoritative": authoritative,
                    "by": "#secretariat",
                },
            )
        )
    manifestation = akn(
        "FRBRManifestation",
        {},
        akn("FRBRthis", {"value": f"{expression.expression_uri()}/!main.xml"}),
        akn("FRBRuri", {"value": expression.manifestation_uri}),
        akn("FRBRdate", {"date": timezone.localdate().isoformat(), "name": "generation"}),
        akn("FRBRauthor", {"href": "#secretariat"}),
        akn("FRBRformat", {"value": MEDIA_TYPE}),
    )
    return akn("identification", {"source": "#secretariat"}, work, expression_element, manifestation)


def references(expression: Expression, title: LocalizedText) -> Element:
    meeting = expression.meeting
    return akn(
        "references",
        {"source": "#secretariat"},
        akn(
            "TLCOrganization",
            {
                "eId": "meeting",
                "href": f"/ontology/organization/{JURISDICTION}/{meeting.slug}",
                "showAs": xml_text(title.text),
            },
        ),
        akn(
            "TLCOrganization",
            {"eId": "secretariat", "href": "/ontology/organization/secretariat", "showAs": _("Secretariat")},
        ),
    )


def meeting_dates(meeting: Meeting) -> Element:
    """The meeting's dates as the page words them ("7 April 2016 – 8 April 2016"), each date a `<docDate>`."""
    line = akn("p", {"class": "dates"})
    dates = {"start": meeting.start_date, "end": meeting.end_date}
    # The page's own wording of a date range, in the expression's language ("%(start)s至%(end)s" in Chinese).
    pattern = "%(start)s" if meeting.start_date == meeting.end_date else _("%(start)s – %(end)s")
    last = None
    for piece in re.split(r"(%\((?:start|end)\)s)", pattern):
        if piece in ("%(start)s", "%(end)s"):
            date = dates[piece[2:-2]]
            last = akn("docDate", {"date": date.isoformat()}, text=date_format(date, "DATE_FORMAT"))
            line.append(last)
        elif last is None:
            line.text = (line.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece
    return line


def preface(expression: Expression, shown: dict[str, LocalizedText]) -> Element:
    """The document's heading: meeting, organizers, document title, dates and venue, as in the original."""
    element = akn("preface", {XML_LANG: expression.language})
    element.append(marked(akn("p", {"class": "meeting"}, text=shown["title"].text), shown["title"]))
    if shown["organizers"].text:
        proponent = akn("docProponent", {}, text=shown["organizers"].text)
        element.append(marked(akn("p", {"class": "organizers"}, proponent), shown["organizers"]))
    if shown["document_title"].text:
        title = akn("docTitle", {}, text=shown["document_title"].text)
        element.append(akn("longTitle", {}, marked(akn("p", {}, title), shown["document_title"])))
    element.append(meeting_dates(expression.meeting))
    if shown["venue"].text:
        element.append(marked(akn("p", {"class": "venue"}, text=shown["venue"].text), shown["venue"]))
    return element


def preamble(shown: LocalizedText) -> Element:
    """The unnumbered opening paragraphs, split at blank lines as the page shows them; all in one language.

    Joined again with a blank line, they are the stored preamble, unless it had
    spaces around a paragraph (the page does not show those either).
    """
    element = akn("preamble", {XML_LANG: shown.language})
    for number, text in enumerate(paragraphs(shown.text), start=1):
        element.append(akn("p", {"eId": f"preamble__p_{number}"}, text=text))
    return element


def main_body(expression: Expression, conclusions: list[Conclusion]) -> tuple[Element, bool]:
    """One `<paragraph>` per conclusion; also whether any holds the original instead of a translation."""
    element = akn("mainBody", {XML_LANG: expression.language})
    holds_original_text = False
    for conclusion in conclusions:
        shown = text_in(conclusion, "text", expression)
        holds_original_text |= shown.is_fallback
        element.append(
            akn(
                "paragraph",
                {"eId": f"para_{conclusion.number}"},
                akn("num", {}, text=f"{conclusion.number}."),
                akn("content", {}, marked(akn("p", {}, text=shown.text), shown)),
            )
        )
    return element, holds_original_text


def indent(element: Element, level: int = 0) -> None:
    """Indent the structure for reading; text inside mixed content is left exactly as it is."""
    if etree.QName(element).localname in MIXED_CONTENT or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def document(meeting: Meeting, language: str, conclusions: list[Conclusion]) -> Element:
    """The `<akomaNtoso>` element of one expression: `conclusions` are the meeting's, in number order."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language: {language}")
    expression = Expression(meeting, language)
    with translation.override(language):
        fields = ("title", "organizers", "document_title", "venue", "preamble")
        shown = {field: text_in(meeting, field, expression) for field in fields}
        body, paragraphs_hold_original = main_body(expression, conclusions)
        holds_original_text = paragraphs_hold_original or any(text.is_fallback for text in shown.values() if text.text)
        meta = akn(
            "meta",
            {},
            identification(expression, holds_original_text=holds_original_text),
            references(expression, shown["title"]),
        )
        statement = akn("statement", {"name": DOCUMENT_NAME}, meta, preface(expression, shown))
        if shown["preamble"].text.strip():
            statement.append(preamble(shown["preamble"]))
        statement.append(body)
    root = akn("akomaNtoso", {}, statement)
    etree.cleanup_namespaces(root)  # one xmlns, on the root
    indent(root)
    return root


def document_bytes(meeting: Meeting, language: str, conclusions: list[Conclusion]) -> bytes:
    """The expression as a UTF-8 XML file."""
    root = document(meeting, language, conclusions)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
