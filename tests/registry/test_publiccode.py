"""publiccode.yml: the export per project, the validator and `manage.py import_publiccode`."""

import copy
import time

from django.core.management import CommandError, call_command

import pytest
import yaml

import factories
from registry.choices import ProjectStatus
from registry.models import Contact, FieldOfAction, ProjectPage
from registry.publiccode import project_to_publiccode, validate_publiccode
from registry.publiccode_rules import SUPPORTED_VERSIONS


def export(client, project):
    response = client.get(f"{project.url}publiccode.yml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    return response.content.decode()


@pytest.fixture
def software(site_tree):
    project = site_tree.project
    project.fields_of_action.set([FieldOfAction.objects.get(slug="mobilitaet")])
    project.summary = (
        "Sensoren melden freie Parkplätze in der Altstadtinsel, Anzeigetafeln leiten "
        "Autofahrende dorthin, und eine offene Schnittstelle gibt die Belegung an andere "
        "Dienste weiter, rund um die Uhr."
    )
    project.save_revision().publish()
    return ProjectPage.objects.get(pk=project.pk)


def test_export_is_valid_publiccode_version_0_with_public_contacts_only(
    client, software, site_tree
):
    data = yaml.safe_load(export(client, software))
    assert validate_publiccode(data) == []
    # The version the reference parser recommends.
    assert data["publiccodeYmlVersion"] == "0"
    assert data["url"] == software.repository_url
    assert data["developmentStatus"] == "stable"
    assert data["platforms"] == ["web"]
    assert data["legal"]["license"] == "EUPL-1.2"
    description = data["description"]["de"]
    assert len(description["shortDescription"]) <= 150
    assert description["shortDescription"].endswith("…")
    assert len(description["longDescription"]) >= 150
    assert {"LoRaWAN", "Parken", "Mobilität"} <= set(description["features"])
    contacts = data["maintenance"]["contacts"]
    assert [c["email"] for c in contacts] == [site_tree.public_contact.email]
    text = export(client, software)
    assert site_tree.partners_contact.name not in text
    assert site_tree.partners_contact.email not in text


def test_no_export_without_repository_or_for_non_software(client, site_tree):
    no_repo = factories.ProjectPageFactory(parent=site_tree.luebeck, repository_url="")
    concept = factories.ProjectPageFactory(parent=site_tree.luebeck, reusable_software=False)
    draft = factories.ProjectPageFactory(parent=site_tree.luebeck, live=False)
    for project in (no_repo, concept):
        assert client.get(f"{project.url}publiccode.yml").status_code == 404
    draft_url = f"/staedte/luebeck/{draft.slug}/publiccode.yml"
    assert client.get(draft_url).status_code == 404


def write(tmp_path, content: str | bytes, name="publiccode.yml"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def test_round_trip_export_then_import_into_another_city_loses_no_field(
    client, software, site_tree, tmp_path
):
    text = export(client, software)
    call_command("import_publiccode", write(tmp_path, text), city="rostock", publish=True)

    imported = ProjectPage.objects.get(city=site_tree.rostock)
    assert imported.live
    assert imported.title == software.title
    assert imported.repository_url == software.repository_url
    assert imported.status == software.status
    assert imported.summary == software.summary
    assert imported.licence == software.licence
    assert imported.reusable_software
    # Features stay features (kept for the export): they never become tags.
    assert not imported.tags.exists()
    assert [f.slug for f in imported.fields_of_action.all()] == ["mobilitaet"]
    body_text = " ".join(block.value.source for block in imported.body)
    assert "Ausgangslage, Lösung, Ergebnisse." in body_text
    emails = [link.contact.email for link in imported.project_contacts.all()]
    assert emails == [site_tree.public_contact.email]
    # Exporting the imported project gives the same description again.
    again = yaml.safe_load(export(client, imported))
    first = yaml.safe_load(text)
    assert again["description"] == first["description"]


def test_import_updates_the_project_with_the_same_repository(software, site_tree, tmp_path):
    data = project_to_publiccode(project=software, page_url="https://example.org/p/")
    data["name"] = "Parkraumsteuerung 2.0"
    data["url"] = software.repository_url + ".git"
    data["developmentStatus"] = "stable"
    call_command(
        "import_publiccode", write(tmp_path, yaml.safe_dump(data)), city="luebeck", publish=True
    )
    assert ProjectPage.objects.filter(city=site_tree.luebeck).count() == 1
    updated = ProjectPage.objects.get(pk=software.pk)
    assert updated.title == "Parkraumsteuerung 2.0"
    assert updated.status == ProjectStatus.OPERATION


def test_new_import_is_a_draft_unless_published(software, site_tree, tmp_path):
    data = project_to_publiccode(project=software, page_url="")
    data["url"] = "https://code.example.org/neu"
    call_command("import_publiccode", write(tmp_path, yaml.safe_dump(data)), city="rostock")
    imported = ProjectPage.objects.get(repository_url="https://code.example.org/neu")
    assert not imported.live


def valid_document(software):
    return project_to_publiccode(project=software, page_url="https://example.org/p/")


def broken(software, change):
    data = copy.deepcopy(valid_document(software))
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


BROKEN_FILES = {
    "bad_yaml": (lambda s: "name: [unclosed\nurl: x: y", "(YAML)"),
    "missing_name": (lambda s: broken(s, lambda d: d.pop("name")), "name: Pflichtangabe fehlt."),
    "missing_licence": (
        lambda s: broken(s, lambda d: d["legal"].pop("license")),
        "legal.license: Pflichtangabe fehlt.",
    ),
    "missing_short_description": (
        lambda s: broken(s, lambda d: d["description"]["de"].pop("shortDescription")),
        "description.de.shortDescription: Pflichtangabe fehlt.",
    ),
    "platforms_not_a_list": (
        lambda s: broken(s, lambda d: d.update(platforms="web")),
        "platforms: Erwartet: Liste",
    ),
    "version_as_number": (
        lambda s: broken(s, lambda d: d.update(publiccodeYmlVersion=0.4)),
        "publiccodeYmlVersion:",
    ),
    "unknown_licence": (
        lambda s: broken(s, lambda d: d["legal"].update(license="Hanse-Lizenz-1.0")),
        "legal.license: Unbekannte SPDX-Lizenz",
    ),
    "unknown_status": (
        lambda s: broken(s, lambda d: d.update(developmentStatus="fertig")),
        "developmentStatus:",
    ),
}


def test_unknown_city_is_an_error(software, tmp_path):
    with pytest.raises(CommandError, match="Keine Stadt"):
        call_command(
            "import_publiccode",
            write(tmp_path, yaml.safe_dump(valid_document(software))),
            city="atlantis",
        )


@pytest.mark.parametrize("version", SUPPORTED_VERSIONS)
def test_validator_accepts_every_supported_version(software, version):
    data = valid_document(software)
    data["publiccodeYmlVersion"] = version
    data["categories"] = ["it-development"]
    data["releaseDate"] = "2024-01-01"
    assert validate_publiccode(data) == []


def test_validator_rejects_unsupported_version(software):
    data = valid_document(software)
    data["publiccodeYmlVersion"] = "0.1"
    assert [e.path for e in validate_publiccode(data)] == ["publiccodeYmlVersion"]


def billion_laughs() -> bytes:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, 10):
        previous = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{previous}]")
    return ("\n".join(lines) + "\n").encode()


