"""Admin hooks of governance: a city added in the admin is governed at once."""

from wagtail import hooks

from registry.models import CityPage

from .services import city_governance_ensure


@hooks.register("after_create_page")
def city_governance_on_create(request, page):
    """
    A city added in the admin gets its groups, collection and review workflow
    at once. An admin hook rather than a post_save signal: it fires once, for
    the act of adding a city, not on every save or publish of a city page;
    `manage.py add_city` and the demo loader call the same service directly.
    """
    if isinstance(page, CityPage):
        city_governance_ensure(city=page)
