"""
The DCAT-AP.de catalogue of the open data (registry.dcat), as a harvester
(GovData's CKAN, ckanext-dcat) takes it: three RDF syntaxes of one graph,
one dataset per city with published projects and one for the whole registry,
the CSV and JSON downloads as distributions, and SHACL shapes of our own
(tests/registry/shapes/dcat_ap_de.ttl) that pass with no violation, and
fail when a mandatory property is taken out.
"""

import csv
import datetime
import html
import io
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.models import Site

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH

import factories
from registry.models import CityPage, FieldOfAction, ProjectPage

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
AGS = Namespace("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/")
DL_DE_BY_2_0 = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
SHAPES = Graph().parse(Path(__file__).parent / "shapes" / "dcat_ap_de.ttl")

pytestmark = pytest.mark.django_db

SYNTAXES = {
    "/open-data/catalog.ttl": ("turtle", "text/turtle"),
    "/open-data/catalog.rdf": ("xml", "application/rdf+xml"),
    "/open-data/catalog.jsonld": ("json-ld", "application/ld+json"),
}

LUEBECK_CHANGED = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC)
ROSTOCK_PUBLISHED = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=datetime.UTC)
ROSTOCK_REVIEWED = datetime.date(2025, 3, 14)


@pytest.fixture(scope="module")
def catalogue_tree(site_tree_module, django_db_blocker):
    """
    Beside the shared tree (a Lübeck project, Rostock without one): Lübeck's
    project filed under two fields of action and translated into English, a
    Rostock project reviewed after its last publication, a Rostock draft.
    Known publication dates, set last, as a bulk import would leave them.
    """
    tree = site_tree_module
    with django_db_blocker.unblock(), transaction.atomic():
        project = ProjectPage.objects.get(pk=tree.project.pk)
        project.fields_of_action.set(
            FieldOfAction.objects.filter(slug__in=["mobilitaet", "digitale-infrastruktur"])
        )
        project.save()
        factories.translation_of(project, "en")
        flood = factories.ProjectPageFactory(
            parent=tree.rostock,
            title="Hochwasser-Frühwarnung",
            slug="hochwasser",
            tags=["Pegel"],
            start_date=datetime.date(2022, 1, 1),
            end_date=None,
        )
        flood.fields_of_action.set(FieldOfAction.objects.filter(slug="sicherheit"))
        flood.save()
        factories.ProjectPageFactory(parent=tree.rostock, title="Geheimer Entwurf", live=False)
        ProjectPage.objects.filter(pk=project.pk).update(
            first_published_at=LUEBECK_CHANGED - datetime.timedelta(days=400),
            last_published_at=LUEBECK_CHANGED,
        )
        CityPage.objects.filter(pk=tree.luebeck.pk).update(
            last_published_at=LUEBECK_CHANGED - datetime.timedelta(days=30)
        )
        ProjectPage.objects.filter(pk=flood.pk).update(
            first_published_at=ROSTOCK_PUBLISHED,
            last_published_at=ROSTOCK_PUBLISHED,
            last_reviewed=ROSTOCK_REVIEWED,
        )
        CityPage.objects.filter(pk=tree.rostock.pk).update(last_published_at=ROSTOCK_PUBLISHED)
    return tree


def base_url() -> str:
    return Site.objects.get(is_default_site=True).root_url


def node(fragment: str) -> URIRef:
    return URIRef(f"{base_url()}/open-data/catalog#{fragment}")


def catalogue(client, url="/open-data/catalog.ttl") -> Graph:
    response = client.get(url)
    assert response.status_code == 200, url
    return Graph().parse(data=response.content, format=SYNTAXES[url][0])


def local(address) -> str:
    """A download's address as the test client asks for it: path and query."""
    parts = urlsplit(str(address))
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def in_german(graph: Graph, subject, predicate) -> str:
    """The German one of a text given in several languages."""
    (text,) = [o for o in graph.objects(subject, predicate) if o.language == "de"]
    return str(text)


def shacl_results(graph: Graph) -> list[dict]:
    _conforms, report, _text = validate(graph, shacl_graph=SHAPES)
    return [
        {
            "severity": report.value(result, SH.resultSeverity),
            "focus": report.value(result, SH.focusNode),
            "path": report.value(result, SH.resultPath),
            "message": str(report.value(result, SH.resultMessage)),
        }
        for result in report.objects(None, SH.result)
    ]


def test_three_addresses_give_one_graph_with_the_right_content_types(client, catalogue_tree):
    graphs = []
    for url, (_syntax, media_type) in SYNTAXES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].split(";")[0] == media_type, url
        graphs.append(catalogue(client, url))
    turtle, rdf_xml, json_ld = graphs
    assert len(turtle) > 100
    assert isomorphic(turtle, rdf_xml)
    assert isomorphic(turtle, json_ld)


