"""The six UN languages: their codes, names, columns, and text shown in each."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language, get_language_info

LANGUAGE_CODES: list[str] = [code for code, _name in settings.LANGUAGES]


def column_suffix(language: str) -> str:
    """The suffix modeltranslation gives a language's column: "zh-hans" -> "zh_hans"."""
    return language.replace("-", "_")


def translated_column(field: str, language: str) -> str:
    return f"{field}_{column_suffix(language)}"


def column_language(column: str) -> str | None:
    """The language of a translated column ("title_zh_hans" -> "zh-hans"), or None."""
    return next((code for code in LANGUAGE_CODES if column.endswith("_" + column_suffix(code))), None)


def language_name(language: str) -> str:
    """The language's name in the active language ("Chinese", "chinois", ...)."""
    return str(dict(settings.LANGUAGES)[language])


def is_right_to_left(language: str) -> bool:
    return get_language_info(language)["bidi"]


def current_language() -> str:
    language = get_language()
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class LocalizedText:
    """A text as shown on a page, and the language it is really in.

    When the page's language has no text, the fallback language's text is
    shown instead: `is_fallback` lets the template say so and mark its `lang`.
    """

    text: str
    language: str
    requested_language: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested_language

    @property
    def direction(self) -> str:
        return "rtl" if is_right_to_left(self.language) else "ltr"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def __str__(self) -> str:
        return self.text


def localized_field(instance, field: str, *, fallback_language: str) -> LocalizedText:
    """The field's text in the active language, else in `fallback_language`.

    If both are empty, the first language in UN order that has a text is
    used, so a page never shows a blank where content exists.
    """
    requested = current_language()
    for language in (requested, fallback_language, *LANGUAGE_CODES):
        text = getattr(instance, translated_column(field, language), "") or ""
        if text.strip():
            return LocalizedText(text=text, language=language, requested_language=requested)
    return LocalizedText(text="", language=requested, requested_language=requested)


class ShownText:
    """A model attribute: a translated field's LocalizedText for the active language.

    `fallback_language` takes the instance and names the language to show
    when the active one has no text (for a meeting, its source language).
    """

    def __init__(self, field: str, *, fallback_language):
        self.field = field
        self.fallback_language = fallback_language

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return localized_field(instance, self.field, fallback_language=self.fallback_language(instance))


def normalize_line_ends(instance, field: str) -> None:
    """Store every language's text with "\\n" line ends, whatever the browser or file sent.

    Browsers submit textareas with "\\r\\n"; spreadsheets write either. One
    form in the database keeps an export and its re-import equal.
    """
    for language in LANGUAGE_CODES:
        column = translated_column(field, language)
        text = getattr(instance, column, None)
        if text and "\r" in text:
            setattr(instance, column, text.replace("\r\n", "\n").replace("\r", "\n"))
