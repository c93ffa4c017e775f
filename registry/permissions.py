"""
Contacts belong to a city: a city's editors may see, edit, delete and choose
only their own city's contacts; alliance administrators see all of them.

Registered as Wagtail's permission policy for `Contact` (in
`registry/wagtail_hooks.py`), so every admin view and bulk action that asks
the policy about an instance gets the city rule
(https://docs.wagtail.org/en/stable/extending/permission_policies.html). The
snippet views additionally narrow their querysets through
`ContactViewSet`, because some generic views look objects up without asking.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views

from .membership import user_city_ids, user_is_alliance_admin
from .models import Contact


def contacts_manageable_by(user, queryset=None):
    """The contacts this user may see in the admin: all for alliance admins, else own cities'."""
    queryset = Contact.objects.all() if queryset is None else queryset
    if user_is_alliance_admin(user):
        return queryset
    return queryset.filter(city__in=user_city_ids(user))


def contact_is_manageable_by(user, contact) -> bool:
    if user_is_alliance_admin(user):
        return True
    return contact.city_id is not None and contact.city_id in user_city_ids(user)


class ContactPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and contact_is_manageable_by(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Contact.objects.none()
        return contacts_manageable_by(user)


contact_permission_policy = ContactPermissionPolicy(Contact)


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
# Snippet and chooser views for contacts, narrowed to the user's cities
# --------------------------------------------------------------------------


class CityScopedContactMixin:
    """Refuses (403) any single-contact view for a contact of another city."""

    def get_object(self, *args, **kwargs):
        contact = super().get_object(*args, **kwargs)
        if not contact_is_manageable_by(self.request.user, contact):
            raise PermissionDenied
        return contact


class ContactEditView(CityScopedContactMixin, snippet_views.EditView):
    pass


class ContactDeleteView(CityScopedContactMixin, snippet_views.DeleteView):
    pass


class ContactCopyView(CityScopedContactMixin, snippet_views.CopyView):
    pass


class ContactUsageView(CityScopedContactMixin, snippet_views.UsageView):
    pass


class ContactHistoryView(CityScopedContactMixin, snippet_views.HistoryView):
    pass


class ContactInspectView(CityScopedContactMixin, snippet_views.InspectView):
    pass


class ContactChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return contacts_manageable_by(self.request.user, super().get_object_list())


class ContactChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return contacts_manageable_by(self.request.user, super().get_object_list())


class ContactChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        contact = super().get_object(pk)
        if not contact_is_manageable_by(self.request.user, contact):
            raise PermissionDenied
        return contact


class ContactChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return contacts_manageable_by(self.request.user).filter(pk__in=pks)


class ContactChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ContactChooseView
    choose_results_view_class = ContactChooseResultsView
    chosen_view_class = ContactChosenView
    chosen_multiple_view_class = ContactChosenMultipleView
