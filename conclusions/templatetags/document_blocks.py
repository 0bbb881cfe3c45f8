"""Template filters for showing a document's blocks: which template shows a block, its sub-items' list, notes."""

from django import template

from conclusions.languages import LocalizedText
from conclusions.models import Conclusion

register = template.Library()

Kind = Conclusion.Kind
# One template per kind of block (conclusions/blocks/<name>.html); the citable kinds share one.
TEMPLATE_NAMES = {Kind.PREAMBLE: "citable", Kind.PARAGRAPH: "citable", Kind.UNNUMBERED: "citable"}


@register.filter
def block_template(entry) -> str:
    """The template that shows a block, or a run of page furniture (public/outline.py)."""
    return f"conclusions/blocks/{TEMPLATE_NAMES.get(entry.kind, entry.kind)}.html"


@register.filter
def sub_items_tag(items: list[Conclusion]) -> str:
    """An ordered list for sub-items labelled with letters or numbers ("(a)", "(i)"), else a list ("——", "•")."""
    numbered = any(character.isalnum() for item in items for character in item.shown_label.text)
    return "ol" if numbered else "ul"


@register.filter
def first_fallback(blocks) -> LocalizedText | None:
    """The first text shown in another language than the page's, of a block with its sub-items or of a list."""
    if isinstance(blocks, Conclusion):
        blocks = [blocks, *getattr(blocks, "items", [])]
    for block in blocks:
        for member in getattr(block, "blocks", [block]):  # a run of furniture, or one block
            shown = member.shown_text
            if shown.is_fallback:
                return shown
    return None
