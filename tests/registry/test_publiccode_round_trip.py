"""
publiccode.yml round trip: a file imported and exported again keeps every
field of the standard, field by field, and every language: the German (or
first) description fills the project, a language switched on fills its
translation, the others are kept. What the project page shows of it: the
Markdown as formatted text, never raw and never as HTML from the file.
"""

from pathlib import Path

from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Locale

import pytest
from taggit.models import Tag

import factories
from registry.models import ProjectPage
from registry.publiccode import publiccode_load
from registry.publiccode_rules import validate_publiccode

pytestmark = pytest.mark.django_db

FULL = Path(__file__).parent / "publiccode_cases" / "valid" / "full_round_trip.yml"


def import_file(tmp_path, text: str, *, city="rostock", publish=True):
    path = tmp_path / "publiccode.yml"
    path.write_text(text)
    call_command("import_publiccode", str(path), city=city, publish=publish)


def german_project(city) -> ProjectPage:
    return ProjectPage.objects.get(city=city, locale__language_code="de")


def exported(client, project) -> dict:
    response = client.get(f"{project.url}publiccode.yml")
    assert response.status_code == 200
    document = publiccode_load(response.content)
    assert validate_publiccode(document) == []
    return document


@pytest.fixture
def round_trip(client, site_tree, tmp_path):
    tags_before = Tag.objects.count()
    import_file(tmp_path, FULL.read_text())
    # Wagtail caches the site's root pages; the import added the English one.
    cache.clear()
    project = german_project(site_tree.rostock)
    return {
        "given": publiccode_load(FULL.read_bytes()),
        "project": project,
        "exported": exported(client, project),
        "tags_before": tags_before,
    }


def test_round_trip_keeps_who_owns_it_and_when_it_was_released(round_trip, site_tree):
    given, again = round_trip["given"], round_trip["exported"]
    # Not the importing city: the file names its own copyright owner.
    assert again["legal"] == {
        "license": "EUPL-1.2",
        "mainCopyrightOwner": "Hansestadt Musterhafen",
        "repoOwner": "Hansestadt Musterhafen",
    }
    assert site_tree.rostock.official_name not in str(again["legal"])
    # The release date of the file, not the date the project was published here.
    assert again["releaseDate"] == "2025-03-14"
    assert again["softwareVersion"] == "2.3.1"
    assert again["publiccodeYmlVersion"] == "0"
    assert again["name"] == given["name"] and again["url"] == given["url"]


@pytest.mark.parametrize(
    "field",
    [
        "applicationSuite",
        "landingURL",
        "isBasedOn",
        "logo",
        "organisation",
        "platforms",
        "categories",
        "usedBy",
        "fundedBy",
        "roadmap",
        "developmentStatus",
        "softwareType",
        "intendedAudience",
        "localisation",
        "dependsOn",
    ],
)
def test_round_trip_keeps_the_field(round_trip, field):
    assert round_trip["exported"][field] == round_trip["given"][field]


def test_round_trip_keeps_maintenance_contractors_and_contacts(round_trip):
    maintenance = round_trip["exported"]["maintenance"]
    assert maintenance["type"] == "contract"
    assert maintenance["contractors"] == [
        {
            "name": "Beispiel Software GmbH",
            "email": "kontakt@beispiel-software.example",
            "website": "https://beispiel-software.example",
            "until": "2027-12-31",
        }
    ]
    assert maintenance["contacts"] == round_trip["given"]["maintenance"]["contacts"]


def test_round_trip_keeps_every_language_as_written(round_trip):
    given, again = round_trip["given"], round_trip["exported"]
    # German first, then the translation; a YAML mapping's order means nothing
    # beyond that (PostgreSQL's jsonb keeps the kept languages sorted).
    assert list(again["description"])[:2] == ["de", "en"]
    assert set(again["description"]) == {"de", "en", "nl", "it"}
    for language in ("de", "en", "nl", "it"):
        assert again["description"][language] == given["description"][language], language


def test_features_stay_features_and_categories_file_the_project(round_trip):
    project = round_trip["project"]
    assert not project.tags.exists()
    assert Tag.objects.count() == round_trip["tags_before"]
    # feedback-and-reviews-management and geographic-information-systems
    # correspond to fields of action; help-desk to none.
    assert sorted(f.slug for f in project.fields_of_action.all()) == [
        "beteiligung",
        "stadtentwicklung",
    ]


