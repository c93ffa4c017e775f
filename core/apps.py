from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The page base every app builds on; it owns no tables and imports no app of ours."""

    name = "core"
    verbose_name = _("Grundlagen")
