"""Who may change what: editors every text, translators only the translations into their own languages.

A translator holds `conclusions.translate_<language>` (the "Translators
(<language>)" groups) and view permissions, but not the models' change
permission. They may change the translated columns of their languages (a
block's label and text, a meeting's title, ...), on every meeting, block and
theme, except where that language is the record's source: the original text,
numbers, positions, themes, dates and publication stay with the editors.
These rules are checked on the server, in the admin's forms and in
spreadsheet imports alike.
"""

from collections import defaultdict
from collections.abc import Callable

from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from conclusions.languages import LANGUAGE_CODES, column_suffix, language_name, translated_column
from conclusions.models import Meeting
from conclusions.spreadsheets.conclusion_plan import ImportProblem

ROWS_NAMED = 10


def translate_permission(language: str) -> str:
    return f"conclusions.translate_{column_suffix(language)}"


def translator_languages(user) -> list[str]:
    """The languages this user may translate into, in UN order."""
    return [code for code in LANGUAGE_CODES if user.has_perm(translate_permission(code))]


def may_change_everything(user, model) -> bool:
    """Editors (the model's change permission) are not limited to a language."""
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def limited_languages(user, model) -> list[str] | None:
    """None for an editor of `model`; otherwise the languages the user may translate into (maybe none)."""
    return None if may_change_everything(user, model) else translator_languages(user)


def writable_columns(model, languages: list[str], source_language: str) -> set[str]:
    """The columns a translator into `languages` may change on a record whose original is in `source_language`.

    Every translated field counts, a block's label as well as its text.
    """
    return {
        translated_column(field, code)
        for field in translator.get_options_for_model(model).all_fields
        for code in languages
        if code != source_language
    }


def languages_label(languages: list[str]) -> str:
    return ", ".join(language_name(code) for code in languages)


def paragraph_source_language() -> Callable[[object], str]:
    """For the rows of a conclusion import plan: the source language of each row's meeting (one query)."""
    source_languages = dict(Meeting.objects.values_list("id", "source_language"))
    return lambda row: source_languages[row.meeting_id]


def refuse_other_columns(plan, model, languages: list[str], source_language: Callable[[object], str]) -> None:
    """A translator's import: a file that would change anything else than their translations is refused.

    Each column it would change is named once, with the rows, in the plan's
    file problems, so that nothing is written. Unchanged cells in other
    columns (a full export re-imported) are allowed.
    """
    rows_by_column = defaultdict(list)
    for row in plan.rows:
        if row.problems or not row.changes:
            continue
        allowed = writable_columns(model, languages, source_language(row))
        for change in row.changes:
            if change.column not in allowed:
                rows_by_column[change.column].append(row.row)
    for column, rows in rows_by_column.items():
        named = ", ".join(str(row) for row in rows[:ROWS_NAMED])
        more = _(" and %(count)s more") % {"count": len(rows) - ROWS_NAMED} if len(rows) > ROWS_NAMED else ""
        plan.file_problems.append(
            ImportProblem(
                _(
                    "You may change only the translations into %(languages)s, not the original text, numbers, "
                    "themes, dates or publication; this file would change this column in rows %(rows)s%(more)s."
                )
                % {"languages": languages_label(languages), "rows": named, "more": more},
                column=column,
            )
        )
