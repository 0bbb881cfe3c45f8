"""A count in words ("à mettre à jour : 17") kept on one line up to its number, where a narrow column may wrap it."""

from django import template

register = template.Library()

NO_BREAK_SPACE = "\u00a0"


@register.filter(is_safe=True)
def words_together(text: str) -> str:
    """The spaces of `text` made unbreakable, but for the last: "à mettre à jour :" stays whole, then "17"."""
    head, space, number = str(text).strip().rpartition(" ")
    return f"{head.replace(' ', NO_BREAK_SPACE)}{space}{number}" if space else str(text).strip()
