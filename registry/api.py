"""
The read API of the registry (Wagtail API v2 at /api/v2/, routed in
config/api.py) and the filters every page endpoint of the project shares.

    /api/v2/projects/?city=luebeck&topic=mobilitaet&status=operation&tag=lorawan
    /api/v2/cities/  /api/v2/lessons/?city=rostock  /api/v2/articles/?topic=…
    /api/v2/news/?tag=lorawan  /api/v2/fields-of-action/
    /api/v2/projects/?modified_since=2026-01-01T00:00:00Z&fields=last_published_at

Only live, public pages (Wagtail's pages endpoint filters them); contacts
only as their visibility allows (registry.serializers). An unknown filter
value answers 400 with a message naming the known values. A listing takes
the same number of queries however many pages it lists: each endpoint
fetches what its requested fields read from other tables once
(`with_related_rows`; pinned in tests/config/test_api.py). Lessons and
articles have their endpoints in knowledge/api.py, news in home/api.py.

Languages: every listing is the German tree (the source of every
translation), as before; `?locale=en` (or another language of
CONTENT_LANGUAGES) lists that language's tree instead, i.e. only the pages
translated into it, and a language not switched on answers 400. Each item
says (in its `meta`) its `locale` and its other language versions,
`"translations": {"en": "https://…/en/…"}` (`in_requested_tree`).
https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.http import Http404
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from wagtail.api.v2.filters import (
    ChildOfFilter,
    DescendantOfFilter,
    OrderingFilter,
    SearchFilter,
)
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.serializers import PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from rest_framework.filters import BaseFilterBackend
from taggit.models import Tag

from core.aggregates import cached_aggregate
from core.locales import content_language_codes, requested_language
from core.search_terms import search_term_cleaned
from core.serializers import TranslationsField, published_pages_prefetch
from core.translations import language_versions

from .choices import ProjectStatus
from .models import CityPage, FieldOfAction, ProjectPage
from .serializers import (
    adopted_from_prefetch,
    city_contacts_prefetch,
    project_contacts_prefetch,
    reused_in_prefetch,
)


def filter_error(parameter: str, value: str, known) -> BadRequestError:
    known = sorted(known)
    listed = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
    return BadRequestError(
        _("Unbekannter Wert „%(value)s“ für „%(parameter)s“. Bekannt: %(known)s")
        % {"value": value, "parameter": parameter, "known": listed or "–"}
    )


class RegistryFilter(BaseFilterBackend):
    """
    ?city=<slug>, ?topic=<field-of-action slug>, ?status=<value>, ?tag=<slug or name>.
    Each endpoint names the lookups it supports in `registry_filters`.
    """

    def filter_queryset(self, request, queryset, view):
        for parameter, lookup in view.registry_filters.items():
            value = request.GET.get(parameter)
            if value is None:
                continue
            value = value.strip()
            if "\x00" in value or not value:
                raise BadRequestError(_("Leerer oder ungültiger Wert für „%s“.") % parameter)
            if parameter == "city":
                if not CityPage.objects.filter(slug=value).exists():
                    raise filter_error(
                        parameter, value, CityPage.objects.live().values_list("slug", flat=True)
                    )
            elif parameter == "topic":
                if not FieldOfAction.objects.filter(slug=value).exists():
                    raise filter_error(
                        parameter, value, FieldOfAction.objects.values_list("slug", flat=True)
                    )
            elif parameter == "status":
                if value not in ProjectStatus.values:
                    raise filter_error(parameter, value, ProjectStatus.values)
            elif parameter == "tag":
                tag = (
                    Tag.objects.filter(slug=value).first()
                    or Tag.objects.filter(name__iexact=value).first()
                )
                if tag is None:
                    raise filter_error(parameter, value, [])
                value = tag.slug
            # By id: the search backend accepts filters on indexed fields
            # only, and `id` is one while the related lookups are not.
            matching = queryset.model.objects.filter(**{lookup: value}).values("pk")
            queryset = queryset.filter(id__in=matching)
        return queryset


def modified_since_value(raw: str) -> datetime.datetime:
    """
    The moment `?modified_since=` names: an ISO 8601 date-time
    (2026-01-01T00:00:00Z, with an offset or in UTC) or a date (midnight UTC).
    Anything else is a clear 400, never a 500: a month 13, an offset of a
    day or more, a year that leaves the calendar in UTC.
    """
    raw = raw.strip()
    try:
        # The longest ISO 8601 form asked for: 2026-01-01T00:00:00.000000+01:00.
        if len(raw) > 40:
            raise ValueError(raw)
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time())
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
            return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        pass
    raise BadRequestError(
        _(
            "„modified_since“ braucht ein Datum mit Uhrzeit nach ISO 8601, "
            "z. B. 2026-01-01T00:00:00Z, oder ein Datum wie 2026-01-01; "
            "„%(value)s“ ist keins."
        )
        % {"value": raw[:100]}
    )


class ModifiedSinceFilter(BaseFilterBackend):
    """
    ?modified_since=<ISO 8601>: only pages published (first or again) at or
    after that moment, for a harvester that fetches what changed since its
    last run (discovery.harvest). By id, as RegistryFilter does, so that it
    combines with ?search=.
    """

    def filter_queryset(self, request, queryset, view):
        raw = request.GET.get("modified_since")
        if raw is None:
            return queryset
        moment = modified_since_value(raw)
        matching = queryset.model.objects.filter(last_published_at__gte=moment).values("pk")
        return queryset.filter(id__in=matching)


class RelatedRowsFilter(BaseFilterBackend):
    """
    A listing fetches what its fields read from other tables (see
    `with_related_rows`), before the search: the search backend's results
    keep the queryset's select_related and prefetch_related, but offer
    neither method themselves.
    """

    def filter_queryset(self, request, queryset, view):
        # Only listings: the detail view finds its object through the filters
        # too, and asking for its serializer there would look the object up again.
        if view.action != "listing_view":
            return queryset
        return view.with_related_rows(queryset, set(view.get_serializer_class().Meta.fields))


SEARCH_OPERATORS = ("and", "or")


class CleanSearchFilter(SearchFilter):
    """
    ?search= as on the search page: control characters become spaces (the
    database refuses NUL, and no reader means them), the rest is searched.
    ?search_operator= takes only the backend's operators.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or None
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise filter_error("search_operator", operator, SEARCH_OPERATORS)
        term = search_term_cleaned(request.GET["search"])
        if not term:
            return queryset.none()
        try:
            return get_search_backend().search(
                term,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(
                _("„%(field)s“ lässt sich nicht zusammen mit „search“ verwenden.")
                % {"field": error.field_name}
            ) from error


# The largest id a database row can have (a signed 64-bit integer): a larger
# number names no row, but would overflow the database's integer parameter.
MAX_ID = 2**63 - 1


def id_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class RegistryPagination(WagtailPagination):
    """
    Wagtail's ?limit= and ?offset=, with an offset past the end listing
    nothing: sliced as it is, a huge offset would overflow the database's
    integer parameter.
    """

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        offset = self.count_parameter(request, "offset", default=0)
        limit = self.count_parameter(request, "limit", default=min(20, limit_max or 20))
        if limit_max and limit > limit_max:
            raise BadRequestError(_("„limit“ darf höchstens %d sein.") % limit_max)
        self.view = view
        self.total_count = self.count(queryset)
        if offset >= self.total_count:
            return []
        if isinstance(queryset, QuerySet):
            # A "deferred join": the page's ids are found by a narrow
            # subquery (id and sort key, from the index or a small sort),
            # and only its rows are read whole. Sliced as it is, a deep page
            # (?offset=10000) sorted 10,000 whole rows, bodies included.
            window = queryset.values("pk")[offset : offset + limit]
            return queryset.filter(pk__in=window)
        return queryset[offset : offset + limit]

    @staticmethod
    def count(queryset) -> int:
        """
        How many items the listing has, counted once per change of the
        content (core.aggregates): the same for every reader of the same
        filters. Search results are counted each time.
        """
        if not isinstance(queryset, QuerySet):
            return queryset.count()
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:
            return 0
        key = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return cached_aggregate(f"api-count:{key}", queryset.count)

    @staticmethod
    def count_parameter(request, name: str, *, default: int) -> int:
        try:
            value = int(request.GET.get(name, default))
        except ValueError:
            value = -1
        if value < 0:
            raise BadRequestError(_("„%s“ muss eine ganze Zahl ab 0 sein.") % name)
        return value


def in_requested_tree(queryset, request, site_root):
    """
    The pages of `queryset` in the page tree that `?locale=` asks for: the
    site's German tree when none is given (as before there were languages),
    or that language's tree, with only the pages that exist in it, i.e. its
    translations: not the aliases wagtail-localize creates for untranslated
    parents (they show the German page), and nothing of a language whose tree
    does not exist yet. A language not switched on here answers 400.
    """
    value = request.GET.get("locale")
    language = requested_language(value)
    if language is None:
        raise filter_error("locale", value, content_language_codes())
    if language == settings.LANGUAGE_CODE:
        return queryset.descendant_of(site_root, inclusive=True)
    # Looked up once per request: Wagtail asks for the base queryset up to
    # three times per listing.
    roots = request.__dict__.setdefault("_locale_tree_roots", {})
    key = (site_root.pk, language)
    if key not in roots:
        roots[key] = Page.objects.filter(
            translation_key=site_root.translation_key, locale__language_code=language
        ).first()
    root = roots[key]
    if root is None:
        return queryset.none()
    return queryset.descendant_of(root, inclusive=True).filter(alias_of__isnull=True)


class TranslatedPageSerializer(PageSerializer):
    """Wagtail's page serializer with the meta field `translations`."""

    translations = TranslationsField(read_only=True)


class RegistryLookupsMixin:
    """Ids and paths from the URL that cannot name a row are not found, not an error."""

    pagination_class = RegistryPagination

    def get_object(self):
        if id_or_none(self.kwargs.get("pk")) is None:
            raise Http404(_("Nicht gefunden."))
        return super().get_object()

    def find_object(self, queryset, request):
        if "id" in request.GET:
            found = id_or_none(request.GET["id"])
            return queryset.filter(id=found).first() if found else None
        if "\x00" in request.GET.get("html_path", ""):
            return None
        return super().find_object(queryset, request)


class RegistryPagesAPIViewSet(RegistryLookupsMixin, PagesAPIViewSet):
    """One page type per endpoint, with the registry's filters instead of raw field filters."""

    registry_filters: dict[str, str] = {}
    filter_backends = [
        RegistryFilter,
        ModifiedSinceFilter,
        ChildOfFilter,
        DescendantOfFilter,
        OrderingFilter,
        RelatedRowsFilter,
        CleanSearchFilter,
    ]
    # Each item says its language (`locale`, Wagtail's) and where its other
    # language versions are (`translations`, core.translations).
    base_serializer_class = TranslatedPageSerializer
    # A harvester (discovery.harvest) also needs when a page was last
    # published and the id its translations share, beside Wagtail's own page
    # id and first_published_at: ask for them with ?fields=.
    meta_fields = PagesAPIViewSet.meta_fields + [
        "translations",
        "last_published_at",
        "translation_key",
    ]

    @classmethod
    def get_listing_default_fields(cls, model):
        """
        Wagtail's, with `translations` (core.translations) and `machine_translated`
        (core.machine_translation) beside `locale`.
        """
        return [*super().get_listing_default_fields(model), "translations", "machine_translated"]

    def paginate_queryset(self, queryset):
        """The listed items, each with its language versions, found in one query for all."""
        items = super().paginate_queryset(queryset)
        if items is None:
            return None
        items = list(items)
        versions = language_versions(items)
        for item in items:
            item.language_versions = versions.get(item.translation_key, {})
        return items

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
            cls.registry_filters, ["modified_since"]
        )

    def check_query_parameters(self, queryset):
        """Only the named operations and filters; raw model fields are no filters here."""
        unknown = set(self.request.GET.keys()) - set(self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                _("Unbekannter Parameter: %(unknown)s. Möglich: %(known)s")
                % {
                    "unknown": ", ".join(sorted(unknown)),
                    "known": ", ".join(sorted(self.known_query_parameters - {"_", "format"})),
                }
            )

    def get_base_queryset(self):
        """
        The live, public pages of the requested site's German tree, as
        Wagtail's `get_public_pages_queryset` finds them, but without the
        trees of other languages: with i18n on, Wagtail adds those, with a
        query per call, and the listings would name each translated project
        twice. `?locale=` lists another language's tree (`in_requested_tree`).
        No site's hostname holds NUL, which PostgreSQL refuses in a query:
        no such site.
        """
        if "\x00" in self.request.GET.get("site", ""):
            raise Http404(_("Nicht gefunden."))
        queryset = Page.objects.live()
        for restriction in PageViewRestriction.objects.select_related("page"):
            if not restriction.accept_request(self.request):
                queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
        try:
            site = SiteFilterValidator(site=self.request.GET.get("site"), request=self.request)
        except ValueError as error:
            raise BadRequestError(str(error)) from error
        if site.site_obj is None:
            return queryset.none()
        return in_requested_tree(queryset, self.request, site.site_obj.root_page)

    def get_queryset(self):
        if self.request.GET.get("type"):
            raise BadRequestError(_("„type“ gibt es hier nicht: jeder Endpunkt hat einen Typ."))
        return super().get_queryset().order_by("title", "pk")

    def get_serializer_class(self):
        """Built once per request: `filter_queryset` asks for it before Wagtail does."""
        if not hasattr(self, "_serializer_class"):
            self._serializer_class = super().get_serializer_class()
        return self._serializer_class

    # What each listed field reads from other tables, fetched once for all
    # items: a foreign key for select_related, or for prefetch_related a
    # lookup or a function of the view set that builds the Prefetch.
    # "locale" is Wagtail's meta field, listed e.g. with ?fields=*.
    selected_relations = ("locale",)
    prefetched_relations = {}

    def with_related_rows(self, queryset, fields: set[str]):
        for field in self.selected_relations:
            if field in fields:
                queryset = queryset.select_related(field)
        for field, prefetch in self.prefetched_relations.items():
            if field in fields:
                queryset = queryset.prefetch_related(
                    prefetch(self) if callable(prefetch) else prefetch
                )
        return queryset


