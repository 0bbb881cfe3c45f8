"""What the admin's lists share: the rows of a page prepared in a fixed number of queries, and translation marks.

A column's display method sees one record; what it shows of the other
records it needs (translation statuses, themes, counts) is read for the
whole page at once by the admin's `prepare_rows` and kept on each row.
"""

from django.contrib.admin.views.main import ChangeList
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from conclusions.admin.content import TranslationStatusFilter
from conclusions.languages import LANGUAGE_CODES, language_name
from conclusions.translations.status import CURRENT, MISSING, OUTDATED, SOURCE

LIST_MEDIA_CSS = {"all": ("conclusions/admin-lists.css",)}

# Each status has a mark for the eye and a word for the legend, the tooltip and screen readers.
STATUS_MARKS = {
    SOURCE: ("●", pgettext_lazy("translation status", "original")),
    CURRENT: ("✓", pgettext_lazy("translation status", "current")),
    OUTDATED: ("!", pgettext_lazy("translation status", "outdated")),
    MISSING: ("–", pgettext_lazy("translation status", "missing")),
}


class PreparedRowsChangeList(ChangeList):
    """A change list that hands the page's records to its admin's `prepare_rows` once they are read."""

    def get_results(self, request):
        super().get_results(request)
        # Reading the page fills its queryset's cache: the template then shows these very objects.
        self.model_admin.prepare_rows(request, list(self.result_list))


class PreparedRowsMixin:
    """For a model admin whose columns show what is read for the whole page at once."""

    def get_changelist(self, request, **kwargs):
        return PreparedRowsChangeList

    def prepare_rows(self, request, rows: list) -> None:
        """Read what the columns show for all of `rows` and keep it on each of them."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "status_marks": list(STATUS_MARKS.items())}
        return super().changelist_view(request, extra_context)


def filtered_language(request) -> str | None:
    """The language the list is filtered on ("missing in French", "outdated in French"), if any."""
    _status, _sep, language = request.GET.get(TranslationStatusFilter.parameter_name, "").partition(":")
    return language if language in LANGUAGE_CODES else None


def translation_marks(statuses: dict[str, str]) -> str:
    """The six languages in UN order, each named with its status's mark, so that a column reads down the rows."""
    marks = []
    for code in LANGUAGE_CODES:
        mark, word = STATUS_MARKS[statuses[code]]
        said = status_said(code, word)
        marks.append((statuses[code], said, mark, language_name(code), said))
    return format_html(
        '<ul class="translation-marks">{}</ul>',
        format_html_join(
            "",
            '<li class="translation-{}" title="{}"><span class="translation-mark" aria-hidden="true">{}</span> '
            '<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></li>',
            marks,
        ),
    )


def status_said(language: str, status: str) -> str:
    """A language and its status as the lists say them: "French: outdated", "English: 100 %"."""
    return _("%(language)s: %(status)s") % {"language": language_name(language), "status": status}
