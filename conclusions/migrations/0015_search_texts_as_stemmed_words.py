"""Search texts store words' stems (search/words.py) instead of folded strings: rewrite every stored one.

Without this, a database indexed before would find nothing for a word
query, since queries are now compared with stems. Rows whose text has no
word left (punctuation only) are deleted, as indexing would not write them.
The content version is raised so that no cached search page survives.
"""

from django.db import migrations
from django.db.models import F

from conclusions.search.words import search_form

LANGUAGE_SUFFIXES = {"ar": "ar", "zh-hans": "zh_hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
BATCH_SIZE = 2000


def rewrite_search_texts(apps, schema_editor):
    SearchText = apps.get_model("conclusions", "SearchText")
    Conclusion = apps.get_model("conclusions", "Conclusion")
    ContentVersion = apps.get_model("conclusions", "ContentVersion")
    if not SearchText.objects.exists():
        return
    ids = list(Conclusion.objects.order_by("pk").values_list("pk", flat=True))
    columns = [f"text_{suffix}" for suffix in LANGUAGE_SUFFIXES.values()]
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        texts = {
            pk: dict(zip(LANGUAGE_SUFFIXES, values, strict=True))
            for pk, *values in Conclusion.objects.filter(pk__in=batch).values_list("pk", *columns)
        }
        changed, emptied = [], []
        for row in SearchText.objects.filter(conclusion_id__in=batch).only("pk", "conclusion_id", "language"):
            row.text = search_form(texts[row.conclusion_id][row.language] or "", row.language)
            (changed if row.text else emptied).append(row)
        SearchText.objects.bulk_update(changed, ["text"], batch_size=500)
        SearchText.objects.filter(pk__in=[row.pk for row in emptied]).delete()
    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


class Migration(migrations.Migration):
    dependencies = [("conclusions", "0014_label_translation_bases")]

    operations = [migrations.RunPython(rewrite_search_texts, migrations.RunPython.noop, elidable=True)]
