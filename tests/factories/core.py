"""
What the page factories of every app share: rich text as StreamField data and
tags given as a list of names.
See https://github.com/wagtail/wagtail-factories
"""

import factory
import wagtail_factories


def paragraph(text):
    """A BodyBlock stream with one paragraph, as raw StreamField data."""
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class TaggedPageFactory(wagtail_factories.PageFactory):
    """Adds `tags=[...]` after the page exists; ClusterTaggableManager needs a saved page."""

    class Meta:
        abstract = True

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)
            obj.save()


def site_root_paths_warm():
    """
    Wagtail's site root paths into the cache, as any earlier request puts
    them there (kept an hour, shared by every process). With i18n, computing
    them takes one query more (the home page's translations); a query pin on
    a first request measures the page, not that hourly cost.
    """
    from wagtail.models import Site

    Site.get_site_root_paths()
