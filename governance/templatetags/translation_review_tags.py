"""
`{% load translation_review_tags %}`: the admin's way to the review of a
machine translation (governance.views), for templates that Wagtail's page
header buttons do not reach, such as wagtail-localize's translation editor.
"""

from django import template
from django.urls import reverse

from wagtail.models import Page

from governance.views import translation_review_offered

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_review_url(context, page) -> str:
    """The review's address while the signed-in user may review `page` and something waits."""
    request = context.get("request")
    if request is None or not isinstance(page, Page):
        return ""
    if not translation_review_offered(user=request.user, page=page):
        return ""
    return reverse("translation_review", args=[page.pk])
