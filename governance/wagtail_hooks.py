"""
Admin hooks of governance: a city added in the admin is governed at once,
with its approver; bulk actions on accounts follow the account rules
(governance.accounts).
"""

from django.contrib.auth import get_user_model

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from registry.models import CityPage

from . import accounts
from .services import city_admit, city_governance_ensure


@hooks.register("after_create_page")
def city_admit_on_create(request, page):
    """
    A city added in the admin gets its groups, collection, review workflow
    and approver at once. An admin hook rather than a post_save signal: it
    fires once, for the act of adding a city, not on every save or publish of
    a city page, and only after Wagtail created the page; a form that fails
    validation never reaches it. The approver comes checked from the city's
    creation form (registry.forms.CityPageForm), which refuses drafts and
    autosaves of a new city, so the page this hook sees was published (or
    scheduled). `manage.py add_city` calls the same service.
    """
    if not isinstance(page, CityPage):
        return
    approver = getattr(page, "approver_to_appoint", None)
    if approver is None:
        city_governance_ensure(city=page)
    else:
        city_admit(city=page, approver=approver)


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
