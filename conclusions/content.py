"""The one way meetings, paragraphs and themes are written: every writer calls these, and they keep the rest in step.

What is derived from the content, and kept in step here for every writer (the
admin's forms, inline paragraphs, delete, revert and restore; the translators'
confirm action; spreadsheet imports and their undo; the document importer;
fixtures; the search index rebuild):

- history (django-simple-history): `content_save` and `content_delete` save
  and delete through the ORM, where simple-history writes one record per
  object with the user and reason given here; paragraphs written in bulk by
  a spreadsheet import get the same records, written in bulk, from
  `conclusion_rows_record`;
- translation bases (`translations.status`): a translation whose column was
  written is current, the others of a changed source are outdated unless the
  change is minor, an emptied one is missing;
- search texts (`search.index`) of the paragraphs written, and of a meeting's
  paragraphs when its publication, date or slug changes;
- the content version (`public.page_cache`), raised once per call, whatever
  the number of records, or once per `one_change()` block that groups
  several calls (an admin form with its inline paragraphs, an undo that
  restores some records and deletes others).

No signal receiver of this app does any of this behind the writers' backs:
which columns a write changed is read by the writer's service call (one
query of the stored texts before saving), not snapshotted on every load.
"""

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting
from conclusions.public.page_cache import raise_content_version
from conclusions.search.index import copy_meeting_places, index_conclusions
from conclusions.spreadsheets.bulk_sql import batches, insert_rows
from conclusions.translations.status import (
    TRACKED_FIELDS,
    forget_translation_bases,
    outdated_columns,
    rebase_translations,
    tracked_columns,
)

TEXT_COLUMNS = [translated_column("text", code) for code in LANGUAGE_CODES]
LABEL_COLUMNS = [translated_column("label", code) for code in LANGUAGE_CODES]
# Every stored column of a block but its id: what bulk writers insert, and (with the id) what its history copies.
CONCLUSION_COLUMNS = [
    "meeting_id",
    "kind",
    "part",
    "number",
    "number_suffix",
    "position",
    "label",
    *LABEL_COLUMNS,
    "text",
    *TEXT_COLUMNS,
]
HISTORY_COLUMNS = ["id", *CONCLUSION_COLUMNS]

# Inside `one_change()`: a box that says whether content changed, so the version is raised once at its end.
_open_change: ContextVar[list[bool] | None] = ContextVar("open_content_change", default=None)


@contextmanager
def one_change():
    """Service calls inside are one change, in one transaction: the content version is raised once, at the end."""
    if _open_change.get() is not None:
        yield  # nested: the outer block raises it
        return
    changed = [False]
    token = _open_change.set(changed)
    try:
        with transaction.atomic():
            yield
            if changed[0]:
                raise_content_version()
    finally:
        _open_change.reset(token)


def content_changed() -> None:
    """Raise the content version now, or at the end of the open `one_change()` block."""
    box = _open_change.get()
    if box is None:
        raise_content_version()
    else:
        box[0] = True


def content_save(instances: Iterable, *, user=None, reason: str = "", minor: bool = False) -> None:
    """Save meetings, paragraphs or themes, in the order given, and everything derived from them.

    A new meeting goes before its new paragraphs. `minor` marks a typo or
    layout fix of the source text: its translations stay current. A record
    whose primary key is set but not stored (a deleted record restored from
    its history) counts as created.
    """
    instances = list(instances)
    if not instances:
        return
    stored = stored_texts(instances)
    changed = defaultdict(dict)
    for instance in instances:
        model = type(instance)
        before = stored.get((model, instance.pk))
        # simple-history reads these two attributes when it records the save.
        instance._history_user = user if user is not None and user.is_authenticated else None
        instance._change_reason = reason or None
        instance.save()
        after = {column: getattr(instance, column) or "" for column in tracked_columns(model)}
        changed[model][instance.pk] = {
            column for column, text in after.items() if before is None or before.get(column) != text
        }
    for model, changed_by_pk in changed.items():
        rebase_translations(model, changed_by_pk, minor=minor)
        if model is Conclusion:
            index_conclusions(list(changed_by_pk))
    copy_meeting_places(instance for instance in instances if isinstance(instance, Meeting))
    content_changed()


def stored_texts(instances: list) -> dict[tuple[type, int], dict[str, str]]:
    """(model, pk) -> the tracked texts as stored now, one query per model: what a save is about to change."""
    pks = defaultdict(list)
    for instance in instances:
        if instance.pk is not None:
            pks[type(instance)].append(instance.pk)
    found = {}
    for model, ids in pks.items():
        columns = tracked_columns(model)
        for pk, *values in model.objects.filter(pk__in=ids).values_list("pk", *columns):
            found[(model, pk)] = {column: value or "" for column, value in zip(columns, values, strict=True)}
    return found


