"""
Harvesting a publiccode.yml catalogue: a folder of files on this machine and
a list of web addresses served by a real HTTP server in a thread. The files
are our own cases (tests/registry/publiccode_cases/), renamed so each copy
is told apart. What an administration notices: which software is taken,
which file was refused and for which field, that a re-run follows the
catalogue, that an unreadable catalogue keeps the previous copy, and that the
registry's own projects are never touched.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

import pytest

from discovery import harvest as harvest_module
from discovery.choices import PartnerNetworkKind
from discovery.models import HarvestedLesson, HarvestedProject, PartnerNetwork
from registry.models import ProjectPage

CASES = Path(__file__).resolve().parent.parent / "registry" / "publiccode_cases"
LISTING = "/admin/snippets/discovery/partnernetwork/"


def case(path: str, *, name: str | None = None) -> bytes:
    """One of our cases, under another name (they all describe „Mängelmelder“)."""
    text = (CASES / path).read_text()
    if name:
        text = text.replace("name: Mängelmelder", f"name: {name}", 1)
    return text.encode()


def harvest(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("harvest_network", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def titles(network) -> list[str]:
    return sorted(HarvestedProject.objects.filter(network=network).values_list("title", flat=True))


# --------------------------------------------------------------------------
# A folder on this machine
# --------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path):
    catalogue = tmp_path / "katalog"
    (catalogue / "musterhafen").mkdir(parents=True)
    (catalogue / "beispielwik" / "tief").mkdir(parents=True)
    (catalogue / ".git").mkdir()
    (catalogue / "musterhafen" / "publiccode.yml").write_bytes(
        case("valid/full_round_trip.yml", name="Mängelmelder Musterhafen")
    )
    (catalogue / "beispielwik" / "tief" / "publiccode.yaml").write_bytes(
        case("valid/english_only.yml", name="Defect Reporter Beispielwik")
    )
    (catalogue / "minimal.yml").write_bytes(case("valid/minimal.yml", name="Minimaler Melder"))
    (catalogue / "lizenz.yml").write_bytes(case("invalid/licence_unknown.yml"))
    (catalogue / "ohne-name.yml").write_bytes(case("invalid/name_missing.yml"))
    # Not read: other file types, hidden files and folders.
    (catalogue / "LIESMICH.md").write_text("name: kein Katalogeintrag")
    (catalogue / ".entwurf.yml").write_bytes(case("valid/minimal.yml", name="Versteckt"))
    (catalogue / ".git" / "config.yml").write_bytes(case("valid/minimal.yml", name="Git"))
    return catalogue


@pytest.mark.django_db
def test_a_folder_is_taken_file_by_file_and_bad_files_are_named_with_their_field(folder):
    out, err = harvest("--publiccode", str(folder), "--network", "openCode")

    network = PartnerNetwork.objects.get(name="openCode")
    assert network.kind == PartnerNetworkKind.PUBLICCODE_CATALOGUE
    assert not network.active  # its sources are the command line's
    assert titles(network) == [
        "Defect Reporter Beispielwik",
        "Minimaler Melder",
        "Mängelmelder Musterhafen",
    ]
    assert "openCode: Projekte: 3 neu, 0 geändert, 0 entfernt, 0 unverändert" in out
    licence_file = str(folder.resolve() / "lizenz.yml")
    nameless_file = str(folder.resolve() / "ohne-name.yml")
    assert f"abgelehnt: {licence_file}: legal.license:" in err
    assert f"abgelehnt: {nameless_file}: name: Pflichtangabe fehlt." in err
    assert network.last_success_at == network.last_run_at
    assert "2 abgelehnt" in network.last_error
    assert licence_file in network.last_error and nameless_file in network.last_error
    assert network.project_count == 3

    full = HarvestedProject.objects.get(title="Mängelmelder Musterhafen")
    assert full.summary == "Schäden im Stadtraum mit Foto und Ort an die Verwaltung melden."
    assert full.status == "operation" and full.status_label == "Im Betrieb"
    assert full.licence == "EUPL-1.2"
    assert full.repository_url == "https://code.example.org/musterhafen/maengelmelder.git"
    assert full.source_url == "https://maengelmelder.example"  # landingURL
    assert full.city_name == "Hansestadt Musterhafen"  # the first of usedBy
    assert full.tags == [
        "feedback-and-reviews-management",
        "geographic-information-systems",
        "help-desk",
    ]
    assert {entry["slug"] for entry in full.fields_of_action} == {
        "beteiligung",
        "stadtentwicklung",
    }
    assert all(entry["name"] for entry in full.fields_of_action)
    assert full.translation_key is None and full.start_date is None
    assert not HarvestedLesson.objects.exists()

    english = HarvestedProject.objects.get(title="Defect Reporter Beispielwik")
    assert english.summary.startswith("Report damage in public space")
    assert english.status == "pilot"  # beta
    # No landingURL in a file from a folder: the repository is the link back.
    assert english.source_url == english.repository_url
    assert 0 < english.source_id < 2**63


@pytest.mark.django_db
def test_rerunning_a_folder_updates_removes_and_keeps_a_refused_files_copy(folder):
    harvest("--publiccode", str(folder), "--network", "openCode")
    network = PartnerNetwork.objects.get(name="openCode")
    minimal = HarvestedProject.objects.get(title="Minimaler Melder")

    (folder / "minimal.yml").write_bytes(case("valid/minimal.yml", name="Minimaler Melder 2"))
    (folder / "beispielwik" / "tief" / "publiccode.yaml").unlink()
    # Full of mistakes now: its previous copy stays until the file is mended.
    (folder / "musterhafen" / "publiccode.yml").write_bytes(
        case("invalid/status_unknown.yml", name="Kaputt")
    )
    out, err = harvest("--publiccode", str(folder), "--network", "openCode")

    assert "Projekte: 0 neu, 1 geändert, 1 entfernt, 1 unverändert" in out
    assert titles(network) == ["Minimaler Melder 2", "Mängelmelder Musterhafen"]
    assert HarvestedProject.objects.get(title="Minimaler Melder 2").pk == minimal.pk
    assert "musterhafen/publiccode.yml: developmentStatus:" in err
    network.refresh_from_db()
    assert "3 abgelehnt" in network.last_error
    assert network.project_count == 2


@pytest.mark.django_db
def test_a_folder_that_is_gone_or_holds_only_bad_files_keeps_the_previous_copy(folder, tmp_path):
    harvest("--publiccode", str(folder), "--network", "openCode")
    network = PartnerNetwork.objects.get(name="openCode")
    before = titles(network)

    with pytest.raises(CommandError, match="openCode"):
        harvest("--publiccode", str(tmp_path / "fehlt"), "--network", "openCode")
    network.refresh_from_db()
    assert "gibt es nicht" in network.last_error
    assert titles(network) == before

    only_bad = tmp_path / "nur-fehler"
    only_bad.mkdir()
    (only_bad / "a.yml").write_bytes(case("invalid/licence_unknown.yml"))
    (only_bad / "b.yml").write_text("name: [kein yaml")
    err = StringIO()
    with pytest.raises(CommandError, match="die bisherigen Kopien bleiben"):
        call_command(
            "harvest_network",
            "--publiccode",
            str(only_bad),
            "--network",
            "openCode",
            stdout=StringIO(),
            stderr=err,
        )
    network.refresh_from_db()
    assert network.last_error.startswith("Keine der 2 Dateien übernommen")
    assert "a.yml: legal.license:" in network.last_error
    assert "b.yml: (YAML): Zeile 1" in network.last_error
    assert "legal.license" in err.getvalue()
    assert titles(network) == before
    assert network.last_success_at < network.last_run_at


def test_the_registrys_own_projects_are_never_touched(site_tree, folder):
    # A local project describing the same software as a file in the catalogue.
    local = site_tree.project
    local.repository_url = "https://code.example.org/musterhafen/maengelmelder.git"
    local.save_revision().publish()
    before = list(
        ProjectPage.objects.order_by("pk").values_list(
            "pk", "title", "summary", "latest_revision_id", "live"
        )
    )
    harvest("--publiccode", str(folder), "--network", "openCode")
    after = list(
        ProjectPage.objects.order_by("pk").values_list(
            "pk", "title", "summary", "latest_revision_id", "live"
        )
    )
    assert after == before
    assert HarvestedProject.objects.count() == 3


@pytest.mark.django_db
def test_what_a_copy_cannot_hold_is_refused_with_its_field(tmp_path):
    minimal = case("valid/minimal.yml").decode()
    (tmp_path / "nul.yml").write_text(minimal.replace("name: Mängelmelder", 'name: "Park\\0haus"'))
    (tmp_path / "lang.yml").write_text(minimal.replace("Mängelmelder", "M" * 300, 1))
    (tmp_path / "ssh.yml").write_text(
        minimal.replace("https://code.example.org/", "ssh://git@code.example.org/")
    )
    (tmp_path / "gut.yml").write_text(minimal)
    _out, err = harvest("--publiccode", str(tmp_path), "--network", "openCode")
    assert "nul.yml: name: Enthält ein Nullzeichen" in err
    assert "lang.yml: name: Höchstens 255 Zeichen" in err
    assert "ssh.yml: landingURL: Fehlt, und url ist keine http(s)-Adresse" in err
    assert titles(PartnerNetwork.objects.get(name="openCode")) == ["Mängelmelder"]


@pytest.mark.django_db
def test_a_link_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "geheim.yml"
    outside.write_bytes(case("valid/minimal.yml", name="Von außerhalb"))
    folder = tmp_path / "katalog"
    folder.mkdir()
    (folder / "gut.yml").write_bytes(case("valid/minimal.yml"))
    (folder / "verweis.yml").symlink_to(outside)
    _out, err = harvest("--publiccode", str(folder), "--network", "openCode")
    assert "verweis.yml: (Datei): Verweist aus dem Ordner" in err
    assert titles(PartnerNetwork.objects.get(name="openCode")) == ["Mängelmelder"]


@pytest.mark.django_db
def test_a_catalogue_out_of_time_keeps_the_previous_copy(folder, monkeypatch):
    harvest("--publiccode", str(folder), "--network", "openCode")
    network = PartnerNetwork.objects.get(name="openCode")
    before = titles(network)
    (folder / "minimal.yml").unlink()
    monkeypatch.setattr(harvest_module, "NETWORK_DEADLINE", -1)
    with pytest.raises(CommandError, match="openCode"):
        harvest("--publiccode", str(folder), "--network", "openCode")
    network.refresh_from_db()
    assert "Zeitlimit" in network.last_error
    assert titles(network) == before


@pytest.mark.django_db
def test_the_command_line_refuses_what_it_cannot_read():
    with pytest.raises(CommandError, match="gehören zusammen"):
        harvest("--publiccode", "https://x.example/publiccode.yml")
    with pytest.raises(CommandError, match="nur http\\(s\\)-Adressen oder Ordner"):
        harvest("--publiccode", "ftp://x.example/publiccode.yml", "--network", "Katalog")
    PartnerNetwork.objects.create(name="Partner", base_url="https://partner.example/")
    with pytest.raises(CommandError, match="ist eine Installation"):
        harvest("--publiccode", "https://x.example/publiccode.yml", "--network", "Partner")
    assert not PartnerNetwork.objects.filter(name="Katalog").exists()


@pytest.mark.django_db
def test_only_the_chosen_fields_of_action_are_taken(folder):
    PartnerNetwork.objects.create(
        name="openCode",
        kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE,
        active=False,
        fields_of_action="stadtentwicklung",
    )
    harvest("--publiccode", str(folder), "--network", "openCode")
    assert titles(PartnerNetwork.objects.get(name="openCode")) == ["Mängelmelder Musterhafen"]


# --------------------------------------------------------------------------
# Web addresses, served by a real HTTP server
# --------------------------------------------------------------------------


class Files(BaseHTTPRequestHandler):
    """Answers GET /<name> with the bytes in server.files, else 404."""

    def do_GET(self):
        body = self.server.files.get(self.path.lstrip("/"))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/yaml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Files)
    server.files = {
        "musterhafen/publiccode.yml": case("valid/full_round_trip.yml", name="Mängelmelder"),
        "beispielwik/publiccode.yml": case("valid/minimal.yml", name="Baustellenkarte"),
        "kaputt/publiccode.yml": case("invalid/licence_unknown.yml"),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_port}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def catalogue(web, *names, active=True) -> PartnerNetwork:
    return PartnerNetwork.objects.create(
        name="Developers Italia",
        kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE,
        base_url="https://developers.italia.example/",
        publiccode_sources="\n".join(f"{web.base}/{name}" for name in names),
        active=active,
    )


@pytest.mark.django_db
def test_a_list_of_addresses_is_harvested_like_any_active_network(web):
    network = catalogue(
        web,
        "musterhafen/publiccode.yml",
        "beispielwik/publiccode.yml",
        "kaputt/publiccode.yml",
        "fehlt/publiccode.yml",
    )
    out, err = harvest()

    assert titles(network) == ["Baustellenkarte", "Mängelmelder"]
    assert "Developers Italia: Projekte: 2 neu" in out
    assert f"{web.base}/kaputt/publiccode.yml: legal.license:" in err
    assert f"HTTP 404 von {web.base}/fehlt/publiccode.yml" in err
    # No landingURL: the file's address is the link back.
    minimal = HarvestedProject.objects.get(title="Baustellenkarte")
    assert minimal.source_url == f"{web.base}/beispielwik/publiccode.yml"
    assert HarvestedProject.objects.get(title="Mängelmelder").source_url == (
        "https://maengelmelder.example"
    )
    network.refresh_from_db()
    assert "2 abgelehnt" in network.last_error and "kaputt/publiccode.yml" in network.last_error

    # The catalogue changes: one file changed, one no longer listed, one unreachable.
    web.files["musterhafen/publiccode.yml"] = case(
        "valid/full_round_trip.yml", name="Mängelmelder"
    ).replace(b"developmentStatus: stable", b"developmentStatus: obsolete")
    network.publiccode_sources = "\n".join(
        f"{web.base}/{name}" for name in ("musterhafen/publiccode.yml", "kaputt/publiccode.yml")
    )
    network.save()
    out, _err = harvest("Developers Italia")
    assert "Projekte: 0 neu, 1 geändert, 1 entfernt, 0 unverändert" in out
    assert titles(network) == ["Mängelmelder"]
    assert HarvestedProject.objects.get(title="Mängelmelder").status == "discontinued"

    # The web address fails for a while: the copy of its file stays.
    del web.files["musterhafen/publiccode.yml"]
    web.files["neu/publiccode.yml"] = case("valid/minimal.yml", name="Neu")
    network.publiccode_sources += f"\n{web.base}/neu/publiccode.yml"
    network.save()
    out, err = harvest()
    assert titles(network) == ["Mängelmelder", "Neu"]
    assert "HTTP 404" in err


@pytest.mark.django_db
def test_a_catalogue_that_cannot_be_read_keeps_the_previous_copy(web):
    network = catalogue(web, "musterhafen/publiccode.yml", "beispielwik/publiccode.yml")
    harvest()
    before = titles(network)
    web.shutdown()
    web.server_close()

    with pytest.raises(CommandError, match="Developers Italia"):
        harvest()
    network.refresh_from_db()
    assert network.last_error.startswith("Keine der 2 Dateien übernommen")
    assert "nicht erreichbar" in network.last_error
    assert titles(network) == before


@pytest.mark.django_db
def test_a_file_larger_than_the_import_allows_is_refused_unread(web):
    web.files["riesig/publiccode.yml"] = b"#" * (2 * 1024 * 1024)
    network = catalogue(web, "beispielwik/publiccode.yml", "riesig/publiccode.yml")
    _out, err = harvest()
    assert "riesig/publiccode.yml ist größer als" in err
    assert titles(network) == ["Baustellenkarte"]


@pytest.mark.django_db
def test_a_folder_stored_in_the_network_is_read_only_below_the_allowed_roots(folder, tmp_path):
    network = PartnerNetwork.objects.create(
        name="Spiegel",
        kind=PartnerNetworkKind.PUBLICCODE_CATALOGUE,
        publiccode_sources=str(folder),
    )
    with override_settings(PUBLICCODE_CATALOGUE_ROOTS=[str(tmp_path)]):
        harvest()
    assert len(titles(network)) == 3
    # The roots changed since: the stored folder is no longer read.
    with override_settings(PUBLICCODE_CATALOGUE_ROOTS=[]), pytest.raises(CommandError):
        harvest()
    network.refresh_from_db()
    assert "PUBLICCODE_CATALOGUE_ROOTS ist leer" in network.last_error
    assert len(titles(network)) == 3


# --------------------------------------------------------------------------
# Registering a catalogue in the admin
# --------------------------------------------------------------------------


def test_the_admin_form_says_which_combination_is_wrong(client, site_tree, tmp_path):
    admin = get_user_model().objects.create_superuser("verbund", "v@example.org", "x")
    client.force_login(admin)
    catalogue_form = {
        "name": "openCode",
        "kind": "publiccode",
        "base_url": "",
        "publiccode_sources": "https://opencode.example/a/publiccode.yml\n\n"
        "  https://opencode.example/b/publiccode.yml  ",
        "fields_of_action": "",
        "active": "on",
    }

    def refused(changes: dict, message: str):
        response = client.post(f"{LISTING}add/", catalogue_form | changes)
        assert response.status_code == 200, changes
        assert message in response.text, changes

    refused(
        {"kind": "installation"},
        "Eine Installation braucht ihre Adresse",
    )
    refused(
        {"kind": "installation", "base_url": "https://partner.example/"},
        "publiccode.yml-Quellen gibt es nur bei einem Katalog",
    )
    refused({"publiccode_sources": ""}, "Ein aktiver Katalog braucht mindestens eine Quelle")
    refused({"publiccode_sources": "ftp://x.example/publiccode.yml"}, "nur http(s)-Adressen")
    refused({"publiccode_sources": "/etc"}, "PUBLICCODE_CATALOGUE_ROOTS ist leer")
    with override_settings(PUBLICCODE_CATALOGUE_ROOTS=[str(tmp_path)]):
        refused({"publiccode_sources": "/etc"}, "liegt in keinem freigegebenen Ordner")
        refused({"publiccode_sources": f"{tmp_path}/../.."}, "liegt in keinem freigegebenen")
        allowed = client.post(
            f"{LISTING}add/",
            catalogue_form | {"name": "Spiegel", "publiccode_sources": str(tmp_path / "a")},
        )
        assert allowed.status_code == 302
    assert not PartnerNetwork.objects.exclude(name="Spiegel").exists()
    PartnerNetwork.objects.create(name="Partner", base_url="https://partner.example/")
    refused(
        {"base_url": "https://partner.example/"},
        "Diese Adresse hat schon ein anderes Partnernetzwerk",
    )

    assert client.post(f"{LISTING}add/", catalogue_form).status_code == 302
    added = PartnerNetwork.objects.get(name="openCode")
    assert added.publiccode_sources == (
        "https://opencode.example/a/publiccode.yml\nhttps://opencode.example/b/publiccode.yml"
    )
    # An inactive catalogue may have no sources: the command line gives them.
    quiet = catalogue_form | {"name": "Still", "publiccode_sources": "", "active": ""}
    assert client.post(f"{LISTING}add/", quiet).status_code == 302

    listing = client.get(LISTING).text
    assert "Katalog von publiccode.yml-Dateien" in listing
