"""Word's automatic numbering, rendered as a reader of the document sees it: "1.", "(a)", "IV.", "（一）".

python-docx gives a paragraph's text without its number: the number lives in
the numbering part (word/numbering.xml) as list definitions, and Word counts
it as it lays the document out. This module does that counting:

- a paragraph is numbered by its own `w:numPr` (list and level) or by its
  style's (style-linked numbering, as "List Number" is), the style's
  `basedOn` chain followed;
- a list (`w:num`) points at a definition (`w:abstractNum`) of up to nine
  levels, each with a start, a format (decimal, letters, roman numerals,
  Chinese counting, full-width digits, bullets …) and a text such as
  "(%1)" or "%1.%2";
- lists that point at the same definition share their counters (they
  continue one another) unless they override a level's start, which
  restarts it; a level's counter restarts when a higher level advances
  (unless `w:lvlRestart` says otherwise).
"""

from dataclasses import dataclass, field

from docx.oxml.ns import qn

MAX_LEVELS = 9
ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x")]
ROMAN += [(9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
CHINESE_DIGITS = "〇一二三四五六七八九"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"


def roman(number: int) -> str:
    text = ""
    for value, letters in ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def letters(number: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, then aaa …"""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def chinese(number: int) -> str:
    """一 … 九, 十, 十一 … 九十九 (Word's chineseCounting)."""
    if number < 10:
        return CHINESE_DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (CHINESE_DIGITS[units] if units else "")


FORMATS = {
    "decimal": str,
    "decimalZero": lambda number: f"{number:02d}",
    "lowerLetter": letters,
    "upperLetter": lambda number: letters(number).upper(),
    "lowerRoman": roman,
    "upperRoman": lambda number: roman(number).upper(),
    "chineseCounting": chinese,
    "chineseCountingThousand": chinese,
    "ideographTraditional": lambda number: "甲乙丙丁戊己庚辛壬癸"[(number - 1) % 10],
    "decimalFullWidth": lambda number: str(number).translate(str.maketrans("0123456789", FULL_WIDTH_DIGITS)),
    "arabicAlpha": lambda number: "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"[(number - 1) % 28],
    "hindiNumbers": lambda number: str(number).translate(str.maketrans("0123456789", ARABIC_INDIC_DIGITS)),
    "none": lambda number: "",
}


def formatted(number: int, number_format: str) -> str:
    return FORMATS.get(number_format, str)(number)


@dataclass
class Level:
    start: int = 1
    number_format: str = "decimal"
    text: str = "%1."
    restart_after: int | None = None  # restart when this level (0-based) advances; None: any higher level
    suffix: str = "tab"


@dataclass
class ListDefinition:
    levels: dict[int, Level] = field(default_factory=dict)


@dataclass
class ListCounter:
    """Where a list's levels have counted to (None: not yet), and the starts its list overrides."""

    overrides: dict[int, int]
    values: list[int | None] = field(default_factory=lambda: [None] * MAX_LEVELS)


def attribute(element, tag: str, default: str | None = None) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val"), default) if child is not None else default


class Numbering:
    """The numbering part of one document, and the counters as its paragraphs are read in order."""

    def __init__(self, numbering_element, styles_element):
        self.definitions: dict[str, ListDefinition] = {}
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, ListCounter] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}  # style id -> (numId, level)
        self.style_parents: dict[str, str] = {}
        if numbering_element is not None:
            self.read_definitions(numbering_element)
        if styles_element is not None:
            self.read_styles(styles_element)

    def read_definitions(self, numbering_element) -> None:
        for abstract in numbering_element.findall(qn("w:abstractNum")):
            definition = ListDefinition()
            for level in abstract.findall(qn("w:lvl")):
                restart = attribute(level, "w:lvlRestart")
                definition.levels[int(level.get(qn("w:ilvl"), "0"))] = Level(
                    start=int(attribute(level, "w:start", "1") or 1),
                    number_format=attribute(level, "w:numFmt", "decimal") or "decimal",
                    text=attribute(level, "w:lvlText", "") or "",
                    restart_after=int(restart) - 1 if restart not in (None, "") else None,
                    suffix=attribute(level, "w:suff", "tab") or "tab",
                )
            self.definitions[abstract.get(qn("w:abstractNumId"))] = definition
        for num in numbering_element.findall(qn("w:num")):
            overrides = {}
            for override in num.findall(qn("w:lvlOverride")):
                start = attribute(override, "w:startOverride")
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl"), "0"))] = int(start)
            self.lists[num.get(qn("w:numId"))] = (attribute(num, "w:abstractNumId", "") or "", overrides)

    def read_styles(self, styles_element) -> None:
        for style in styles_element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            based_on = attribute(style, "w:basedOn")
            if based_on:
                self.style_parents[style_id] = based_on
            properties = style.find(qn("w:pPr"))
            numbering = properties.find(qn("w:numPr")) if properties is not None else None
            if numbering is not None:
                self.style_numbering[style_id] = (
                    attribute(numbering, "w:numId", "") or "",
                    int(attribute(numbering, "w:ilvl", "0") or 0),
                )

    def list_of(self, paragraph_element, style_id: str | None) -> tuple[str, int] | None:
        """The paragraph's list and level: its own, else its style's (or the style's ancestors')."""
        properties = paragraph_element.pPr
        numbering = properties.numPr if properties is not None else None
        if numbering is not None and numbering.numId is not None:
            level = numbering.ilvl.val if numbering.ilvl is not None else None
            if level is None:
                level = self.style_level(style_id)
            return str(numbering.numId.val), level or 0
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.style_numbering:
                return self.style_numbering[style_id]
            style_id = self.style_parents.get(style_id)
        return None

    def style_level(self, style_id: str | None) -> int:
        return self.style_numbering.get(style_id or "", ("", 0))[1]

    def label(self, paragraph_element, style_id: str | None) -> tuple[str, str]:
        """The number a reader sees before the paragraph ("(a)", "3.") and what follows it (" " or ""); or ""."""
        found = self.list_of(paragraph_element, style_id)
        if found is None:
            return "", ""
        num_id, level_index = found
        if num_id == "0" or num_id not in self.lists:
            return "", ""  # numId 0 switches numbering off
        abstract_id, overrides = self.lists[num_id]
        definition = self.definitions.get(abstract_id)
        if definition is None or level_index not in definition.levels:
            return "", ""
        counter = self.counter_for(num_id, abstract_id, overrides)
        self.advance(counter, definition, level_index)
        level = definition.levels[level_index]
        text = level.text
        if level.number_format != "bullet":
            for index in range(MAX_LEVELS):
                value = counter.values[index]
                if value is None:
                    value = self.first(definition, index, counter.overrides)
                text = text.replace(
                    f"%{index + 1}", formatted(value, definition.levels.get(index, Level()).number_format)
                )
        return text, "" if level.suffix == "nothing" else " "

    def counter_for(self, num_id: str, abstract_id: str, overrides: dict[int, int]) -> ListCounter:
        # Lists of one definition continue one another; a start override makes a list count on its own.
        key = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
        return self.counters.setdefault(key, ListCounter(overrides))

    def first(self, definition: ListDefinition, index: int, overrides: dict[int, int]) -> int:
        return overrides.get(index, definition.levels.get(index, Level()).start)

    def advance(self, counter: ListCounter, definition: ListDefinition, level_index: int) -> None:
        current = counter.values[level_index]
        counter.values[level_index] = (
            self.first(definition, level_index, counter.overrides) if current is None else current + 1
        )
        for deeper in range(level_index + 1, MAX_LEVELS):
            level = definition.levels.get(deeper)
            if level is None or level.restart_after is None or level.restart_after <= level_index:
                counter.values[deeper] = None