class ProjectsAPIViewSet(RegistryPagesAPIViewSet):
    name = "projects"
    model = ProjectPage
    registry_filters = {
        "city": "city__slug",
        "topic": "fields_of_action__slug",
        "status": "status",
        "tag": "tags__slug",
    }
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "summary",
        "city",
        "status",
    ]

    selected_relations = ("locale", "city")
    prefetched_relations = {
        "fields_of_action": "fields_of_action",
        "tags": "tags",
        "partner_cities": lambda view: published_pages_prefetch("partner_cities", CityPage),
        "contacts": lambda view: project_contacts_prefetch(),
        "adopted_from": lambda view: adopted_from_prefetch(),
        "reused_in": lambda view: reused_in_prefetch(),
    }


class CitiesAPIViewSet(RegistryPagesAPIViewSet):
    name = "cities"
    model = CityPage
    registry_filters = {"city": "slug"}
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "official_name",
        "municipality_key",
    ]

    prefetched_relations = {
        "contacts": lambda view: city_contacts_prefetch(view.request.user),
    }


class FieldsOfActionAPIViewSet(RegistryLookupsMixin, BaseAPIViewSet):
    """The curated vocabulary, for the ?topic= filter of the page endpoints."""

    name = "fields-of-action"
    model = FieldOfAction
    body_fields = BaseAPIViewSet.body_fields + ["name", "slug", "description"]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + ["name", "slug"]
    filter_backends = []

    def get_queryset(self):
        return FieldOfAction.objects.order_by("sort_order", "name")
