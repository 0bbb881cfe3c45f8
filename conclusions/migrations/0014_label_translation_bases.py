"""Blocks' labels get a translation status: the labels already translated are based on the source labels as
they are now, so that they start current rather than outdated."""

import hashlib

from django.db import migrations

LANGUAGE_SUFFIXES = {"ar": "ar", "zh-hans": "zh_hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
BATCH_SIZE = 2000


def fingerprint(text):
    """As translations.status.fingerprint: what a translation basis records of its source text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:32]


def base_label_translations(apps, schema_editor):
    """Each label printed in a language other than its meeting's source language is current.

    Until now a label had no status, and nothing recorded which source label
    it was made from: the labels as stored are taken as translations of the
    source labels as stored, as translations.status.rebase_translations
    would record them had the labels been saved after this migration.
    """
    Conclusion = apps.get_model("conclusions", "Conclusion")
    TranslationBasis = apps.get_model("conclusions", "TranslationBasis")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Conclusion.objects.exists():
        return
    block_type, _ = ContentType.objects.get_or_create(app_label="conclusions", model="conclusion")
    columns = [f"label_{suffix}" for suffix in LANGUAGE_SUFFIXES.values()]
    stored = Conclusion.objects.order_by("pk").values_list("pk", "meeting__source_language", *columns)
    bases = []
    for pk, source_language, *labels in stored.iterator(chunk_size=BATCH_SIZE):
        by_language = dict(zip(LANGUAGE_SUFFIXES, (label or "" for label in labels)))
        source_fingerprint = fingerprint(by_language[source_language])
        bases += [
            TranslationBasis(
                content_type=block_type,
                object_id=pk,
                field="label",
                language=language,
                source_fingerprint=source_fingerprint,
            )
            for language, label in by_language.items()
            if language != source_language and label.strip()
        ]
        if len(bases) >= BATCH_SIZE:
            TranslationBasis.objects.bulk_create(bases, ignore_conflicts=True)
            bases = []
    TranslationBasis.objects.bulk_create(bases, ignore_conflicts=True)


def forget_label_bases(apps, schema_editor):
    """Before this migration labels have no status: their bases go."""
    TranslationBasis = apps.get_model("conclusions", "TranslationBasis")
    TranslationBasis.objects.filter(
        content_type__app_label="conclusions", content_type__model="conclusion", field="label"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0013_number_suffix"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(base_label_translations, forget_label_bases)]
