"""The preamble paragraphs become blocks; a migration of its own, so that on PostgreSQL the schema changes
before and after it run in other transactions (an index cannot be built with pending trigger events)."""

import hashlib
import re

from django.db import migrations

from conclusions.search.folding import fold, index_form

LANGUAGE_SUFFIXES = {"ar": "ar", "zh-hans": "zh_hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}


def fingerprint(text):
    """As translations.status.fingerprint: what a translation basis records of its source text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:32]


def paragraphs(text):
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text or "") if paragraph.strip()]


def preamble_paragraphs_to_blocks(apps, schema_editor):
    """Each meeting's preamble becomes its first blocks (kind "preamble"), its paragraphs follow them.

    A translation split into as many paragraphs as the source is split the
    same way; one that is not goes whole into the first preamble block, so no
    text is lost. A translation that was current stays current, block by
    block. Search texts are rebuilt for the new positions.
    """
    Meeting = apps.get_model("conclusions", "Meeting")
    Conclusion = apps.get_model("conclusions", "Conclusion")
    TranslationBasis = apps.get_model("conclusions", "TranslationBasis")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Meeting.objects.exists():
        return
    meeting_type, _ = ContentType.objects.get_or_create(app_label="conclusions", model="meeting")
    block_type, _ = ContentType.objects.get_or_create(app_label="conclusions", model="conclusion")
    for meeting in Meeting.objects.all():
        source = LANGUAGE_SUFFIXES[meeting.source_language]
        texts = {suffix: getattr(meeting, f"preamble_{suffix}") or "" for suffix in LANGUAGE_SUFFIXES.values()}
        split = {suffix: paragraphs(text) for suffix, text in texts.items()}
        count = len(split[source]) or max(len(found) for found in split.values())
        numbered = list(Conclusion.objects.filter(meeting=meeting).order_by("number"))
        for rank, conclusion in enumerate(numbered, 1):
            conclusion.kind, conclusion.part, conclusion.position = "paragraph", 1, count + rank
        Conclusion.objects.bulk_update(numbered, ["kind", "part", "position"])
        blocks = []
        for index in range(count):
            block = Conclusion(meeting=meeting, kind="preamble", part=1, number=index + 1, position=index + 1)
            for suffix, found in split.items():
                if len(found) == count:
                    text = found[index]
                else:
                    text = texts[suffix].strip() if index == 0 else ""
                setattr(block, f"text_{suffix}", text)
            blocks.append(block)
        Conclusion.objects.bulk_create(blocks)
        bases = TranslationBasis.objects.filter(content_type=meeting_type, object_id=meeting.pk, field="preamble")
        for basis in bases:
            was_current = basis.source_fingerprint == fingerprint(texts[source])
            suffix = LANGUAGE_SUFFIXES[basis.language]
            for block in blocks:
                if (getattr(block, f"text_{suffix}") or "").strip():
                    TranslationBasis.objects.create(
                        content_type=block_type,
                        object_id=block.pk,
                        field="text",
                        language=basis.language,
                        source_fingerprint=fingerprint(getattr(block, f"text_{source}")) if was_current else "",
                    )
        bases.delete()
    reindex_search_texts(apps)


def reindex_search_texts(apps):
    """What search.index does for every block, with the models as of this migration."""
    Conclusion = apps.get_model("conclusions", "Conclusion")
    SearchText = apps.get_model("conclusions", "SearchText")
    SearchText.objects.all().delete()
    columns = [f"text_{suffix}" for suffix in LANGUAGE_SUFFIXES.values()]
    stored = Conclusion.objects.order_by("pk").values_list(
        "pk", "meeting_id", "meeting__status", "meeting__start_date", "meeting__slug", "position", *columns
    )
    rows = []
    for pk, meeting_id, status, start_date, slug, position, *texts in stored.iterator(chunk_size=2000):
        for language, text in zip(LANGUAGE_SUFFIXES, texts):
            folded = fold(text or "")
            if folded.strip(" "):
                rows.append(
                    SearchText(
                        conclusion_id=pk,
                        language=language,
                        text=index_form(folded),
                        meeting_id=meeting_id,
                        published=status == "published",
                        meeting_start_date=start_date,
                        meeting_slug=slug,
                        position=position,
                    )
                )
        if len(rows) >= 10000:
            SearchText.objects.bulk_create(rows, batch_size=2000)
            rows = []
    SearchText.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("conclusions", "0010_document_blocks"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # Before the preamble columns go: their paragraphs become the first blocks of each document.
        # Irreversible: going back would have to drop every block that is not a numbered paragraph.
        migrations.RunPython(preamble_paragraphs_to_blocks, elidable=False),
    ]
