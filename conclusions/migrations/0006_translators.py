"""One "Translators (<language>)" group per language, and the kit's refused-row count in the import log.

A translator views every meeting, paragraph and theme, changes only the
translations into their language (`translate_<language>`), and imports and
exports spreadsheets limited to those columns. Numbers, themes, dates,
publication and the source text stay with the Editors.
"""

from django.db import migrations, models

from conclusions.group_permissions import grant_permissions

# Group names are data, in English like "Editors"; the admin shows them as stored.
TRANSLATOR_GROUPS = {
    "ar": "Translators (Arabic)",
    "zh_hans": "Translators (Chinese)",
    "en": "Translators (English)",
    "fr": "Translators (French)",
    "ru": "Translators (Russian)",
    "es": "Translators (Spanish)",
}
SHARED_PERMISSIONS = [
    *(f"{action}_{model}" for model in ("meeting", "conclusion", "theme") for action in ("view", "import", "export")),
    "view_spreadsheetimport",
]


def create_translator_groups(apps, schema_editor):
    for suffix, group in TRANSLATOR_GROUPS.items():
        grant_permissions(apps, group, [*SHARED_PERMISSIONS, f"translate_{suffix}"])


def remove_translator_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=TRANSLATOR_GROUPS.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("conclusions", "0005_translation_basis"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="translationbasis",
            options={
                "permissions": [
                    ("translate_ar", "Can translate into Arabic"),
                    ("translate_zh_hans", "Can translate into Chinese"),
                    ("translate_en", "Can translate into English"),
                    ("translate_fr", "Can translate into French"),
                    ("translate_ru", "Can translate into Russian"),
                    ("translate_es", "Can translate into Spanish"),
                ],
                "verbose_name": "translation basis",
                "verbose_name_plural": "translation bases",
            },
        ),
        migrations.AddField(
            model_name="spreadsheetimport",
            name="refused_count",
            field=models.PositiveIntegerField(default=0, verbose_name="refused"),
        ),
        migrations.RunPython(create_translator_groups, remove_translator_groups),
    ]
