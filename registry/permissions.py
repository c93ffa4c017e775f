"""
City-owned records in the admin: a city's editors see, edit, delete and
choose only their own city's records; alliance administrators see all.

One permission policy per city-owned model carries that rule
(https://docs.wagtail.org/en/stable/extending/permission_policies.html):

- `Contact`, owned through its `city`;
- `ReuseRequest`, owned through the city of the project it asks about.

Images and documents are not here: each city's groups hold their image and
document permissions on the city's own collection only (governance.services),
and Wagtail's collection-based policies already apply that to every image and
document view, listing and chooser.

Wagtail 8's generic views consult the policy per instance only in a few
places (delete, preview, bulk delete); most look their object up by primary
key and check the model permission alone. `CityOwnedSnippetViewSet` therefore
routes every view of a city-owned model through the policy: listings and
exports through `get_queryset`, and every URL that names one object
(`<pk>`) through `policy_guarded_view`, including views a later Wagtail adds
to the viewset. Choosers are a viewset of their own and get the same
treatment in `CityOwnedChooserViewSet`.
"""

from functools import reduce, wraps
from operator import or_

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import CharField, F, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_list_or_404

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page, PageLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .membership import user_city_ids, user_is_alliance_admin
from .models import CityPage, Contact, ReuseRequest

ANY_ACTION = ("add", "change", "delete", "view")
# Whatever lets a user see a record: images and documents are also "chosen".
SEEING_ACTIONS = (*ANY_ACTION, "choose")
# The page permissions that make a page the user's own to work on.
PAGE_WORK_ACTIONS = ("add", "change", "publish", "lock", "unlock", "bulk_delete")


