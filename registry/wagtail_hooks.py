"""Admin registration of the registry's snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import permissions as contact_permissions
from .membership import user_city_ids, user_is_alliance_admin
from .models import Contact, FieldOfAction, ReuseRequest

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


def reuse_requests_visible_to(user, queryset):
    """
    The reuse requests an admin user may read: alliance administrators all,
    a city's editors those about their own city's projects (registry.membership).
    """
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