def test_each_city_with_projects_is_a_dataset_with_its_key_themes_and_downloads(
    client, catalogue_tree
):
    graph = catalogue(client)
    catalog = URIRef(f"{base_url()}/open-data/catalog")
    luebeck = node("projekte-01003000")
    rostock = node("projekte-13003000")
    registry = node("projekte-alle")
    assert set(graph.objects(catalog, DCAT.dataset)) == {luebeck, rostock, registry}
    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {luebeck, rostock, registry}

    publisher = graph.value(catalog, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Hanse Wissensnetz")
    assert graph.value(luebeck, DCTERMS.publisher) == publisher

    assert in_german(graph, luebeck, DCTERMS.title) == "Projekte im Hanse Wissensnetz: Lübeck"
    assert "Hansestadt Lübeck (1 Projekt)" in in_german(graph, luebeck, DCTERMS.description)
    assert set(graph.objects(luebeck, DCATDE.politicalGeocodingURI)) == {AGS["01003000"]}
    assert set(graph.objects(luebeck, DCTERMS.spatial)) == {AGS["01003000"]}
    assert set(graph.objects(registry, DCATDE.politicalGeocodingURI)) == {
        AGS["01003000"],
        AGS["13003000"],
    }
    assert graph.value(luebeck, DCATDE.contributorID) == URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID)
    # Mobility and digital infrastructure, and the cities' own theme.
    assert set(graph.objects(luebeck, DCAT.theme)) == {THEME.TRAN, THEME.TECH, THEME.REGI}
    assert set(graph.objects(rostock, DCAT.theme)) == {THEME.JUST, THEME.REGI}
    assert {str(k) for k in graph.objects(luebeck, DCAT.keyword)} == {"LoRaWAN", "Parken"}
    contact = graph.value(rostock, DCAT.contactPoint)
    assert str(graph.value(contact, VCARD.hasURL)).endswith("/staedte/rostock/")

    distributions = list(graph.objects(luebeck, DCAT.distribution))
    assert len(distributions) == 2
    media_types = set()
    for distribution in distributions:
        assert graph.value(distribution, DCTERMS.license) == DL_DE_BY_2_0
        assert str(graph.value(distribution, DCATDE.licenseAttributionByText)).startswith(
            "Hanse Wissensnetz"
        )
        assert graph.value(distribution, DCTERMS.modified) == graph.value(luebeck, DCTERMS.modified)
        download = graph.value(distribution, DCAT.downloadURL)
        assert graph.value(distribution, DCAT.accessURL) == download
        media_types.add(str(graph.value(distribution, DCAT.mediaType)))
        # The download holds Lübeck's project and no other city's.
        response = client.get(local(download))
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert "Digitale Parkraumsteuerung" in text
        assert "Hochwasser" not in text
    assert media_types == {
        "https://www.iana.org/assignments/media-types/text/csv",
        "https://www.iana.org/assignments/media-types/application/json",
    }
    formats = {graph.value(d, DCTERMS.format) for d in graph.objects(registry, DCAT.distribution)}
    assert {str(f).rsplit("/", 1)[1] for f in formats} == {"CSV", "JSON"}


def test_a_translation_or_a_draft_counts_no_project_twice(client, catalogue_tree):
    graph = catalogue(client)
    assert "(2 Projekte)" in in_german(graph, node("projekte-alle"), DCTERMS.description)
    assert "(1 Projekt)" in in_german(graph, node("projekte-13003000"), DCTERMS.description)
    # The English alias of Lübeck's city page is no dataset of its own.
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 3
    response = client.get("/open-data/projects.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(row["title"] for row in rows) == [
        "Digitale Parkraumsteuerung",
        "Hochwasser-Frühwarnung",
    ]


def test_a_dataset_is_modified_when_its_projects_last_changed_or_were_reviewed(
    client, catalogue_tree
):
    graph = catalogue(client)
    modified = {
        key: graph.value(node(f"projekte-{key}"), DCTERMS.modified).toPython()
        for key in ("01003000", "13003000", "alle")
    }
    assert modified["01003000"] == LUEBECK_CHANGED
    # Reviewed after its last publication: the review counts, from the day's start.
    reviewed = timezone.make_aware(datetime.datetime.combine(ROSTOCK_REVIEWED, datetime.time()))
    assert modified["13003000"] == reviewed
    assert modified["alle"] == LUEBECK_CHANGED
    catalog = URIRef(f"{base_url()}/open-data/catalog")
    assert graph.value(catalog, DCTERMS.modified).toPython() == LUEBECK_CHANGED
    # Rostock's project runs on: the period has a start and no end.
    period = graph.value(node("projekte-13003000"), DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate).toPython() == datetime.date(2022, 1, 1)
    assert graph.value(period, DCAT.endDate) is None


