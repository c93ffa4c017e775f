"""
Harvesting a partner network end to end, with two real installations on this
machine: the suite's (which harvests, in this process) and a partner started
as a gunicorn process on a free port with its own SQLite database, migrated
and filled by `manage.py` commands (as tests/config/test_two_processes.py
does). The partner is built once for the module; its content changes between
the runs of `manage.py harvest_network` in one story: harvest, change at the
source, harvest, delete at the source, harvest, the source goes down.
"""

import html
import json
import os
import re
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

import pytest

from app_processes import free_port, manage, wait_until_serving
from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork
from registry.models import ProjectPage

BASE_DIR = Path(settings.BASE_DIR)
BIN = Path(sys.executable).parent
NETWORK_NAME = "Smarte Städte Brandenburg"

BUILD_CONTENT = """
import factories
from wagtail.models import PageViewRestriction, Site
from registry.models import FieldOfAction

site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", {port}
site.save()
index = factories.CityIndexPageFactory(parent=factories.home_page())
potsdam = factories.CityPageFactory(parent=index, title="Potsdam", slug="potsdam")
mobility = FieldOfAction.objects.get(slug="mobilitaet")
energy = FieldOfAction.objects.get(slug="energie-klima")

def project(title, slug, field, **kwargs):
    page = factories.ProjectPageFactory(parent=potsdam, title=title, slug=slug, **kwargs)
    page.fields_of_action.set([field])
    page.save_revision().publish()
    return page

parking = project("Parkleitsystem Potsdam", "parken", mobility, tags=["LoRaWAN"])
project("Rufbus Potsdam", "rufbus", mobility)
project("Wärmeplanung Potsdam", "waerme", energy)
private = project("Interner Mobilitätsbericht", "intern", mobility)
PageViewRestriction.objects.create(
    page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
)
factories.ProjectPageFactory(parent=potsdam, title="Entwurf Radwege", slug="radwege", live=False)
lesson = factories.LessonPageFactory(parent=parking, title="Sensoren früh testen", slug="sensoren")
lesson.save_revision().publish()
"""

CHANGE_CONTENT = """
import factories
from registry.models import CityPage, FieldOfAction, ProjectPage

parking = ProjectPage.objects.get(slug="parken")
parking.title = "Parkleitsystem Potsdam-Mitte"
parking.summary = "Jetzt auch in der Innenstadt."
parking.save_revision().publish()
car_sharing = factories.ProjectPageFactory(
    parent=CityPage.objects.get(slug="potsdam"), title="Carsharing Potsdam", slug="carsharing"
)
car_sharing.fields_of_action.set([FieldOfAction.objects.get(slug="mobilitaet")])
car_sharing.save_revision().publish()
"""

DELETE_CONTENT = """
from registry.models import ProjectPage
ProjectPage.objects.get(slug="rufbus").delete()
"""


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


class Partner:
    """The partner installation: its address, its environment, its server process."""

    def __init__(self, *, port: int, environment: dict):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.environment = environment
        self.process = None

    def change(self, script: str) -> None:
        manage(self.environment, "shell", "-v0", "-c", script)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
            ],
            cwd=BASE_DIR,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wait_until_serving(self.process, self.base)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def api(self, path: str) -> dict:
        status, body = get(f"{self.base}/api/v2/{path}")
        assert status == 200, path
        return json.loads(body)


def migrated_copy(path: Path) -> bool:
    """
    The suite's test database, freshly migrated, copied into `path` (SQLite's
    backup): a `manage.py migrate` of its own would take most of this
    module's minute. Only on SQLite, and only while the copy holds nothing but
    what the migrations made; otherwise the partner migrates its own.
    """
    if connection.vendor != "sqlite":
        return False
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        [cities] = target.execute("SELECT COUNT(*) FROM registry_citypage").fetchone()
        [homes] = target.execute("SELECT COUNT(*) FROM home_homepage").fetchone()
    finally:
        target.close()
    if cities == 0 and homes == 1:
        return True
    path.unlink()
    return False


