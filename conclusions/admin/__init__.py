"""The editors' and translators' admin, one module per model, sharing `content.ContentAdmin`."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conclusions.admin import conclusions, imports, meetings, themes  # noqa: F401 (each registers its model admin)

admin.site.site_header = _("Outcome documents: editors")
admin.site.site_title = _("Outcome documents")
admin.site.index_title = _("Texts, translations and themes")
# The home page with "My work" above the models.
admin.site.index_template = "admin/conclusions/index.html"
