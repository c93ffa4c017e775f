"""
The registry's open data as a DCAT-AP.de 3.0 catalogue, so that GovData and
any CKAN portal with a DCAT harvester (ckanext-dcat, ckanext-dcatde) can list
it beside the cities' other open data: one dataset per city with published
projects, one for the whole registry, each with the CSV and JSON downloads of
registry.open_data as its distributions.

One graph, built with rdflib and served at three addresses, one per RDF
syntax: /open-data/catalog.ttl (Turtle), .rdf (RDF/XML), .jsonld (JSON-LD);
/open-data/catalog, the catalogue's own IRI, sends a client to the syntax it
accepts. Like every download the catalogue gets an ETag and Last-Modified
from core.conditional_get, so a harvester that asks again with them is
answered 304 until something a reader sees has changed.

What counts is what the downloads hold: published, public projects in the
source language (a translation is the same project, not another). A
dataset's modified date is the latest change of its projects: their last
publication, or their last review where that is later.

Specification: https://www.dcat-ap.de/def/dcatde/3.0/spec/ (mandatory and
recommended properties per class); vocabularies as its chapter
"Kontrollierte Vokabulare" names them.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from wagtail.models import Site

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS

from core.queries import for_listing

from .models import CityPage, ProjectPage, ProjectPageTag
from .open_data import DATA_LICENCE, source_pages

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(f"{EU_AUTHORITY}data-theme/")
DATA_THEME_SCHEME = URIRef(f"{EU_AUTHORITY}data-theme")
FILE_TYPE = Namespace(f"{EU_AUTHORITY}file-type/")
GERMAN = URIRef(f"{EU_AUTHORITY}language/DEU")
AVAILABLE = URIRef(f"{EU_AUTHORITY}planned-availability/AVAILABLE")
# The projects change whenever an editor publishes, not on a schedule.
CONTINUOUS = URIRef(f"{EU_AUTHORITY}frequency/CONT")
MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
MUNICIPALITY_KEY = Namespace("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/")
MUNICIPAL_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
# ADMS publisher type for the municipal level (DCAT-AP.de conventions).
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
DCAT_AP_DE_LICENCES = URIRef("http://dcat-ap.de/def/licenses")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "dcatap": DCATAP,
    "foaf": FOAF,
    "skos": SKOS,
    "vcard": VCARD,
}

# DCAT-AP.de's licence vocabulary (http://dcat-ap.de/def/licenses/) for the
# licences an installation may choose in registry.open_data.DATA_LICENCE.
# Another licence is named by its own address, which GovData will not take.
LICENCE_IRIS = {
    "dl-de/by-2-0": "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
    "dl-de/zero-2-0": "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
    "CC-BY-4.0": "http://dcat-ap.de/def/licenses/cc-by/4.0",
    "CC0-1.0": "http://dcat-ap.de/def/licenses/cc-zero",
}

# The vocabulary of each fixed value from a controlled vocabulary: the graph
# says so (skos:inScheme), so that a validator can check the values without
# loading the vocabularies, as DCAT-AP.de's vocabulary shapes ask.
SCHEMES = {
    GERMAN: URIRef(f"{EU_AUTHORITY}language"),
    AVAILABLE: URIRef(f"{EU_AUTHORITY}planned-availability"),
    CONTINUOUS: URIRef(f"{EU_AUTHORITY}frequency"),
    FILE_TYPE.CSV: URIRef(f"{EU_AUTHORITY}file-type"),
    FILE_TYPE.JSON: URIRef(f"{EU_AUTHORITY}file-type"),
    MUNICIPAL_LEVEL: URIRef("http://dcat-ap.de/def/politicalGeocoding/Level"),
    LOCAL_AUTHORITY: URIRef("http://purl.org/adms/publishertype/1.0"),
    **{URIRef(iri): DCAT_AP_DE_LICENCES for iri in LICENCE_IRIS.values()},
}

# The EU data themes (German labels as the EU vocabulary gives them) that
# DCAT-AP.de requires for dcat:theme.
THEME_LABELS = {
    "ECON": "Wirtschaft und Finanzen",
    "EDUC": "Bildung, Kultur und Sport",
    "ENER": "Energie",
    "ENVI": "Umwelt",
    "GOVE": "Regierung und öffentlicher Sektor",
    "HEAL": "Gesundheit",
    "JUST": "Justiz, Rechtssystem und öffentliche Sicherheit",
    "REGI": "Regionen und Städte",
    "SOCI": "Bevölkerung und Gesellschaft",
    "TECH": "Wissenschaft und Technologie",
    "TRAN": "Verkehr",
}
# Every dataset is about cities' projects.
CITY_THEME = "REGI"
# The shared fields of action (registry migration 0002) by slug. A field of
# action added later has no theme of its own until it is listed here; its
# projects' datasets keep the cities' theme.
THEMES_BY_FIELD_OF_ACTION = {
    "verwaltung": ("GOVE",),
    "mobilitaet": ("TRAN",),
    "energie-klima": ("ENER", "ENVI"),
    "umwelt": ("ENVI",),
    "gesundheit": ("HEAL",),
    "bildung": ("EDUC",),
    "wirtschaft-tourismus": ("ECON",),
    "beteiligung": ("GOVE", "SOCI"),
    "sicherheit": ("JUST",),
    "digitale-infrastruktur": ("TECH",),
    "datenplattformen-open-data": ("TECH", "GOVE"),
    "stadtentwicklung": ("REGI",),
}


@dataclass(frozen=True)
class Download:
    """A download of registry.open_data as a distribution."""

    name: str  # the syntax, in titles
    url_name: str
    file_type: URIRef
    media_type: str


DOWNLOADS = (
    Download("CSV", "open_data_projects_csv", FILE_TYPE.CSV, "text/csv"),
    Download("JSON", "open_data_projects_json", FILE_TYPE.JSON, "application/json"),
)


@dataclass(frozen=True)
class CatalogFormat:
    rdflib_format: str
    media_type: str
    content_type: str


# By file extension; the content types ckanext-dcat recognises.
CATALOG_FORMATS = {
    "ttl": CatalogFormat("turtle", "text/turtle", "text/turtle; charset=utf-8"),
    "rdf": CatalogFormat("xml", "application/rdf+xml", "application/rdf+xml; charset=utf-8"),
    # JSON is UTF-8 by definition and has no charset parameter.
    "jsonld": CatalogFormat("json-ld", "application/ld+json", "application/ld+json"),
}


@dataclass
class DatasetFacts:
    """What a dataset says about its projects, gathered over their rows."""

    projects: int = 0
    issued: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    all_ended: bool = True
    fields_of_action: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)

    def add_project(self, *, first_published, last_published, last_reviewed, start, end):
        self.projects += 1
        self.issued = earliest(self.issued, first_published)
        self.modified = latest(self.modified, last_published, start_of_day(last_reviewed))
        self.start = earliest(self.start, start)
        self.end = latest(self.end, end)
        self.all_ended = self.all_ended and end is not None

    def themes(self) -> list[str]:
        codes = {CITY_THEME}
        for slug in self.fields_of_action:
            codes.update(THEMES_BY_FIELD_OF_ACTION.get(slug, ()))
        return sorted(codes)


def earliest(*values):
    present = [value for value in values if value is not None]
    return min(present) if present else None


def latest(*values):
    present = [value for value in values if value is not None]
    return max(present) if present else None


def start_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """A review date as a moment, comparable with publication times."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class CatalogContent:
    """The cities with published projects (by title) and the facts of each dataset."""

    cities: list[CityPage]
    by_city: dict[int, DatasetFacts]
    registry: DatasetFacts


