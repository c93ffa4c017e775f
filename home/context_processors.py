"""Navigation shared by every public template."""

import os

from django.conf import settings

from wagtail.models import Site

# Where the footer's "Quellcode" link points unless SOURCE_CODE_URL says otherwise.
DEFAULT_SOURCE_CODE_URL = "https://gitlab.opencode.de/hanse-wissensnetz/wissensnetz"


def source_code_url() -> str:
    """
    The source of the version this installation runs, as the AGPL (section 13)
    asks every network service to offer its users. An installation that
    changes the code sets SOURCE_CODE_URL to where its own changes are.
    """
    return (
        getattr(settings, "SOURCE_CODE_URL", "")
        or os.environ.get("SOURCE_CODE_URL", "")
        or DEFAULT_SOURCE_CODE_URL
    )


def site_navigation(request):
    """The root page's children marked "show in menus", one query per request."""
    if request.path.startswith("/admin/"):
        return {}
    site = Site.find_for_request(request)
    if site is None:
        return {
            "navigation_root": None,
            "navigation_items": [],
            "source_code_url": source_code_url(),
        }
    root = site.root_page
    return {
        "source_code_url": source_code_url(),
        "navigation_root": root,
        "navigation_items": root.get_children().live().public().in_menu(),
    }
