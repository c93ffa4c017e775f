from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Projektregister")

    def ready(self):
        from core.page_cache import pages_show

        from . import signals  # noqa: F401
        from .models import Contact, FieldOfAction

        # Snippets shown on project, city and search pages; a change retires
        # every cached page. Reuse requests are never shown to readers.
        pages_show(Contact, FieldOfAction)
