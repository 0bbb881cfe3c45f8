"""The change forms of meetings, blocks and themes: Save at the top too, and one language switch for the page.

modeltranslation gives every translated field its own row of language tabs,
opened on the admin's language. The page's switch (`admin-form.js`) drives
all those tabs at once, opens on the record's original language, and hides
the rows it replaces; without JavaScript every language's field is shown.
"""

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from conclusions.languages import LANGUAGE_CODES, column_suffix, current_language, is_right_to_left, language_name
from conclusions.translations.status import source_language_of

# The scripts it follows are named too: Django orders merged media only by the order within each list.
FORM_MEDIA = forms.Media(
    js=["admin/js/jquery.init.js", "modeltranslation/js/tabbed_translation_fields.js", "conclusions/admin-form.js"],
    css={"all": ["conclusions/admin-form.css"]},
)


def page_languages(original: str | None, opened: str) -> list[dict]:
    """The switch's buttons: the original first and named as such, then UN order; `opened` selected."""
    codes = sorted(LANGUAGE_CODES, key=lambda code: code != original)
    return [
        {
            "code": code,
            "suffix": column_suffix(code),  # how modeltranslation names the language's fields and tabs
            "name": _("%(language)s (original)") % {"language": language_name(code)}
            if code == original
            else language_name(code),
            "direction": "rtl" if is_right_to_left(code) else "ltr",
            "selected": code == opened,
        }
        for code in codes
    ]


class ChangeFormMixin:
    """Mixed into every content admin: Save buttons above the form, and the page's language switch for editors.

    A translator's form has their language's fields only, and no tabs: it
    gets no switch.
    """

    save_on_top = True

    @property
    def media(self):
        return super().media + FORM_MEDIA

    def original_language(self, request, obj) -> str | None:
        """The language of the record's original text, or None while it is not known (a new meeting)."""
        try:
            return source_language_of(obj if obj is not None else self.model()) or None
        except ObjectDoesNotExist:  # a new block, of no meeting yet
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.has_full_change_permission(request):
            original = self.original_language(request, obj)
            context["page_languages"] = page_languages(original, opened=original or current_language())
        return super().render_change_form(request, context, add, change, form_url, obj)