def test_the_english_description_becomes_the_english_translation(round_trip, client):
    project = round_trip["project"]
    english = ProjectPage.objects.get(
        translation_key=project.translation_key, locale__language_code="en"
    )
    assert english.live and english.title == "Defect reporter"
    assert english.summary.startswith("Report damage in public space")
    assert english.city.locale.language_code == "en"
    page = client.get(english.url)
    assert page.status_code == 200
    assert "<i>defect reporter</i>" in page.content.decode()
    # Dutch and Italian are not switched on: no pages, but kept for the export.
    assert not ProjectPage.objects.exclude(locale__language_code__in=["de", "en"]).exists()


def test_the_project_page_shows_markdown_formatted_and_nothing_of_the_files_html(
    round_trip, client
):
    text = client.get(round_trip["project"].url).content.decode()
    assert "<b>Mängelmelder</b> nimmt Hinweise" in text
    assert "So funktioniert es</h2>" in text
    assert "<li>Foto anhängen</li>" in text
    assert '<a href="https://maengelmelder.example/handbuch">Handbuch</a>' in text
    assert "**Mängelmelder**" not in text
    assert "&lt;script&gt;alert" in text and '<script>alert("nein")' not in text
    assert 'href="javascript:' not in text


def test_an_unchanged_file_imported_again_changes_nothing(round_trip, client, tmp_path):
    import_file(tmp_path, FULL.read_text())

    project = round_trip["project"]
    assert ProjectPage.objects.filter(city__slug="rostock").count() == 2  # German and English
    assert ProjectPage.objects.filter(translation_key=project.translation_key).count() == 2
    assert exported(client, project) == round_trip["exported"]


def test_an_edited_project_exports_its_new_text_and_keeps_the_other_languages(round_trip, client):
    project = round_trip["project"]
    project.summary = "Schäden melden, mit Foto und Ort, direkt an das zuständige Amt."
    project.save_revision().publish()

    again = exported(client, ProjectPage.objects.get(pk=project.pk))
    german = again["description"]["de"]
    assert german["shortDescription"] == project.summary
    assert german["longDescription"].startswith(project.summary)
    assert "## So funktioniert es" in german["longDescription"]
    assert "- Foto anhängen" in german["longDescription"]
    # What the registry has no field for stays as the file gave it.
    assert german["features"] == round_trip["given"]["description"]["de"]["features"]
    assert german["localisedName"] == "Mängelmelder"
    for language in ("en", "nl", "it"):
        assert again["description"][language] == round_trip["given"]["description"][language]


def test_a_language_switched_on_by_setting_gets_its_translation(client, site_tree, tmp_path):
    languages = [("de", "Deutsch"), ("en", "English"), ("pl", "Polski")]
    with override_settings(
        WAGTAIL_CONTENT_LANGUAGES=languages,
        LANGUAGES=languages,
    ):
        Locale.objects.get_or_create(language_code="pl")
        import_file(tmp_path, FULL.read_text().replace("\n  nl:\n", "\n  pl:\n"))
        project = german_project(site_tree.rostock)
        polish = ProjectPage.objects.get(
            translation_key=project.translation_key, locale__language_code="pl"
        )
        assert polish.summary.startswith("Schade in de openbare ruimte")
        again = exported(client, project)
    assert list(again["description"]) == ["de", "en", "pl", "it"]


def test_a_file_without_german_fills_the_project_and_is_exported_in_its_language(
    client, site_tree, tmp_path
):
    english_only = (Path(FULL).parent / "english_only.yml").read_text()
    import_file(tmp_path, english_only)

    project = german_project(site_tree.rostock)
    assert project.summary.startswith("Report damage")
    again = exported(client, project)
    # English stays English: not exported as German.
    assert list(again["description"]) == ["en-GB"]


def test_the_export_names_every_published_translation(client, site_tree):
    project = site_tree.project
    english = factories.translation_of(project)
    english.summary = "Sensors report free parking spaces on the old town island."
    english.save_revision().publish()

    document = exported(client, ProjectPage.objects.get(pk=project.pk))

    assert list(document["description"]) == ["de", "en"]
    assert document["description"]["de"]["shortDescription"] == project.summary
    assert document["description"]["en"]["shortDescription"] == english.summary
    # Under the English address the same file.
    assert exported(client, english) == document


def test_a_draft_translation_is_not_exported(client, site_tree):
    english = factories.translation_of(site_tree.project)
    english.unpublish()

    document = exported(client, ProjectPage.objects.get(pk=site_tree.project.pk))

    assert list(document["description"]) == ["de"]
