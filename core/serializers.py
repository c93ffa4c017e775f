"""
Read-API field serializers shared by the page types (Wagtail API v2, see
config/api.py). Related pages appear only when live and public, so the API
never links a draft; vocabularies appear as {slug, name}.
https://docs.wagtail.org/en/stable/advanced_topics/api/v2/configuration.html#custom-serialisers
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch

from rest_framework.fields import Field

from .machine_translation import page_is_machine_translated
from .queries import published_pages
from .tag_order import tag_names_in_order
from .translations import language_versions


def page_reference(page, request=None) -> dict:
    city = getattr(page, "city", None)
    data = {
        "id": page.pk,
        "type": f"{page._meta.app_label}.{type(page).__name__}",
        "title": page.title,
        "slug": page.slug,
        "html_url": page.get_full_url(request=request),
    }
    if city is not None:
        data["city"] = city.slug
    return data


def published_pages_prefetch(relation: str, model) -> Prefetch:
    """
    The live, public pages of `relation` for a whole API listing in one query,
    read by PublishedPagesField instead of one query per listed page. The city
    that `page_reference` names for a city-owned page (projects, lessons) comes
    in the same query.
    """
    queryset = published_pages(model, by_title=True)
    try:
        if model._meta.get_field("city").many_to_one:
            queryset = queryset.select_related("city")
    except FieldDoesNotExist:
        pass
    return Prefetch(relation, queryset=queryset, to_attr=f"published_{relation}")


class PublishedPagesField(Field):
    """A page relation (many-to-many or reverse FK) as references to live, public pages."""

    def get_attribute(self, instance):
        prefetched = getattr(instance, f"published_{self.source}", None)
        if prefetched is not None:
            return prefetched
        return super().get_attribute(instance)

    def to_representation(self, value):
        request = self.context.get("request")
        return [page_reference(page, request) for page in published_pages(value, by_title=True)]


class PageReferenceField(Field):
    """One related page (e.g. a project's city) as a reference, or null if not published."""

    def to_representation(self, value):
        if value is None or not value.live:
            return None
        return page_reference(value, self.context.get("request"))


class SlugNameListField(Field):
    """A relation to a vocabulary (fields of action) as [{slug, name}, …]."""

    def to_representation(self, value):
        return [{"slug": item.slug, "name": item.name} for item in value.all()]


class ChoiceLabelField(Field):
    """The German label of a choices field, next to its stable value."""

    def __init__(self, *, choices, **kwargs):
        self.choice_labels = dict(choices)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.choice_labels.get(value, value))


class TagNamesField(Field):
    """
    Tag names in reading order (core.tag_order). Unlike Wagtail's own TagsField, which
    sorts in the database, it reads tags an API listing prefetched.
    """

    def to_representation(self, value):
        return tag_names_in_order(value)


class MachineTranslatedField(Field):
    """
    `machine_translated` in a page's "meta": true while the page shows
    machine translation no person has reviewed (core.machine_translation).
    No query for a German page; one per request for each other language.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return page_is_machine_translated(value, cache_object=self.context.get("request"))


class TranslationsField(Field):
    """
    `{language code: html address}` of the page's other live language versions
    (core.translations): what a listing attached to each item in one query
    (`language_versions`), or else looked up for the one page shown.
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        versions = getattr(page, "language_versions", None)
        if versions is None:
            versions = language_versions([page]).get(page.translation_key, {})
        request = self.context.get("request")
        return {
            code: version.get_full_url(request)
            for code, version in versions.items()
            if version.pk != page.pk
        }
