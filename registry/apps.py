from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Projektregister")

    def ready(self):
        from . import signals  # noqa: F401
