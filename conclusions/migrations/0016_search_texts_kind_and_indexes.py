"""Search texts carry their block's kind, and on PostgreSQL words are found through an index of the stored stems.

- `kind`, copied from the conclusion: ranking reads it with the texts
  instead of joining every matching text to its conclusion.
- On PostgreSQL (see conclusions/search/indexed_terms.py for why): a GIN
  index of each text's stems as an array is added, and the trigram index of
  every text is replaced by one of the texts holding a Chinese (Japanese,
  Korean) character only, a sixth of its size or less. On SQLite, which has
  neither, nothing more is done.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from conclusions.search.indexed_terms import (
    HOLDS_UNSPACED,
    INDEX_BUILD_MEMORY,
    TRIGRAM_INDEX,
    WORDS_EXPRESSION,
    WORDS_INDEX,
)

TABLE = "conclusions_searchtext"


def copy_kinds(apps, schema_editor):
    SearchText = apps.get_model("conclusions", "SearchText")
    Conclusion = apps.get_model("conclusions", "Conclusion")
    SearchText.objects.update(kind=Subquery(Conclusion.objects.filter(pk=OuterRef("conclusion_id")).values("kind")))


def on_postgresql(*statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")  # this transaction only
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("conclusions", "0015_search_texts_as_stemmed_words")]

    operations = [
        migrations.AddField(
            model_name="searchtext",
            name="kind",
            field=models.CharField(
                choices=[
                    ("heading", "heading line"),
                    ("preamble", "preamble paragraph"),
                    ("part", "part title"),
                    ("section", "section heading"),
                    ("paragraph", "numbered paragraph"),
                    ("unnumbered", "unnumbered paragraph"),
                    ("item", "sub-item"),
                    ("closing", "closing line"),
                    ("footnote", "footnote"),
                    ("furniture", "page furniture"),
                ],
                default="paragraph",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_kinds, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(
            on_postgresql(
                f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}",
                f"CREATE INDEX {TRIGRAM_INDEX} ON {TABLE} USING gin (text gin_trgm_ops)"
                f" WHERE {HOLDS_UNSPACED.format(column='text')}",
                f"CREATE INDEX {WORDS_INDEX} ON {TABLE} USING gin (({WORDS_EXPRESSION.format(column='text')}))",
                f"ANALYZE {TABLE}",
            ),
            on_postgresql(
                f"DROP INDEX IF EXISTS {WORDS_INDEX}",
                f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}",
                f"CREATE INDEX {TRIGRAM_INDEX} ON {TABLE} USING gin (text gin_trgm_ops)",
            ),
        ),
    ]
