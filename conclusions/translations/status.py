"""Whether each translation is missing, current or outdated, and the bases that say so.

A translation is current when it was saved (or confirmed) against the source
text as it is now; when the source text changes, its translations become
outdated, unless the editor marks the change as a minor edit. What a
translation was based on is kept in `TranslationBasis` as a fingerprint of
the source text. Where the source is blank (a block printed without a label,
a meeting without a venue) there is nothing to translate: a blank
translation of it is current, never missing.

Writers never call `rebase_translations` or `forget_translation_bases`
themselves: every writer of content goes through `conclusions.content`,
which calls them with the columns each write changed.
"""

import hashlib
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting, Theme, TranslationBasis
from conclusions.spreadsheets.bulk_sql import batches, delete_rows, insert_rows
from conclusions.text_diff import diff_html

TRACKED_FIELDS = {
    Conclusion: ("label", "text"),
    Meeting: ("title", "document_title", "organizers", "venue"),
    Theme: ("name", "description"),
}
# The fields whose status is a record's status: the "missing/outdated in" filters and the coverage counts.
# A block counts by its text alone: its label ("6.", "(a)") is mostly printed alike in every language, and a
# reader shown the original's label beside a translated text has the paragraph translated; a document
# would otherwise count as untranslated for want of its numbers. Label status has filters and counts of its
# own for translators and editors (admin.content.LabelStatusFilter, the coverage page).
COUNTED_FIELDS = {**TRACKED_FIELDS, Conclusion: ("text",)}
# Themes belong to no meeting: English is the language their names come from.
THEME_SOURCE_LANGUAGE = "en"
# Where a stored record's source language is read from, in a values() query; themes have a fixed one.
SOURCE_LANGUAGE_LOOKUPS = {Conclusion: "meeting__source_language", Meeting: "source_language"}

MISSING, CURRENT, OUTDATED, SOURCE = "missing", "current", "outdated", "source"


def fingerprint(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:32]


def source_language_of(instance) -> str:
    if isinstance(instance, Meeting):
        return instance.source_language
    if isinstance(instance, Conclusion):
        return instance.meeting.source_language
    return THEME_SOURCE_LANGUAGE


def tracked_columns(model) -> list[str]:
    return [translated_column(field, code) for field in TRACKED_FIELDS[model] for code in LANGUAGE_CODES]


def rebased(texts: dict[str, str], source_language: str, field: str, changed: set[str], *, minor: bool):
    """For one field of one record: the languages to base on the current source, and those now missing."""
    source_column = translated_column(field, source_language)
    source_changed = source_column in changed
    current, missing = [], []
    for language in LANGUAGE_CODES:
        if language == source_language:
            continue
        column = translated_column(field, language)
        if not texts.get(column, "").strip():
            missing.append(language)
        elif column in changed or (source_changed and minor):
            current.append(language)
    return current, missing


BASIS_COLUMNS = ["content_type_id", "object_id", "field", "language", "source_fingerprint", "updated_at"]


def store_bases(content_type, updates: list[tuple[int, str, str, str]], removals: list[tuple[int, str, str]]) -> None:
    """Set (object, field, language) -> source fingerprint, and delete bases of translations now empty."""
    stale = defaultdict(list)
    for object_id, field, language, _fingerprint in updates:
        stale[(field, language)].append(object_id)
    for object_id, field, language in removals:
        stale[(field, language)].append(object_id)
    for (field, language), object_ids in stale.items():
        filters = {"content_type_id": content_type.pk, "field": field, "language": language}
        delete_rows(TranslationBasis, filters, "object_id", object_ids)
    # Plain INSERTs: an import of 100,000 paragraphs writes half a million bases.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_rows(
        TranslationBasis,
        BASIS_COLUMNS,
        ((content_type.pk, object_id, field, language, fp, now) for object_id, field, language, fp in updates),
    )


def rebase_translations(model, changed_by_pk: dict[int, set[str]], *, minor: bool = False) -> None:
    """After a write: base the translations whose column changed on the current source; drop bases of empty ones.

    `changed_by_pk` gives, per record, the columns the write changed; a source
    change with `minor` keeps the record's translations current. The texts are
    read as stored, a batch of records at a time, so that memory stays flat
    however large the import.
    """
    if not changed_by_pk:
        return
    content_type = ContentType.objects.get_for_model(model)
    columns = tracked_columns(model)
    lookup = SOURCE_LANGUAGE_LOOKUPS.get(model)
    for ids in batches(changed_by_pk):
        updates, removals = [], []
        rows = model.objects.filter(pk__in=ids).values_list("pk", *([lookup] if lookup else []), *columns)
        for pk, *values in rows:
            source_language = values.pop(0) if lookup else THEME_SOURCE_LANGUAGE
            texts = dict(zip(columns, (value or "" for value in values), strict=True))
            for field in TRACKED_FIELDS[model]:
                source_fp = fingerprint(texts[translated_column(field, source_language)])
                current, missing = rebased(texts, source_language, field, changed_by_pk[pk], minor=minor)
                updates += [(pk, field, language, source_fp) for language in current]
                removals += [(pk, field, language) for language in missing]
        store_bases(content_type, updates, removals)


