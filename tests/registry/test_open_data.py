"""Open data downloads: CSV and JSON of every published project, and the page explaining them."""

import csv
import datetime
import html
import io

from django.utils import timezone

import pytest

import factories
from registry.open_data import COLUMNS


@pytest.fixture
def data_tree(site_tree):
    site_tree.draft = factories.ProjectPageFactory(
        parent=site_tree.rostock, title="Geheimer Entwurf", live=False
    )
    return site_tree


def test_csv_has_the_documented_columns_and_every_published_project(client, data_tree):
    response = client.get("/open-data/projects.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == [column.name for column in COLUMNS]
    assert [row["title"] for row in rows] == ["Digitale Parkraumsteuerung"]
    row = rows[0]
    assert row["city"] == "luebeck"
    assert row["municipality_key"] == "01003000"
    assert row["status"] == "operation"
    assert row["tags"] == "LoRaWAN; Parken"
    assert row["reusable_software"] == "true"
    assert row["public_contacts"] == "Smart-City-Büro Lübeck <smartcity@luebeck.example.org>"
    assert "Erika" not in text
    assert "Geheimer Entwurf" not in text


def test_json_has_licence_columns_and_the_same_projects(client, data_tree):
    response = client.get("/open-data/projects.json")
    assert response.status_code == 200
    data = response.json()
    assert data["licence"]["id"] == "dl-de/by-2-0"
    assert list(data["columns"]) == [column.name for column in COLUMNS]
    assert [p["title"] for p in data["projects"]] == ["Digitale Parkraumsteuerung"]
    project = data["projects"][0]
    assert project["tags"] == ["LoRaWAN", "Parken"]
    assert project["investment_eur"] == "250000"
    assert "erika" not in response.content.decode().lower()


def test_open_data_page_explains_columns_and_licence(client, db):
    response = client.get("/open-data/")
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in text
    assert 'href="/open-data/projects.csv"' in text
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in text


def test_downloads_say_when_a_project_was_reviewed_and_whether_it_may_be_outdated(
    client, data_tree
):
    today = timezone.localdate()
    data_tree.project.last_reviewed = today - datetime.timedelta(days=400)
    data_tree.project.save_revision().publish()
    factories.ProjectPageFactory(
        parent=data_tree.rostock, title="Frisch geprüft", last_reviewed=today
    )
    # Never reviewed, first published today: not outdated, and no date.
    factories.ProjectPageFactory(parent=data_tree.rostock, title="Nie geprüft", last_reviewed=None)

    text = client.get("/open-data/projects.csv").content.decode("utf-8-sig")
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text))}
    assert (
        rows["Digitale Parkraumsteuerung"]["last_reviewed"]
        == (today - datetime.timedelta(days=400)).isoformat()
    )
    assert rows["Digitale Parkraumsteuerung"]["possibly_outdated"] == "true"
    assert rows["Frisch geprüft"]["last_reviewed"] == today.isoformat()
    assert rows["Frisch geprüft"]["possibly_outdated"] == "false"
    assert rows["Nie geprüft"]["last_reviewed"] == ""
    assert rows["Nie geprüft"]["possibly_outdated"] == "false"

    data = client.get("/open-data/projects.json").json()
    projects = {project["title"]: project for project in data["projects"]}
    assert projects["Digitale Parkraumsteuerung"]["possibly_outdated"] is True
    assert projects["Frisch geprüft"]["possibly_outdated"] is False
    assert projects["Nie geprüft"]["last_reviewed"] is None
    assert "zwölf Monaten" in data["columns"]["possibly_outdated"]


# Queries for one download, whatever the number of projects (measured on SQLite).
DOWNLOAD_MAX_QUERIES = {"/open-data/projects.csv": 8, "/open-data/projects.json": 8}


def test_downloads_take_as_many_queries_for_9_projects_as_for_3(
    client, data_tree, django_assert_max_num_queries
):
    measured = {url: [] for url in DOWNLOAD_MAX_QUERIES}
    for added, total in ((3, 3), (6, 9)):
        factories.projects_with_everything(data_tree, count=added)
        for url, bound in DOWNLOAD_MAX_QUERIES.items():
            client.get(url)  # content types and site root paths are cached after this
            with django_assert_max_num_queries(bound) as queries:
                response = client.get(url)
            assert response.content.decode("utf-8-sig").count("LoRaWAN") > total, url
            measured[url].append(len(queries))
    print(f"queries at 3 and 9 projects: {measured}")
    for url, (small, large) in measured.items():
        assert small == large, f"{url} grows with the number of projects: {small} → {large}"
        assert small >= DOWNLOAD_MAX_QUERIES[url] - 2, f"{url}: lower the pinned bound to {small}"


def test_the_open_data_page_says_how_a_partner_network_is_admitted(client, db):
    text = html.unescape(client.get("/open-data/").content.decode())
    section = text.split('id="networks"', 1)[1].split("</section>", 1)[0]
    assert "Partnernetzwerke" in section
    for word in ("harvest_network", "?modified_since=", "meta.total_count", "schreibgeschützt"):
        assert word in section
