"""The admin as a translator sees it: the original, their language to edit and a reference language, side by side.

Translators have no change permission on the models; `has_change_permission`
lets them open the change form, and everything else a change permission
would allow is taken away here: adding, deleting, inline paragraphs, list
editing, restoring deleted records, reverting from the history, and the
confirm actions of other languages. The form holds only the columns they may
change, and refuses a request that posts anything else. "Save and next" saves
and opens the next record of the translator's work (`my_work`).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conclusions.admin.concurrent_edits import OPENED_STATE_FIELD, ConcurrentEditsForm
from conclusions.admin.my_work import next_work_response
from conclusions.admin.outdated_panel import PANEL_TITLE, outdated_panel_for
from conclusions.languages import LANGUAGE_CODES, column_suffix, is_right_to_left, translated_column
from conclusions.translations.access import languages_label, limited_languages, writable_columns
from conclusions.translations.status import TRACKED_FIELDS, source_language_of

SAVE_AND_NEXT = "_save_next"
# What a browser posts with a change form besides the fields.
FORM_CONTROLS = {"csrfmiddlewaretoken", "_save", "_continue", SAVE_AND_NEXT, OPENED_STATE_FIELD}
LANGUAGE_NAMES = dict(settings.LANGUAGES)
# Underscored like the admin's own controls (`_changelist_filters`): not a field of the record.
REFERENCE_PARAMETER = "_reference"
SESSION_REFERENCE = "translation_reference_language"
DEFAULT_REFERENCE = "en"  # the English working translation
TRANSLATOR_FORM_TEMPLATE = "admin/conclusions/translator_change_form.html"
MY_WORK_MEDIA = forms.Media(css={"all": ["conclusions/admin-my-work.css"]})


class TranslatorForm(ConcurrentEditsForm, forms.ModelForm):
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


ORIGINAL, REFERENCE, OTHER = "original", "reference", "other"
_displays = {}


def text_display(model, field: str, language: str, role: str = OTHER):
    """A read-only view of one text of a record in `language`: the original, the reference chosen, or another.

    Labelled in words: "Original (Chinese)", "English (reference)", "Arabic · text".
    The same function object is returned for the same arguments: the admin
    matches fieldset entries against `readonly_fields` by identity.
    """
    key = (model, field, language, role)
    if key in _displays:
        return _displays[key]

    def display(obj):
        text = (getattr(obj, translated_column(field, language)) or "") if obj else ""
        return format_html(
            '<div class="translation-reference" lang="{}" dir="{}">{}</div>',
            language,
            "rtl" if is_right_to_left(language) else "ltr",
            text if text.strip() else "—",
        )

    name = LANGUAGE_NAMES[language]
    if role == ORIGINAL:
        display.__name__ = f"{field}_original"
        label = format_lazy(_("Original ({language})"), language=name)
    elif role == REFERENCE:
        display.__name__ = f"{field}_reference"
        label = format_lazy(_("{language} (reference)"), language=name)
    else:
        display.__name__ = f"{field}_{column_suffix(language)}"
        label = format_lazy("{} · {}", name, model._meta.get_field(field).verbose_name)
    _displays[key] = admin.display(description=label)(display)
    return _displays[key]


def reference_choices(obj, languages) -> list[str]:
    """The languages a translator into `languages` may read beside their own: neither theirs nor the original."""
    source = source_language_of(obj)
    return [code for code in LANGUAGE_CODES if code != source and code not in languages]


def reference_language(request, obj, languages) -> str | None:
    """The language shown beside a translator's own: chosen with `?_reference=`, remembered in the session.

    By default the English working translation; where English is the
    original or the translator's own, the first language with a text.
    """
    choices = reference_choices(obj, languages)
    asked = request.GET.get(REFERENCE_PARAMETER)
    if asked in choices:
        request.session[SESSION_REFERENCE] = asked
    preferred = request.session.get(SESSION_REFERENCE, DEFAULT_REFERENCE)
    if preferred in choices:
        return preferred
    with_text = [
        code
        for code in choices
        if any((getattr(obj, translated_column(field, code)) or "").strip() for field in TRACKED_FIELDS[type(obj)])
    ]
    return (with_text or choices or [None])[0]


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
        reference = reference_language(request, obj, mine)
        fieldsets = [(None, {"classes": ["translator-context"], "fields": self.translator_context_fields})]
        for field in TRACKED_FIELDS[self.model]:
            # Side by side (admin-my-work.css): the original, the translator's own language(s), the reference.
            columns = [
                text_display(self.model, field, source, ORIGINAL),
                *(column for column in editable if column.startswith(f"{field}_")),
                *([text_display(self.model, field, reference, REFERENCE)] if reference else []),
            ]
            title = capfirst(self.model._meta.get_field(field).verbose_name)
            fieldsets.append((title, {"classes": ["side-by-side"], "fields": columns}))
        fieldsets.append((PANEL_TITLE, {"fields": [outdated_panel_for(mine)]}))
        others = [code for code in reference_choices(obj, mine) if code != reference]
        other_texts = [
            text_display(self.model, field, code) for code in others for field in TRACKED_FIELDS[self.model]
        ]
        if other_texts:
            fieldsets.append((_("Other languages"), {"classes": ["collapse"], "fields": other_texts}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if self.has_full_change_permission(request) or obj is None:
            return super().get_readonly_fields(request, obj)
        editable = set(self.editable_columns(request, obj))
        return [field for field in flatten_fieldsets(self.get_fieldsets(request, obj)) if field not in editable]

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
            # One language, no tabs: the label and the widget say which language it holds.
            formfield.label = capfirst(LANGUAGE_NAMES[language])
            attrs = formfield.widget.attrs
            attrs["class"] = " ".join(c for c in attrs.get("class", "").split() if c != "mt")
            attrs.update(lang=language, dir="rtl" if is_right_to_left(language) else "ltr")
        return formfield

    @property
    def media(self):
        return super().media + MY_WORK_MEDIA

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and not self.has_full_change_permission(request):
            mine = self.translation_limit(request)
            response.template_name = TRANSLATOR_FORM_TEMPLATE
            response.context_data.update(
                my_work_url=reverse("admin:conclusions_my_work"),
                reference_parameter=REFERENCE_PARAMETER,
                reference_language=reference_language(request, obj, mine),
                reference_choices=[(code, LANGUAGE_NAMES[code]) for code in reference_choices(obj, mine)],
            )
        return response

    def response_change(self, request, obj):
        if SAVE_AND_NEXT not in request.POST or self.has_full_change_permission(request):
            return super().response_change(request, obj)
        # The admin's own words, as after "Save".
        message = format_html(
            gettext("The {name} “{obj}” was changed successfully."),
            name=self.opts.verbose_name,
            obj=format_html('<a href="{}">{}</a>', request.path, obj),
        )
        self.message_user(request, message, messages.SUCCESS)
        return next_work_response(request, obj)
