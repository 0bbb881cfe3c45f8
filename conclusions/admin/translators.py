"""The admin as a translator sees it: their language's fields to edit, the original beside them, the rest to read.

Translators have no change permission on the models; `has_change_permission`
lets them open the change form, and everything else a change permission
would allow is taken away here: adding, deleting, inline paragraphs, list
editing, restoring deleted records, reverting from the history, and the
confirm actions of other languages. The form holds only the columns they may
change, and refuses a request that posts anything else.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from conclusions.admin.outdated_panel import PANEL_TITLE, outdated_panel_for
from conclusions.languages import column_suffix, is_right_to_left, translated_column
from conclusions.translations.access import languages_label, limited_languages, writable_columns
from conclusions.translations.status import TRACKED_FIELDS, source_language_of

# What a browser posts with a change form besides the fields.
FORM_CONTROLS = {"csrfmiddlewaretoken", "_save", "_continue"}
LANGUAGE_NAMES = dict(settings.LANGUAGES)


class TranslatorForm(forms.ModelForm):
    """A translator's change form: refuses a request that posts a field it does not hold."""

    allowed_keys: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()

    def clean(self):
        refused = sorted(set(self.data) - self.allowed_keys - FORM_CONTROLS)
        if refused:
            raise forms.ValidationError(
                _(
                    "You may change only the translations into %(languages)s. "
                    "Nothing was saved: the form also sent %(fields)s."
                ),
                code="not_a_translation",
                params={"languages": languages_label(list(self.languages)), "fields": ", ".join(refused)},
            )
        return super().clean()


_displays = {}


def text_display(model, field: str, language: str | None = None):
    """A read-only view of one text of a record: in `language`, or in the record's source language if None.

    The same function object is returned for the same arguments: the admin
    matches fieldset entries against `readonly_fields` by identity.
    """
    key = (model, field, language)
    if key in _displays:
        return _displays[key]

    def display(obj):
        code = language or source_language_of(obj)
        text = (getattr(obj, translated_column(field, code)) or "") if obj else ""
        return format_html(
            '<div class="translation-reference" lang="{}" dir="{}">{}</div>',
            code,
            "rtl" if is_right_to_left(code) else "ltr",
            text if text.strip() else "—",
        )

    verbose_name = model._meta.get_field(field).verbose_name
    display.__name__ = f"{field}_{column_suffix(language) if language else 'original'}"
    label = (
        format_lazy("{} ({})", verbose_name, _("original"))
        if language is None
        else format_lazy("{} [{}]", verbose_name, LANGUAGE_NAMES[language])
    )
    _displays[key] = admin.display(description=label)(display)
    return _displays[key]


class TranslatorLimitsMixin:
    """Mixed into every content admin, before the model admin classes."""

    translator_context_fields: list[str] = []  # what identifies the record, shown read-only to translators

    def translation_limit(self, request) -> list[str] | None:
        """None for an editor; otherwise the languages this user may translate into (empty for a viewer)."""
        cache = request.__dict__.setdefault("_translation_limits", {})
        if self.model not in cache:
            cache[self.model] = limited_languages(request.user, self.model)
        return cache[self.model]

    def is_translator(self, request) -> bool:
        return bool(self.translation_limit(request))

    def has_full_change_permission(self, request) -> bool:
        return self.translation_limit(request) is None

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) or self.is_translator(request)

    def has_change_history_permission(self, request, obj=None) -> bool:
        # A revert writes every column of an old version: not a translator's.
        return self.has_full_change_permission(request) and super().has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_full_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_inlines(self, request, obj):
        return super().get_inlines(request, obj) if self.has_full_change_permission(request) else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        languages = self.translation_limit(request)
        if languages is None:
            return actions
        mine = {f"confirm_{column_suffix(code)}" for code in languages}
        return {name: action for name, action in actions.items() if name in mine}

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not self.has_full_change_permission(request):
            changelist.list_editable = ()  # positions and the like are the editors'
        return changelist

    def editable_columns(self, request, obj) -> list[str]:
        languages = self.translation_limit(request) or []
        columns = writable_columns(self.model, languages, source_language_of(obj)) if obj else set()
        return [
            translated_column(field, code)
            for field in TRACKED_FIELDS[self.model]
            for code in languages
            if translated_column(field, code) in columns
        ]

    def get_fieldsets(self, request, obj=None):
        if self.has_full_change_permission(request) or obj is None:
            return super().get_fieldsets(request, obj)
        editable = self.editable_columns(request, obj)
        mine = tuple(self.translation_limit(request))
        source = source_language_of(obj)
        others = [code for code, _name in settings.LANGUAGES if code != source and code not in mine]
        fieldsets = [(None, {"fields": self.translator_context_fields})]
        for field in TRACKED_FIELDS[self.model]:
            columns = [column for column in editable if column.startswith(f"{field}_")]
            title = capfirst(self.model._meta.get_field(field).verbose_name)
            fieldsets.append((title, {"fields": [text_display(self.model, field), *columns]}))
        fieldsets.append((PANEL_TITLE, {"fields": [outdated_panel_for(mine)]}))
        other_texts = [
            text_display(self.model, field, code) for field in TRACKED_FIELDS[self.model] for code in others
        ]
        fieldsets.append((_("Other languages"), {"classes": ["collapse"], "fields": other_texts}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if self.has_full_change_permission(request) or obj is None:
            return super().get_readonly_fields(request, obj)
        editable = set(self.editable_columns(request, obj))
        shown = [field for _title, options in self.get_fieldsets(request, obj) for field in options["fields"]]
        return [field for field in shown if field not in editable]

    def get_form(self, request, obj=None, **kwargs):
        if self.has_full_change_permission(request) or obj is None:
            return super().get_form(request, obj, **kwargs)
        editable = self.editable_columns(request, obj)
        form = type(
            "TranslatorForm",
            (TranslatorForm,),
            {"allowed_keys": frozenset(editable), "languages": tuple(self.translation_limit(request))},
        )
        # The admin passes every field of the fieldsets; the form holds the editable ones only.
        kwargs.update(form=form, fields=editable)
        return super().get_form(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if formfield is not None and language and not self.has_full_change_permission(request):
            # One language, no tabs: the widget says which language it holds.
            attrs = formfield.widget.attrs
            attrs["class"] = " ".join(c for c in attrs.get("class", "").split() if c != "mt")
            attrs.update(lang=language, dir="rtl" if is_right_to_left(language) else "ltr")
        return formfield
