"""
The page tree rules of every page type, so editors can only build the tree
that URLs, breadcrumbs and the owning-city lookup rely on.
See https://docs.wagtail.org/en/stable/advanced_topics/testing.html
"""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

import factories
from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from knowledge.models import ArticlePage, KnowledgeIndexPage, LessonPage
from registry.models import CityIndexPage, CityPage, ProjectPage

# One test here needs a site without the shared tree.
pytestmark = pytest.mark.site_tree_per_test

ALL_PAGE_TYPES = {
    HomePage,
    StandardPage,
    NewsIndexPage,
    NewsPage,
    CityIndexPage,
    CityPage,
    ProjectPage,
    LessonPage,
    KnowledgeIndexPage,
    ArticlePage,
}


class TestTreeRules(WagtailPageTestCase):
    def test_home_page(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, NewsIndexPage, CityIndexPage, KnowledgeIndexPage}
        )

    def test_standard_page(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_news(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_registry(self):
        self.assertAllowedParentPageTypes(CityIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CityIndexPage, {CityPage})
        self.assertAllowedParentPageTypes(CityPage, {CityIndexPage})
        self.assertAllowedSubpageTypes(CityPage, {ProjectPage})
        self.assertAllowedParentPageTypes(ProjectPage, {CityPage})
        self.assertAllowedSubpageTypes(ProjectPage, {LessonPage})

    def test_knowledge(self):
        self.assertAllowedParentPageTypes(LessonPage, {ProjectPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedParentPageTypes(KnowledgeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(KnowledgeIndexPage, {ArticlePage})
        self.assertAllowedParentPageTypes(ArticlePage, {KnowledgeIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_a_project_cannot_sit_outside_a_city(self):
        self.assertCanCreateAt(CityPage, ProjectPage)
        for parent in ALL_PAGE_TYPES - {CityPage}:
            self.assertCanNotCreateAt(parent, ProjectPage)

    def test_a_lesson_cannot_sit_outside_a_project(self):
        self.assertCanCreateAt(ProjectPage, LessonPage)
        for parent in ALL_PAGE_TYPES - {ProjectPage}:
            self.assertCanNotCreateAt(parent, LessonPage)

    def test_leaf_pages_take_no_children(self):
        for leaf in (NewsPage, LessonPage, ArticlePage):
            for child in ALL_PAGE_TYPES:
                self.assertCanNotCreateAt(leaf, child)


def test_a_second_section_index_cannot_be_added(site_tree):
    home = site_tree.home
    for model in (CityIndexPage, KnowledgeIndexPage, NewsIndexPage):
        assert not model.can_create_at(home), f"a second {model.__name__} could be created"
    assert not HomePage.can_create_at(Page.get_first_root_node())
    # Repeatable page types stay creatable.
    assert CityPage.can_create_at(site_tree.city_index)
    assert ProjectPage.can_create_at(site_tree.luebeck)
    assert StandardPage.can_create_at(home)
    assert NewsPage.can_create_at(site_tree.news_index)
    assert ArticlePage.can_create_at(site_tree.knowledge_index)


@pytest.mark.django_db
def test_section_indexes_can_be_created_once_on_a_fresh_site():
    home = factories.home_page()
    for model in (CityIndexPage, KnowledgeIndexPage, NewsIndexPage, StandardPage):
        assert model.can_create_at(home)
