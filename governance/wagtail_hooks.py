"""
Admin hooks of governance: a city added in the admin is governed at once,
with its approver; bulk actions on accounts follow the account rules
(governance.accounts); the alliance administration maintains the search's
synonyms; a city's people mark their machine-translated pages reviewed
(governance.views).
"""

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.machine_translation import page_is_machine_translated
from core.models import SynonymGroup
from registry.models import CityPage
from registry.permissions import SnippetChooserViewSet

from . import accounts
from .services import city_admit, city_governance_ensure
from .views import TranslationReviewView, translation_review_offered, translation_reviewable_by


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


class SynonymGroupViewSet(SnippetViewSet):
    """
    The synonyms the search applies (core.search.synonyms), maintained by the
    alliance administration: only its group holds the model permissions
    (governance.services.ALLIANCE_ADMIN_MODEL_PERMISSIONS), so the cities'
    roles see neither the menu item nor the views. Registered here, not in
    core, because who governs the search is the alliance's concern.
    """

    model = SynonymGroup
    icon = "list-ul"
    menu_label = _("Synonyme")
    menu_name = "synonyms"
    add_to_admin_menu = True
    list_display = ["__str__", "note", "updated_at"]
    # A plain database search of the text (no search index for a table this
    # small), so a group is found by any of its terms as soon as it is saved.
    search_fields = ["terms", "note"]
    search_backend_name = None
    ordering = ["-updated_at"]
    copy_view_enabled = False
    chooser_viewset_class = SnippetChooserViewSet


register_snippet(SynonymGroupViewSet)


@hooks.register("register_admin_urls")
def translation_review_urls():
    return [
        path(
            "translation-review/<int:page_id>/",
            TranslationReviewView.as_view(),
            name="translation_review",
        )
    ]


class TranslationReviewButton(PageMenuItem):
    """
    "Übersetzung prüfen" among a translated page's actions (the page's
    header), while there is anything to review; wagtail-localize's
    translation editor shows the same link above the editor
    (templates/wagtail_localize/admin/edit_translation.html). German pages
    are ruled out first, without a query.
    """

    label = _("Übersetzung prüfen")
    icon_name = "check"
    url_name = "translation_review"

    def is_shown(self, user):
        return translation_review_offered(user=user, page=self.page)


class TranslationReviewListingButton(TranslationReviewButton):
    """
    The same in the explorer's rows, for pages whose notice readers see:
    asked once for all rows of a language (kept on the user of the request).
    """

    def is_shown(self, user):
        return page_is_machine_translated(
            self.page, cache_object=user
        ) and translation_reviewable_by(user, self.page)


@hooks.register("register_page_header_buttons")
def translation_review_button(page, user, view_name, next_url=None):
    yield TranslationReviewButton(page=page, priority=35)


@hooks.register("register_page_listing_more_buttons")
def translation_review_listing_button(page, user, next_url=None):
    yield TranslationReviewListingButton(page=page, priority=35)
