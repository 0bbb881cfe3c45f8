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
        from conclusions.public import page_cache  # noqa: F401
        from conclusions.search import index  # noqa: F401
        from conclusions.translations import status  # noqa: F401
