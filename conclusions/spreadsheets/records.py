"""Meetings and themes in spreadsheets: import keyed by slug, with the rules of the conclusions import; export.

Absent columns are never touched, an empty cell keeps the stored value
unless clearing is asked for, every problem is named by row and column, and
nothing is written unless the whole file is valid. Each record is checked
with the model's own validation (constraints, the title in the source
language, the English theme name) before anything is written. These tables
hold tens or hundreds of rows, so records are saved one by one through the
ORM by `content.content_save`, which keeps history (with the import's reason
and user), translation status, search texts and the content version in step.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from conclusions.change_reasons import UNDO, change_reason
from conclusions.content import content_delete, content_save, one_change
from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets.conclusion_plan import (
    ColumnChange,
    ImportPlan,
    ImportProblem,
    RowStatus,
    cell_text,
    check_columns,
)
from conclusions.spreadsheets.files import Table
from conclusions.spreadsheets.formula_escaping import ESCAPED_FORMATS


def parse_date(cell) -> datetime.date:
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell).strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text[:40]}) from None


def parse_language(cell) -> str:
    code = str(cell).strip().lower().replace("_", "-")
    if code not in LANGUAGE_CODES:
        raise ValueError(
            _("“%(value)s” is not a language code: use one of %(codes)s.")
            % {"value": str(cell)[:40], "codes": ", ".join(LANGUAGE_CODES)}
        )
    return code


def parse_status(cell) -> str:
    status = str(cell).strip().lower()
    if status not in Meeting.Status.values:
        raise ValueError(_("“%(value)s” is not a status: use draft or published.") % {"value": str(cell)[:40]})
    return status


def parse_position(cell) -> int:
    text = str(int(cell) if isinstance(cell, float) and cell.is_integer() else cell).strip()
    if not re.fullmatch(r"[0-9]{1,4}", text):
        raise ValueError(_("“%(value)s” is not a position: use a whole number from 0 to 9999.") % {"value": text[:40]})
    return int(text)


@dataclass(frozen=True)
class RecordSpec:
    """What a spreadsheet of one kind of record holds: its columns and how to read them."""

    target: str
    model: type
    translated_fields: tuple[str, ...]
    plain_columns: dict[str, Callable]

    @property
    def text_columns(self) -> list[str]:
        return [translated_column(name, code) for name in self.translated_fields for code in LANGUAGE_CODES]

    @property
    def columns(self) -> list[str]:
        return ["slug", *self.plain_columns, *self.text_columns]


MEETINGS = RecordSpec(
    target=SpreadsheetImport.Target.MEETINGS,
    model=Meeting,
    translated_fields=("title", "document_title", "organizers", "venue"),
    plain_columns={
        "start_date": parse_date,
        "end_date": parse_date,
        "source_language": parse_language,
        "status": parse_status,
    },
)
THEMES = RecordSpec(
    target=SpreadsheetImport.Target.THEMES,
    model=Theme,
    translated_fields=("name", "description"),
    plain_columns={"position": parse_position},
)
RECORD_SPECS = {spec.target: spec for spec in (MEETINGS, THEMES)}


@dataclass(slots=True)
class RecordRowPlan(RowStatus):
    row: int
    slug: str
    record: object = None  # the record as it would be saved
    is_new: bool = False
    changes: list[ColumnChange] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    refusal: str = ""  # never set: only translator kits of conclusions refuse rows

    @property
    def label(self) -> str:
        return self.slug


def plan_record_import(spec: RecordSpec, table: Table, *, clear_empty: bool = False) -> ImportPlan:
    """What importing the table would change, record by record, or why it cannot be imported."""
    plan = ImportPlan(table=table, clear_empty=clear_empty, columns=list(table.headers))
    plan.file_problems = check_columns(table.headers, known=spec.columns, keys=("slug",))
    if plan.file_problems:
        return plan
    position = {column: index for index, column in enumerate(table.headers)}
    slugs = [str(values[position["slug"]] or "").strip() for values in table.rows]
    stored = {record.slug: record for record in spec.model.objects.filter(slug__in=slugs)}
    escaped = table.format in ESCAPED_FORMATS and not table.restored
    first_row = {}
    for values, row, slug in zip(table.rows, table.row_numbers, slugs, strict=True):
        row_plan = RecordRowPlan(row=row, slug=slug)
        plan.rows.append(row_plan)
        if not slug or slug != slugify(slug):
            message = _("The slug is missing.") if not slug else _("“%(slug)s” is not a valid slug.") % {"slug": slug}
            row_plan.problems.append(ImportProblem(message, row, "slug"))
            continue
        if slug in first_row:
            row_plan.problems.append(
                ImportProblem(
                    _("“%(slug)s” is already in row %(first)s.") % {"slug": slug, "first": first_row[slug]},
                    row,
                    "slug",
                )
            )
            continue
        first_row[slug] = row
        row_plan.is_new = slug not in stored
        row_plan.record = stored.get(slug) or spec.model(slug=slug)
        plan_record_changes(spec, row_plan, values, position, clear_empty, escaped)
    return plan


def plan_record_changes(spec, row_plan: RecordRowPlan, values, position, clear_empty: bool, escaped: bool) -> None:
    record, row = row_plan.record, row_plan.row
    for column, parse in spec.plain_columns.items():
        if column not in position or cell_text(values[position[column]], escaped=False).strip() == "":
            continue
        try:
            value = parse(values[position[column]])
        except ValueError as error:
            row_plan.problems.append(ImportProblem(str(error), row, column))
            continue
        old = getattr(record, column)
        if value != old:
            row_plan.changes.append(ColumnChange(column, old if not row_plan.is_new else "", value))
            setattr(record, column, value)
    for column in spec.text_columns:
        if column not in position:
            continue
        new, old = cell_text(values[position[column]], escaped=escaped), getattr(record, column) or ""
        if new == old or (not new and not clear_empty):
            continue
        row_plan.changes.append(ColumnChange(column, old, new))
        setattr(record, column, new)
    if row_plan.problems or not (row_plan.changes or row_plan.is_new):
        return
    try:
        # The untranslated base columns follow the active language: their
        # rules are checked on the language columns instead.
        record.full_clean(exclude=list(spec.translated_fields), validate_unique=False)
    except ValidationError as error:
        for name, errors in error.error_dict.items():
            column = None if name == NON_FIELD_ERRORS else name
            for problem in errors:
                if problem.code in ("null", "blank"):
                    # Django's "This field cannot be null" means nothing in a spreadsheet.
                    message = (
                        _("A new record needs a value in this column.")
                        if column in position
                        else _("A new record needs this column, which the file does not have.")
                    )
                else:
                    message = " ".join(ValidationError(problem).messages)
                row_plan.problems.append(ImportProblem(message, row, column))


def json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def apply_record_import(spec: RecordSpec, plan: ImportPlan, *, file_name: str, user=None) -> SpreadsheetImport:
    """Save the planned records in one transaction, each with its history, and record the import."""
    if not plan.is_valid:
        raise ValueError("Only a plan without problems can be applied.")
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        record = SpreadsheetImport.objects.create(
            target=spec.target,
            user=user,
            file_name=file_name[:255],
            file_format=plan.table.format,
            encoding=plan.table.encoding or "",
            delimiter={"\t": "tab"}.get(plan.table.delimiter or "", plan.table.delimiter or ""),
            clear_empty=plan.clear_empty,
            created_count=plan.count("new"),
            changed_count=plan.count("changed"),
            unchanged_count=plan.count("unchanged"),
        )
        written = [row for row in plan.rows if row.status in ("new", "changed")]
        content_save([row.record for row in written], user=user, reason=record.history_reason)
        created, changed = [], {}
        for row in written:
            if row.is_new:
                created.append(row.record.pk)
            else:
                changed[str(row.record.pk)] = {change.column: json_value(change.old) for change in row.changes}
        record.changes = {"created": created, "changed": changed}
        record.save(update_fields=["changes"])
    return record


def undo_record_import(spec: RecordSpec, record: SpreadsheetImport, *, user=None):
    """Put back the values the import replaced and delete what it created, unless changed since."""
    from conclusions.spreadsheets.conclusion_apply import ImportUndoError

    if record.is_undone:
        raise ImportUndoError(_("This import has already been undone."))
    created = [int(pk) for pk in record.changes.get("created", [])]
    before = {int(pk): values for pk, values in record.changes.get("changed", {}).items()}
    later = (
        spec.model.history.filter(id__in=[*created, *before], history_date__gt=record.created_at)
        .exclude(history_change_reason=record.history_reason)
        .values_list("slug", flat=True)
    )
    if later:
        raise ImportUndoError(
            _("%(slugs)s changed after this import; undo those changes first.")
            % {"slugs": ", ".join(sorted(set(later))[:20])}
        )
    user = user if user is not None and user.is_authenticated else None
    with one_change():
        restored = list(spec.model.objects.filter(pk__in=before))
        for instance in restored:
            for column, value in before[instance.pk].items():
                setattr(instance, column, spec.model._meta.get_field(column).to_python(value))
        content_save(restored, user=user, reason=change_reason(UNDO, record.pk))
        content_delete(spec.model.objects.filter(pk__in=created), user=user, reason=change_reason(UNDO, record.pk))
        record.undone_at = timezone.now()
        record.undone_by = user
        record.save(update_fields=["undone_at", "undone_by"])


def record_rows(spec: RecordSpec, queryset, columns: list[str] | None = None):
    """Export rows of `columns` (all of `spec.columns` by default), ordered by slug; dates as YYYY-MM-DD."""
    for values in queryset.order_by("slug").values_list(*(columns or spec.columns)).iterator(chunk_size=2000):
        yield [json_value(value) if value is not None else "" for value in values]
