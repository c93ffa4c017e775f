"""Template tags of the site's navigation: `{% load navigation_tags %}`."""

from django import template

from core.queries import published_pages
from home.models import StandardPage

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context, navigation_root):
    """
    The standard pages right under the site root (imprint, privacy, accessibility,
    about), for the footer: taken from the published pages under the root that
    the main navigation read already (home.context_processors), so no query of
    its own; one query where a view renders without the context processor.
    """
    if navigation_root is None:
        return []
    top_pages = context.get("navigation_top_pages")
    if top_pages is None:
        top_pages = published_pages(navigation_root.get_children())
    return [
        page
        for page in top_pages
        if page.specific_class and issubclass(page.specific_class, StandardPage)
    ]