def content_delete(instances: Iterable, *, user=None, reason: str = "") -> None:
    """Delete meetings, paragraphs or themes; a meeting's paragraphs go with it."""
    instances = list(instances)
    if not instances:
        return
    deleted = defaultdict(list)
    for instance in instances:
        deleted[type(instance)].append(instance.pk)
    if Meeting in deleted:
        paragraphs = Conclusion.objects.filter(meeting_id__in=deleted[Meeting]).values_list("pk", flat=True)
        deleted[Conclusion] += list(paragraphs)
    for instance in instances:
        instance._history_user = user if user is not None and user.is_authenticated else None
        instance._change_reason = reason or None
        # An ordinary delete: simple-history records each deletion, cascaded paragraphs included.
        instance.delete()
    for model, ids in deleted.items():
        forget_translation_bases(model, ids)
    # Search texts went with their paragraphs (foreign key cascade).
    content_changed()


def conclusion_rows_record(
    *,
    created_ids: list[int] = (),
    changed_columns: dict[int, set[str]] | None = None,
    deleted_ids: list[int] = (),
    user=None,
    reason: str,
) -> None:
    """For paragraphs a spreadsheet import or its undo wrote with plain SQL: everything a save would have kept.

    `changed_columns` gives, per paragraph, the columns written ("themes"
    included); `deleted_ids` are paragraphs to delete, which is done here.
    History is written in bulk, as simple-history would write it on save.
    """
    changed_columns = changed_columns or {}
    history_rows_write(list(created_ids), "+", reason=reason, user=user)
    history_rows_write(list(changed_columns), "~", reason=reason, user=user)
    every_column = set(tracked_columns(Conclusion))  # a new block's labels and texts were all written
    rebase_translations(Conclusion, {**dict.fromkeys(created_ids, every_column), **changed_columns})
    # Search texts copy each block's text and its position.
    indexed = {*TEXT_COLUMNS, "position"}
    index_conclusions([*created_ids, *(pk for pk, columns in changed_columns.items() if columns & indexed)])
    for ids in batches(deleted_ids):
        # An ordinary delete: simple-history records each deletion.
        Conclusion.objects.filter(id__in=ids).delete()
    forget_translation_bases(Conclusion, deleted_ids)
    content_changed()


def acting_user_id(user) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def history_rows_write(conclusion_ids: list[int], history_type: str, *, reason: str, user) -> None:
    """One history record per paragraph, with its themes, as simple-history writes on save."""
    HistoricalConclusion = apps.get_model("conclusions", "HistoricalConclusion")
    HistoricalThemes = apps.get_model("conclusions", "HistoricalConclusion_themes")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    user_id = acting_user_id(user)
    for ids in batches(conclusion_ids):
        insert_rows(
            HistoricalConclusion,
            [*HISTORY_COLUMNS, "history_date", "history_type", "history_change_reason", "history_user_id"],
            (
                (*values, now, history_type, reason, user_id)
                for values in Conclusion.objects.filter(id__in=ids).values_list(*HISTORY_COLUMNS)
            ),
        )
        records = HistoricalConclusion.objects.filter(id__in=ids, history_type=history_type)
        history_id = dict(records.filter(history_change_reason=reason).values_list("id", "history_id"))
        links = Conclusion.themes.through.objects.filter(conclusion_id__in=ids)
        insert_rows(
            HistoricalThemes,
            # `id` is the copied id of the link row, as simple-history records it.
            ["id", "history_id", "conclusion_id", "theme_id"],
            (
                (link_id, history_id[conclusion_id], conclusion_id, theme_id)
                for link_id, conclusion_id, theme_id in links.values_list("id", "conclusion_id", "theme_id")
            ),
        )


def translations_confirm(instances: Iterable, *, language: str) -> int:
    """A translator checked the outdated translations into `language` against the source: they are current.

    Returns how many translations (record and field) were confirmed. The
    texts do not change: no history, no search texts.
    """
    instances = list(instances)
    outdated = outdated_columns(instances, language)
    if not outdated:
        return 0
    rebase_translations(type(instances[0]), outdated)
    content_changed()
    return sum(len(columns) for columns in outdated.values())


def fixtures_load(fixtures: list[str]) -> None:
    """Load fixtures into a database without content, and derive the rest from them.

    loaddata saves raw, with no history and nothing derived: the loaded state
    is recorded as the first version of every record (paragraphs with themes
    already have theirs: loaddata setting their themes records one), every
    loaded translation counts as current, and every paragraph is indexed for
    search.
    """
    with transaction.atomic():
        call_command("loaddata", *fixtures, verbosity=0)
        call_command("populate_history", "conclusions.Theme", "conclusions.Meeting", verbosity=0)
        unrecorded = Conclusion.objects.exclude(pk__in=Conclusion.history.values("id"))
        history_rows_write(list(unrecorded.order_by("pk").values_list("pk", flat=True)), "+", reason="", user=None)
        for model in TRACKED_FIELDS:
            every_column = set(tracked_columns(model))
            rebase_translations(model, dict.fromkeys(model.objects.values_list("pk", flat=True), every_column))
        index_conclusions(Conclusion.objects.order_by("pk").values_list("pk", flat=True))
        content_changed()


def search_index_rebuild() -> int:
    """Rewrite every paragraph's search texts from the stored texts; return how many paragraphs there are."""
    with transaction.atomic():
        ids = list(Conclusion.objects.order_by("pk").values_list("pk", flat=True))
        index_conclusions(ids)
        content_changed()  # cached search pages showed the old texts
    return len(ids)
