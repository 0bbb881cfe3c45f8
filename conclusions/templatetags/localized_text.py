"""Template filters for text that may be shown in another language than the page's."""

import unicodedata

from django import template
from django.utils.html import format_html

from conclusions.languages import LocalizedText

register = template.Library()


@register.filter
def inline_text(value: LocalizedText) -> str:
    """The text, wrapped in its own lang and dir when it is not in the page's language."""
    if value.is_fallback:
        return format_html('<span lang="{}" dir="{}">{}</span>', value.language, value.direction, value.text)
    return format_html("{}", value.text)


def is_script_neutral(label: str) -> bool:
    """A label read alike in every language: Western digits, punctuation and spaces ("6.", "(12)", "——")."""
    return all(character in "0123456789" or unicodedata.category(character)[0] in "PZ" for character in label)


@register.filter
def inline_label(value: LocalizedText) -> str:
    """A label as printed ("(a)", "I.", "١."), in its own lang and dir when it is another language's.

    A label of digits and punctuation ("6.") belongs to no language: marked as
    Chinese on an English page, a screen reader would read "6" in Chinese.
    """
    if is_script_neutral(value.text):
        return format_html("{}", value.text)
    return inline_text(value)


@register.filter
def paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, as the preamble is stored."""
    normalized = text.replace("\r\n", "\n")
    return [paragraph.strip() for paragraph in normalized.split("\n\n") if paragraph.strip()]


@register.filter
def state_for(states: dict | None, language: str) -> str:
    """A language's state in a {language: state} mapping, or "" when the page has none."""
    return (states or {}).get(language, "")
