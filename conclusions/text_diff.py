"""What changed between two versions of a text, marked up word by word (character by character in Chinese).

The two texts are cut into tokens: a word, a run of spaces, one punctuation
mark, or one character of a script written without spaces between words
(Chinese, Japanese, Thai, ...), where a word cannot be told from its
neighbours. The tokens removed are shown in `<del>`, those added in `<ins>`,
each with words a screen reader reads out (in the admin's `visually-hidden`
class), since most screen readers announce neither element. Nothing is
shortened: the whole text is shown.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Han (with its radicals, punctuation and full-width forms), kana, bopomofo, Thai, Lao, Myanmar, Khmer.
UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f"
    "\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
# Punctuation that ends or separates words, Arabic's included; a mark inside a word ("l'homme") is one token too.
PUNCTUATION = re.escape(".,;:!?¡¿()[]{}<>\"'«»‹›“”„‘’‚—–-/\\…·•*&%#@+=|~^`،؛؟٪")
TOKEN = re.compile(rf"[{UNSPACED}]|[^\s{UNSPACED}{PUNCTUATION}]+|\s+|.", re.DOTALL)
# Between two changes, so little in common is read as part of one change rather than cutting it in two.
BRIDGE = re.compile(rf"\s+|[{UNSPACED}]")

EQUAL = "equal"


def text_tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def text_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """The texts as runs: ("equal", text, text), or ("change", removed, added), one or the other possibly empty."""
    old_tokens, new_tokens = text_tokens(old or ""), text_tokens(new or "")
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    runs = [
        (EQUAL if tag == EQUAL else "change", "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    return merged_changes(runs)


def merged_changes(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Changes next to each other, or with only a space or one Chinese character between them, as one change."""
    merged: list[tuple[str, str, str]] = []
    for index, (tag, old, new) in enumerate(runs):
        # difflib's runs alternate: an equal run that is neither first nor last lies between two changes.
        if tag == EQUAL and 0 < index < len(runs) - 1 and BRIDGE.fullmatch(old):
            tag = "change"
        if tag != EQUAL and merged and merged[-1][0] != EQUAL:
            _tag, removed, added = merged.pop()
            old, new = removed + old, added + new
        merged.append((tag, old, new))
    return merged


def diff_html(old: str, new: str) -> SafeString:
    """The new text with what was removed in `<del>` and what was added in `<ins>`, escaped."""
    parts = []
    for tag, removed, added in text_diff(old, new):
        if tag == EQUAL:
            parts.append(escape(added))
            continue
        if removed and added:
            parts += [deleted(removed), inserted(added)]
        else:
            parts.append(spaces_unmarked(removed, deleted) if removed else spaces_unmarked(added, inserted))
    return mark_safe("".join(parts))


def spaces_unmarked(text: str, mark) -> str:
    """Words only added or only removed, marked; the spaces around them are the text's, left unmarked."""
    words = text.strip()
    if not words:
        return mark(text)  # a change of spacing alone is still shown
    start = text.index(words)
    return escape(text[:start]) + mark(words) + escape(text[start + len(words) :])


def deleted(text: str) -> SafeString:
    return marked("del", text, _("[deletion start]"), _("[deletion end]"))


def inserted(text: str) -> SafeString:
    return marked("ins", text, _("[insertion start]"), _("[insertion end]"))


def marked(element: str, text: str, start: str, end: str) -> SafeString:
    """`text` in `element`, between words for screen readers that the page does not show."""
    return format_html(
        '<{0}><span class="visually-hidden">{1}</span>{2}<span class="visually-hidden">{3}</span></{0}>',
        element,
        start,
        text,
        end,
    )