class CityOwnedPermissionPolicy(ModelPermissionPolicy):
    """
    The model permission says what a user may do with the model at all;
    `city_field` (a lookup to a CityPage, e.g. "project__city") says whose
    records those are. A record without a city belongs to the alliance.
    """

    def __init__(self, model, *, city_field: str):
        super().__init__(model)
        self.city_field = city_field

    def city_id_of(self, instance) -> int | None:
        *path, last = self.city_field.split("__")
        for step in path:
            instance = getattr(instance, step, None)
            if instance is None:
                return None
        return getattr(instance, f"{last}_id", None)

    def record_is_users(self, user, instance) -> bool:
        if user_is_alliance_admin(user):
            return True
        city_id = self.city_id_of(instance)
        return city_id is not None and city_id in user_city_ids(user)

    def records_of(self, user, queryset: QuerySet | None = None) -> QuerySet:
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if user_is_alliance_admin(user):
            return queryset
        return queryset.filter(**{f"{self.city_field}__in": user_city_ids(user)})

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.record_is_users(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.records_of(user)


contact_permission_policy = CityOwnedPermissionPolicy(Contact, city_field="city")
reuse_request_permission_policy = CityOwnedPermissionPolicy(
    ReuseRequest, city_field="project__city"
)


def contacts_manageable_by(user, queryset=None):
    """The contacts this user may see in the admin: all for alliance admins, else own cities'."""
    return contact_permission_policy.records_of(user, queryset)


def contact_is_manageable_by(user, contact) -> bool:
    return contact_permission_policy.record_is_users(user, contact)


def reuse_requests_visible_to(user, queryset=None):
    """
    The reuse requests an admin user may read: alliance administrators all,
    a city's editors those about their own city's projects.
    """
    return reuse_request_permission_policy.records_of(user, queryset)


def pages_choosable_by(user, pages: QuerySet) -> QuerySet:
    """
    The pages the page chooser offers `user`. Alliance administrators choose
    from every page. Anyone else sees, of another city's pages, only those
    readers can see (live and public) and only while they have no pending
    draft under another title: a project links another city's published
    project as the source of a transfer („übernommen von“), but no other
    city's unpublished page or draft title reaches a city's editors. The
    chooser shows a page's draft title, so a live page with a retitled draft
    stays out of other cities' choosers until that draft is published.
    """
    if user_is_alliance_admin(user):
        return pages
    other_city_paths = CityPage.objects.exclude(pk__in=user_city_ids(user)).values_list(
        "path", flat=True
    )
    if not other_city_paths:
        return pages
    in_other_city = reduce(or_, (Q(path__startswith=path) for path in other_city_paths))
    shown_across_cities = (
        Page.objects.live()
        .public()
        .filter(in_other_city)
        .filter(Q(draft_title=F("title")) | Q(draft_title=""))
    )
    return pages.exclude(in_other_city & ~Q(pk__in=shown_across_cities.values("pk")))


def records_visible_to(user, queryset: QuerySet) -> QuerySet:
    """
    What of `queryset` the user may see in the admin at all. Pages follow the
    page chooser's rule (`pages_choosable_by`); every other model its
    registered permission policy: city-owned snippets their city, images and
    documents their collection, accounts the account rules.
    """
    if issubclass(queryset.model, Page):
        return pages_choosable_by(user, queryset)
    policy = policy_registry.get_by_type(queryset.model)
    seen = policy.instances_user_has_any_permission_for(user, SEEING_ACTIONS)
    return queryset.filter(pk__in=seen.values("pk"))


def pages_worked_on_by(user) -> QuerySet:
    """The pages the user holds a page permission on: the own city's and shared ones (the wiki)."""
    policy = policy_registry.get_by_type(Page)
    return policy.instances_user_has_any_permission_for(user, PAGE_WORK_ACTIONS)


def log_entries_visible_to(user, entries: QuerySet) -> QuerySet:
    """
    The history a user may read: a page's log entries name the people who
    worked on it, so a city's roles read those of the pages they work on
    (their city's and the shared wiki), not of another city's pages; other
    records' entries follow `records_visible_to`. Wagtail's own filter
    (`viewable_by_user`) goes by page explorability and model permission
    only, which opens every city's contacts, images and documents.
    """
    if user_is_alliance_admin(user):
        return entries
    if issubclass(entries.model, PageLogEntry):
        return entries.filter(page_id__in=pages_worked_on_by(user).values("pk"))
    visible = Q(pk__in=[])
    content_type_ids = entries.order_by().values_list("content_type_id", flat=True).distinct()
    for content_type_id in content_type_ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        object_ids = (
            records_visible_to(user, model._default_manager.all())
            .annotate(object_id_text=Cast("pk", output_field=CharField()))
            .values("object_id_text")
        )
        visible |= Q(content_type_id=content_type_id, object_id__in=object_ids)
    return entries.filter(visible)


class ContactAdminForm(WagtailAdminModelForm):
    """A city's editors can only file a contact under one of their own cities."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "city" in self.fields and not user_is_alliance_admin(user):
            field = self.fields["city"]
            field.queryset = field.queryset.filter(pk__in=user_city_ids(user))
            field.required = True
            field.empty_label = None


# --------------------------------------------------------------------------
# Views: every view of a city-owned model asks its policy
# --------------------------------------------------------------------------


def policy_guarded_view(view, model: type[Model]):
    """
    Refuses (403) a view whose URL names a record (`pk`) the user has no
    permission for, by the model's registered policy. Wraps the view function
    rather than each view class, because Wagtail's generic single-object views
    (edit, inspect, history, usage, copy, workflow and revision views, …) look
    their object up without asking the policy about it. A record that does not
    exist is left to the view's own 404.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            policy = policy_registry.get_by_type(model)
            try:
                instance = model._default_manager.filter(pk=unquote(str(pk))).first()
            except (ValueError, ValidationError):
                instance = None  # not a key of this model: the view answers 404
            if instance is not None and not policy.user_has_any_permission_for_instance(
                request.user, ANY_ACTION, instance
            ):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class PolicyFilteredChooserMixin:
    """
    Lists, searches and returns only the records the model's policy allows the
    user. The policy's own queryset is the list, as the chooser's search can
    filter only on indexed fields, not on a subquery.
    """

    def get_object_list(self):
        return self.records_allowed()

    def get_objects(self, pks):
        return self.records_allowed().filter(pk__in=pks)

    def records_allowed(self):
        policy = policy_registry.get_by_type(self.model_class)
        return policy.instances_user_has_any_permission_for(self.request.user, ANY_ACTION)


class CreationFormRequiredView(chooser_views.SnippetCreateView):
    """
    Wagtail routes a snippet chooser's "create" URL even when the chooser has
    no creation form (no `form_fields` or `creation_form_class`, so no
    "create" tab), and a POST to it then fails on the missing form (Wagtail
    8.0 calls `is_valid()` on None). Without a form there is nothing to
    create here: 404.
    """

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class SnippetChooserViewSet(chooser_views.SnippetChooserViewSet):
    """Every snippet chooser of the project: its "create" URL only answers with a creation form."""

    create_view_class = CreationFormRequiredView


class CityOwnedChooseView(PolicyFilteredChooserMixin, chooser_views.ChooseView):
    pass


class CityOwnedChooseResultsView(PolicyFilteredChooserMixin, chooser_views.ChooseResultsView):
    pass


class CityOwnedChosenMultipleView(
    PolicyFilteredChooserMixin, chooser_views.SnippetChosenMultipleView
):
    pass


class CityOwnedChooserViewSet(SnippetChooserViewSet):
    """
    The chooser's listing, search and multiple choice ask the policy for the
    records (Wagtail's chooser views list every record of the model); the
    single "chosen" view is guarded like any view that names one record.
    """

    choose_view_class = CityOwnedChooseView
    choose_results_view_class = CityOwnedChooseResultsView
    chosen_multiple_view_class = CityOwnedChosenMultipleView

    def construct_view(self, view_class, **kwargs):
        return policy_guarded_view(super().construct_view(view_class, **kwargs), self.model)


class CityOwnedSnippetViewSet(SnippetViewSet):
    """
    A snippet owned by a city: its listing (with the CSV/XLSX export and the
    bulk actions' selection) shows the policy's records, and every view that
    names one record asks the policy first.
    """

    chooser_viewset_class = CityOwnedChooserViewSet

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ANY_ACTION
        )

    def construct_view(self, view_class, **kwargs):
        return policy_guarded_view(super().construct_view(view_class, **kwargs), self.model)