def catalog_content() -> CatalogContent:
    """
    Four queries, whatever the number of cities and projects: the projects'
    dates, their fields of action, their tags, the cities. Plain rows rather
    than pages: the catalogue needs no project's body or address.
    """
    projects = source_pages(ProjectPage).order_by()
    registry = DatasetFacts()
    by_city: dict[int, DatasetFacts] = {}
    city_of: dict[int, int | None] = {}
    rows = projects.values_list(
        "pk",
        "city_id",
        "first_published_at",
        "last_published_at",
        "last_reviewed",
        "start_date",
        "end_date",
    )
    for pk, city_id, first_published, last_published, last_reviewed, start, end in rows:
        city_of[pk] = city_id
        dates = {
            "first_published": first_published,
            "last_published": last_published,
            "last_reviewed": last_reviewed,
            "start": start,
            "end": end,
        }
        registry.add_project(**dates)
        if city_id is not None:
            by_city.setdefault(city_id, DatasetFacts()).add_project(**dates)

    def facts_of(pk) -> list[DatasetFacts]:
        city_id = city_of.get(pk)
        return [registry, by_city[city_id]] if city_id in by_city else [registry]

    project_ids = projects.values("pk")
    through = ProjectPage.fields_of_action.through
    for pk, slug in through.objects.filter(projectpage__in=project_ids).values_list(
        "projectpage_id", "fieldofaction__slug"
    ):
        for facts in facts_of(pk):
            facts.fields_of_action.add(slug)
    for pk, name in ProjectPageTag.objects.filter(content_object__in=project_ids).values_list(
        "content_object_id", "tag__name"
    ):
        for facts in facts_of(pk):
            facts.tags.add(name)

    cities = list(
        for_listing(source_pages(CityPage), "municipality_key", "official_name")
        .filter(pk__in=list(by_city))
        .order_by("title", "pk")
    )
    for city in cities:
        # The city's own facts (its name, its key) are part of its datasets.
        for facts in (by_city[city.pk], registry):
            facts.modified = latest(facts.modified, city.last_published_at)
    return CatalogContent(cities=cities, by_city=by_city, registry=registry)