def valid_text(software) -> str:
    return yaml.safe_dump(valid_document(software), allow_unicode=True)


# Each a file that is no publiccode.yml: (bytes, what the message names).
MALFORMED_FILES = {
    "top_level_list": (lambda s: b"- name: x\n- url: y\n", "(Dokument): "),
    "top_level_scalar": (lambda s: b"42\n", "(Dokument): "),
    "empty_file": (lambda s: b"", "(Dokument): "),
    "description_a_list": (
        lambda s: broken(s, lambda d: d.update(description=["de"])).encode(),
        "description: Erwartet: Abschnitt",
    ),
    "short_description_a_mapping": (
        lambda s: broken(
            s, lambda d: d["description"]["de"].update(shortDescription={"x": 1})
        ).encode(),
        "description.de.shortDescription: Erwartet: Text",
    ),
    "features_of_mappings": (
        lambda s: broken(s, lambda d: d["description"]["de"].update(features=[{"a": 1}])).encode(),
        "description.de.features[0]: Erwartet: Text",
    ),
    "contacts_a_text": (
        lambda s: broken(s, lambda d: d["maintenance"].update(contacts="Frau Muster")).encode(),
        "maintenance.contacts: Erwartet: Liste",
    ),
    "contact_email_a_number": (
        lambda s: broken(s, lambda d: d["maintenance"]["contacts"][0].update(email=42)).encode(),
        "maintenance.contacts[0].email: „42“ ist keine E-Mail-Adresse.",
    ),
    "number_as_key": (
        lambda s: valid_text(s).encode() + b"1: eins\n",
        "(Dokument): Schlüssel 1 muss Text sein.",
    ),
    "number_as_language": (
        lambda s: broken(
            s, lambda d: d["description"].update({7: d["description"]["de"]})
        ).encode(),
        "description: Schlüssel 7 muss Text sein.",
    ),
    "list_as_key": (lambda s: b"? [a, b]\n: x\n", "(YAML)"),
    "invalid_utf8": (
        lambda s: valid_text(s).encode() + b"name: M\xfcnchen\n",
        "kein gültiges UTF-8",
    ),
    "binary_junk": (lambda s: bytes(range(256)) * 4, "(Datei): Byte 129: kein gültiges UTF-8"),
    "control_characters": (lambda s: b"name: a\x00\x01b\n", "unzulässiges Steuerzeichen"),
    "tab_indented": (
        lambda s: b"name: x\nlegal:\n\tlicense: EUPL-1.2\n",
        "Tabulatoren sind in YAML zum Einrücken nicht erlaubt",
    ),
    "duplicate_key": (
        lambda s: valid_text(s).encode() + b"name: Noch ein Name\n",
        "Schlüssel „name“ kommt doppelt vor",
    ),
    "impossible_date": (
        lambda s: (
            broken(s, lambda d: d.update(releaseDate="x"))
            .replace("releaseDate: x", "releaseDate: 2024-02-30")
            .encode()
        ),
        "(YAML): ungültiger Wert",
    ),
    "deeply_nested": (lambda s: b"name: " + b"[" * 5000 + b"]" * 5000 + b"\n", "Ebenen"),
    "self_referencing_alias": (lambda s: b"name: &a [*a]\n", "auf sich selbst"),
    "billion_laughs": (lambda s: billion_laughs(), "Einträge"),
    "many_aliases": (
        lambda s: b"a: &a x\nb: [" + b", ".join([b"*a"] * 500) + b"]\n",
        "mehr als 100 Verweise",
    ),
    "two_documents": (lambda s: valid_text(s).encode() + b"---\nname: x\n", "(YAML)"),
}


