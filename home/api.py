"""Read API endpoint of the news (routed in config/api.py)."""

from wagtail.api.v2.views import PagesAPIViewSet

from core.serializers import published_pages_prefetch
from registry.api import RegistryPagesAPIViewSet
from registry.models import CityPage, ProjectPage

from .models import NewsPage


class NewsAPIViewSet(RegistryPagesAPIViewSet):
    name = "news"
    model = NewsPage
    registry_filters = {"city": "related_cities__slug", "tag": "tags__slug"}
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["date", "teaser"]

    prefetched_relations = {
        "tags": "tags",
        "related_cities": lambda view: published_pages_prefetch("related_cities", CityPage),
        "related_projects": lambda view: published_pages_prefetch("related_projects", ProjectPage),
    }

    def get_queryset(self):
        return super().get_queryset().order_by("-date", "-pk")
