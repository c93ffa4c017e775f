"""
A city's rights, review and records in its translated trees (governance
services and registry rules), on the governed tree of conftest.py: Lübeck and
Rostock, each with an English tree made through wagtail-localize after their
governance was in place.
"""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission, WorkflowPage

import pytest

import factories
from governance.services import EDITORS_GROUP_NAME, city_admit
from registry.approvers import ApproverChoice
from registry.membership import ALLIANCE_ADMIN_GROUP_NAME, user_city_ids
from registry.models import ReuseRequest
from registry.permissions import reuse_requests_visible_to

pytestmark = pytest.mark.django_db


def rights(page) -> set[tuple[str, str]]:
    return set(
        GroupPagePermission.objects.filter(page=page).values_list(
            "group__name", "permission__codename"
        )
    )


def test_a_citys_groups_hold_the_same_rights_on_its_english_page(gov):
    assert rights(gov.own_en.city) == rights(gov.own.city)
    assert ("Lübeck – Redaktion", "change_page") in rights(gov.own_en.city)
    assert not any(group.startswith("Lübeck") for group, _ in rights(gov.other_en.city))


def test_the_citys_review_applies_to_its_english_pages(gov):
    assert gov.own_en.project.get_workflow() == gov.governance["luebeck"].workflow
    assert gov.own_en.lesson.get_workflow() == gov.governance["luebeck"].workflow
    assert gov.other_en.lesson.get_workflow() == gov.governance["rostock"].workflow


def test_the_english_city_index_and_home_page_are_the_alliances(gov):
    city_index_en = gov.own_en.city.get_parent()
    assert city_index_en.locale.language_code == "en"
    assert {group for group, _ in rights(city_index_en)} == {ALLIANCE_ADMIN_GROUP_NAME}
    assert rights(city_index_en) == rights(gov.city_index)
    assert rights(city_index_en.get_parent()) == rights(gov.home)


def test_a_user_works_for_the_city_in_every_language(gov):
    editor = gov.users["editor"]
    assert user_city_ids(editor) == {gov.own.city.pk, gov.own_en.city.pk}


def test_reuse_requests_about_an_english_project_stay_with_its_city(gov):
    request = ReuseRequest.objects.create(
        project=gov.other_en.project,
        name="Anfrage zur englischen Seite",
        municipality="Hansestadt Anklam",
        email="anfrage@anklam.example",
        message="Wir möchten das nachnutzen.",
        consent_to_contact=True,
        client_hash="1" * 64,
    )
    assert request not in reuse_requests_visible_to(gov.users["editor"])
    assert request in reuse_requests_visible_to(gov.users["rostock_editor"])


def test_publishing_the_english_city_renames_none_of_its_groups(gov):
    city_en = gov.own_en.city
    city_en.title = "Luebeck"
    city_en.save_revision().publish()
    editors = gov.governance["luebeck"].editors
    editors.refresh_from_db()
    assert editors.name == EDITORS_GROUP_NAME.format(city="Lübeck")


def test_a_city_admitted_after_its_page_was_translated_gets_rights_in_every_language(gov):
    stralsund = factories.CityPageFactory(
        parent=gov.city_index, title="Stralsund", slug="stralsund", municipality_key="13073088"
    )
    stralsund_en = factories.translation_of(stralsund)
    assert not GroupPagePermission.objects.filter(page=stralsund_en).exists()

    governance, _user = city_admit(
        city=stralsund,
        approver=ApproverChoice(user=None, username="freigabe-hst", email="hst@stadt.example"),
    )

    assert rights(stralsund_en) == rights(stralsund)
    assert ("Stralsund – Freigabe", "publish_page") in rights(stralsund_en)
    assert WorkflowPage.objects.get(page=stralsund_en).workflow == governance.workflow


def test_the_migration_lets_the_groups_of_an_existing_installation_translate(gov):
    """Groups made before translations existed get `submit_translation`; no other group does."""
    migration = importlib.import_module("registry.migrations.0011_city_groups_translate")
    permission = Permission.objects.get(codename="submit_translation")
    permission.group_set.clear()
    press = Group.objects.get(name="Presse")

    migration.grant(apps, None)

    holders = set(permission.group_set.values_list("name", flat=True))
    assert {"Lübeck – Redaktion", "Rostock – Freigabe", ALLIANCE_ADMIN_GROUP_NAME} <= holders
    assert press.name not in holders
