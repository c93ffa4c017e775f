"""Admin registration of the registry's snippets, and its panel on the editors' dashboard."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views.pages import bulk_actions as page_bulk_actions
from wagtail.documents.views import bulk_actions as document_bulk_actions
from wagtail.images.views import bulk_actions as image_bulk_actions
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetDeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views import bulk_actions as user_bulk_actions

from . import permissions as city_permissions
from .freshness import REVIEW_INTERVAL_MONTHS
from .models import Contact, FieldOfAction, ReuseRequest
from .queries import projects_due_for_review
from .translation_buttons import translation_listing_buttons

# Before any viewset asks for a policy, or Wagtail creates a fallback one.
register_permission_policy(Contact, city_permissions.contact_permission_policy)
register_permission_policy(ReuseRequest, city_permissions.reuse_request_permission_policy)


class ContactViewSet(city_permissions.CityOwnedSnippetViewSet):
    """Each city's editors see and choose only their own city's contacts (registry.permissions)."""

    model = Contact
    icon = "user"
    menu_label = _("Kontakte")
    list_display = ["name", "role", "organisation", "city", "visibility", "last_confirmed"]
    list_filter = ["city", "visibility", "is_function"]
    # No `search_fields`: the search covers what Contact.search_fields indexes.
    ordering = ["name"]
    edit_handler = ObjectList(Contact.panels, base_form_class=city_permissions.ContactAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city")


class FieldOfActionViewSet(SnippetViewSet):
    model = FieldOfAction
    icon = "folder-open-1"
    menu_label = _("Handlungsfelder")
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]
    chooser_viewset_class = city_permissions.SnippetChooserViewSet


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (ContactViewSet, FieldOfActionViewSet)
    menu_icon = "site"
    menu_label = _("Register")
    menu_name = "registry"


register_snippet(RegistryViewSetGroup)


class ReuseRequestViewSet(city_permissions.CityOwnedSnippetViewSet):
    """
    Incoming „Wir möchten das nachnutzen“ requests: personal data of the
    requester, read only by the owning city and the alliance
    (registry.permissions). Read-only: no role holds add, change or delete.
    """

    model = ReuseRequest
    icon = "mail"
    menu_label = _("Nachnutzungsanfragen")
    menu_name = "reuse-requests"
    add_to_admin_menu = True
    list_display = ["created_at", "project", "municipality", "name", "email", "mail_status"]
    list_filter = ["project__city"]
    search_fields = ["name", "municipality", "message"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project", "project__city")


register_snippet(ReuseRequestViewSet)


class ProjectsDueForReviewPanel(Component):
    """
    „Möglicherweise veraltet“: the projects of the editor's cities whose facts
    were not reviewed for REVIEW_INTERVAL_MONTHS (registry.freshness), so that
    they are checked before readers see the mark. Nothing is shown when none is
    due. https://docs.wagtail.org/en/stable/reference/hooks.html#construct-homepage-panels
    """

    name = "projects_due_for_review"
    template_name = "admin/projects_due_for_review.html"
    # After Wagtail's workflow panels, before the recent edits (250).
    order = 240

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reviews_due"] = projects_due_for_review(user=parent_context["request"].user)
        context["review_interval_months"] = REVIEW_INTERVAL_MONTHS
        return context


@hooks.register("construct_homepage_panels")
def projects_due_for_review_panel(request, panels):
    panels.append(ProjectsDueForReviewPanel())


@hooks.register("construct_page_chooser_queryset")
def page_chooser_by_city(pages, request):
    """Browse and search of the page chooser offer only what registry.permissions allows."""
    return city_permissions.pages_choosable_by(request.user, pages)


@hooks.register("before_move_page")
def refuse_move_without_permission(request, page, destination):
    """
    Wagtail's move confirmation shows the page and its destination before it
    checks anything; the move itself is refused later. Refuse at once, before
    the page is shown, when the user may not move it there.
    """
    if not page.permissions_for_user(request.user).can_move_to(destination):
        return permission_denied(request)
    return None


@hooks.register("construct_admin_api", order=1)
def admin_api_images_and_documents_by_collection(router):
    """After Wagtail's own registration (order 0), which these endpoints replace."""
    router.register_endpoint("images", city_permissions.CityImagesAdminAPIViewSet)
    router.register_endpoint("documents", city_permissions.CityDocumentsAdminAPIViewSet)


# Wagtail's bulk actions, each replaced by itself narrowed to what the user may
# see (registry.permissions.VisibleRecordsBulkActionMixin); registered after
# Wagtail's (order 0) under the same action name, so these are the ones used.
WAGTAIL_BULK_ACTIONS = (
    page_bulk_actions.delete.DeleteBulkAction,
    page_bulk_actions.move.MoveBulkAction,
    page_bulk_actions.publish.PublishBulkAction,
    page_bulk_actions.unpublish.UnpublishBulkAction,
    image_bulk_actions.add_tags.AddTagsBulkAction,
    image_bulk_actions.add_to_collection.AddToCollectionBulkAction,
    image_bulk_actions.delete.DeleteBulkAction,
    document_bulk_actions.add_tags.AddTagsBulkAction,
    document_bulk_actions.add_to_collection.AddToCollectionBulkAction,
    document_bulk_actions.delete.DeleteBulkAction,
    SnippetDeleteBulkAction,
    user_bulk_actions.assign_role.AssignRoleBulkAction,
    user_bulk_actions.delete.DeleteBulkAction,
    user_bulk_actions.set_active_state.SetActiveStateBulkAction,
)
for wagtail_bulk_action in WAGTAIL_BULK_ACTIONS:
    hooks.register(
        "register_bulk_action",
        city_permissions.bulk_action_of_visible_records(wagtail_bulk_action),
        order=1,
    )


# wagtail-localize's explorer buttons ask two queries per listed row; ours ask
# once per listing (registry.translation_buttons). Its hooks module is imported
# here first, so that the function is registered before it is taken out; the
# page header keeps wagtail-localize's hook.
def replace_localize_listing_buttons():
    from wagtail_localize import wagtail_hooks as localize_hooks

    registered = hooks._hooks["register_page_listing_more_buttons"]
    theirs = localize_hooks.page_listing_more_buttons
    registered[:] = [(fn, order) for fn, order in registered if fn is not theirs]
    hooks.register("register_page_listing_more_buttons", translation_listing_buttons)


replace_localize_listing_buttons()
