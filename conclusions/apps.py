from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConclusionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "conclusions"
    verbose_name = _("Outcome documents")

    def ready(self):
        # Keeps every translation's status (missing, current, outdated) in step with saves.
        # Drops cached public pages when their content changes.
        from . import (
            page_cache,  # noqa: F401
            translation_status,  # noqa: F401
        )
