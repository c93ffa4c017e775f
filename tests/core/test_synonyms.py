"""
The synonyms the alliance maintains, as the search sees them: which groups
are valid, what a term expands to, and that an edit in the admin reaches the
very next search. Who may edit them is tested in tests/governance.
"""

import importlib

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from core.models import SynonymGroup
from core.search.synonyms import (
    SynonymMatch,
    synonym_expansions,
    synonym_matches,
    synonym_table,
)

LISTING = "/admin/snippets/core/synonymgroup/"


def group(terms: str, note: str = "") -> SynonymGroup:
    synonyms = SynonymGroup(terms=terms, note=note)
    synonyms.full_clean()
    synonyms.save()
    return synonyms


def problems(terms: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        SynonymGroup(terms=terms).full_clean()
    return refused.value.message_dict["terms"]


# --------------------------------------------------------------------------
# What a valid group is
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("Parken", "mindestens 2 Begriffe (gefunden: 1)"),
        ("", "mindestens 2 Begriffe (gefunden: 0)"),
        ("Parken, parken", "„parken“ steht schon als „Parken“ in der Gruppe"),
        # Umlaut and its ae spelling, singular and plural: one stem, one term.
        ("Parkplatz\nParkplaetze", "„Parkplaetze“ steht schon als „Parkplatz“"),
        ("Open Data\nOPEN  data", "„OPEN data“ steht schon als „Open Data“"),
        ("Parken\n" + "P" * 100, "„" + "P" * 30 + "…“ ist 100 Zeichen lang; ein Begriff hat "),
        ("Parken\nParken in der Stadt", "„Parken in der Stadt“ hat 4 Wörter"),
        ("Parken\n– !", "„– !“ enthält kein Wort"),
        (", ".join(f"Begriff{n}" for n in range(21)), "höchstens 20 Begriffe (gefunden: 21)"),
    ],
)
def test_an_invalid_group_is_refused_with_a_message_on_the_terms(terms, message):
    assert any(message in problem for problem in problems(terms)), problems(terms)


def test_every_problem_is_named_at_once():
    found = problems("Parken\nparken\n" + "x" * 61)
    assert len(found) == 2, found


@pytest.mark.django_db
def test_a_group_is_stored_one_term_per_line_however_it_was_typed():
    synonyms = group("  Bürgerbeteiligung,Partizipation ;\n\n  Mitbestimmung  der   Bürger ")
    synonyms.refresh_from_db()
    assert synonyms.terms == "Bürgerbeteiligung\nPartizipation\nMitbestimmung der Bürger"
    assert str(synonyms) == "Bürgerbeteiligung ~ Partizipation ~ Mitbestimmung der Bürger"


@pytest.mark.django_db
def test_a_term_may_stand_in_several_groups():
    group("Parken, Parkraum")
    group("Parken, Stellplatz")
    assert SynonymGroup.objects.count() == 2


# --------------------------------------------------------------------------
# What a term expands to
# --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_term_expands_to_the_other_terms_of_its_group_by_stem():
    group("Bürgerbeteiligung\nPartizipation\nMitbestimmung")
    assert synonym_expansions(stems=("burgerbeteil",)) == [("partizipation",), ("mitbestimm",)]
    assert synonym_expansions(stems=("mitbestimm",)) == [("burgerbeteil",), ("partizipation",)]
    assert synonym_expansions(stems=("beteil",)) == []


@pytest.mark.django_db
def test_phrases_expand_as_a_whole():
    group("Open Data, offene Daten, Datenportal")
    assert synonym_expansions(stems=("open", "data")) == [("off", "dat"), ("datenportal",)]
    assert synonym_expansions(stems=("datenportal",)) == [("open", "data"), ("off", "dat")]
    assert synonym_expansions(stems=("data",)) == []


@pytest.mark.django_db
def test_a_term_in_two_groups_finds_both_but_the_groups_stay_apart():
    group("Parken, Parkraum, Parkplatz")
    group("Parken, Stellplatz")
    table = synonym_table()
    assert synonym_expansions(stems=("park",), table=table) == [
        ("parkraum",),
        ("parkplatz",),
        ("stellplatz",),
    ]
    # Not transitive: Parkraum and Stellplatz share a synonym, not a meaning.
    assert synonym_expansions(stems=("parkraum",), table=table) == [("park",), ("parkplatz",)]
    assert synonym_expansions(stems=("stellplatz",), table=table) == [("park",)]


