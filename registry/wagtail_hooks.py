"""Admin registration of the registry's snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import permissions as contact_permissions
from .governance import city_admit, city_governance_ensure
from .models import CityPage, Contact, FieldOfAction, ReuseRequest

# Before any viewset asks for Contact's policy, or Wagtail creates a fallback one.
register_permission_policy(Contact, contact_permissions.contact_permission_policy)


class ContactViewSet(SnippetViewSet):
    """Each city's editors see and choose only their own city's contacts (registry.permissions)."""

    model = Contact
    icon = "user"
    menu_label = _("Kontakte")
    list_display = ["name", "role", "organisation", "city", "visibility", "last_confirmed"]
    list_filter = ["city", "visibility", "is_function"]
    search_fields = ["name", "organisation", "role"]
    ordering = ["name"]
    edit_handler = ObjectList(Contact.panels, base_form_class=contact_permissions.ContactAdminForm)
    edit_view_class = contact_permissions.ContactEditView
    delete_view_class = contact_permissions.ContactDeleteView
    copy_view_class = contact_permissions.ContactCopyView
    usage_view_class = contact_permissions.ContactUsageView
    history_view_class = contact_permissions.ContactHistoryView
    inspect_view_class = contact_permissions.ContactInspectView
    chooser_viewset_class = contact_permissions.ContactChooserViewSet

    def get_queryset(self, request):
        return contact_permissions.contacts_manageable_by(request.user).select_related("city")


class FieldOfActionViewSet(SnippetViewSet):
    model = FieldOfAction
    icon = "folder-open-1"
    menu_label = _("Handlungsfelder")
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (ContactViewSet, FieldOfActionViewSet)
    menu_icon = "site"
    menu_label = _("Register")
    menu_name = "registry"


register_snippet(RegistryViewSetGroup)


@hooks.register("after_create_page")
def city_admit_on_create(request, page):
    """
    A city added in the admin gets its groups, collection, review workflow
    and approver at once. An admin hook rather than a post_save signal: it
    fires once, for the act of adding a city, not on every save or publish of
    a city page, and only after Wagtail created the page; a form that fails
    validation never reaches it. CityPageForm refuses drafts and autosaves of
    a new city, so the page this hook sees was published (or scheduled) with
    a checked approver. `manage.py add_city` calls the same service.
    """
    if not isinstance(page, CityPage):
        return
    approver = getattr(page, "approver_to_appoint", None)
    if approver is None:
        city_governance_ensure(city=page)
    else:
        city_admit(city=page, approver=approver)


def reuse_requests_visible_to(user, queryset):
    """
    The reuse requests an admin user may read: alliance administrators all,
    a city's editors those about their own city's projects (registry.governance).
    """
    from .governance import user_city_ids, user_is_alliance_admin

    if user_is_alliance_admin(user):
        return queryset
    return queryset.filter(project__city__in=user_city_ids(user))


class ReuseRequestViewSet(SnippetViewSet):
    """Incoming „Wir möchten das nachnutzen“ requests; read-only, per city."""

    model = ReuseRequest
    icon = "mail"
    menu_label = _("Nachnutzungsanfragen")
    menu_name = "reuse-requests"
    add_to_admin_menu = True
    list_display = ["created_at", "project", "municipality", "name", "email"]
    list_filter = ["project__city"]
    search_fields = ["name", "municipality", "message"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return reuse_requests_visible_to(
            request.user, ReuseRequest.objects.select_related("project", "project__city")
        )


register_snippet(ReuseRequestViewSet)
