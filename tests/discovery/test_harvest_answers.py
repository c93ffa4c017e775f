"""
What a partner may answer and what the harvest makes of it: a partner that is
down or answers garbage (HTTP errors, time-outs, no JSON, the wrong shape,
absurd sizes, listings that do not add up) leaves the previous copy as it was
and records the error. The partner here is a small HTTP server in a thread
that answers what each case needs; the real partner is in
test_harvest_network.py. Also: the API's modified_since filter and fields a
harvester needs, and who may register networks in the admin.
"""

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from discovery import harvest
from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork
from governance.services import city_governance_ensure

PREVIOUS_TITLE = "Bisherige Kopie"


def project_item(number: int, base: str, **changes) -> dict:
    item = {
        "id": number,
        "meta": {
            "type": "registry.ProjectPage",
            "html_url": f"{base}/potsdam/projekt-{number}/",
            "first_published_at": "2026-01-01T10:00:00Z",
            "last_published_at": "2026-02-01T10:00:00Z",
            "translation_key": "7f7c5f0e-7f0a-4b8e-9d1a-3c1f0e6b2a11",
        },
        "title": f"Projekt {number}",
        "summary": "Kurz.",
        "city": {"id": 3, "title": "Potsdam", "slug": "potsdam"},
        "status": "operation",
        "fields_of_action": [{"slug": "mobilitaet", "name": "Mobilität"}],
        "tags": ["LoRaWAN"],
        "start_date": "2025-01-01",
        "end_date": None,
        "licence": "EUPL-1.2",
        "repository_url": "",
        "last_reviewed": "2026-03-01",
    }
    item.update(changes)
    return item


def listing(items, total=None) -> dict:
    return {"meta": {"total_count": len(items) if total is None else total}, "items": items}


class Answers(BaseHTTPRequestHandler):
    """Answers GET /<case>/api/v2/<endpoint>/ with what the case's function returns."""

    def do_GET(self):
        case, _, rest = self.path.lstrip("/").partition("/")
        answer = self.server.cases[case](self, rest)
        if answer is None:
            return
        status, body = answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def as_json(data, status=200):
    return status, json.dumps(data).encode()


def slow(handler, rest):
    time.sleep(2)
    return as_json(listing([]))


def endless_listing(handler, rest):
    # Claims 5 projects, but every page is the same one.
    base = f"http://127.0.0.1:{handler.server.server_port}"
    return as_json(listing([project_item(1, base)], total=5))


def huge(handler, rest):
    return 200, b" " * (harvest.MAX_RESPONSE_BYTES + 1)


def redirect_to(location):
    def case(handler, rest):
        handler.send_response(302)
        handler.send_header("Location", location.format(rest=rest))
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return case


CASES = {
    "http-error": lambda handler, rest: (503, b'{"message": "Wartung"}'),
    "not-json": lambda handler, rest: (200, b"<html><body>Wartung</body></html>"),
    "json-list": lambda handler, rest: as_json([1, 2, 3]),
    "no-items": lambda handler, rest: as_json({"meta": {"total_count": 1}, "items": "kein"}),
    "absurd-count": lambda handler, rest: as_json(listing([], total=10**9)),
    "huge": huge,
    "slow": slow,
    "short-listing": endless_listing,
    "bad-url": lambda handler, rest: as_json(
        listing([project_item(1, "", meta={"html_url": "javascript:alert(1)"})])
    ),
    "bad-date": lambda handler, rest: as_json(
        listing([project_item(1, "http://x.example", start_date="2026-13-40")])
    ),
    "bad-title": lambda handler, rest: as_json(
        listing([project_item(1, "http://x.example", title="x" * 300)])
    ),
    "deep-json": lambda handler, rest: (200, b"[" * 100_000 + b"]" * 100_000),
    "nul-title": lambda handler, rest: as_json(
        listing([project_item(1, "http://x.example", title="Park\x00haus")])
    ),
    "redirect-ftp": redirect_to("ftp://127.0.0.1:9/{rest}"),
    "redirect-file": redirect_to("file:///etc/hostname"),
    "moved": redirect_to("/fine/{rest}"),
    "fine": lambda handler, rest: as_json(
        listing([project_item(1, f"http://127.0.0.1:{handler.server.server_port}")])
        if rest.startswith("api/v2/projects/")
        else listing([])
    ),
}
GARBAGE = {
    "http-error": "HTTP 503",
    "not-json": "kein JSON",
    "json-list": "kein JSON-Objekt",
    "no-items": "nicht die Form",
    "absurd-count": "1000000000 Einträge",
    "huge": "größer als",
    "slow": "nicht lesbar",
    "short-listing": "1 Einträge gelesen, der Partner meldet 5",
    "bad-url": "keine http(s)-Adresse",
    "bad-date": "kein Datum",
    "bad-title": "„title“",
    "deep-json": "kein JSON",
    "nul-title": "„title“",
    "redirect-ftp": "nur http(s)-Adressen",
    "redirect-file": "nur http(s)-Adressen",
}