@pytest.mark.django_db
def test_one_call_per_search_finds_every_term_in_the_query_longest_first():
    group("Open Data, offene Daten")
    group("Daten, Datensätze")
    group("Parken, Parkraum")
    query = ("park", "und", "off", "dat")  # „Parken und offene Daten“
    assert synonym_matches(stems=query) == [
        SynonymMatch(start=0, stop=1, alternatives=(("parkraum",),)),
        SynonymMatch(start=2, stop=4, alternatives=(("open", "data"),)),
        SynonymMatch(start=3, stop=4, alternatives=(("datensatz",),)),
    ]


@pytest.mark.django_db
def test_the_table_is_read_in_one_query(django_assert_num_queries):
    for number in range(30):
        group(f"Begriff{number}a, Begriff{number}b, Begriff{number}c")
    with django_assert_num_queries(1):
        table = synonym_table()
    assert len(table) == 90


@pytest.mark.django_db
def test_a_change_that_leaves_count_and_timestamps_alone_is_seen_at_once():
    """
    What a version check of count and latest change would miss (an edit
    saved by a server whose clock lags): the table is read afresh anyway.
    """
    synonyms = group("Parken, Parkraum")
    assert synonym_expansions(stems=("park",)) == [("parkraum",)]
    SynonymGroup.objects.filter(pk=synonyms.pk).update(terms="Parken\nStellplatz")
    assert synonym_expansions(stems=("park",)) == [("stellplatz",)]


@pytest.mark.django_db
def test_a_row_stored_without_validation_does_not_break_the_search():
    SynonymGroup.objects.create(terms="Parken")
    SynonymGroup.objects.create(terms="!!!\n\nParken\nparken")
    SynonymGroup.objects.create(terms="")
    assert synonym_table() == {}


# --------------------------------------------------------------------------
# An edit in the admin changes the next search
# --------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chef", "chef@x.example", "x"))
    return client


@pytest.mark.django_db
def test_a_group_saved_in_the_admin_expands_the_next_search_and_a_deleted_one_no_longer(
    admin_client,
):
    response = admin_client.post(
        f"{LISTING}add/", {"terms": "Fahrrad\nRad\nVelo", "note": "Wunsch der Redaktion Wismar"}
    )
    assert response.status_code == 302, response.context["form"].errors
    synonyms = SynonymGroup.objects.get()
    assert synonym_expansions(stems=("rad",)) == [("fahrrad",), ("velo",)]

    admin_client.post(f"{LISTING}edit/{synonyms.pk}/", {"terms": "Fahrrad, Rad", "note": ""})
    assert synonym_expansions(stems=("rad",)) == [("fahrrad",)]

    admin_client.post(f"{LISTING}delete/{synonyms.pk}/")
    assert not SynonymGroup.objects.exists()
    assert synonym_expansions(stems=("rad",)) == []


# --------------------------------------------------------------------------
# A database from before the synonyms
# --------------------------------------------------------------------------

GRANTING_MIGRATION = "0003_synonym_groups_for_the_alliance"


@pytest.mark.django_db
def test_the_migration_gives_an_existing_alliance_group_the_synonyms_and_no_one_else():
    migration = importlib.import_module(f"core.migrations.{GRANTING_MIGRATION}")
    alliance = Group.objects.create(name="Verbund – Administration")
    city = Group.objects.create(name="Lübeck – Redaktion")
    # As on the first `migrate`: Django creates permissions only after it.
    Permission.objects.filter(content_type__app_label="core").delete()
    state = MigrationExecutor(connection).loader.project_state(("core", GRANTING_MIGRATION))

    migration.grant(state.apps, None)
    assert set(alliance.permissions.values_list("codename", flat=True)) == {
        "add_synonymgroup",
        "change_synonymgroup",
        "delete_synonymgroup",
        "view_synonymgroup",
    }
    assert not city.permissions.exists()

    migration.withdraw(state.apps, None)
    assert not alliance.permissions.exists()
