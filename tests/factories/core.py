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