# Whether a file breaks the standard or YAML itself, the import reports it the same way.
UNIMPORTABLE_FILES = BROKEN_FILES | MALFORMED_FILES
assert len(UNIMPORTABLE_FILES) == len(BROKEN_FILES) + len(MALFORMED_FILES)


@pytest.mark.parametrize("case", UNIMPORTABLE_FILES)
def test_broken_files_report_the_field_and_change_nothing(
    case, software, site_tree, tmp_path, capsys
):
    make, expected = UNIMPORTABLE_FILES[case]
    before = ProjectPage.objects.count(), Contact.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_publiccode", write(tmp_path, make(software)), city="rostock")
    assert "nichts geändert" in str(error.value)
    assert expected in capsys.readouterr().err
    assert (ProjectPage.objects.count(), Contact.objects.count()) == before


@pytest.mark.parametrize(
    "make, expected",
    [
        (billion_laughs, "Einträge"),
        (lambda: b"# " + b"x" * (50 * 1024 * 1024) + b"\n", "größer als 1024 KiB"),
    ],
    ids=["yaml_bomb", "fifty_megabytes"],
)
def test_bombs_and_huge_files_are_refused_at_once(make, expected, site_tree, tmp_path, capsys):
    path = write(tmp_path, make())
    started = time.monotonic()
    with pytest.raises(CommandError, match="nichts geändert"):
        call_command("import_publiccode", path, city="rostock")
    # Measured well under a second; the bound leaves room for a busy machine.
    assert time.monotonic() - started < 3
    assert expected in capsys.readouterr().err


def test_a_file_with_a_few_anchors_still_imports(software, site_tree, tmp_path):
    text = (
        valid_text(software).replace("platforms:\n- web\n", "platforms: &platforms\n- web\n")
        + "usedBy: *platforms\n"
    )
    assert "&platforms" in text
    text = text.replace(software.repository_url, "https://code.example.org/anker")
    call_command("import_publiccode", write(tmp_path, text), city="rostock")
    assert ProjectPage.objects.filter(repository_url="https://code.example.org/anker").exists()
