"""
Admin registration of the partner networks (discovery.models).

Only the administration of the alliance registers networks: no city role
holds the model's permissions (governance.services grants none of them), so
editors and approvers of a city see neither the menu item nor the views;
superusers see both. The harvested copies have no admin views of their own:
they are edited at their source only.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views.snippets import SnippetViewSet

from registry.permissions import SnippetChooserViewSet

from .models import PartnerNetwork


class AdministrationOnlyMixin:
    """
    Wagtail's snippet chooser lists every record to anyone signed in to the
    admin; the networks' chooser answers only those who may see networks.
    """

    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(PartnerNetwork)
        if not policy.user_has_any_permission(request.user, ["add", "change", "delete", "view"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PartnerNetworkChooseView(AdministrationOnlyMixin, chooser_views.ChooseView):
    pass


class PartnerNetworkChooseResultsView(AdministrationOnlyMixin, chooser_views.ChooseResultsView):
    pass


class PartnerNetworkChosenView(AdministrationOnlyMixin, chooser_views.SnippetChosenView):
    pass


class PartnerNetworkChosenMultipleView(
    AdministrationOnlyMixin, chooser_views.SnippetChosenMultipleView
):
    pass


class PartnerNetworkChooserViewSet(SnippetChooserViewSet):
    choose_view_class = PartnerNetworkChooseView
    choose_results_view_class = PartnerNetworkChooseResultsView
    chosen_view_class = PartnerNetworkChosenView
    chosen_multiple_view_class = PartnerNetworkChosenMultipleView


class PartnerNetworkViewSet(SnippetViewSet):
    """
    The networks with the outcome of their last run: when it ran, when it
    last succeeded, what went wrong and how many records the copy holds.
    https://docs.wagtail.org/en/stable/topics/snippets/customising.html
    """

    model = PartnerNetwork
    icon = "site"
    menu_label = _("Partnernetzwerke")
    menu_name = "partner-networks"
    add_to_admin_menu = True
    list_display = [
        "name",
        "kind",
        "base_url",
        "active",
        "last_run_at",
        "last_success_at",
        "last_error",
        "project_count",
        "lesson_count",
    ]
    # No search index for a table this small: a plain database search.
    search_fields = ["name", "base_url"]
    search_backend_name = None
    copy_view_enabled = False
    chooser_viewset_class = PartnerNetworkChooserViewSet


register_snippet(PartnerNetworkViewSet)