@pytest.mark.parametrize("url", list(SYNTAXES))
def test_the_catalogue_passes_the_shapes_with_nothing_to_report(client, catalogue_tree, url):
    results = shacl_results(catalogue(client, url))
    assert results == []


REQUIRED = [
    (DCAT.Catalog, DCTERMS.title),
    (DCAT.Catalog, DCTERMS.description),
    (DCAT.Catalog, DCTERMS.publisher),
    (DCAT.Dataset, DCTERMS.title),
    (DCAT.Dataset, DCTERMS.description),
    (DCAT.Dataset, DCTERMS.publisher),
    (DCAT.Dataset, DCATDE.contributorID),
    (DCAT.Distribution, DCAT.accessURL),
    (DCAT.Distribution, DCTERMS.license),
    (FOAF.Agent, FOAF.name),
]


@pytest.mark.parametrize(
    ("kind", "required"), REQUIRED, ids=[f"{k.n3()}-{p.n3()}" for k, p in REQUIRED]
)
def test_a_missing_mandatory_property_is_a_violation(client, catalogue_tree, kind, required):
    graph = catalogue(client)
    subjects = set(graph.subjects(RDF.type, kind))
    assert subjects
    for subject in subjects:
        graph.remove((subject, required, None))
    violations = [
        result
        for result in shacl_results(graph)
        if result["severity"] == SH.Violation and result["path"] == required
    ]
    assert {result["focus"] for result in violations} == subjects


def test_a_theme_outside_the_eu_data_themes_is_a_violation(client, catalogue_tree):
    graph = catalogue(client)
    graph.add((node("projekte-alle"), DCAT.theme, URIRef("https://example.org/themen/mobilitaet")))
    violations = [r for r in shacl_results(graph) if r["severity"] == SH.Violation]
    assert [(r["focus"], r["path"]) for r in violations] == [(node("projekte-alle"), DCAT.theme)]


def test_a_harvester_that_asks_again_gets_not_modified(client, catalogue_tree):
    full = client.get("/open-data/catalog.rdf")
    again = client.get("/open-data/catalog.rdf", HTTP_IF_NONE_MATCH=full["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    ("accept", "address"),
    [
        ("application/rdf+xml", "/open-data/catalog.rdf"),
        ("application/ld+json, text/turtle;q=0.5", "/open-data/catalog.jsonld"),
        ("text/turtle", "/open-data/catalog.ttl"),
        ("*/*", "/open-data/catalog.ttl"),
        ("image/png", "/open-data/catalog.ttl"),
    ],
)
def test_the_catalogue_iri_leads_to_the_syntax_asked_for(client, db, accept, address):
    response = client.get("/open-data/catalog", HTTP_ACCEPT=accept)
    assert response.status_code == 303
    assert response["Location"] == address
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize("city", ["atlantis", "luebeck\x00"])
@pytest.mark.parametrize("url", ["/open-data/projects.csv", "/open-data/projects.json"])
def test_a_download_for_an_unknown_city_says_so(client, catalogue_tree, url, city):
    response = client.get(url, {"city": city})
    assert response.status_code == 404
    assert "Keine Stadt mit dem Kürzel" in response.content.decode()


# Queries for the catalogue, whatever the number of cities (measured on SQLite).
CATALOGUE_MAX_QUERIES = 5


def test_the_catalogue_takes_as_many_queries_for_9_cities_as_for_3(
    client, catalogue_tree, site_tree, django_assert_max_num_queries
):
    measured = []
    for added, total in ((3, 3), (6, 9)):
        factories.projects_with_everything(site_tree, count=added)
        client.get("/open-data/catalog.ttl")  # site root paths are cached after this
        with django_assert_max_num_queries(CATALOGUE_MAX_QUERIES) as queries:
            response = client.get("/open-data/catalog.ttl")
        graph = Graph().parse(data=response.content, format="turtle")
        # The new cities, Lübeck, Rostock and the whole registry.
        assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == total + 3
        measured.append(len(queries))
    print(f"catalogue queries at 3 and 9 cities: {measured}")
    assert measured[0] == measured[1], f"grows with the number of cities: {measured}"
    assert measured[0] >= CATALOGUE_MAX_QUERIES - 1, f"lower the pinned bound to {measured[0]}"


def test_the_open_data_page_explains_the_catalogue(client, db):
    text = html.unescape(client.get("/open-data/").content.decode())
    for address in SYNTAXES:
        assert f'href="{address}"' in text
    assert "DCAT-AP.de" in text
    assert "GovData" in text