@pytest.fixture(scope="module")
def answers():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.cases = CASES
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def network_with_copy(base_url: str) -> PartnerNetwork:
    succeeded = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    network = PartnerNetwork.objects.create(
        name="Partner", base_url=base_url, last_run_at=succeeded, last_success_at=succeeded
    )
    HarvestedProject.objects.create(
        network=network, source_id=99, title=PREVIOUS_TITLE, source_url="https://x.example/p/"
    )
    return network


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(GARBAGE))
def test_garbage_keeps_the_previous_copy_and_records_the_error(answers, monkeypatch, case):
    monkeypatch.setattr(harvest, "READ_TIMEOUT", 0.5)
    network = network_with_copy(f"{answers}/{case}/")
    with pytest.raises(CommandError, match="Partner"):
        call_command("harvest_network", stdout=StringIO(), stderr=StringIO())
    assert list(HarvestedProject.objects.values_list("title", flat=True)) == [PREVIOUS_TITLE]
    network.refresh_from_db()
    assert GARBAGE[case] in network.last_error
    assert network.last_success_at == datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert network.last_run_at > network.last_success_at


@pytest.mark.django_db
def test_a_partner_that_is_not_listening_is_recorded_as_unreachable():
    network = network_with_copy("http://127.0.0.1:9/")
    with pytest.raises(CommandError):
        call_command("harvest_network", "Partner", stdout=StringIO(), stderr=StringIO())
    network.refresh_from_db()
    assert "nicht erreichbar" in network.last_error
    assert HarvestedProject.objects.get().title == PREVIOUS_TITLE


@pytest.mark.django_db
def test_a_partner_that_moved_is_followed_to_its_new_address(answers):
    PartnerNetwork.objects.create(name="Umgezogen", base_url=f"{answers}/moved/")
    out = StringIO()
    call_command("harvest_network", stdout=out, stderr=StringIO())
    assert "Umgezogen: Projekte: 1 neu" in out.getvalue()
    assert HarvestedProject.objects.get().title == "Projekt 1"


@pytest.mark.django_db
def test_one_failing_network_does_not_stop_the_others(answers):
    broken = network_with_copy(f"{answers}/not-json/")
    fine = PartnerNetwork.objects.create(name="Guter Partner", base_url=f"{answers}/fine/")
    out = StringIO()
    with pytest.raises(CommandError, match="Partner"):
        call_command("harvest_network", stdout=out, stderr=StringIO())
    assert "Guter Partner: Projekte: 1 neu" in out.getvalue()
    copy = HarvestedProject.objects.get(network=fine)
    assert copy.title == "Projekt 1"
    assert copy.last_reviewed == datetime.date(2026, 3, 1)
    assert HarvestedProject.objects.get(network=broken).title == PREVIOUS_TITLE
    fine.refresh_from_db()
    assert fine.last_error == "" and fine.last_success_at is not None


@pytest.mark.django_db
def test_a_network_is_named_by_name_or_id_and_an_unknown_one_is_refused(answers):
    network = PartnerNetwork.objects.create(
        name="Guter Partner", base_url=f"{answers}/fine/", active=False
    )
    out = StringIO()
    call_command("harvest_network", stdout=out)
    assert "Kein aktives Partnernetzwerk" in out.getvalue()
    call_command("harvest_network", str(network.pk), stdout=StringIO())
    assert HarvestedProject.objects.filter(network=network).count() == 1
    with pytest.raises(CommandError, match="Kein Partnernetzwerk „Unbekannt“"):
        call_command("harvest_network", "Unbekannt")
    assert not HarvestedLesson.objects.exists()


# --------------------------------------------------------------------------
# The registry's own API, as a harvester reads it
# --------------------------------------------------------------------------


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_api_lists_what_a_harvester_needs(client, site_tree):
    project = published(site_tree.project)
    data = client.get(
        "/api/v2/projects/?fields=last_published_at,translation_key,last_reviewed"
    ).json()
    item = next(item for item in data["items"] if item["id"] == project.pk)
    assert data["meta"]["total_count"] >= 1
    assert item["meta"]["translation_key"] == str(project.translation_key)
    assert item["meta"]["last_published_at"].startswith(str(project.last_published_at.year))
    assert "last_reviewed" in item


def test_modified_since_lists_the_pages_published_since_then(client, site_tree):
    project = published(site_tree.project)
    since = project.last_published_at - datetime.timedelta(seconds=1)
    later = project.last_published_at + datetime.timedelta(days=1)
    for moment, expected in ((since, True), (later, False)):
        value = moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = client.get("/api/v2/projects/", {"modified_since": value})
        assert response.status_code == 200
        ids = [item["id"] for item in response.json()["items"]]
        assert (project.pk in ids) is expected, value
        assert response.json()["meta"]["total_count"] == len(ids)
    offset = client.get("/api/v2/lessons/", {"modified_since": "2000-01-01T02:00:00+02:00"})
    assert offset.status_code == 200
    day = client.get("/api/v2/projects/", {"modified_since": "2000-01-01"})
    assert project.pk in [item["id"] for item in day.json()["items"]]


