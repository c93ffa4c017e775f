"""Template tags of the site's navigation: `{% load navigation_tags %}`."""

from django import template

from home.models import StandardPage

register = template.Library()


@register.simple_tag
def footer_pages(navigation_root):
    """
    The standard pages right under the site root (imprint, privacy, accessibility,
    about), for the footer: one query, however many there are.
    """
    if navigation_root is None:
        return []
    return navigation_root.get_children().live().public().type(StandardPage).order_by("path")
