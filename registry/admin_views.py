"""
Admin views that stand in for Wagtail's where no hook reaches: the page
chooser views that show a page without asking the
`construct_page_chooser_queryset` hook (registry.wagtail_hooks, rule in
registry.permissions.pages_choosable_by), the page types report and the site
history, which read every city's pages and log entries, the external
link chooser step, and wagtail-localize's views that ask only for a model
permission (translating a page, syncing translations, the translations
report, its snippet list). Routed in config/urls.py ahead of Wagtail's admin URLs, at
the same paths.
"""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Subquery

from wagtail.admin.views import chooser
from wagtail.admin.views.reports import audit_logging, page_types_usage
from wagtail.models import Page, Site

from wagtail_localize.models import TranslationSource
from wagtail_localize.views import report as localize_report
from wagtail_localize.views import snippets_api as localize_snippets_api
from wagtail_localize.views import submit_translations, update_translations

from .membership import user_is_alliance_admin
from .permissions import (
    log_entries_visible_to,
    pages_choosable_by,
    pages_worked_on_by,
    records_visible_to,
)


class PageChooserBrowseView(chooser.BrowseView):
    """
    Wagtail's browse view lists the children through the hook, but loads the
    page being browsed by id alone and shows its title; a page the chooser
    would not list is not browsable either.
    """

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            page = Page.objects.filter(pk=parent_page_id)
            if not pages_choosable_by(request.user, page).exists():
                raise PermissionDenied
        return super().get(request, parent_page_id)


class PageChosenMultipleView(chooser.ChosenMultipleView):
    """Returns title and URL of several pages by id; the same pages as the chooser lists."""

    def get(self, request):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        if not ids:
            raise PermissionDenied
        wanted = Page.objects.filter(pk__in=ids)
        if pages_choosable_by(request.user, wanted).count() != wanted.count():
            raise PermissionDenied
        return super().get(request)


class PageTypesUsageReportView(page_types_usage.PageTypesUsageReportView):
    """
    Wagtail's report names, per page type, the last edited page of any city,
    by its draft title; here the last edited of the pages the user may see
    (`pages_choosable_by`). The counts stay totals: they name nothing.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        candidates = Page.objects.filter(content_type=OuterRef("pk"))
        site_root_path = self.filters.form.cleaned_data.get("site")
        if site_root_path:
            candidates = candidates.filter(path__startswith=site_root_path)
        last_edited = pages_choosable_by(self.request.user, candidates).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(last_edited_page_id=Subquery(last_edited.values("pk")[:1]))


class SiteHistoryFilterSet(audit_logging.SiteHistoryReportFilterSet):
    def get_users_queryset(self):
        """Only the people named in the entries the user may read."""
        return log_entries_visible_to(self.request.user, self.queryset).get_users()


class SiteHistoryView(audit_logging.LogEntriesView):
    """
    The site history (and its export) with the entries a user may read
    (`log_entries_visible_to`): a city's roles see the history of the pages
    they work on and of their own city's records, and the names in it.
    """

    filterset_class = SiteHistoryFilterSet

    def filter_queryset(self, queryset):
        return log_entries_visible_to(self.request.user, super().filter_queryset(queryset))


class ExternalLinkView(chooser.ExternalLinkView):
    """
    Wagtail's external link step of the rich text link chooser. Its URL field
    fails on a POST without it (Wagtail 8.0's `URLOrAbsolutePathField` calls
    `startswith` on None): an absent URL is an empty one, which the form
    refuses with its own message. A URL of a page the page chooser would not
    offer the user stays a plain external link: Wagtail would convert it to
    a page link and show the page's draft title. Wagtail matches an address
    without host only while there is a single site root, and with a page
    tree per language there is one per language: the German roots are the
    sites' own (the trees of other languages hang beside them), so only
    they are offered for the match.
    """

    def post(self, request):
        field_name = f"{self.form_prefix}-{self.link_url_field_name}"
        if field_name not in request.POST:
            request.POST = request.POST.copy()
            request.POST[field_name] = ""
        roots = Site.get_site_root_paths()
        # Wagtail's own per-request copy of the site roots, read by its view.
        request._wagtail_cached_site_root_paths = [
            root for root in roots if root.language_code == settings.LANGUAGE_CODE
        ] or roots
        response = super().post(request)
        page_id = self.matched_page_id(json.loads(response.content))
        if page_id is not None and not self.page_is_choosable(page_id):
            # The page's draft title would reach another city: a plain link.
            return self.render_chosen_response(self.get_result_data())
        return response

    @staticmethod
    def matched_page_id(data: dict) -> int | None:
        """
        The page Wagtail matched the URL to: the chosen link itself, or the
        one it asks to convert to; both carry the page's draft title.
        """
        if data.get("step") == "external_link_chosen":
            return data["result"].get("id")
        if data.get("step") == "confirm_external_to_internal":
            return data["internal"].get("id")
        return None

    def page_is_choosable(self, page_id: int) -> bool:
        return pages_choosable_by(self.request.user, Page.objects.filter(pk=page_id)).exists()


# --------------------------------------------------------------------------
# wagtail-localize: translating asks the page's own rights
# --------------------------------------------------------------------------


def translation_source_editable_by(user, source: TranslationSource) -> bool:
    """A translation source is the user's to translate when its object is: a page they may edit."""
    instance = source.get_source_instance()
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    return records_visible_to(user, type(instance)._default_manager.filter(pk=instance.pk)).exists()


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    """
    wagtail-localize lets anyone with its model permission
    (`wagtail_localize.submit_translation`) translate any page, which would
    put pages into another city's translated tree. Here a page is translated
    only by those who may edit it: a city's editors their city's pages, the
    alliance the home page and the city index, as in German.
    """

    def dispatch(self, request, *args, **kwargs):
        page = Page.objects.filter(pk=kwargs["page_id"]).first()
        if page is not None and not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """Syncing a source's translations: only by those who may edit the source (see above)."""

    def dispatch(self, request, *args, **kwargs):
        source = TranslationSource.objects.filter(pk=kwargs["translation_source_id"]).first()
        if source is not None and not translation_source_editable_by(request.user, source):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TranslationsReportView(localize_report.TranslationsReportView):
    """
    wagtail-localize's report lists every translation with its source's
    title; a city's roles see those of the pages they work on (their city's
    and the shared wiki), the alliance all.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        if user_is_alliance_admin(self.request.user):
            return queryset
        keys = Page.objects.filter(
            pk__in=pages_worked_on_by(self.request.user).values("pk")
        ).values("translation_key")
        return queryset.filter(source__object_id__in=keys)


class SnippetsAPIViewSet(localize_snippets_api.SnippetViewSet):
    """wagtail-localize's snippet list for its chooser, narrowed to the records the user may see."""

    def get_queryset(self):
        return records_visible_to(self.request.user, super().get_queryset())
