"""What a sighted reader sees of a piece of HTML, and of the changes marked in it (`<ins>`, `<del>`)."""

import re
from html import unescape


def words(html: str) -> str:
    """The text of `html`, spaces folded, without the words written for screen readers only."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip())


def marked(html: str, element: str) -> list[str]:
    """The words of each `element` ("ins", "del") in `html`, in order."""
    return [words(found) for found in re.findall(rf"<{element}>(.*?)</{element}>", html, re.DOTALL)]
