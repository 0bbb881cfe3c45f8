"""Reading plain-text outcome documents: heading, preamble, numbered paragraphs, page breaks."""

import pytest

from conclusions.documents.parser import DocumentError, decode_document, parse_outcome_document
from tests.paths import GENEVA_TEXT

GENEVA = GENEVA_TEXT


@pytest.fixture(scope="module")
def geneva_document():
    return parse_outcome_document(decode_document(GENEVA.read_bytes()))


def test_geneva_heading_lines_kept_in_order(geneva_document):
    assert geneva_document.heading[-5:] == [
        "日内瓦会议 防止暴力极端主义——前进之路",
        "由联合国与瑞士政府联合组织",
        "联席会议共同结论",
        "2016年4月7日至8日",
        "联合国日内瓦办事处，瑞士",
    ]
    assert geneva_document.heading[0] == "Schweizerische Eidgenossenschaft"


def test_geneva_has_five_preamble_paragraphs_and_seventeen_conclusions(geneva_document):
    assert len(geneva_document.preamble) == 5
    assert geneva_document.preamble[0].startswith("联合国秘书长潘基文阁下")
    assert geneva_document.preamble[-1].endswith("表达其各自立场的声明。")
    assert [number for number, _text in geneva_document.conclusions] == list(range(1, 18))


def test_paragraph_split_by_page_break_is_joined_without_a_space(geneva_document):
    text = dict(geneva_document.conclusions)[6]
    assert "指出各会员国只有完全履行国际法" in text
    assert "\n" not in text


def test_number_prefix_is_removed_and_inner_spaces_kept(geneva_document):
    text = dict(geneva_document.conclusions)[2]
    assert text.startswith("联合国秘书长的倡议受到欢迎")
    assert "大会第 70/254 号决议要求在 2016 年 6 月" in text


def test_latin_script_page_break_joined_with_a_space():
    document = parse_outcome_document(
        "Title\n\nThe Co-Chairs met.\n\n1. The participants agreed that\n\nthe plan is useful.\n\n2. Done.\n"
    )
    assert document.conclusions == [(1, "The participants agreed that the plan is useful."), (2, "Done.")]
    assert document.heading == ["Title"]
    assert document.preamble == ["The Co-Chairs met."]


def test_windows_line_ends_and_byte_order_mark_are_read():
    document = parse_outcome_document(decode_document("\ufeffTitle\r\n\r\n1. One.\r\n\r\n2. Two.\r\n".encode()))
    assert document.conclusions == [(1, "One."), (2, "Two.")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n ", "The file is empty."),
        ("1. 中文".encode("gb18030"), "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused(data, message):
    with pytest.raises(DocumentError, match=message):
        decode_document(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Title\n\nJust a preamble.\n", "No numbered paragraphs"),
        ("1. One.\n\n2. Two.\n\n4. Four.\n", "jumps from 2 to 4: paragraph 3 is missing"),
        ("1. One.\n\n2. Two.\n\n2. Two again.\n", "Paragraph 2 appears twice"),
        ("2. Two.\n\n3. Three.\n", "The first numbered paragraph is 2, not 1"),
        ("1. One.\n\nA stray sentence.\n", "Unnumbered text after paragraph 1"),
    ],
)
def test_badly_numbered_documents_are_refused(text, message):
    with pytest.raises(DocumentError, match=message):
        parse_outcome_document(text)
