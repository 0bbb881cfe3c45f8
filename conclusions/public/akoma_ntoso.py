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
- Where a block (or the title...) has no text in the expression's language,
  the original text stands in its place, marked with its own `xml:lang`,
  and the original's language is listed as a second `FRBRlanguage`, as the
  site's pages do: every expression has every block and every eId, and
  nothing in another language passes for a translation.
- The text is the document's blocks in order (`akoma_ntoso_text` says how
  each is written). Part 1 is the statement's preface, preamble, main body
  and conclusions; each further part (where the numbering restarts: the
  annex of a resolution) is an `<attachment>` holding a `<doc name="annex">`
  with the same regions. An attachment, not an `<hcontainer>` in the main
  body: the resolution's closing lines ("18th plenary meeting", the date)
  come before its annex, and only an attachment after the statement's
  `<conclusions>` keeps that order; the schema also gives an attached
  document its own identification (`…/!annex_1`), as an annex is cited.
- Texts are written as stored, character for character. Only the control
  characters that XML 1.0 cannot hold at all are left out (as in XLSX
  exports); a stored text has none unless a spreadsheet put them there.
"""

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from conclusions.languages import LANGUAGE_CODES, LocalizedText, translated_column
from conclusions.models import Conclusion, Meeting
from conclusions.public.akoma_ntoso_text import TextWriter, akn, text_in, xml_text
from conclusions.public.block_nesting import Part, document_parts

MEDIA_TYPE = "application/akn+xml"

# The site's language codes and their ISO 639-2 (terminology) alpha-3 codes.
ALPHA_3 = {"ar": "ara", "zh-hans": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}
JURISDICTION = "un"
DOCUMENT_TYPE = "statement"
DOCUMENT_NAME = "conclusions"
# What a part after the first is: the annex of a resolution or a declaration (see `attachment`).
ANNEX = "annex"

# Elements with text of their own (mixed content): their whitespace is text, never indentation.
MIXED_CONTENT = {"p", "num", "heading", "docTitle", "docProponent", "docDate"}

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


def original_title(meeting: Meeting) -> str:
    """The document's title in the original, to name the master expression."""
    for field in ("document_title", "title"):
        text = getattr(meeting, translated_column(field, meeting.source_language)) or ""
        if text.strip():
            return xml_text(text)
    return meeting.slug


def identification(expression: Expression, *, holds_original_text: bool, component: str = "main") -> Element:
    """FRBR identification of the document (`component` "main") or of one of its attached documents ("annex_1")."""
    meeting = expression.meeting
    source = meeting.source_language
    meeting_date = meeting.end_date.isoformat()
    work = akn(
        "FRBRWork",
        {},
        akn("FRBRthis", {"value": f"{expression.work_uri}/!{component}"}),
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
        akn("FRBRthis", {"value": f"{expression.expression_uri()}/!{component}"}),
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
        akn("FRBRthis", {"value": f"{expression.expression_uri()}/!{component}.xml"}),
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
    """The `<akomaNtoso>` element of one expression: `conclusions` are all the meeting's blocks, in any order."""
    if language not in LANGUAGE_CODES:
        raise ValueError(f"Unknown language: {language}")
    expression = Expression(meeting, language)
    parts = document_parts(conclusions)
    if not parts or parts[0].number != 1:
        parts.insert(0, Part(1, []))  # the main document, if only for its heading
    writer = TextWriter(meeting, language)
    with translation.override(language):
        main = writer.regions(parts[0])
        annexes = [(part, writer.regions(part)) for part in parts[1:]]
        holds_original_text = writer.holds_original_text
        title = text_in(meeting, "title", language, meeting.source_language)
        meta = akn(
            "meta",
            {},
            identification(expression, holds_original_text=holds_original_text),
            references(expression, title),
        )
    statement = akn("statement", {"name": DOCUMENT_NAME}, meta, *main)
    if annexes:
        statement.append(
            akn(
                "attachments",
                {},
                *(
                    attachment(expression, part, regions, holds_original_text=holds_original_text)
                    for part, regions in annexes
                ),
            )
        )
    root = akn("akomaNtoso", {}, statement)
    etree.cleanup_namespaces(root)  # one xmlns, on the root
    indent(root)
    return root


def attachment(expression: Expression, part: Part, regions: list[Element], *, holds_original_text: bool) -> Element:
    """A part after the first (an annex) as an attached document, with its own identification as a component."""
    component = f"{ANNEX}_{part.number - 1}"
    meta = akn("meta", {}, identification(expression, holds_original_text=holds_original_text, component=component))
    return akn("attachment", {"eId": f"part_{part.number}"}, akn("doc", {"name": ANNEX}, meta, *regions))


def document_bytes(meeting: Meeting, language: str, conclusions: list[Conclusion]) -> bytes:
    """The expression as a UTF-8 XML file."""
    root = document(meeting, language, conclusions)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
