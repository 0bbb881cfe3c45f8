"""The history pages of the content admins: each change in words, old versions read-only, revert after asking.

They take the place of django-simple-history's pages (a table of raw
values cut at 100 characters, an old version as an editable form whose
"Revert" posted whatever was typed into it). A revert now writes the
version as it was stored, through the admin's own form and `save_model`,
so it is validated and saved as any change is (`conclusions.content`
keeps history, translation status and search texts in step), with its
own change reason.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from conclusions.admin.concurrent_edits import OPENED_STATE_FIELD
from conclusions.admin.history import RecordHistory, Snapshots, when
from conclusions.change_reasons import REVERT, change_reason, person_name
from conclusions.models import SpreadsheetImport
from conclusions.translations.status import tracked_columns

# Posted by the revert confirmation: the newest version of the record when it was shown.
SEEN_VERSION_FIELD = "seen_version"


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """History that a person reads, and a revert that asks first and says it was one."""

    object_history_template = "admin/conclusions/object_history.html"
    object_history_form_template = "admin/conclusions/object_history_form.html"
    revert_confirmation_template = "admin/conclusions/object_history_revert.html"
    history_list_per_page = 50

    def get_urls(self):
        revert = path(
            "<str:object_id>/history/<int:version_id>/revert/",
            self.admin_site.admin_view(self.revert_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_revert",
        )
        return [revert, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        """Every change to the record, newest first: when, who or what, and what changed in each field."""
        request.current_app = self.admin_site.name
        obj, history = self.record_history(request, object_id)
        paginator = Paginator(history.newest_first, self.history_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        context = {
            **self.history_context(request, obj),
            "title": self.history_view_title(request, obj),
            "entries": history.entries(page.object_list),
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            "pagination_required": paginator.num_pages > 1,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """GET: one version, read only, with a way to revert to it. POST (from the confirmation): the revert."""
        request.current_app = self.admin_site.name
        obj, history = self.record_history(request, object_id)
        version = history_version(history, version_id)
        if request.method == "POST":
            return self.revert(request, obj, history, version)
        entry = history.entry_of(version)
        context = {
            **self.history_context(request, obj),
            "title": str(obj),
            "version": version,
            "entry": entry,
            # A translation missing in this version is said to be missing, not left out.
            "values": Snapshots(history.fields, [version]).values(version, even_empty=tracked_columns(self.model)),
            "is_current": self.is_current(obj, history, version),
            "revert_url": self.admin_url("revert", quote(obj.pk), version.history_id),
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)

    def revert_view(self, request, object_id, version_id):
        """Asks before reverting, and shows what the revert will change; the button posts to the version's page."""
        request.current_app = self.admin_site.name
        obj, history = self.record_history(request, object_id)
        version = history_version(history, str(version_id))
        if self.revert_disabled(request, obj):
            raise PermissionDenied
        return self.revert_confirmation(request, obj, history, version)

    def revert_confirmation(self, request, obj, history, version, errors=None, changed_since=None):
        exists = self.record_exists(obj)
        latest = history.rows[-1]
        snapshots = Snapshots(history.fields, [latest, version])
        context = {
            **self.history_context(request, obj),
            "title": _("Revert %(record)s to the version of %(date)s?")
            % {"record": obj, "date": when(version.history_date)},
            "version": version,
            "version_url": self.admin_url("simple_history", quote(obj.pk), version.history_id),
            "changes": snapshots.changes(latest, version) if exists else snapshots.values(version),
            "errors": errors,
            # What the person saw: a change made after it is shown before anything is reverted.
            "seen_version": latest.history_id,
            "changed_since": changed_since,
        }
        return self.render_history_view(request, self.revert_confirmation_template, context)

    def revert(self, request, obj, history, version):
        """Write `version` back as the record's current state, as the admin's form would save it."""
        if self.revert_disabled(request, obj):
            raise PermissionDenied
        latest = history.rows[-1]
        seen = request.POST.get(SEEN_VERSION_FIELD)
        if seen and seen != str(latest.history_id):
            # Someone saved after the confirmation was shown: show what the revert would change now.
            changed_since = {"person": person_name(latest.history_user), "date": when(latest.history_date)}
            return self.revert_confirmation(request, obj, history, version, changed_since=changed_since)
        restored = version.instance
        restored._state.adding = False
        form_class = self.get_form(request, restored, change=True)
        form = form_class(data=version_form_data(form_class, restored, history, version), instance=restored)
        if not form.is_valid():
            return self.revert_confirmation(request, obj, history, version, errors=form.errors)
        was_deleted = not self.record_exists(obj)
        form.change_reason = change_reason(REVERT, version.history_id)  # read by `ContentAdmin.save_model`
        restored = self.save_form(request, form, change=True)
        self.save_model(request, restored, form, change=True)
        form.save_m2m()
        reverted = _("Reverted to the version of %(date)s") % {"date": when(version.history_date)}
        self.log_change(request, restored, reverted)
        # The date is not last: a date that ends in "a.m." would end the sentence twice.
        if was_deleted:
            done = _("The %(name)s “%(record)s” was restored as it was on %(date)s, as a new change in its history.")
        else:
            done = _(
                "The %(name)s “%(record)s” was reverted to the version of %(date)s, as a new change in its history."
            )
        details = {"name": self.opts.verbose_name, "record": restored, "date": when(version.history_date)}
        self.message_user(request, done % details, messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("history", quote(restored.pk)))

    def record_history(self, request, object_id) -> tuple[object, RecordHistory]:
        """The record (or, deleted, its last version) and its history; 404 or 403 as simple-history gives them.

        A deleted record's stand-in is marked `_deleted`, for the pages to say so and offer to restore it.
        """
        obj = self.get_object(request, unquote(object_id))
        try:
            pk = obj.pk if obj is not None else self.opts.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404 from error
        rows = list(self.model.history.filter(**{self.opts.pk.attname: pk}).select_related("history_user"))
        if obj is None:
            if not rows:
                raise Http404
            obj = max(rows, key=lambda row: (row.history_date, row.history_id)).instance
            obj._state.adding = False
            obj._deleted = True
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        history = RecordHistory(
            self.model,
            rows,
            version_url=lambda row: self.admin_url("simple_history", quote(obj.pk), row.history_id),
            import_url=self.import_url_maker(request),
        )
        return obj, history

    def import_url_maker(self, request):
        """Links to the spreadsheet imports in the history, for a reader who may open them."""
        site = self.admin_site
        if not site.is_registered(SpreadsheetImport):
            return lambda number: ""
        if not site.get_model_admin(SpreadsheetImport).has_view_permission(request):
            return lambda number: ""
        return lambda number: reverse(f"{site.name}:conclusions_spreadsheetimport_change", args=[number])

    def history_context(self, request, obj) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "object": obj,
            "exists": self.record_exists(obj),
            "history_url": self.admin_url("history", quote(obj.pk)),
            "revert_disabled": self.revert_disabled(request, obj),
        }

    def admin_url(self, view: str, *args) -> str:
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}", args=args)

    def record_exists(self, obj) -> bool:
        return not getattr(obj, "_deleted", False)

    def is_current(self, obj, history: RecordHistory, version) -> bool:
        """Whether the record is now as it was in `version`: there is nothing to revert."""
        if not self.record_exists(obj):
            return False
        latest = history.rows[-1]
        return not Snapshots(history.fields, [latest, version]).changes(latest, version)


def history_version(history: RecordHistory, version_id: str):
    """One of the record's history rows, or 404 (as simple-history answers for a version of another record)."""
    version = next((row for row in history.rows if str(row.history_id) == str(version_id)), None)
    if version is None:
        raise Http404
    return version


def version_form_data(form_class, instance, history: RecordHistory, version) -> dict:
    """What the admin's form would post to save the record as `version` holds it, its themes included."""
    unbound = form_class(instance=instance)
    # Without the fingerprints of an opened form: a revert writes the old version whole (see `concurrent_edits`).
    data = {
        name: unbound[name].field.prepare_value(unbound[name].initial)
        for name in unbound.fields
        if name != OPENED_STATE_FIELD
    }
    links = Snapshots(history.fields, [version])
    for history_field in history.fields:
        if history_field.is_many and history_field.name in data:
            data[history_field.name] = sorted(links.value(history_field, version))
    return data
