from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Website")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .site_address import site_address_after_migrate

        post_migrate.connect(site_address_after_migrate, sender=self)
