"""
Admin views that stand in for Wagtail's page chooser views where those show
a page without asking the `construct_page_chooser_queryset` hook
(registry.wagtail_hooks, rule in registry.permissions.pages_choosable_by).
Routed in config/urls.py ahead of Wagtail's admin URLs, at the same paths.
"""

from django.core.exceptions import PermissionDenied

from wagtail.admin.views import chooser
from wagtail.models import Page

from .permissions import pages_choosable_by


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
