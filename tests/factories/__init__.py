"""
Factories for every page type and snippet, built with wagtail-factories, one
module per app that owns the models (`factories.registry` for cities and
projects, …); `import factories` reaches them all by name.

Pages are created live (published) unless a test passes `live=False`. Tags are
given as a list of names: `ProjectPageFactory(parent=city, tags=["LoRaWAN"])`.
See https://github.com/wagtail/wagtail-factories
"""

from .core import TaggedPageFactory, paragraph, site_root_paths_warm
from .discovery import HarvestedLessonFactory, HarvestedProjectFactory, PartnerNetworkFactory
from .home import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, home_page
from .knowledge import ArticlePageFactory, KnowledgeIndexPageFactory, LessonPageFactory
from .registry import (
    CityIndexPageFactory,
    CityPageFactory,
    ContactFactory,
    ProjectPageFactory,
    city_create_form,
)
from .scenarios import bulk_pages, bulk_registry, projects_with_everything
from .translations import machine_translation_of, translation_of

__all__ = [
    "ArticlePageFactory",
    "CityIndexPageFactory",
    "CityPageFactory",
    "ContactFactory",
    "HarvestedLessonFactory",
    "HarvestedProjectFactory",
    "KnowledgeIndexPageFactory",
    "LessonPageFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "PartnerNetworkFactory",
    "ProjectPageFactory",
    "StandardPageFactory",
    "TaggedPageFactory",
    "bulk_pages",
    "bulk_registry",
    "city_create_form",
    "home_page",
    "machine_translation_of",
    "paragraph",
    "projects_with_everything",
    "site_root_paths_warm",
    "translation_of",
]
