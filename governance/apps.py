from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Groups, collections and workflows per city; owns no tables of its own."""

    name = "governance"
    verbose_name = _("Verbund und Rechte")

    def ready(self):
        from . import signals  # noqa: F401
