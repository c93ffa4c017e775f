"""
Shared fixtures: one small published site tree, built with the factories.

    HomePage (from home's data migration)
    ├── CityIndexPage "Städte"
    │   ├── CityPage Lübeck ── ProjectPage ── LessonPage
    │   └── CityPage Rostock
    ├── KnowledgeIndexPage "Wissen" ── ArticlePage
    ├── NewsIndexPage "Nachrichten" ── NewsPage
    └── StandardPage "Über den Verbund"

Publishing ten pages with revisions and facet rows costs more than most tests
that read them, so the tree is built once per test module, inside a transaction
rolled back at the module's end. pytest-django's `db` opens each test's
transaction as a savepoint on top of it and rolls that back, and `site_tree`
hands each test instances read afresh from the database: what one test writes,
to the database or to its instances, the next test does not see. A module with a
test that needs a site without the tree marks itself
`pytestmark = pytest.mark.site_tree_per_test` and gets a tree built per test.
"""

from contextlib import ExitStack, contextmanager
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

import pytest

import factories
from home.models import HomePage
from registry.choices import ContactVisibility, FederalState


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "site_tree_per_test: build site_tree for each test of the module, not once for all",
    )


def pytest_collection_modifyitems(config, items):
    """
    Browser tests run last. Their live server shares SQLite's in-memory test
    database connection across threads; after it, the tests that commit for
    real (`serialized_rollback`, the mail worker's) found the rows from the
    migrations gone on SQLite. Nothing after the browser tests needs them.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def interface_language_as_found():
    """
    Every test starts in the language it found: a request under /en/ leaves
    English active in the test's thread (Django's LocaleMiddleware activates
    the address's language and nothing deactivates it), so the next test
    would otherwise build English addresses and render English pages.
    """
    from django.utils import translation

    language = translation.get_language()
    yield
    translation.activate(language) if language else translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """
    Every test starts with an empty cache: the test database is rolled back
    after each test, but the local-memory cache would keep what an earlier
    test put there (SQLite even hands out the same ids again).
    """
    from django.core.cache import cache

    from core.search.vocabulary import forget_vocabulary

    cache.clear()
    # The search's vocabulary copy is keyed on row ids, which SQLite hands
    # out again after a rollback.
    forget_vocabulary()


@pytest.fixture(scope="session")
def built_once_per_module(django_db_blocker):
    """
    `with built_once_per_module(build) as data:` inside a module-scoped fixture
    keeps what `build()` wrote for the module's tests and rolls it back after
    them. Between the tests the database stays blocked, as elsewhere: a test
    that does not ask for `db` fails instead of writing outside a savepoint.
    """

    @contextmanager
    def building(build):
        rollback = ExitStack()
        with django_db_blocker.unblock():
            rollback.enter_context(transaction.atomic())
            rollback.callback(transaction.set_rollback, True)
            try:
                data = build()
            except BaseException:
                rollback.close()
                raise
        try:
            yield data
        finally:
            with django_db_blocker.unblock():
                rollback.close()

    return building


def read_afresh(namespace):
    """
    A copy of `namespace` whose model instances are read again from the
    database, so that a test changing an instance of the module's data in
    memory leaves the next test the stored one.
    """
    return SimpleNamespace(
        **{
            name: type(value)._default_manager.get(pk=value.pk)
            if isinstance(value, Model)
            else value
            for name, value in vars(namespace).items()
        }
    )


def build_site_tree():
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


@pytest.fixture(scope="module")
def site_tree_module(request, django_db_setup, built_once_per_module):
    """The module's tree as built; tests take `site_tree`, which is theirs to change."""
    if request.node.get_closest_marker("site_tree_per_test"):
        yield None
        return
    with built_once_per_module(build_site_tree) as tree:
        yield tree


@pytest.fixture(scope="module")
def large_registry(site_tree_module, django_db_blocker):
    """
    200 more cities in every federal state with 6 published projects each,
    inserted in bulk once per module (tests/factories/scenarios.py): every
    cell of the overview's 200 × 12 table holds a link.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        return factories.bulk_registry(site_tree_module, cities=200, projects_per_city=6)


@pytest.fixture
def site_tree(site_tree_module, db):
    if site_tree_module is None:
        return build_site_tree()
    return read_afresh(site_tree_module)


@pytest.fixture
def partner_user(db):
    """A signed-in editor of a member city: sees partners-only contacts."""
    return get_user_model().objects.create_user(
        username="redaktion-test", email="redaktion@stadt.example.org", password="x"
    )


@pytest.fixture(scope="module")
def migrated_rows_kept(django_db_setup, django_db_blocker):
    """
    For modules of committed tests (`django_db(transaction=True)`): a
    committed test ends by emptying the database; its next test gets the
    rows from the migrations back, but the run's last one would leave a kept
    database (--reuse-db) empty for the next run. So they come back here.
    """
    yield
    with django_db_blocker.unblock():
        if HomePage.objects.exists():
            return
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
