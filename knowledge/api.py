"""Read API endpoints of lessons and wiki articles (routed in config/api.py)."""

from wagtail.api.v2.views import PagesAPIViewSet

from core.serializers import published_pages_prefetch
from registry.api import RegistryPagesAPIViewSet
from registry.models import ProjectPage

from .models import ArticlePage, LessonPage


class LessonsAPIViewSet(RegistryPagesAPIViewSet):
    name = "lessons"
    model = LessonPage
    registry_filters = {"city": "city__slug", "tag": "tags__slug"}
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["summary", "city"]

    selected_relations = ("locale", "city")
    prefetched_relations = {"tags": "tags"}


class ArticlesAPIViewSet(RegistryPagesAPIViewSet):
    name = "articles"
    model = ArticlePage
    registry_filters = {
        "city": "related_projects__city__slug",
        "topic": "fields_of_action__slug",
        "tag": "tags__slug",
    }
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["summary"]

    prefetched_relations = {
        "fields_of_action": "fields_of_action",
        "tags": "tags",
        "related_projects": lambda view: published_pages_prefetch("related_projects", ProjectPage),
    }
