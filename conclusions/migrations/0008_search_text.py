"""Search: the folded texts of every conclusion (SearchText), and on PostgreSQL their trigram index.

Readers search all six languages for substrings (Chinese has no spaces
between words). The texts are folded in Python (conclusions/search/folding.py)
and stored here; on PostgreSQL a GIN index with pg_trgm's gin_trgm_ops
serves `text LIKE '%…%'`, so search stays fast on a large archive. SQLite has
no such index and scans: the results are the same.

The pg_trgm extension and the index are created only on PostgreSQL: on
SQLite these operations do nothing. Creating the extension needs a
superuser, or (PostgreSQL 13 and later, where pg_trgm is a trusted
extension) the CREATE privilege on the database.
"""

import django.db.models.deletion
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from conclusions.search.folding import fold, index_form

LANGUAGE_SUFFIXES = {"ar": "ar", "zh-hans": "zh_hans", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
TRIGRAM_INDEX = "conclusions_searchtext_text_trigram"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """CREATE EXTENSION pg_trgm on PostgreSQL; nothing on other databases (Django checks that going forwards).

    Unapplying leaves the extension installed: other indexes may use it, and
    Django's own backwards step would query pg_extension on SQLite too.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def index_existing_conclusions(apps, schema_editor):
    """What search_index.index_conclusions does, with the models as of this migration."""
    Conclusion = apps.get_model("conclusions", "Conclusion")
    SearchText = apps.get_model("conclusions", "SearchText")
    columns = [f"text_{suffix}" for suffix in LANGUAGE_SUFFIXES.values()]
    stored = Conclusion.objects.order_by("pk").values_list(
        "pk", "meeting_id", "meeting__status", "meeting__start_date", "meeting__slug", "number", *columns
    )
    rows = []
    for pk, meeting_id, status, start_date, slug, number, *texts in stored.iterator(chunk_size=2000):
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
                        number=number,
                    )
                )
        if len(rows) >= 10000:
            SearchText.objects.bulk_create(rows, batch_size=2000)
            rows = []
    SearchText.objects.bulk_create(rows, batch_size=2000)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {TRIGRAM_INDEX} ON conclusions_searchtext USING gin (text gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('conclusions', '0007_content_version'),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        migrations.CreateModel(
            name='SearchText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('ar', 'Arabic'), ('zh-hans', 'Chinese'), ('en', 'English'), ('fr', 'French'), ('ru', 'Russian'), ('es', 'Spanish')], max_length=7)),
                ('text', models.TextField()),
                ('published', models.BooleanField()),
                ('meeting_start_date', models.DateField()),
                ('meeting_slug', models.SlugField(db_index=False, max_length=100)),
                ('number', models.PositiveIntegerField()),
                ('conclusion', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conclusions.conclusion')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conclusions.meeting')),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('published', True)), fields=['-meeting_start_date', 'meeting_slug', 'number', 'conclusion'], name='search_text_reading_order')],
                'constraints': [models.UniqueConstraint(fields=('conclusion', 'language'), name='one_search_text_per_language')],
            },
        ),
        # Filled before the index is built: one build is faster than a hundred thousand inserts.
        migrations.RunPython(index_existing_conclusions, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