def forget_translation_bases(model, ids) -> None:
    """The bases of deleted records."""
    content_type = ContentType.objects.get_for_model(model)
    for batch in batches(ids):
        TranslationBasis.objects.filter(content_type=content_type, object_id__in=batch).delete()


def outdated_columns(instances, language: str) -> dict[int, set[str]]:
    """pk -> the columns in `language` whose translation is outdated, for the records that have any."""
    instances = list(instances)
    found = defaultdict(set)
    for field in TRACKED_FIELDS[type(instances[0])] if instances else ():
        statuses = translation_statuses(instances, field)
        for instance in instances:
            if statuses[(instance.pk, language)] == OUTDATED:
                found[instance.pk].add(translated_column(field, language))
    return dict(found)


LOOKUP_BATCH = 30_000


def translation_statuses(instances, field: str) -> dict[tuple[int, str], str]:
    """(pk, language) -> "source", "missing", "current" or "outdated", in one query for all the instances."""
    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])
    bases = {}
    # One query up to LOOKUP_BATCH records (every page the site shows); more only for a site-wide count, where
    # a single IN list would pass SQLite's limit of 32,766 variables.
    for pks in batches((instance.pk for instance in instances), LOOKUP_BATCH):
        rows = TranslationBasis.objects.filter(
            # By app and model name, joined in the same query: no content type lookup on public pages.
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            field=field,
            object_id__in=pks,
        ).values_list("object_id", "language", "source_fingerprint")
        bases.update({(object_id, language): fp for object_id, language, fp in rows})
    statuses = {}
    for instance in instances:
        source_language = source_language_of(instance)
        source_text = getattr(instance, translated_column(field, source_language)) or ""
        source_fp = fingerprint(source_text)
        for language in LANGUAGE_CODES:
            text = getattr(instance, translated_column(field, language)) or ""
            if language == source_language:
                status = SOURCE
            elif not text.strip():
                # Nothing to translate is nothing missing: a block without a label, a meeting without a venue.
                status = MISSING if source_text.strip() else CURRENT
            else:
                status = CURRENT if bases.get((instance.pk, language)) == source_fp else OUTDATED
            statuses[(instance.pk, language)] = status
    return statuses


STATUS_ORDER = {SOURCE: 0, CURRENT: 1, OUTDATED: 2, MISSING: 3}


def record_statuses(instances, language: str, fields: tuple[str, ...] | None = None) -> dict[int, str]:
    """pk -> the record's status in `language`: the worst of its `fields` (its counted ones) that have a source text.

    A meeting with no venue in its source language is not missing a French
    venue; one with an outdated French title is outdated.
    """
    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])
    worst = dict.fromkeys((instance.pk for instance in instances), SOURCE)
    for field in fields or COUNTED_FIELDS[model]:
        statuses = translation_statuses(instances, field)
        for instance in instances:
            source_text = getattr(instance, translated_column(field, source_language_of(instance))) or ""
            if not source_text.strip():
                continue
            status = statuses[(instance.pk, language)]
            if STATUS_ORDER[status] > STATUS_ORDER[worst[instance.pk]]:
                worst[instance.pk] = status
    return worst


def pks_with_status(queryset, language: str, status: str, fields: tuple[str, ...] | None = None) -> list[int]:
    model = queryset.model
    instances = queryset.select_related("meeting") if model is Conclusion else queryset
    return [pk for pk, found in record_statuses(instances, language, fields).items() if found == status]


def source_when_translated(instance, field: str, language: str) -> str | None:
    """The source text the translation was based on, found in the history by its fingerprint."""
    basis = TranslationBasis.objects.filter(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=instance.pk,
        field=field,
        language=language,
    ).first()
    if basis is None:
        return None
    column = translated_column(field, source_language_of(instance))
    for old_text in instance.history.order_by("-history_date").values_list(column, flat=True):
        if fingerprint(old_text) == basis.source_fingerprint:
            return old_text or ""
    return None


def outdated_translations(instance) -> list[dict]:
    """For an editor's form: each outdated translation with the source now and what changed in it since."""
    found = []
    for field in TRACKED_FIELDS[type(instance)]:
        statuses = translation_statuses([instance], field)
        source_column = translated_column(field, source_language_of(instance))
        source_now = getattr(instance, source_column) or ""
        for language in LANGUAGE_CODES:
            if statuses[(instance.pk, language)] != OUTDATED:
                continue
            before = source_when_translated(instance, field, language)
            found.append(
                {
                    "field": field,
                    "language": language,
                    "source_language": source_language_of(instance),
                    "source_now": source_now,
                    "diff": diff_html(before, source_now) if before is not None else "",
                }
            )
    return found