@pytest.mark.parametrize(
    "value",
    [
        "gestern",
        "",
        "2026-13-01T00:00:00Z",
        "2026-01-01T25:00:00Z",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "2026-01-01T00:00:00+99:00",
        "2026-01-01\x00",
        "1" * 5000,
    ],
)
def test_a_malformed_modified_since_is_refused_with_a_message(client, site_tree, value):
    response = client.get("/api/v2/projects/", {"modified_since": value})
    assert response.status_code == 400
    assert "modified_since" in response.json()["message"]
    assert "ISO 8601" in response.json()["message"]


# --------------------------------------------------------------------------
# Who registers networks
# --------------------------------------------------------------------------

LISTING = "/admin/snippets/discovery/partnernetwork/"


def test_only_the_administration_sees_and_registers_partner_networks(client, site_tree):
    network = PartnerNetwork.objects.create(
        name="Netz Nord", base_url="https://nord.example.org/", last_error="HTTP 503 von …"
    )
    editors = city_governance_ensure(city=site_tree.luebeck).editors
    editor = get_user_model().objects.create_user("redaktion", "r@example.org", "x")
    editor.groups.add(editors)
    client.force_login(editor)
    for path in (
        LISTING,
        f"{LISTING}add/",
        f"{LISTING}edit/{network.pk}/",
        "/admin/snippets/choose/discovery/partnernetwork/",
        f"/admin/snippets/choose/discovery/partnernetwork/chosen/{network.pk}/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        assert "nord.example.org" not in response.text, path
    client.post(
        f"{LISTING}add/", {"name": "Fremdes Netz", "base_url": "https://fremd.example.org/"}
    )
    assert not PartnerNetwork.objects.filter(name="Fremdes Netz").exists()

    admin = get_user_model().objects.create_superuser("verbund", "v@example.org", "x")
    client.force_login(admin)
    listing_page = client.get(LISTING)
    assert "Netz Nord" in listing_page.text and "HTTP 503" in listing_page.text
    form = {
        "name": "Netz Süd",
        "kind": "installation",
        "base_url": "https://sued.example.org/",
        "take_projects": "on",
        "take_lessons": "on",
        "fields_of_action": "Mobilitaet;  energie-klima",
        "active": "on",
    }
    assert client.post(f"{LISTING}add/", form).status_code == 302
    added = PartnerNetwork.objects.get(name="Netz Süd")
    assert added.fields_of_action == "mobilitaet, energie-klima"
    refused = client.post(
        f"{LISTING}add/", form | {"name": "Netz Ost", "fields_of_action": "Mobilität!"}
    )
    assert refused.status_code == 200
    assert "Kein Kürzel eines Handlungsfelds" in refused.text
    unsafe = client.post(
        f"{LISTING}add/", form | {"name": "Netz West", "base_url": "ftp://west.example.org/"}
    )
    assert unsafe.status_code == 200
    assert not PartnerNetwork.objects.filter(name__in=["Netz Ost", "Netz West"]).exists()


def test_the_edit_view_shows_the_outcome_of_the_last_run(client, site_tree):
    network = PartnerNetwork.objects.create(
        name="Katalog Süd",
        kind="publiccode",
        publiccode_sources="https://sued.example.org/a/publiccode.yml",
        last_run_at=datetime.datetime(2026, 11, 30, 4, 0, tzinfo=datetime.UTC),
        last_success_at=None,
        last_error="2 abgelehnt, die übrigen übernommen:\n"
        "https://sued.example.org/a/publiccode.yml: „legal.license“ fehlt.\n"
        "<script>b</script>: „name“ fehlt.",
        project_count=7,
    )
    admin = get_user_model().objects.create_superuser("verbund", "v@example.org", "x")
    client.force_login(admin)

    edit = client.get(f"{LISTING}edit/{network.pk}/")
    assert edit.status_code == 200
    assert "Letzter Lauf" in edit.text
    assert (
        "https://sued.example.org/a/publiccode.yml: „legal.license“ fehlt.<br>"
        "&lt;script&gt;b&lt;/script&gt;: „name“ fehlt." in edit.text
    )
    assert "<script>b</script>" not in edit.text
    # Saving the form leaves what the harvest wrote as it was.
    form = {
        "name": "Katalog Süd",
        "kind": "publiccode",
        "publiccode_sources": "https://sued.example.org/a/publiccode.yml",
        "active": "on",
    }
    assert client.post(f"{LISTING}edit/{network.pk}/", form).status_code == 302
    network.refresh_from_db()
    assert network.project_count == 7 and "2 abgelehnt" in network.last_error

    assert "Letzter Lauf" not in client.get(f"{LISTING}add/").text
