"""
publiccode.yml files of our own, at least one per rule of the standard as its
reference parser (italia/publiccode-parser-go) applies it: every file in
publiccode_cases/valid/ imports and exports again with what it said, every
file in publiccode_cases/invalid/ is refused with the field its first line
names (`# expect: <field>`), and nothing is stored.
"""

import copy
import datetime
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.models import Contact, ProjectPage
from registry.publiccode import (
    PubliccodeReadError,
    publiccode_load,
    publiccode_to_project_fields,
)
from registry.publiccode_rules import FieldError, WrittenNumber, validate_publiccode

pytestmark = pytest.mark.django_db

CASES = Path(__file__).parent / "publiccode_cases"
VALID = sorted((CASES / "valid").glob("*.yml"))
INVALID = sorted((CASES / "invalid").glob("*.yml"))


def expected_field(case: Path) -> str:
    first_line = case.read_bytes().split(b"\n", 1)[0].decode()
    assert first_line.startswith("# expect: "), case
    return first_line.removeprefix("# expect: ")


def as_written(value):
    """A parsed value as the file means it: dates as YYYY-MM-DD, numbers as written."""
    if isinstance(value, dict):
        return {key: as_written(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [as_written(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, WrittenNumber):
        return value.source
    return value


def test_there_are_cases_for_every_section_of_the_standard():
    assert len(VALID) >= 25 and len(INVALID) >= 80
    fields = {expected_field(case).split(".")[0].split("[")[0] for case in INVALID}
    assert {
        "publiccodeYmlVersion",
        "name",
        "url",
        "platforms",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
        "releaseDate",
        "logo",
    } <= fields


@pytest.mark.parametrize("case", VALID, ids=lambda case: case.stem)
def test_every_valid_case_imports_and_exports_what_it_said(case, client, site_tree):
    call_command("import_publiccode", str(case), city="rostock", publish=True)

    project = ProjectPage.objects.get(city=site_tree.rostock, locale__language_code="de")
    assert project.live and project.title == "Mängelmelder"
    response = client.get(f"{project.url}publiccode.yml")
    assert response.status_code == 200
    exported = publiccode_load(response.content)
    assert validate_publiccode(exported) == []
    given = publiccode_load(case.read_bytes())
    for key, value in given.items():
        if key == "publiccodeYmlVersion":
            continue
        if value is None:
            assert key not in exported
        else:
            assert as_written(exported[key]) == as_written(value), key
    assert exported["publiccodeYmlVersion"] == "0"


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case.stem)
def test_every_invalid_case_is_refused_with_the_field_named(case, site_tree, capsys):
    stored = ProjectPage.objects.count(), Contact.objects.count()

    with pytest.raises(CommandError, match="es wurde nichts geändert"):
        call_command("import_publiccode", str(case), city="rostock")

    assert f"{case}: {expected_field(case)}: " in capsys.readouterr().err
    assert (ProjectPage.objects.count(), Contact.objects.count()) == stored


# --------------------------------------------------------------------------
# Any value anywhere: a message or a project, never an exception
# --------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
FULL = publiccode_load((CASES / "valid" / "full_round_trip.yml").read_bytes())


def places(value, path=()):
    """Every key and list position of a document, as paths."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from places(item, (*path, index))


@given(place=st.sampled_from(list(places(FULL))), value=VALUES)
@settings(max_examples=400, deadline=None)
def test_any_value_in_any_place_is_reported_with_its_field_or_read(place, value):
    document = copy.deepcopy(FULL)
    parent = document
    for part in place[:-1]:
        parent = parent[part]
    parent[place[-1]] = value

    errors = validate_publiccode(document)

    assert all(isinstance(error, FieldError) and error.path for error in errors)
    if not errors:
        fields = publiccode_to_project_fields(data=document)
        assert fields["title"] and fields["summary"]


@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
@settings(max_examples=300, deadline=None)
def test_any_bytes_are_refused_with_a_message_or_read(raw):
    try:
        document = publiccode_load(raw)
    except PubliccodeReadError as error:
        assert error.error.path and error.error.message
        return
    assert all(isinstance(error, FieldError) for error in validate_publiccode(document))
