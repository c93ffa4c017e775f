"""Navigation shared by every public template."""

from wagtail.models import Site


def site_navigation(request):
    """The root page's children marked "show in menus", one query per request."""
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {"navigation_root": None, "navigation_items": []}
    root = site.root_page
    return {
        "navigation_root": root,
        "navigation_items": root.get_children().live().public().in_menu(),
    }
