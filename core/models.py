"""
The shared page base: every page type of the project inherits from
`BasePage`, so listings, meta tags and search results can ask any page for the
same things. The page base is abstract; `core`'s tables belong to the search
(`core.search.terms`, `core.search.models`), imported here so Django finds them,
and to the review of machine translations (`core.machine_translation`).
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page, PageViewRestriction

from .machine_translation import TranslationReview
from .queries import pages_on_path
from .search.models import SynonymGroup
from .search.terms import SearchDocument, SearchTerm, SearchVocabulary
from .serializers import MachineTranslatedField
from .signals import searchable_page_saved

__all__ = [
    "BasePage",
    "SearchDocument",
    "SearchFacetsMixin",
    "SearchTerm",
    "SearchVocabulary",
    "SummaryMixin",
    "SynonymGroup",
    "TranslationReview",
]

# Saving only these fields (`save(update_fields=…)`) is revision or tree
# bookkeeping: it cannot change what the search's facet index copies.
FACET_NEUTRAL_FIELDS = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
        "first_published_at",
        "last_published_at",
        "expired",
        "go_live_at",
        "expire_at",
        "url_path",
        "path",
        "depth",
        "numchild",
        "live",
    }
)


class SummaryMixin(models.Model):
    """
    A short plain-text summary that listings, search results and meta
    descriptions fall back to, so editors write it once.
    """

    summary = models.TextField(
        _("Kurzbeschreibung"),
        max_length=400,
        help_text=_(
            "Ein bis drei Sätze, ohne Formatierung. Erscheint in Listen und "
            "Suchergebnissen (höchstens 400 Zeichen)."
        ),
    )

    panels = [FieldPanel("summary")]

    class Meta:
        abstract = True


class SearchFacetsMixin(models.Model):
    """
    Tells the search (discovery.facet_index) that the page's facets may have
    changed, through `core.signals.searchable_page_saved`.

    Sent after `Page.save()` has returned, i.e. after modelcluster has
    committed tags and fields of action, which a `post_save` handler would
    not yet see. Saves that only touch revision or tree bookkeeping
    (`update_fields` within FACET_NEUTRAL_FIELDS) cannot change a facet.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not FACET_NEUTRAL_FIELDS.issuperset(update_fields):
            searchable_page_saved.send(sender=type(self), page=self)
        return result


def url_parts_for_reader(page: Page, parts, *, request=None):
    """
    With Wagtail's i18n a page's address carries the prefix of its own
    locale (German: none). Where the reader's language has no page tree of
    its own yet, the German page keeps that language's prefix instead, so
    the English interface at /en/ shows the German pages and its links stay
    under /en/, as before there were trees. `parts` are Wagtail's
    `get_url_parts` of `page`.
    """
    language = translation.get_language()
    if parts is None or parts[2] is None or language == settings.LANGUAGE_CODE:
        return parts
    root_paths = page._get_site_root_paths(request)
    if any(root.language_code == language for root in root_paths):
        return parts
    site_id, root_url, _path = parts
    root = next(
        root for root in page._get_relevant_site_root_paths(request) if root.site_id == site_id
    )
    try:
        page_path = reverse("wagtail_serve", args=(page.url_path[len(root.root_path) :],))
    except NoReverseMatch:
        return parts
    return site_id, root_url, page_path


class BasePage(Page):
    """
    Abstract base of every page type here: one place for listing and meta
    fallbacks, and for routing a request to its page in a fixed number of
    queries (`route`).
    """

    show_in_menus_default = False
    # Beside Wagtail's "locale" in every page's API "meta": whether the page
    # shows machine translation no person has reviewed (core.machine_translation).
    api_meta_fields = [APIField("machine_translated", serializer=MachineTranslatedField())]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """
        Wagtail's routing (https://docs.wagtail.org/en/stable/reference/pages/
        theory.html#anatomy-of-a-wagtail-request), with the pages along the path
        read in one query (core.queries.pages_on_path) instead of two queries
        per level. A page type with a `route` of its own (RoutablePageMixin)
        still gets the request for its part of the path, as with Wagtail's walk.
        The page found remembers what the walk learnt: its ancestors below the
        site root (for the breadcrumbs) and whether any view restriction can
        apply (so Wagtail's check needs no query of its own when none does).
        """
        if not path_components:
            return super().route(request, path_components)
        chain = pages_on_path(self, path_components)
        parent = self
        for index, page in enumerate(chain):
            page._cached_parent_obj = parent
            remaining = path_components[index + 1 :]
            specific_class = page.specific_class
            plain = specific_class is not None and specific_class.route is BasePage.route
            if remaining and plain:
                parent = page
                continue
            specific = page.specific
            specific.routed_ancestors = [self, *chain[:index]]
            specific.routed_unrestricted = not any(p.view_restricted for p in chain[: index + 1])
            return specific.route(request, remaining)
        raise Http404

    def get_url_parts(self, request=None):
        """In the reader's language where it has no tree yet (`url_parts_for_reader`)."""
        return url_parts_for_reader(self, super().get_url_parts(request), request=request)

    def get_view_restrictions(self):
        """No query when the routing found no view restriction on the way (see `route`)."""
        if getattr(self, "routed_unrestricted", False):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_breadcrumb_ancestors(self) -> list[Page]:
        """
        The ancestors below the home page (depth 2), top down, as the
        breadcrumbs show them: those the routing walked through, or else
        from the tree.
        """
        routed = getattr(self, "routed_ancestors", None)
        if routed is not None and routed[0].depth <= 3:
            return [page for page in routed if page.depth > 2]
        return [page for page in self.get_ancestors() if page.depth > 2]

    def get_listing_summary(self):
        for attribute in ("summary", "teaser", "intro"):
            value = getattr(self, attribute, "")
            if value:
                return value
        return self.search_description

    def get_meta_description(self):
        return self.search_description or self.get_listing_summary()

    def get_og_properties(self, *, request) -> dict:
        """OpenGraph properties beyond the common ones (core.share_meta); page types add theirs."""
        return {}

    def get_json_ld(self, *, request, url: str, description: str, og: dict, tags=None) -> dict:
        """schema.org JSON-LD of the page; page types with structured fields say more."""
        return {"@context": "https://schema.org", "@type": "WebPage", "name": self.title}
