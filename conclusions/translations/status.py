"""Whether each translation is missing, current or outdated, and keeping that true on every change.

A translation is current when it was saved (or confirmed) against the source
text as it is now; when the source text changes, its translations become
outdated, unless the editor marks the change as a minor edit. What a
translation was based on is kept in `TranslationBasis` as a fingerprint of
the source text.

Every way content changes keeps the bases in step: model saves (the admin,
the document importer, history revert, meeting and theme imports) through the
signal receivers below; the bulk conclusion import and its undo through
`record_bulk_changes`; fixtures through `initialize_translation_bases`.
"""

import difflib
import hashlib
import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import escape

from conclusions.languages import LANGUAGE_CODES, translated_column
from conclusions.models import Conclusion, Meeting, Theme, TranslationBasis
from conclusions.public.page_cache import raise_content_version
from conclusions.spreadsheets.bulk_sql import batches, delete_rows, insert_rows

TRACKED_FIELDS = {
    Conclusion: ("text",),
    Meeting: ("title", "document_title", "organizers", "venue", "preamble"),
    Theme: ("name", "description"),
}
# Themes belong to no meeting: English is the language their names come from.
THEME_SOURCE_LANGUAGE = "en"

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


def snapshot(instance) -> dict[str, str]:
    """The tracked texts as loaded; deferred columns are left out rather than fetched one by one."""
    deferred = instance.get_deferred_fields()
    return {
        column: getattr(instance, column) or "" for column in tracked_columns(type(instance)) if column not in deferred
    }


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


def write_bases(content_type, updates: list[tuple[int, str, str, str]], removals: list[tuple[int, str, str]]) -> None:
    """`store_bases`, then the content version raised."""
    store_bases(content_type, updates, removals)
    # Public pages show outdated notes; bulk writes (imports, undo, confirm) send no model signals.
    raise_content_version()


def record_changes(instance, changed: set[str], *, minor: bool = False) -> None:
    """After a save: base changed translations on the current source; a minor source edit keeps them current."""
    model = type(instance)
    source_language = source_language_of(instance)
    texts = {column: getattr(instance, column) or "" for column in tracked_columns(model)}
    updates, removals = [], []
    for field in TRACKED_FIELDS[model]:
        source_fp = fingerprint(texts[translated_column(field, source_language)])
        current, missing = rebased(texts, source_language, field, changed, minor=minor)
        updates += [(instance.pk, field, language, source_fp) for language in current]
        removals += [(instance.pk, field, language) for language in missing]
    write_bases(ContentType.objects.get_for_model(model), updates, removals)


def record_bulk_changes(changed_by_pk: dict[int, set[str]]) -> None:
    """The same as `record_changes`, for conclusions written in bulk (spreadsheet import and its undo).

    A batch of conclusions at a time, so that memory stays flat however large the import.
    """
    if not changed_by_pk:
        return
    content_type = ContentType.objects.get_for_model(Conclusion)
    columns = tracked_columns(Conclusion)
    for ids in batches(changed_by_pk):
        updates, removals = [], []
        rows = Conclusion.objects.filter(pk__in=ids).values_list("pk", "meeting__source_language", *columns)
        for pk, source_language, *values in rows:
            texts = dict(zip(columns, (value or "" for value in values), strict=True))
            source_fp = fingerprint(texts[translated_column("text", source_language)])
            current, missing = rebased(texts, source_language, "text", changed_by_pk[pk], minor=False)
            updates += [(pk, "text", language, source_fp) for language in current]
            removals += [(pk, "text", language) for language in missing]
        store_bases(content_type, updates, removals)
    raise_content_version()


def initialize_translation_bases() -> None:
    """Count every existing translation as current: for fixtures, which load without signals."""
    for model in TRACKED_FIELDS:
        for instance in model.objects.all():
            record_changes(instance, changed=set(tracked_columns(model)))


