"""django-import-export resources for conclusions, meetings and themes: the one way spreadsheets come in and go out.

Each resource declares its columns as library `Field`s: the natural key
(a block's address: meeting slug, part, kind, number and number suffix; or
a slug), a block's position, one column per language for each translated
field (read from modeltranslation's registry), and themes as slugs, with
the project's widgets (`widgets.py`) carrying the rules for a cell. Export
goes through `Resource.export` as in the library, every block in document
order.

Import goes through `Resource.import_data`, as the library's admin and
`import_conclusions` call it. What the library's row-by-row import cannot
give is added here as an extension of `import_data_inner`: the whole file is
checked and planned in a fixed number of queries (`conclusion_plan`,
`records`), nothing is written unless every row is valid, an empty cell keeps
the stored text unless `clear_empty=True` is passed, a translator's file may
change only their language, and an applied import is written in bulk with
history, translation status and search texts, and logged with its undo
(`SpreadsheetImport`). The library's `Result` comes back, with a `RowResult`
per changed or refused row (the plan itself as `result.plan`, the log entry
as `result.spreadsheet_import`).

Import this module only where modeltranslation has registered the models
(admin, views, commands): a ModelResource reads the model's fields when its
class is created.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields, resources
from import_export.results import Result, RowResult
from modeltranslation.translator import translator

from conclusions.languages import LANGUAGE_CODES, column_language
from conclusions.models import Conclusion, Meeting, SpreadsheetImport, Theme
from conclusions.spreadsheets import widgets
from conclusions.spreadsheets.conclusion_apply import apply_conclusion_import
from conclusions.spreadsheets.conclusion_plan import (
    KEY_COLUMNS,
    POSITION_COLUMN,
    THEMES_COLUMN,
    CellWidgets,
    ImportPlan,
    plan_conclusion_import,
)
from conclusions.spreadsheets.concurrent_imports import (
    ChangeMeanwhile,
    changes_since,
    one_import_at_a_time,
    plan_digest,
)
from conclusions.spreadsheets.export import WRITERS, conclusion_rows
from conclusions.spreadsheets.formats import dataset_table
from conclusions.spreadsheets.records import MEETINGS, THEMES, apply_record_import, plan_record_import, record_rows
from conclusions.translations.access import limited_languages, paragraph_source_language, refuse_other_columns
from conclusions.translations.status import source_language_of

IMPORT_TYPES = {"new": RowResult.IMPORT_TYPE_NEW, "changed": RowResult.IMPORT_TYPE_UPDATE}


def translated_columns(model) -> list[str]:
    """Every translation column of the model's translated fields: fields in model order, languages in UN order."""
    translated = translator.get_options_for_model(model).all_fields
    order = {code: position for position, code in enumerate(LANGUAGE_CODES)}
    columns = []
    for name in sorted(translated, key=lambda name: model._meta.get_field(name).creation_counter):
        columns += [field.name for field in sorted(translated[name], key=lambda field: order[field.language])]
    return columns


def text_field(column: str) -> fields.Field:
    # saves_null_values=False: in the library's own row path too, an empty cell keeps the stored text.
    return fields.Field(
        attribute=column, column_name=column, widget=widgets.StoredTextWidget(), saves_null_values=False
    )


class SpreadsheetResult(Result):
    """The library's import result, with the project's plan of every row and the import's log entry."""

    def __init__(self, plan: ImportPlan, file_name: str = ""):
        super().__init__()
        self.plan = plan
        self.file_name = file_name
        self.spreadsheet_import: SpreadsheetImport | None = None
        # Set when a confirm found rows changed since its preview: those rows, with who changed them.
        self.changed_meanwhile: list[ChangeMeanwhile] | None = None


