"""Read queries shared by the tag pages (and, later, search and feeds)."""

from collections import Counter

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Every page type that carries tags from the one shared vocabulary, in the
# order the tag page shows them, with the heading of its section.
TAGGED_PAGE_TYPE_LABELS = [
    ("registry.ProjectPage", _("Projekte")),
    ("knowledge.LessonPage", _("Erfahrungen")),
    ("knowledge.ArticlePage", _("Wissensartikel")),
    ("home.NewsPage", _("Nachrichten")),
]


def tagged_page_types():
    return [(apps.get_model(name), label) for name, label in TAGGED_PAGE_TYPE_LABELS]


def visible_pages(model):
    """Published pages that anonymous readers may see (no draft, no private section)."""
    return model.objects.live().public()


def pages_tagged(tag):
    """One section per page type that has published pages with this tag."""
    sections = []
    for model, label in tagged_page_types():
        pages = visible_pages(model).filter(tags=tag).order_by("title")
        if hasattr(model, "city"):
            pages = pages.select_related("city")
        pages = list(pages)
        if pages:
            sections.append({"label": label, "model": model._meta.model_name, "pages": pages})
    return sections


def tag_counts():
    """How many visible pages carry each tag, across all tagged page types."""
    counts = Counter()
    for model, _label in tagged_page_types():
        through = model.tags.through
        rows = through.objects.filter(content_object__in=visible_pages(model)).values_list(
            "tag_id", flat=True
        )
        counts.update(rows)
    return counts


def published_pages(related_pages):
    """
    Only the live, public pages of a page relation (e.g. a news item's related
    cities), so a reader never gets a link that answers 404. One query; in a
    preview of an unsaved page the relation is an in-memory list instead.
    """
    queryset = related_pages.all() if hasattr(related_pages, "all") else related_pages
    if hasattr(queryset, "live"):
        return queryset.live().public().order_by("title")
    return [page for page in queryset if page.live]
