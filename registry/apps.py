from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Projektregister")

    def ready(self):
        from . import signals  # noqa: F401


class WagtailUsersConfig(WagtailUsersAppConfig):
    """
    Wagtail's user administration with the registry's account rules
    (registry.accounts): no one hands out more rights than they hold.
    """

    user_viewset = "registry.accounts.AccountViewSet"

    def ready(self):
        super().ready()
        from wagtail.permissions import register_permission_policy

        from .accounts import account_permission_policy

        register_permission_policy(account_permission_policy.model, account_permission_policy)
