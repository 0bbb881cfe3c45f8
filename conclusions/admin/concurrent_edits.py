"""Two people on one record: a change form saves what its person changed, and never undoes another's change unseen.

A change form carries, in a hidden field, a fingerprint of each of its
fields' values as the record held them when the form was opened. When it is
posted, each field is one of:

- changed by nobody else since: saved as Django saves it;
- changed by someone else, not by this person: the other's value is kept
  (the field is left out of what the form writes), so changes to different
  fields or languages merge;
- changed by both, to different values: a conflict. Nothing is written; the
  form comes back with the other's version beside the field and this
  person's value still in it, every other change of theirs kept, and the
  fingerprints renewed, so that saving again keeps theirs knowingly.

The admin locks the record's row while a posted form is read and saved
(`lock_record`), so that "since the form was opened" holds up to the write.
A form posted without fingerprints (a revert, which writes an old version
whole; a client of its own) saves as Django does.
"""

import hashlib
import json
from datetime import date, datetime

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from conclusions.admin.history import when
from conclusions.change_reasons import person_name
from conclusions.languages import is_right_to_left, language_name

OPENED_STATE_FIELD = "opened_state"


def fingerprint(value) -> str:
    """A short digest of a field's value, the same for the value the record holds and the one a form cleans to it."""
    return hashlib.blake2b(canonical(value).encode(), digest_size=8).hexdigest()


def canonical(value) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple | set | frozenset):
        return "\x1f".join(sorted(canonical(item) for item in value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        # A browser posts a textarea's lines ended by CR LF; the record stores LF (`normalize_line_ends`).
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return str(value)


class ConcurrentEditsForm(forms.Form):
    """Mixed into the admin's change forms (editors' and translators'), before ModelForm."""

    opened_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when rendered: a subclass's __init__ may still add to `initial` after this one.
        self.initial[OPENED_STATE_FIELD] = lambda: json.dumps(self.current_state)
        self.conflicts: dict[str, object] = {}

    @cached_property
    def current_state(self) -> dict[str, str]:
        # `initial` holds the record's values as it is now: when the form opens, and when it is posted.
        return {name: fingerprint(self.initial.get(name)) for name in self.compared_fields()}

    def compared_fields(self) -> list[str]:
        """The form's fields that stand for the record's own: what another person can have changed too."""
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields]

    def opened_state_posted(self) -> dict[str, str] | None:
        try:
            state = json.loads(self.data.get(self.add_prefix(OPENED_STATE_FIELD)) or "null")
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    def clean(self):
        cleaned_data = super().clean()
        opened = self.opened_state_posted()
        if opened is None or self.instance.pk is None:
            return cleaned_data
        theirs_only = []
        for name in self.compared_fields():
            if name not in cleaned_data or name not in opened:
                continue
            then, now, mine = opened[name], self.current_state[name], fingerprint(cleaned_data[name])
            if now == then or mine == now:
                continue  # nobody else changed it, or both made the same change
            if mine == then:
                theirs_only.append(name)
                del cleaned_data[name]  # not written: the record keeps the other person's value
            else:
                self.conflicts[name] = self.initial.get(name)
        self.show_current_state(theirs_only)
        if self.conflicts:
            self.refuse_conflicts()
        return cleaned_data

    def show_current_state(self, theirs_only: list[str]) -> None:
        """Should the form come back, it shows the others' values where this person changed nothing.

        Its fingerprints become the record's current ones: the values it
        then holds are what this person has seen.
        """
        data = self.data.copy()
        for name in theirs_only:
            value = self.fields[name].prepare_value(self.initial.get(name))
            if isinstance(value, list | tuple) and isinstance(data, QueryDict):
                data.setlist(self.add_prefix(name), [str(item) for item in value])
            else:
                data[self.add_prefix(name)] = value
        data[self.add_prefix(OPENED_STATE_FIELD)] = json.dumps(self.current_state)
        self.data = data

    def refuse_conflicts(self) -> None:
        latest = self.instance.history.order_by("-history_date", "-history_id").first()
        who = (person_name(latest.history_user) if latest else "") or _("someone else")
        at = when(latest.history_date) if latest else ""
        for name, theirs in self.conflicts.items():
            self.add_error(name, ValidationError(their_version(self, name, theirs, who, at), code="changed_since"))
        labels = [field_label(self, name) for name in self.conflicts]
        raise ValidationError(
            _(
                "Nothing was saved: %(person)s changed %(fields)s on %(date)s, after you opened this form. "
                "Their version is shown with yours; your other changes are still in the form."
            ),
            code="changed_since",
            params={"person": who, "fields": ", ".join(labels), "date": at},
        )


def field_label(form, name: str) -> str:
    """How a sentence names the field: "text in French" for a translated column (labelled "Text [fr]")."""
    model_field = form._meta.model._meta.get_field(name)
    language = getattr(model_field, "language", None)
    if language is None:
        return str(model_field.verbose_name)
    original = model_field.translated_field.verbose_name
    return _("%(field)s in %(language)s") % {"field": original, "language": language_name(language)}


def their_version(form, name: str, theirs, who: str, at: str):
    """The field's error: the other person's version, in its own language and direction, then what to do."""
    field = form.fields[name]
    value = field.prepare_value(theirs)
    language = getattr(form._meta.model._meta.get_field(name), "language", None)
    if isinstance(value, list | tuple):  # themes and other choices: their names
        names = {str(key): label for key, label in field.choices}
        shown = format_html_join(", ", "{}", ((names.get(str(item), item),) for item in value)) or "—"
    else:
        shown = str(value) if value not in (None, "") else "—"
    return format_html(
        '{}<div class="edit-conflict-theirs"{}>{}</div>{}',
        _("%(person)s saved this on %(date)s, after you opened the form. Their version:")
        % {"person": who, "date": at},
        format_html(' lang="{}" dir="{}"', language, "rtl" if is_right_to_left(language) else "ltr")
        if language
        else "",
        shown,
        _("Your version is in the field. Save again to replace theirs with yours, or change it first."),
    )


class RecordLockMixin:
    """Mixed into the content admins: a posted change form reads and saves its record under a row lock."""

    def lock_record(self, object_id) -> None:
        """Lock the record's row until the request's transaction ends (PostgreSQL; SQLite writes one at a time)."""
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return  # the admin itself says the record does not exist
        list(self.model._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True))
