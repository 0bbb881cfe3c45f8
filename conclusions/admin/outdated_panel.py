"""The change form's panel of outdated translations: the original now, and what changed in it since."""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from conclusions.languages import is_right_to_left, language_name
from conclusions.translations.status import outdated_translations

PANEL_TITLE = _("Outdated translations")


def outdated_panel(obj, languages: tuple[str, ...] | None = None):
    """Each outdated translation of the record (into `languages`, or any), with the source diff."""
    items = outdated_translations(obj) if obj and obj.pk else []
    if languages is not None:
        items = [item for item in items if item["language"] in languages]
    if not items:
        return _("None: every translation is current or still missing.")
    return format_html_join(
        "",
        '<div class="outdated-translation"><p><strong>{} · {}</strong></p>'
        '<p class="outdated-caption">{}</p><div class="source-diff" lang="{}" dir="{}">{}</div>'
        '<p class="outdated-caption">{}</p><div class="source-now" lang="{}" dir="{}">{}</div></div>',
        (
            (
                language_name(item["language"]),
                type(obj)._meta.get_field(item["field"]).verbose_name,
                _("What changed in the original since this translation was made:"),
                item["source_language"],
                "rtl" if is_right_to_left(item["source_language"]) else "ltr",
                item["diff"] or _("(the earlier version is not in the history)"),
                _("The original now:"),
                item["source_language"],
                "rtl" if is_right_to_left(item["source_language"]) else "ltr",
                item["source_now"],
            )
            for item in items
        ),
    )


_panels = {}


def outdated_panel_for(languages: tuple[str, ...]):
    """The panel limited to a translator's languages, as a read-only field (one function object per tuple)."""
    if languages not in _panels:

        def source_changes(obj):
            return outdated_panel(obj, languages)

        _panels[languages] = admin.display(description=PANEL_TITLE)(source_changes)
    return _panels[languages]
