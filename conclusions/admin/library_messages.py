"""Interface strings of django-import-export's export page that its own catalogs leave untranslated.

The library's catalogs miss these in some of the six languages (Chinese,
Arabic and Spanish "Select all", Arabic and Spanish "This exporter will
export the following fields", ...), so an editor working in Chinese met
English on the export page. Marked here, they enter the project's catalogs
(`locale/`, first in LOCALE_PATHS), which Django reads before the
library's. Nothing calls these at run time; `make messages` reads this file.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

EXPORT_PAGE_STRINGS = (
    gettext_noop("Select all"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
)
# The export page's heading for "Export selected" (blocktranslate count len=...).
EXPORT_SELECTED = ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len")