@pytest.fixture(scope="module")
def partner(django_db_setup, django_db_blocker, tmp_path_factory):
    """The second installation, migrated, filled and serving; stopped after the module."""
    folder = tmp_path_factory.mktemp("partner")
    environment = {
        key: value for key, value in os.environ.items() if key not in ("CACHE_URL", "DATABASE_URL")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "harvest_partner_settings",
        "PYTHONPATH": os.pathsep.join(
            [str(BASE_DIR), str(BASE_DIR / "tests"), str(BASE_DIR / "tests" / "discovery")]
        ),
        "DATABASE_URL": f"sqlite:///{folder / 'partner.sqlite3'}",
        "DATABASE_CONN_MAX_AGE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }
    partner = Partner(port=free_port(), environment=environment)
    with django_db_blocker.unblock():
        copied = migrated_copy(folder / "partner.sqlite3")
    if not copied:
        manage(environment, "migrate", "--noinput", "-v0")
    partner.change(BUILD_CONTENT.format(port=partner.port))
    partner.start()
    try:
        yield partner
    finally:
        partner.stop()


def harvest() -> str:
    out = StringIO()
    call_command("harvest_network", stdout=out, stderr=StringIO())
    return out.getvalue()


def titles(model) -> list[str]:
    return sorted(model.objects.values_list("title", flat=True))


FACET_LINK = re.compile(
    r'<a class="facet__link" href="(?P<href>[^"]+)" data-count="(?P<count>\d+)">'
)


def search_checked(client, url: str) -> list[str]:
    """
    The titles a search finds, after checking that every facet count on its
    page, the network's included, equals the results its link leads to.
    """
    response = client.get(url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    for match in FACET_LINK.finditer(text):
        followed = client.get("/search/" + match["href"])
        assert followed.context["search"].total == int(match["count"]), (url, match["href"])
    return [
        hit.record.title if getattr(hit, "harvested", False) else hit.page.title
        for hit in response.context["search"].results
    ]


def test_a_partner_network_is_harvested_updated_pruned_and_kept_when_down(
    partner, site_tree, client
):
    local_projects = sorted(ProjectPage.objects.values_list("title", flat=True))
    network = PartnerNetwork.objects.create(
        name=NETWORK_NAME, base_url=partner.base + "/", fields_of_action="mobilitaet"
    )

    # First run: the public projects of the chosen field of action and their lesson;
    # neither the private project nor the draft nor the other field's project.
    output = harvest()
    assert "Projekte: 2 neu" in output
    assert titles(HarvestedProject) == ["Parkleitsystem Potsdam", "Rufbus Potsdam"]
    parking = HarvestedProject.objects.get(title="Parkleitsystem Potsdam")
    assert parking.network == network
    assert parking.city_name == "Potsdam"
    assert parking.fields_of_action == [{"slug": "mobilitaet", "name": "Mobilität"}]
    assert parking.tags == ["LoRaWAN"]
    assert parking.last_published_at is not None
    original = partner.api(f"projects/{parking.source_id}/")
    assert original["title"] == "Parkleitsystem Potsdam"
    assert str(parking.translation_key) == original["meta"]["translation_key"]
    # The copy links back to the original page, which the partner serves.
    status, page = get(parking.source_url)
    assert status == 200 and "Parkleitsystem Potsdam" in page
    lesson = HarvestedLesson.objects.get()
    assert lesson.title == "Sensoren früh testen"
    assert lesson.project == parking
    assert lesson.source_url.startswith(parking.source_url)
    network.refresh_from_db()
    assert network.last_error == ""
    assert network.last_success_at == network.last_run_at is not None
    assert (network.project_count, network.lesson_count) == (2, 1)
    # Local content is untouched, and the copies are no pages of a local city.
    assert sorted(ProjectPage.objects.values_list("title", flat=True)) == local_projects
    # The search finds the copies beside the own pages, under the network facet.
    found = search_checked(client, "/search/?q=Parkleitsystem")
    assert "Parkleitsystem Potsdam" in found
    assert search_checked(client, f"/search/?network={network.pk}") == [
        "Parkleitsystem Potsdam",
        "Rufbus Potsdam",
        "Sensoren früh testen",
    ]
    assert "Parkleitsystem Potsdam" not in search_checked(client, "/search/?network=own")

    # Changed at the source: the copy is updated in place, a new project added,
    # an unchanged copy not written again.
    bus_before = HarvestedProject.objects.get(title="Rufbus Potsdam")
    partner.change(CHANGE_CONTENT)
    output = harvest()
    assert "Projekte: 1 neu, 1 geändert, 0 entfernt, 1 unverändert" in output
    assert titles(HarvestedProject) == [
        "Carsharing Potsdam",
        "Parkleitsystem Potsdam-Mitte",
        "Rufbus Potsdam",
    ]
    updated = HarvestedProject.objects.get(pk=parking.pk)
    assert updated.summary == "Jetzt auch in der Innenstadt."
    assert updated.last_published_at > parking.last_published_at
    bus = HarvestedProject.objects.get(pk=bus_before.pk)
    assert bus.harvested_at == bus_before.harvested_at
    assert HarvestedLesson.objects.get().project_title == "Parkleitsystem Potsdam-Mitte"
    assert search_checked(client, "/search/?q=Carsharing") == ["Carsharing Potsdam"]
    found = search_checked(client, f"/search/?q=Innenstadt&network={network.pk}")
    assert found[0] == "Parkleitsystem Potsdam-Mitte"

    # Deleted at the source: gone from the copy.
    partner.change(DELETE_CONTENT)
    output = harvest()
    assert "1 entfernt" in output
    kept = titles(HarvestedProject)
    assert kept == ["Carsharing Potsdam", "Parkleitsystem Potsdam-Mitte"]
    assert search_checked(client, "/search/?q=Rufbus") == []
    network.refresh_from_db()
    last_success = network.last_success_at

    # The source is down: the copy stays as it was, the error is recorded.
    partner.stop()
    with pytest.raises(CommandError, match=NETWORK_NAME):
        harvest()
    assert titles(HarvestedProject) == kept
    assert titles(HarvestedLesson) == ["Sensoren früh testen"]
    network.refresh_from_db()
    assert "nicht erreichbar" in network.last_error
    assert network.last_success_at == last_success
    assert network.last_run_at > last_success
    assert sorted(ProjectPage.objects.values_list("title", flat=True)) == local_projects
    # The search still finds the previous copy.
    assert search_checked(client, "/search/?q=Carsharing") == ["Carsharing Potsdam"]

    # The administration sees it in the list of networks.
    admin = get_user_model().objects.create_superuser("verbund", "verbund@example.org", "x")
    client.force_login(admin)
    listing = client.get("/admin/snippets/discovery/partnernetwork/")
    assert listing.status_code == 200
    assert NETWORK_NAME in listing.text
    assert "nicht erreichbar" in listing.text