def licence_iri() -> URIRef:
    return URIRef(LICENCE_IRIS.get(DATA_LICENCE["id"], DATA_LICENCE["url"]))


def projects_label(count: int, language: str) -> str:
    if language == "de":
        return "1 Projekt" if count == 1 else f"{count} Projekte"
    return "1 project" if count == 1 else f"{count} projects"


class CatalogBuilder:
    """
    Writes the catalogue into an rdflib graph. Everything is named by an
    IRI, the catalogue's address with a fragment, so that the graph has no
    blank nodes and the same content gives the same document.
    """

    def __init__(self, *, request, base_url: str):
        self.request = request
        self.base_url = base_url
        self.catalog = URIRef(base_url + reverse("open_data_catalog"))
        self.open_data_page = URIRef(base_url + reverse("open_data"))
        self.site_name = settings.WAGTAIL_SITE_NAME
        self.licence = licence_iri()
        self.graph = Graph(bind_namespaces="core")
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def node(self, fragment: str) -> URIRef:
        return URIRef(f"{self.catalog}#{fragment}")

    def add(self, subject, predicate, value):
        self.graph.add((subject, predicate, value))

    def texts(self, subject, predicate, texts: dict[str, str]):
        for language, text in texts.items():
            self.add(subject, predicate, Literal(text, lang=language))

    def build(self, content: CatalogContent) -> Graph:
        publisher = self.publisher()
        catalog = self.catalog
        self.add(catalog, RDF.type, DCAT.Catalog)
        self.texts(
            catalog,
            DCTERMS.title,
            {"de": f"{self.site_name}: offene Daten", "en": f"{self.site_name}: open data"},
        )
        self.texts(
            catalog,
            DCTERMS.description,
            {
                "de": f"Die Projekte der Städte im {self.site_name} als offene Daten: "
                "ein Datensatz je Stadt und einer für das ganze Register, jeweils als CSV "
                "und JSON.",
                "en": f"The projects of the cities in the {self.site_name} as open data: "
                "one dataset per city and one for the whole registry, each as CSV and JSON.",
            },
        )
        self.add(catalog, DCTERMS.publisher, publisher)
        self.add(catalog, FOAF.homepage, self.open_data_page)
        self.add(catalog, DCTERMS.language, GERMAN)
        self.add(catalog, DCTERMS.license, self.licence)
        self.add(catalog, DCATAP.availability, AVAILABLE)
        self.add(catalog, DCAT.themeTaxonomy, DATA_THEME_SCHEME)
        self.add(DATA_THEME_SCHEME, RDF.type, SKOS.ConceptScheme)
        self.add(DATA_THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en"))
        self.dates(catalog, content.registry)

        for city in content.cities:
            dataset = self.city_dataset(city, content.by_city[city.pk], publisher)
            self.add(catalog, DCAT.dataset, dataset)
            if area := self.municipality(city):
                self.add(catalog, DCTERMS.spatial, area)
        if content.registry.projects:
            self.add(
                catalog,
                DCAT.dataset,
                self.registry_dataset(content.cities, content.registry, publisher),
            )
        for concept, scheme in SCHEMES.items():
            if (None, None, concept) in self.graph:
                self.add(concept, SKOS.inScheme, scheme)
        return self.graph

    def publisher(self) -> URIRef:
        agent = self.node("verbund")
        self.add(agent, RDF.type, FOAF.Agent)
        self.add(agent, FOAF.name, Literal(self.site_name))
        self.add(agent, DCTERMS.type, LOCAL_AUTHORITY)
        self.add(agent, FOAF.homepage, URIRef(f"{self.base_url}/"))
        return agent

    def municipality(self, city: CityPage) -> URIRef | None:
        """The city as DCAT-AP.de's administrative area: its Amtlicher Gemeindeschlüssel."""
        if not city.municipality_key:
            return None
        area = MUNICIPALITY_KEY[city.municipality_key]
        self.add(area, RDF.type, DCTERMS.Location)
        return area

    def dates(self, subject, facts: DatasetFacts):
        if facts.issued:
            self.add(subject, DCTERMS.issued, Literal(facts.issued.replace(microsecond=0)))
        if facts.modified:
            self.add(subject, DCTERMS.modified, Literal(facts.modified.replace(microsecond=0)))

    def city_dataset(self, city: CityPage, facts: DatasetFacts, publisher) -> URIRef:
        # By the municipality key, which stays when a city's page is renamed.
        key = city.municipality_key or f"stadt-{city.pk}"
        dataset = self.node(f"projekte-{key}")
        count = {language: projects_label(facts.projects, language) for language in ("de", "en")}
        self.dataset(
            dataset,
            facts,
            publisher,
            key=key,
            titles={
                "de": f"Projekte im {self.site_name}: {city.title}",
                "en": f"Projects in the {self.site_name}: {city.title}",
            },
            descriptions={
                "de": f"Die Digitalisierungs- und Smart-City-Projekte im {self.site_name} – "
                f"{city.official_name or city.title} ({count['de']}): Stand, Handlungsfelder, "
                "Zeitraum, Kosten, Förderung, Nachnutzbarkeit, Übernahmen durch andere Städte "
                "und öffentliche Ansprechpersonen, eine Zeile je Projekt.",
                "en": f"The digitalisation and smart city projects in the {self.site_name} – "
                f"{city.official_name or city.title} ({count['en']}): status, fields of "
                "action, period, costs, funding, reusability, reuse by other cities and "
                "public contacts, one row per project.",
            },
            landing_page=URIRef(city.get_full_url(self.request)),
            contact_name=city.official_name or city.title,
            areas=[self.municipality(city)],
            query={"city": city.slug},
            download_label=city.title,
        )
        return dataset

    def registry_dataset(self, cities, facts: DatasetFacts, publisher) -> URIRef:
        dataset = self.node("projekte-alle")
        count = {language: projects_label(facts.projects, language) for language in ("de", "en")}
        self.dataset(
            dataset,
            facts,
            publisher,
            key="alle",
            titles={
                "de": f"Projekte im {self.site_name}: alle Städte",
                "en": f"Projects in the {self.site_name}: all cities",
            },
            descriptions={
                "de": f"Alle veröffentlichten Projekte im {self.site_name} ({count['de']}), "
                "mit denselben Spalten wie die Datensätze der einzelnen Städte.",
                "en": f"All published projects in the {self.site_name} ({count['en']}), "
                "with the same columns as the datasets of the single cities.",
            },
            landing_page=self.open_data_page,
            contact_name=self.site_name,
            areas=[self.municipality(city) for city in cities],
            query={},
            download_label={"de": "alle Städte", "en": "all cities"},
        )
        return dataset

    def dataset(
        self,
        dataset,
        facts: DatasetFacts,
        publisher,
        *,
        key: str,
        titles: dict[str, str],
        descriptions: dict[str, str],
        landing_page: URIRef,
        contact_name: str,
        areas: list,
        query: dict[str, str],
        download_label,
    ):
        self.add(dataset, RDF.type, DCAT.Dataset)
        self.add(dataset, DCTERMS.identifier, Literal(str(dataset)))
        self.texts(dataset, DCTERMS.title, titles)
        self.texts(dataset, DCTERMS.description, descriptions)
        self.add(dataset, DCTERMS.publisher, publisher)
        if settings.OPEN_DATA_CONTRIBUTOR_ID:
            self.add(dataset, DCATDE.contributorID, URIRef(settings.OPEN_DATA_CONTRIBUTOR_ID))
        self.add(dataset, DCAT.landingPage, landing_page)
        self.add(dataset, DCTERMS.language, GERMAN)
        self.add(dataset, DCATAP.availability, AVAILABLE)
        self.add(dataset, DCTERMS.accrualPeriodicity, CONTINUOUS)
        self.dates(dataset, facts)
        areas = [area for area in areas if area is not None]
        if areas:
            self.add(dataset, DCATDE.politicalGeocodingLevelURI, MUNICIPAL_LEVEL)
        for area in areas:
            # DCAT-AP.de 3.0 names the area in dct:spatial; GovData still
            # reads the older dcatde:politicalGeocodingURI, so both.
            self.add(dataset, DCTERMS.spatial, area)
            self.add(dataset, DCATDE.politicalGeocodingURI, area)
        for code in facts.themes():
            theme = DATA_THEME[code]
            self.add(dataset, DCAT.theme, theme)
            self.add(theme, RDF.type, SKOS.Concept)
            self.add(theme, SKOS.prefLabel, Literal(THEME_LABELS[code], lang="de"))
            self.add(theme, SKOS.inScheme, DATA_THEME_SCHEME)
        for tag in sorted(facts.tags):
            self.add(dataset, DCAT.keyword, Literal(tag, lang="de"))
        self.period(dataset, facts, key)
        self.contact(dataset, key, contact_name, landing_page)
        for download in DOWNLOADS:
            self.add(
                dataset,
                DCAT.distribution,
                self.distribution(download, facts, key, query, download_label),
            )

    def period(self, dataset, facts: DatasetFacts, key: str):
        """From the first project's start to the last one's end, once every project has ended."""
        end = facts.end if facts.all_ended else None
        if facts.start is None and end is None:
            return
        period = self.node(f"zeitraum-{key}")
        self.add(dataset, DCTERMS.temporal, period)
        self.add(period, RDF.type, DCTERMS.PeriodOfTime)
        if facts.start:
            self.add(period, DCAT.startDate, Literal(facts.start))
        if end:
            self.add(period, DCAT.endDate, Literal(end))

    def contact(self, dataset, key: str, name: str, page: URIRef):
        """Where the projects' public contacts are listed: the city page, or the open-data page."""
        contact = self.node(f"kontakt-{key}")
        self.add(dataset, DCAT.contactPoint, contact)
        self.add(contact, RDF.type, VCARD.Kind)
        self.add(contact, VCARD.fn, Literal(name))
        self.add(contact, VCARD.hasURL, page)

    def distribution(self, download: Download, facts, key: str, query, label) -> URIRef:
        distribution = self.node(f"projekte-{key}-{download.name.lower()}")
        address = self.base_url + reverse(download.url_name)
        if query:
            address = f"{address}?{urlencode(query)}"
        labels = label if isinstance(label, dict) else {"de": label, "en": label}
        self.add(distribution, RDF.type, DCAT.Distribution)
        self.texts(
            distribution,
            DCTERMS.title,
            {
                "de": f"Projekte: {labels['de']} ({download.name})",
                "en": f"Projects: {labels['en']} ({download.name})",
            },
        )
        # A plain download: the same address to access and to download it.
        self.add(distribution, DCAT.accessURL, URIRef(address))
        self.add(distribution, DCAT.downloadURL, URIRef(address))
        self.add(distribution, DCTERMS.format, download.file_type)
        self.add(distribution, DCAT.mediaType, MEDIA_TYPE[download.media_type])
        self.add(distribution, DCTERMS.license, self.licence)
        self.add(
            distribution, DCATDE.licenseAttributionByText, Literal(DATA_LICENCE["attribution"])
        )
        self.add(distribution, DCATAP.availability, AVAILABLE)
        self.add(distribution, DCTERMS.language, GERMAN)
        # The columns are documented on the open-data page.
        self.add(distribution, FOAF.page, self.open_data_page)
        if facts.modified:
            self.add(distribution, DCTERMS.modified, Literal(facts.modified.replace(microsecond=0)))
        return distribution


def site_base_url(request) -> str:
    """The site's address without the trailing slash, as the downloads name projects."""
    site = Site.find_for_request(request)
    return (site.root_url if site else request.build_absolute_uri("/")).rstrip("/")


def catalog_graph(request) -> Graph:
    builder = CatalogBuilder(request=request, base_url=site_base_url(request))
    return builder.build(catalog_content())


def catalog_view(request, extension: str):
    """The catalogue in the syntax its address ends with."""
    catalog_format = CATALOG_FORMATS[extension]
    options = {"context": {p: str(ns) for p, ns in PREFIXES.items()}, "indent": 2}
    body = catalog_graph(request).serialize(
        format=catalog_format.rdflib_format,
        **(options if extension == "jsonld" else {}),
    )
    response = HttpResponse(body, content_type=catalog_format.content_type)
    response["Content-Disposition"] = f'inline; filename="katalog.{extension}"'
    return response


def catalog_redirect(request):
    """
    The catalogue's IRI: a 303 to the syntax the client prefers by its
    Accept header, Turtle when it names none of them.
    """
    by_media_type = {fmt.media_type: extension for extension, fmt in CATALOG_FORMATS.items()}
    preferred = request.get_preferred_type(list(by_media_type))
    extension = by_media_type.get(preferred, "ttl")
    response = HttpResponseRedirect(reverse(f"open_data_catalog_{extension}"))
    response.status_code = 303
    patch_vary_headers(response, ["Accept"])
    return response
