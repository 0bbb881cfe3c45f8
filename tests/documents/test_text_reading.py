"""Reading a plain-text outcome document into its structure, as printed, without losing a character.

The texts here are small, made to hold each case the issue names (an annex
whose numbering restarts, paragraphs without blank lines between them, `1 - `
numbering, a joint statement without numbers, full-width and Arabic-Indic
digits, page furniture); the real documents are in test_real_documents.py.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conclusions.documents.structure import Kind, unkept_lines
from conclusions.documents.text_reading import DocumentError, decode_text, read_text_document
from tests.paths import GENEVA_TEXT

RESOLUTION = """\
United Nations                                                    A/RES/75/1
General Assembly                                  Distr.: General
                                                  28 September 2020

Seventy-fifth session

          Resolution adopted by the General Assembly on 21 September 2020

75/1. Declaration on the commemoration of the seventy-fifth
anniversary of the United Nations

    The General Assembly,
    Recalling its resolution 73/299 of 14 June 2019, in which it decided to hold
a high-level meeting,
    Adopts the following declaration:
1. We, the Heads of State and Government, have gathered on 21 September 2020 to commemorate
the seventy-fifth anniversary.
2. We will:
(a) leave no one behind;
(b) protect our planet;1
(c) promote peace and prevent conflicts.

20-12345 (E)
*2012345*
                                                                          2/4
A/RES/75/1
Annex
I. Our commitments
1. We reaffirm the victims’ right to remedy. The annex
continues here and
2016. is a year that does not start a paragraph.
2. Second annex paragraph.
II. Follow-up
3. Third annex paragraph, cut by a page

A/RES/75/1                                                       3/4
break in mid-sentence.
1 See resolution 70/1.

                                                   3rd plenary meeting
                                                   21 September 2020
"""

JOINT_STATEMENT = """\
中华人民共和国和某某共和国
联合声明

应某某共和国总统邀请，中华人民共和国主席于2023年5月17日至19日对某某进行国事访问。

双方一致同意：
——深化政治互信；
——扩大务实合作。

双方对访问成果表示满意。

2023年5月19日于西安
"""


def line_of(start: str) -> int:
    """The number of the line of RESOLUTION that starts with `start`, as an editor's text editor counts."""
    return next(number for number, line in enumerate(RESOLUTION.split("\n"), 1) if line.startswith(start))


def read(text: str):
    return read_text_document(text.encode("utf-8"))


def kinds(structure) -> list[tuple[str, str, str]]:
    return [(block.kind, block.marker, block.text) for block in structure.blocks]


def assert_every_character_kept(text: str, structure) -> None:
    """Every line is in one block, whose text is that line's characters: only white space may differ."""
    assert unkept_lines(text, structure) == []


def test_a_resolution_with_its_annex_sections_items_footnote_and_page_furniture():
    structure = read(RESOLUTION)
    assert structure.parts == 2
    paragraphs = [(block.part, block.label, block.text) for block in structure.of_kind(Kind.PARAGRAPH)]
    assert paragraphs == [
        (1, "1", "We, the Heads of State and Government, have gathered on 21 September 2020 to commemorate "
         "the seventy-fifth anniversary."),
        (1, "2", "We will:"),
        (2, "1", "We reaffirm the victims’ right to remedy. The annex continues here and "
         "2016. is a year that does not start a paragraph."),
        (2, "2", "Second annex paragraph."),
        (2, "3", "Third annex paragraph, cut by a page break in mid-sentence."),
    ]  # fmt: skip
    assert [block.text for block in structure.of_kind(Kind.PREAMBLE)] == [
        "The General Assembly,",
        "Recalling its resolution 73/299 of 14 June 2019, in which it decided to hold a high-level meeting,",
        "Adopts the following declaration:",
    ]
    assert [(block.marker, block.text) for block in structure.of_kind(Kind.ITEM)] == [
        ("(a) ", "leave no one behind;"),
        ("(b) ", "protect our planet;1"),
        ("(c) ", "promote peace and prevent conflicts."),
    ]
    assert [(block.label, block.text) for block in structure.of_kind(Kind.SECTION)] == [
        ("I", "Our commitments"),
        ("II", "Follow-up"),
    ]
    assert [block.text for block in structure.of_kind(Kind.PART)] == ["Annex"]
    assert [(block.label, block.text, block.line) for block in structure.of_kind(Kind.FOOTNOTE)] == [
        ("1", "See resolution 70/1.", line_of("1 See resolution 70/1."))
    ]
    assert [block.text.split()[0] for block in structure.of_kind(Kind.FURNITURE)] == [
        "20-12345",
        "*2012345*",
        "2/4",
        "A/RES/75/1",
        "A/RES/75/1",
    ]
    assert [block.text for block in structure.of_kind(Kind.CLOSING)] == ["3rd plenary meeting", "21 September 2020"]
    assert structure.of_kind(Kind.HEADING)[-2:][0].text.startswith("75/1. Declaration on the commemoration")
    assert_every_character_kept(RESOLUTION, structure)


def test_blocks_say_the_lines_they_come_from():
    structure = read(RESOLUTION)
    third = structure.of_kind(Kind.PARAGRAPH)[-1]
    assert (third.line, third.last_line) == (line_of("3. Third annex paragraph"), line_of("break in mid-sentence."))


