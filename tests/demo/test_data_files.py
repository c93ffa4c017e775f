"""
A broken demo data file: `manage.py load_demo_content` names the file, the
line and the key path of every mistake and stores nothing.

Each test copies the real data files, breaks one the way an editor might, and
runs the command on the copy (`--content-dir`).
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from core.models import SynonymGroup
from demo_files import break_file
from home.models import HomePage
from registry.models import Contact


def stored():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "contacts": Contact.objects.count(),
        "synonyms": SynonymGroup.objects.count(),
        "users": get_user_model().objects.count(),
        "home_title": HomePage.objects.get().title,
    }


def load_fails(content_dir):
    before = stored()
    with pytest.raises(CommandError) as error:
        call_command(
            "load_demo_content", with_users=True, content_dir=content_dir, stdout=StringIO()
        )
    assert stored() == before
    return str(error.value)


@pytest.mark.django_db
def test_a_value_outside_the_choices_is_named_with_file_line_and_key_path(content_dir):
    line = break_file(content_dir, "projects/luebeck.yaml", "status: operation", "status: betrieb")

    message = load_fails(content_dir)

    assert "es wurde nichts gespeichert" in message
    assert f"projects/luebeck.yaml, Zeile {line}, projects[0].status:" in message
    assert "betrieb" in message


@pytest.mark.django_db
def test_broken_yaml_names_the_file_and_line(content_dir):
    line = break_file(content_dir, "news.yaml", "  - slug: lorawan", "  - slug: [lorawan")

    message = load_fails(content_dir)

    assert "news.yaml, Zeile" in message
    assert "kein gültiges YAML" in message
    reported = int(message.split("news.yaml, Zeile ")[1].split(",")[0])
    assert line <= reported <= line + 2


@pytest.mark.django_db
def test_a_contact_missing_from_contacts_yaml_is_named(content_dir):
    line = break_file(
        content_dir,
        "projects/rostock.yaml",
        "contact: Jonas Platzhalter",
        "contact: Jonas Platzhalterr",
    )

    message = load_fails(content_dir)

    assert f"projects/rostock.yaml, Zeile {line}, projects[0].contacts[0].contact:" in message
    assert "„Jonas Platzhalterr“ ist als Kontakt in contacts.yaml nicht bekannt" in message


@pytest.mark.django_db
def test_a_misspelt_key_is_reported_not_ignored_and_all_problems_at_once(content_dir):
    title_line = break_file(content_dir, "cities.yaml", "title: Rostock", "titel: Rostock")
    date_line = break_file(content_dir, "transfers.yaml", "date: 2023-09-15", "date: 15.09.2023")

    message = load_fails(content_dir)

    assert f"cities.yaml, Zeile {title_line}, cities[1].titel: unbekannter Schlüssel" in message
    assert "cities[1]: Schlüssel „title“ fehlt" in message
    assert f"transfers.yaml, Zeile {date_line}, transfers[1].date: erwartet ein Datum" in message


@pytest.mark.django_db
def test_a_missing_file_is_named(content_dir):
    (content_dir / "contacts.yaml").unlink()

    message = load_fails(content_dir)

    assert "contacts.yaml, /: Datei fehlt" in message


@pytest.mark.django_db
def test_an_empty_demo_password_is_refused(content_dir):
    break_file(content_dir, "users.yaml", "password: hanse-demo-2023", "password: ''")

    message = load_fails(content_dir)

    assert "users.yaml" in message
    assert "password: darf nicht leer sein" in message


@pytest.mark.django_db
def test_a_synonym_group_the_admin_would_refuse_is_named(content_dir):
    one_term = break_file(
        content_dir,
        "synonyms.yaml",
        "terms: [Hochwasser, Sturmflut, Überflutung]",
        "terms: [Hochwasser]",
    )
    same_term = break_file(
        content_dir,
        "synonyms.yaml",
        "terms: [Vergabe, Ausschreibung, Beschaffung]",
        "terms: [Vergabe, Ausschreibungen, Ausschreibung]",
    )
    comma = break_file(
        content_dir, "synonyms.yaml", "[Luftqualität, Luftgüte,", "['Luftqualität, Luftgüte',"
    )

    message = load_fails(content_dir)

    assert f"synonyms.yaml, Zeile {one_term}, synonyms[6].terms: Eine Gruppe braucht" in message
    assert (
        f"synonyms.yaml, Zeile {same_term}, synonyms[5].terms: „Ausschreibung“ steht schon "
        "als „Ausschreibungen“ in der Gruppe" in message
    )
    assert f"synonyms.yaml, Zeile {comma}, synonyms[7].terms[0]: ein Begriff je Eintrag" in message


@pytest.mark.django_db
def test_a_synonym_groups_key_may_stand_in_no_other_group(content_dir):
    line = break_file(
        content_dir,
        "synonyms.yaml",
        "terms: [Hochwasser, Sturmflut, Überflutung]",
        "terms: [Parkplätze, Sturmflut, Überflutung]",
    )

    message = load_fails(content_dir)

    assert (
        f"synonyms.yaml, Zeile {line}, synonyms[6].terms: Der erste Begriff „Parkplätze“ ist "
        "der Schlüssel der Gruppe und steht auch in synonyms[1]" in message
    )
