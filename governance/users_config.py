"""
Wagtail's user administration with the registry's account rules
(governance.accounts). In a module of its own: a second AppConfig in
governance/apps.py would stop Django from picking governance's own config.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    """wagtail.users, whose views and forms let no one hand out more rights than they hold."""

    user_viewset = "governance.accounts.AccountViewSet"

    def ready(self):
        super().ready()
        from wagtail.permissions import register_permission_policy

        from .accounts import account_permission_policy

        register_permission_policy(account_permission_policy.model, account_permission_policy)
