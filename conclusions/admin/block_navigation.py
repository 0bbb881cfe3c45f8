"""A block's change form within its document: the blocks before and after it, "Save and go to next block", themes.

A document's blocks are edited one page each (a document of hundreds is too
large for one form): these let an editor go through them in document order.
"""

from django import forms
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from conclusions.documents.block_names import block_name
from conclusions.models import Conclusion, Meeting, printed_number

SAVE_NEXT = "_save_next_block"  # the button's name in the form


def neighbour(block: Conclusion, *, after: bool) -> dict | None:
    """The block right before or after `block` in its meeting's document, named and linked; None at an end."""
    blocks = Conclusion.objects.filter(meeting_id=block.meeting_id)
    if after:
        blocks = blocks.filter(position__gt=block.position).order_by("position")
    else:
        blocks = blocks.filter(position__lt=block.position).order_by("-position")
    found = blocks.values("pk", "kind", "part", "number", "number_suffix").first()
    if found is None:
        return None
    number = printed_number(found["number"], found["number_suffix"])
    return {
        "name": block_name(found["kind"], number=number, part=found["part"], ranked=True),
        "url": reverse("admin:conclusions_conclusion_change", args=[found["pk"]]),
    }


class BlockNavigationMixin:
    """Mixed into the blocks' admin, before the library mixins."""

    change_form_template = "admin/conclusions/conclusion/change_form.html"

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Boxes to tick, each theme's name whole (a select box cuts long names off).
        if db_field.name == "themes":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def original_language(self, request, obj):
        # A block added from its meeting's page ("Add a block") opens on that meeting's original.
        if obj is None and request.GET.get("meeting", "").isdigit():
            return Meeting.objects.filter(pk=request.GET["meeting"]).values_list("source_language", flat=True).first()
        return super().original_language(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            editor = self.has_full_change_permission(request)
            following = neighbour(obj, after=True)
            meeting_url = reverse("admin:conclusions_meeting_change", args=[obj.meeting_id])
            context.update(
                block_navigation={
                    "previous": neighbour(obj, after=False),
                    "next": following,
                    # The list of the document's blocks is on the meeting's form as an editor sees it.
                    "document_url": f"{meeting_url}#document-blocks" if editor else "",
                },
                # A translator's form refuses a button it does not know: the next block is a link for them.
                show_save_next_block=following is not None and editor,
            )
            # submit_line.html puts "Delete" back after the button.
            context["show_delete"] = context.get("show_delete", True) and not context["show_save_next_block"]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        """After "Save and go to next block": the block now after this one, with the usual message."""
        response = super().response_change(request, obj)
        if SAVE_NEXT not in request.POST or not isinstance(response, HttpResponseRedirect):
            return response
        following = neighbour(obj, after=True)
        if following is None:
            self.message_user(request, _("This was the last block of the document."))
            return HttpResponseRedirect(request.path)
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return HttpResponseRedirect(add_preserved_filters(context, following["url"]))