def planned_result(plan: ImportPlan, diff_headers: list[str], total_rows: int, file_name: str) -> SpreadsheetResult:
    """The plan as the library reports an import: totals, a RowResult per change, invalid rows with their errors."""
    result = SpreadsheetResult(plan, file_name)
    result.diff_headers = diff_headers
    result.total_rows = total_rows
    for problem in plan.file_problems:
        result.append_invalid_row(1, {}, ValidationError({problem.column or NON_FIELD_ERRORS: [problem.message]}))
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
    for row in plan.rows:
        if row.problems:
            errors: dict[str, list[str]] = {}
            for problem in row.problems:
                errors.setdefault(problem.column or NON_FIELD_ERRORS, []).append(problem.message)
            result.append_invalid_row(row.row, {}, ValidationError(errors))
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
            continue
        import_type = IMPORT_TYPES.get(row.status, RowResult.IMPORT_TYPE_SKIP)
        result.totals[import_type] += 1
        if row.changes or row.refusal:
            row_result = RowResult()
            row_result.import_type = import_type
            row_result.object_repr = row.label
            row_result.plan = row
            result.append_row_result(row_result)
    return result


class PlannedImportResource(resources.ModelResource):
    """A ModelResource whose import is planned for the whole file at once, then written in bulk, or not at all.

    `user` (a keyword argument, as the library's admin passes resource
    kwargs) limits a translator's import to their language, and is recorded
    as the importer.
    """

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_import_order(self) -> tuple[str, ...]:
        return tuple(self.fields)  # as the subclass laid them out, translated columns included

    def get_export_order(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def plan_import(self, table, *, clear_empty: bool) -> ImportPlan:
        raise NotImplementedError

    def export_rows(self, queryset, columns: list[str]):
        """The rows of `columns` for the queryset, streamed: what `export()` builds whole, a chunk at a time."""
        raise NotImplementedError

    def write_file(self, export_format: str, queryset, columns: list[str], stream) -> int:
        """Write the rows of `columns` as a csv, xlsx, ods or json file to a binary stream; return the row count."""
        return WRITERS[export_format](columns, self.export_rows(queryset, columns), stream)

    def columns_for(self, user, selected: list[str] | None = None) -> list[str]:
        """The export columns this user may take (a translator: the keys and their language's), in file order."""
        columns = [field.column_name for field in self.get_export_fields(selected)]
        languages = limited_languages(user, self._meta.model) if user is not None else None
        if languages is None:
            return columns
        keys = set(self._meta.import_id_fields)
        theirs = {column for column in translated_columns(self._meta.model) if column_language(column) in languages}
        return [column for column in columns if column in keys or column in theirs]

    def apply_import(self, plan: ImportPlan, *, file_name: str, user) -> SpreadsheetImport:
        raise NotImplementedError

    def row_source_language(self):
        """How the translator limits find a row's source language."""
        return source_language_of

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """`previewed_plan`, `previewed_at` (keyword arguments): the digest and time of the preview this confirms."""
        table = dataset_table(dataset)
        if not dry_run:
            one_import_at_a_time()  # before reading what is stored: see `concurrent_imports`
        plan = self.plan_import(table, clear_empty=bool(kwargs.get("clear_empty")))
        user = kwargs.get("user") or self.user
        languages = limited_languages(user, self._meta.model) if user is not None else None
        if languages is not None and not plan.file_problems:
            # A translator's file changes only their translations, or nothing at all.
            refuse_other_columns(plan, self._meta.model, languages, self.row_source_language())
        file_name = kwargs.get("file_name") or ""
        result = planned_result(plan, self.get_diff_headers(), len(dataset), file_name)
        if raise_errors and not plan.is_valid:
            raise ValueError(str(plan.problems[0]))
        previewed = kwargs.get("previewed_plan")
        if previewed and plan.is_valid and plan_digest(plan) != previewed:
            # Not what the person saw and confirmed: nothing is written, and what changed is said.
            result.changed_meanwhile = changes_since(self._meta.model, plan, kwargs.get("previewed_at"))
            return result
        changes_anything = any(row.status in ("new", "changed") for row in plan.rows)
        # An unchanged file writes nothing, not even an empty entry in the import log.
        if plan.is_valid and changes_anything and not dry_run:
            result.spreadsheet_import = self.apply_import(plan, file_name=file_name, user=user)
        return result


class ConclusionResource(PlannedImportResource):
    """The blocks of documents, keyed by their address (meeting slug, part, kind, number, suffix), in document order.

    Columns: the address, the position, the label and the text per language, themes as slugs.
    """

    meeting = fields.Field(attribute="meeting", column_name="meeting", widget=widgets.MeetingSlugWidget())
    part = fields.Field(attribute="part", column_name="part", widget=widgets.PartWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=widgets.BlockKindWidget())
    number = fields.Field(attribute="number", column_name="number", widget=widgets.ParagraphNumberWidget())
    number_suffix = fields.Field(
        attribute="number_suffix", column_name="number_suffix", widget=widgets.NumberSuffixWidget()
    )
    position = fields.Field(attribute="position", column_name=POSITION_COLUMN, widget=widgets.PositionWidget())
    themes = fields.Field(
        attribute="themes", column_name=THEMES_COLUMN, widget=widgets.ThemeSlugsWidget(), m2m_add=False
    )

    class Meta:
        model = Conclusion
        fields = (*KEY_COLUMNS, POSITION_COLUMN, THEMES_COLUMN)
        import_id_fields = KEY_COLUMNS
        skip_unchanged = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        plain = {column: self.fields[column] for column in (*KEY_COLUMNS, POSITION_COLUMN)}
        texts = {column: text_field(column) for column in translated_columns(Conclusion)}
        self.fields = {**plain, **texts, THEMES_COLUMN: self.fields[THEMES_COLUMN]}

    def cell_widgets(self) -> CellWidgets:
        return CellWidgets(
            **{name: self.fields[name].widget for name in (*KEY_COLUMNS, POSITION_COLUMN, THEMES_COLUMN)}
        )

    def plan_import(self, table, *, clear_empty: bool) -> ImportPlan:
        return plan_conclusion_import(table, clear_empty=clear_empty, cells=self.cell_widgets())

    def apply_import(self, plan, *, file_name: str, user) -> SpreadsheetImport:
        return apply_conclusion_import(plan, file_name=file_name, user=user)

    def row_source_language(self):
        return paragraph_source_language()

    def get_queryset(self):
        return (
            Conclusion.objects.select_related("meeting")
            .prefetch_related("themes")
            .order_by("meeting__slug", "position")
        )

    def export_rows(self, queryset, columns: list[str]):
        return conclusion_rows(queryset, columns)


class SlugKeyedResource(PlannedImportResource):
    """Meetings or themes keyed by slug: their plain columns, then their translated fields per language."""

    spec = None  # records.MEETINGS or records.THEMES: the columns and how the planner reads them

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        plain = {name: self.fields[name] for name in ("slug", *self.spec.plain_columns)}
        self.fields = {**plain, **{column: text_field(column) for column in translated_columns(self._meta.model)}}

    def plan_import(self, table, *, clear_empty: bool) -> ImportPlan:
        return plan_record_import(self.spec, table, clear_empty=clear_empty)

    def apply_import(self, plan, *, file_name: str, user) -> SpreadsheetImport:
        return apply_record_import(self.spec, plan, file_name=file_name, user=user)

    def export_rows(self, queryset, columns: list[str]):
        return record_rows(self.spec, queryset, columns)


class MeetingResource(SlugKeyedResource):
    spec = MEETINGS

    class Meta:
        model = Meeting
        fields = ("slug", "start_date", "end_date", "source_language", "status")
        import_id_fields = ("slug",)


class ThemeResource(SlugKeyedResource):
    spec = THEMES

    class Meta:
        model = Theme
        fields = ("slug", "position")
        import_id_fields = ("slug",)