def translation_statuses(instances, field: str) -> dict[tuple[int, str], str]:
    """(pk, language) -> "source", "missing", "current" or "outdated", in one query for all the instances."""
    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])
    rows = TranslationBasis.objects.filter(
        # By app and model name, joined in the same query: no content type lookup on public pages.
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        field=field,
        object_id__in=[instance.pk for instance in instances],
    ).values_list("object_id", "language", "source_fingerprint")
    bases = {(object_id, language): fp for object_id, language, fp in rows}
    statuses = {}
    for instance in instances:
        source_language = source_language_of(instance)
        source_fp = fingerprint(getattr(instance, translated_column(field, source_language)))
        for language in LANGUAGE_CODES:
            text = getattr(instance, translated_column(field, language)) or ""
            if language == source_language:
                status = SOURCE
            elif not text.strip():
                status = MISSING
            else:
                status = CURRENT if bases.get((instance.pk, language)) == source_fp else OUTDATED
            statuses[(instance.pk, language)] = status
    return statuses


def confirm_translation(instance, field: str, language: str) -> None:
    """A translator checked an outdated translation against the current source: it is current again."""
    record_changes(instance, changed={translated_column(field, language)})


@receiver(post_init)
def remember_loaded_texts(sender, instance, **kwargs):
    if sender in TRACKED_FIELDS:
        instance._loaded_texts = snapshot(instance)


@receiver(post_save)
def keep_bases_in_step(sender, instance, created, raw, **kwargs):
    # Fixtures (raw) are initialized as a whole by initialize_translation_bases.
    if sender not in TRACKED_FIELDS or raw:
        return
    loaded = getattr(instance, "_loaded_texts", {})
    now = snapshot(instance)
    changed = {column for column, text in now.items() if created or loaded.get(column) != text}
    record_changes(instance, changed, minor=getattr(instance, "_minor_edit", False))
    instance._loaded_texts = now


@receiver(post_delete)
def forget_bases(sender, instance, **kwargs):
    if sender in TRACKED_FIELDS:
        TranslationBasis.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()


STATUS_ORDER = {SOURCE: 0, CURRENT: 1, OUTDATED: 2, MISSING: 3}


def record_statuses(instances, language: str) -> dict[int, str]:
    """pk -> the record's status in `language`: the worst of its fields that have a source text.

    A meeting with an empty preamble in its source language is not missing a
    French preamble; one with an outdated French title is outdated.
    """
    instances = list(instances)
    if not instances:
        return {}
    model = type(instances[0])
    worst = dict.fromkeys((instance.pk for instance in instances), SOURCE)
    for field in TRACKED_FIELDS[model]:
        statuses = translation_statuses(instances, field)
        for instance in instances:
            source_text = getattr(instance, translated_column(field, source_language_of(instance))) or ""
            if not source_text.strip():
                continue
            status = statuses[(instance.pk, language)]
            if STATUS_ORDER[status] > STATUS_ORDER[worst[instance.pk]]:
                worst[instance.pk] = status
    return worst


def pks_with_status(queryset, language: str, status: str) -> list[int]:
    model = queryset.model
    instances = queryset.select_related("meeting") if model is Conclusion else queryset
    return [pk for pk, found in record_statuses(instances, language).items() if found == status]


# Chinese and Japanese characters compare one by one; other scripts word by word.
DIFF_TOKENS = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]|\w+|\s+|[^\w\s]", re.UNICODE)


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


def source_diff_html(old: str, new: str) -> str:
    """What changed from `old` to `new`, as HTML with <del> and <ins>."""
    old_tokens, new_tokens = DIFF_TOKENS.findall(old), DIFF_TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed, added = "".join(old_tokens[old_start:old_end]), "".join(new_tokens[new_start:new_end])
        if operation == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return "".join(parts)


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
                    "diff": source_diff_html(before, source_now) if before is not None else "",
                }
            )
    return found
