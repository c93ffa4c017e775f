"""
Admin hooks of governance: a city added in the admin is governed at once;
bulk actions on accounts follow the account rules (governance.accounts).
"""

from django.contrib.auth import get_user_model

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from registry.models import CityPage

from . import accounts
from .services import city_governance_ensure


@hooks.register("after_create_page")
def city_governance_on_create(request, page):
    """
    A city added in the admin gets its groups, collection and review workflow
    at once. An admin hook rather than a post_save signal: it fires once, for
    the act of adding a city, not on every save or publish of a city page;
    `manage.py add_city` and the demo loader call the same service directly.
    """
    if isinstance(page, CityPage):
        city_governance_ensure(city=page)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_beyond_own_rights(request, action_type, objects, action):
    """
    Wagtail's bulk actions on users check only the model permission: they
    would deactivate a superuser or hand out any group. The account rules of
    governance.accounts apply to them as to the single-account views.
    """
    if getattr(action, "model", None) is not get_user_model():
        return None
    if accounts.bulk_action_oversteps(actor=request.user, action=action, accounts=objects):
        return permission_denied(request)
    return None
