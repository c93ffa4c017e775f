"""Routes of the registry that are not Wagtail pages (included by config/urls.py)."""

from django.urls import path, re_path

from . import dcat, open_data, views
from .publiccode import publiccode_view

# Machine-readable, one address for every language.
open_data_urlpatterns = [
    path("open-data/", open_data.open_data_page, name="open_data"),
    path("open-data/projects.csv", open_data.projects_csv, name="open_data_projects_csv"),
    path("open-data/projects.json", open_data.projects_json, name="open_data_projects_json"),
    # The DCAT-AP.de catalogue (registry.dcat): its IRI, and one address per RDF syntax.
    path("open-data/catalog", dcat.catalog_redirect, name="open_data_catalog"),
    path(
        "open-data/catalog.ttl",
        dcat.catalog_view,
        {"extension": "ttl"},
        name="open_data_catalog_ttl",
    ),
    path(
        "open-data/catalog.rdf",
        dcat.catalog_view,
        {"extension": "rdf"},
        name="open_data_catalog_rdf",
    ),
    path(
        "open-data/catalog.jsonld",
        dcat.catalog_view,
        {"extension": "jsonld"},
        name="open_data_catalog_jsonld",
    ),
]

# Pages for readers, German at the root and English under /en/.
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path(
        "overview/<int:city>/<int:field_of_action>/",
        views.overview_cell,
        name="overview_cell",
    ),
    # <project url>publiccode.yml: Wagtail serves only paths ending in a slash.
    re_path(r"^((?:[\w\-]+/)+)publiccode\.yml$", publiccode_view, name="publiccode"),
]
