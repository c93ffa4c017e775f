"""
Shared fixtures: one small published site tree, built with the factories.

    HomePage (from home's data migration)
    ├── CityIndexPage "Städte"
    │   ├── CityPage Lübeck ── ProjectPage ── LessonPage
    │   └── CityPage Rostock
    ├── KnowledgeIndexPage "Wissen" ── ArticlePage
    ├── NewsIndexPage "Nachrichten" ── NewsPage
    └── StandardPage "Über den Verbund"
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model

import pytest

import factories
from registry.choices import ContactVisibility, FederalState


@pytest.fixture(autouse=True)
def empty_cache():
    """
    Every test starts with an empty cache: the test database is rolled back
    after each test, but the local-memory cache would keep what an earlier
    test put there (SQLite even hands out the same ids again).
    """
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site_tree(db):
    return build_site_tree()


def build_site_tree() -> SimpleNamespace:
    """The tree above; module-scoped fixtures build it once inside a transaction."""
    home = factories.home_page()
    city_index = factories.CityIndexPageFactory(parent=home)
    luebeck = factories.CityPageFactory(
        parent=city_index,
        title="Lübeck",
        slug="luebeck",
        official_name="Hansestadt Lübeck",
        federal_state=FederalState.SCHLESWIG_HOLSTEIN,
        municipality_key="01003000",
        latitude="53.86970",
        longitude="10.68640",
    )
    rostock = factories.CityPageFactory(
        parent=city_index,
        title="Rostock",
        slug="rostock",
        official_name="Hanse- und Universitätsstadt Rostock",
        municipality_key="13003000",
    )
    public_contact = factories.ContactFactory(
        name="Smart-City-Büro Lübeck",
        email="smartcity@luebeck.example.org",
        phone="+49 451 122-1000",
        city=luebeck,
        visibility=ContactVisibility.PUBLIC,
    )
    partners_contact = factories.ContactFactory(
        name="Erika Mustermann",
        email="erika.mustermann@luebeck.example.org",
        phone="+49 451 122-4711",
        city=luebeck,
        visibility=ContactVisibility.PARTNERS,
    )
    project = factories.ProjectPageFactory(
        parent=luebeck,
        title="Digitale Parkraumsteuerung",
        slug="parkraum",
        summary="Sensoren melden freie Parkplätze in der Altstadtinsel.",
        tags=["LoRaWAN", "Parken"],
        contacts=[public_contact, partners_contact],
    )
    lesson = factories.LessonPageFactory(
        parent=project,
        title="Sensoren im Winter testen",
        slug="winter",
        summary="Frost ließ ein Viertel der Bodensensoren ausfallen.",
        tags=["LoRaWAN"],
    )
    knowledge_index = factories.KnowledgeIndexPageFactory(parent=home)
    article = factories.ArticlePageFactory(
        parent=knowledge_index,
        title="LoRaWAN-Netz ausschreiben",
        slug="lorawan-ausschreiben",
        summary="Was in die Leistungsbeschreibung für ein LoRaWAN-Netz gehört.",
        tags=["LoRaWAN"],
    )
    news_index = factories.NewsIndexPageFactory(parent=home)
    news = factories.NewsPageFactory(
        parent=news_index,
        title="Rostock funkt stadtweit",
        slug="rostock-funkt",
        teaser="Das LoRaWAN-Netz deckt jetzt alle Stadtteile ab.",
        tags=["LoRaWAN"],
    )
    standard = factories.StandardPageFactory(
        parent=home,
        title="Über den Verbund",
        slug="ueber-uns",
        intro="Lübeck, Rostock, Stralsund und Wismar teilen ihre Erfahrungen.",
    )
    return SimpleNamespace(
        home=home,
        city_index=city_index,
        luebeck=luebeck,
        rostock=rostock,
        project=project,
        lesson=lesson,
        knowledge_index=knowledge_index,
        article=article,
        news_index=news_index,
        news=news,
        standard=standard,
        public_contact=public_contact,
        partners_contact=partners_contact,
    )


@pytest.fixture
def partner_user(db):
    """A signed-in editor of a member city: sees partners-only contacts."""
    return get_user_model().objects.create_user(
        username="redaktion-test", email="redaktion@stadt.example.org", password="x"
    )