def test_paragraphs_numbered_with_a_dash_and_star_sections():
    text = (
        "Déclaration du Sommet\n\n* Paix et sécurité\n\n1 - Nous réaffirmons.\n\n2 – Nous décidons.\n\n"
        "* Développement\n\n3 - Nous appelons.\n"
    )
    structure = read(text)
    assert kinds(structure) == [
        (Kind.HEADING, "", "Déclaration du Sommet"),
        (Kind.SECTION, "* ", "Paix et sécurité"),
        (Kind.PARAGRAPH, "1 - ", "Nous réaffirmons."),
        (Kind.PARAGRAPH, "2 – ", "Nous décidons."),
        (Kind.SECTION, "* ", "Développement"),
        (Kind.PARAGRAPH, "3 - ", "Nous appelons."),
    ]


def test_a_joint_statement_without_numbers():
    structure = read(JOINT_STATEMENT)
    assert kinds(structure) == [
        (Kind.HEADING, "", "中华人民共和国和某某共和国"),
        (Kind.HEADING, "", "联合声明"),
        (Kind.UNNUMBERED, "", "应某某共和国总统邀请，中华人民共和国主席于2023年5月17日至19日对某某进行国事访问。"),
        (Kind.UNNUMBERED, "", "双方一致同意："),
        (Kind.ITEM, "——", "深化政治互信；"),
        (Kind.ITEM, "——", "扩大务实合作。"),
        (Kind.UNNUMBERED, "", "双方对访问成果表示满意。"),
        (Kind.CLOSING, "", "2023年5月19日于西安"),
    ]


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("１．第一段。\n\n２．第二段。\n", ["１", "２"]),
        ("١. الفقرة الأولى.\n٢. الفقرة الثانية.\n", ["١", "٢"]),
        ("1) First.\n2) Second.\n3) Third.\n", ["1", "2", "3"]),
        ("1、第一段。\n2、第二段。\n", ["1", "2"]),
        ("1. First.\n\n1 bis. Inserted.\n\n2. Second.\n", ["1", "1 bis", "2"]),
    ],
)
def test_numbers_as_printed_in_each_script(text, labels):
    assert [block.label for block in read(text).of_kind(Kind.PARAGRAPH)] == labels


@pytest.mark.parametrize(
    ("text", "labels", "line", "warning"),
    [
        (
            "1. One.\n\n2. Two.\n\n4. Four.\n",
            ["1", "2", "4"],
            5,
            "Paragraph 4 follows paragraph 2: a number is missing",
        ),
        ("1. One.\n\n2. Two.\n\n2. Again.\n", ["1", "2", "2"], 5, "Paragraph 2 follows paragraph 2: a number is"),
        ("2. Two.\n\n3. Three.\n", ["2", "3"], 1, "The first numbered paragraph is 2, not 1."),
    ],
)
def test_a_number_out_of_turn_after_a_blank_line_is_a_paragraph_with_a_warning(text, labels, line, warning):
    structure = read(text)
    assert [block.label for block in structure.of_kind(Kind.PARAGRAPH)] == labels
    assert [(found.line, found.message[: len(warning)]) for found in structure.warnings] == [(line, warning)]


def test_lines_wrapped_in_chinese_join_without_a_space_and_hyphens_are_kept():
    structure = read("1. 防止暴力\n极端主义。\n2. A well-\nbeing and inter-\nnational text.\n")
    assert [block.text for block in structure.of_kind(Kind.PARAGRAPH)] == [
        "防止暴力极端主义。",
        "A well-being and inter-national text.",
    ]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-8-sig", "UTF-8 with BOM"),
        ("utf-8", "UTF-8"),
        ("utf-16-be", "UTF-16"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
        ("gb18030", "GB18030"),
    ],
)
def test_encodings(encoding, name):
    text, found = decode_text(JOINT_STATEMENT.replace("\n", "\r\n").encode(encoding))
    assert found == name
    assert [block.text for block in read_text_document(text.encode()).of_kind(Kind.HEADING)][1] == "联合声明"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \r\n ", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd", "The file is not text"),
    ],
)
def test_unreadable_files(data, message):
    with pytest.raises(DocumentError, match=message):
        read_text_document(data)


def test_the_geneva_original_reads_as_eleven_heading_lines_five_preamble_paragraphs_and_seventeen():
    data = GENEVA_TEXT.read_bytes()
    structure = read_text_document(data)
    counts = structure.counts()
    assert (counts[Kind.HEADING], counts[Kind.PREAMBLE], counts[Kind.PARAGRAPH]) == (11, 5, 17)
    assert sum(counts.values()) == 33
    assert structure.of_kind(Kind.PARAGRAPH)[5].text.count("各会员国只有完全履行国际法") == 1, "page break joined"
    assert_every_character_kept(data.decode("utf-8-sig"), structure)


LINES = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40),
        st.sampled_from(
            ["", "1. Un.", "2. Deux", "(a) item", "I. Titre", "Annex", "A/RES/1/2", "3/4", "—— 项", "* x"]
        ),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_no_text_ever_loses_or_gains_a_character(lines):
    text = "\n".join(lines)
    if not text.strip(" \t\r\n\x00"):
        return
    assert_every_character_kept(text, read(text))


@pytest.mark.parametrize(("character", "line"), [("\x00", 3), ("\x0b", 3), ("\x1f", 3)])
def test_characters_a_database_cannot_store_are_refused_by_line(character, line):
    """A stray control character in a real text (one in a page of it; a file full of them is not text at all)."""
    paragraph = "We reaffirm our commitment to the 2030 Agenda for Sustainable Development. " * 10
    with pytest.raises(DocumentError, match=f"Line {line}: the text contains the character U\\+00"):
        read(f"Title\n\n1. One{character}two. {paragraph}\n")


def test_a_form_feed_is_a_page_break_not_an_error():
    structure = read("1. A paragraph cut by\n\x0cA/RES/1/2\nthe page.\n")
    assert [block.text for block in structure.of_kind(Kind.PARAGRAPH)] == ["A paragraph cut by the page."]
