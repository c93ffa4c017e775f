"""
User accounts in the admin: the alliance administration manages the cities'
accounts, but cannot hand out more than it holds itself.

- Only a superuser makes or unmakes superusers; nobody else sees the
  "Administrator" checkbox, and a hand-made POST of it is ignored.
- Groups are offered (and accepted) only if they grant no more than the
  user holds (`group_is_grantable_by`); the alliance administration's own
  group is never offered. Groups an account already has beyond that stay.
- An account that holds more than the user could grant (a superuser, another
  alliance administrator) is not the user's to edit, deactivate, delete or
  give a new password: that would be taking the account over.

Wagtail's user views are swapped in through `WagtailUsersConfig.user_viewset`
(governance.users_config), as Wagtail documents for custom user forms
(https://docs.wagtail.org/en/stable/advanced_topics/customisation/custom_user_models.html);
the per-account rule is the User model's permission policy, which every view
that names an account asks (registry.permissions.policy_guarded_view), and
the bulk actions on users ask it through the `before_bulk_action` hook.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as user_views

from registry.membership import ALLIANCE_ADMIN_GROUP_NAME
from registry.permissions import policy_guarded_view

from .services import COLLECTION_PERMISSIONS


def model_permission_names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def page_codenames_held_by(user) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(group__user=user).values_list(
            "permission__codename", flat=True
        )
    )


def group_is_grantable_by(*, group: Group, actor) -> bool:
    """
    A group grants no more than `actor` holds when its model permissions are
    the actor's own, its page permissions are kinds the actor holds on pages
    (add, change, publish, …), and its image and document permissions are no
    more than a city's editors have in their collection. The alliance
    administration's group is never grantable by anyone but a superuser: it
    manages accounts.
    """
    if actor.is_superuser:
        return True
    if not actor.is_active or group.name == ALLIANCE_ADMIN_GROUP_NAME:
        return False
    group_permissions = group.permissions.select_related("content_type")
    if not model_permission_names(group_permissions) <= actor.get_all_permissions():
        return False
    group_page_codenames = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    if not group_page_codenames <= page_codenames_held_by(actor):
        return False
    collection_permissions = GroupCollectionPermission.objects.filter(group=group).select_related(
        "permission__content_type"
    )
    return model_permission_names(row.permission for row in collection_permissions) <= set(
        COLLECTION_PERMISSIONS
    )


def groups_grantable_by(actor):
    if actor.is_superuser:
        return Group.objects.all()
    grantable = [g.pk for g in Group.objects.all() if group_is_grantable_by(group=g, actor=actor)]
    return Group.objects.filter(pk__in=grantable)


def account_is_manageable_by(*, actor, account) -> bool:
    """One's own account, or one that holds nothing the actor could not grant."""
    if actor.is_superuser or account.pk == actor.pk:
        return True
    if account.is_superuser:
        return False
    grantable = set(groups_grantable_by(actor).values_list("pk", flat=True))
    return set(account.groups.values_list("pk", flat=True)) <= grantable


class AccountPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and account_is_manageable_by(
            actor=user, account=instance
        )


account_permission_policy = AccountPermissionPolicy(get_user_model())


# --------------------------------------------------------------------------
# Forms and views
# --------------------------------------------------------------------------


class GrantLimitedAccountFormMixin:
    """
    The account form as the acting user may fill it: no "Administrator"
    checkbox for non-superusers, and only the groups they may grant.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if for_user is None or for_user.is_superuser:
            return
        self.fields.pop("is_superuser", None)
        self.grantable_groups = groups_grantable_by(for_user)
        self.fields["groups"].queryset = self.grantable_groups

    def save(self, commit=True):
        kept = []
        if self.instance.pk and self.for_user is not None and not self.for_user.is_superuser:
            # Groups the user cannot grant are not theirs to take away either.
            kept = list(self.instance.groups.exclude(pk__in=self.grantable_groups))
        user = super().save(commit=commit)
        if commit and kept:
            user.groups.add(*kept)
        return user


class AccountCreationForm(GrantLimitedAccountFormMixin, UserCreationForm):
    pass


class AccountEditForm(GrantLimitedAccountFormMixin, UserEditForm):
    pass


class ForUserFormKwargsMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class AccountCreateView(ForUserFormKwargsMixin, user_views.CreateView):
    pass


class AccountEditView(ForUserFormKwargsMixin, user_views.EditView):
    pass


class AccountViewSet(user_views.UserViewSet):
    add_view_class = AccountCreateView
    edit_view_class = AccountEditView

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm

    def construct_view(self, view_class, **kwargs):
        return policy_guarded_view(super().construct_view(view_class, **kwargs), self.model)


def bulk_action_oversteps(*, actor, action, accounts) -> bool:
    """True when a bulk action on user accounts would reach beyond what `actor` may grant."""
    if any(not account_is_manageable_by(actor=actor, account=a) for a in accounts):
        return True
    form = getattr(action, "cleaned_form", None)
    role = form.cleaned_data.get("role") if form is not None else None
    return role is not None and not group_is_grantable_by(group=role, actor=actor)
