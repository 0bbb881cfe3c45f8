from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConclusionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conclusions"
    verbose_name = _("Outcome documents")

    def ready(self):
        # Keep every translation's status (missing, current, outdated), and the
        # folded texts that search looks in (SearchText), in step with saves;
        # drop cached public pages when their content changes.
        from . import page_cache, search_index, translation_status  # noqa: F401