# --------------------------------------------------------------------------
# Bulk actions and the admin API: only what the user may see
# --------------------------------------------------------------------------


class VisibleRecordsBulkActionMixin:
    """
    Wagtail's bulk actions take their records from the `id` parameters, and
    their confirmation pages name those the user may not act on ("You don't
    have permission to …"), whoever's they are. Only records the user may see
    (`records_visible_to`) enter the action; a selection of none of them is
    answered like an unknown id, with 404.
    """

    def get_queryset(self, model, object_ids):
        try:
            selected = model._default_manager.filter(pk__in=list(object_ids))
            return get_list_or_404(records_visible_to(self.request.user, selected))
        except (ValueError, ValidationError) as error:
            raise Http404 from error


def bulk_action_of_visible_records(action_class):
    """`action_class` narrowed to the records the user may see, under the same name and action."""
    return type(
        action_class.__name__,
        (VisibleRecordsBulkActionMixin, action_class),
        {"__module__": __name__, "__doc__": action_class.__doc__},
    )


class VisibleRecordsAPIMixin:
    """
    The admin API's image and document endpoints list every image and
    document (Wagtail filters them only by view restrictions, for readers);
    the admin's own views ask the collection-based policy, and so does this.
    """

    def get_queryset(self):
        return records_visible_to(self.request.user, super().get_queryset())


class CityImagesAdminAPIViewSet(VisibleRecordsAPIMixin, ImagesAdminAPIViewSet):
    pass


class CityDocumentsAdminAPIViewSet(VisibleRecordsAPIMixin, DocumentsAdminAPIViewSet):
    pass
