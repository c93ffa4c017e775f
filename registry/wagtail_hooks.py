"""Admin registration of the registry's snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Contact, FieldOfAction


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Kontakte")
    list_display = ["name", "role", "organisation", "city", "visibility", "last_confirmed"]
    list_filter = ["city", "visibility", "is_function"]
    search_fields = ["name", "organisation", "role"]
    ordering = ["name"]


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
