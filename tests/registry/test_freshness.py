"""
„Möglicherweise veraltet“: a project whose facts were not reviewed for twelve
months (never reviewed: since its first publication) is marked on its page
and in the API, and listed for its city's editors on the admin dashboard.
"""

import datetime
import html

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

import factories
from governance.services import PRESS_GROUP_NAME, governance_ensure_all
from registry.freshness import (
    is_possibly_outdated,
    possibly_outdated_condition,
    review_due_before,
)
from registry.models import ProjectPage

TODAY = datetime.date(2026, 12, 2)


def at_noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.mark.parametrize(
    "today,due_before",
    [
        (datetime.date(2026, 12, 2), datetime.date(2025, 12, 2)),
        (datetime.date(2028, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 31), datetime.date(2025, 1, 31)),
    ],
)
def test_twelve_months_back(today, due_before):
    assert review_due_before(today) == due_before


@pytest.mark.parametrize(
    "last_reviewed,first_published,outdated",
    [
        (datetime.date(2025, 12, 2), None, False),  # exactly twelve months ago: still fresh
        (datetime.date(2025, 12, 1), None, True),
        # A review counts, however old the first publication.
        (datetime.date(2026, 6, 1), datetime.date(2019, 1, 1), False),
        (datetime.date(2024, 6, 1), datetime.date(2026, 1, 1), True),
        # Never reviewed: the first publication counts.
        (None, datetime.date(2025, 12, 1), True),
        (None, datetime.date(2026, 3, 1), False),
        # Never published: readers do not see it.
        (None, None, False),
    ],
)
def test_which_project_is_possibly_outdated(last_reviewed, first_published, outdated):
    first_published_at = at_noon(first_published) if first_published else None
    assert (
        is_possibly_outdated(
            last_reviewed=last_reviewed, first_published_at=first_published_at, today=TODAY
        )
        is outdated
    )


def make_project(parent, *, title, last_reviewed=None, first_published=None):
    project = factories.ProjectPageFactory(parent=parent, title=title, last_reviewed=last_reviewed)
    if first_published:
        ProjectPage.objects.filter(pk=project.pk).update(
            first_published_at=at_noon(first_published)
        )
        project.refresh_from_db()
    return project


def test_the_database_filter_agrees_with_the_rule(site_tree):
    cases = {
        "alt geprüft": (datetime.date(2025, 11, 30), None),
        "frisch geprüft": (datetime.date(2026, 11, 1), datetime.date(2018, 1, 1)),
        "nie geprüft, alt": (None, datetime.date(2024, 1, 1)),
        "nie geprüft, neu": (None, datetime.date(2026, 10, 1)),
    }
    for title, (reviewed, published) in cases.items():
        make_project(
            site_tree.rostock, title=title, last_reviewed=reviewed, first_published=published
        )
    found = set(
        ProjectPage.objects.filter(possibly_outdated_condition(today=TODAY)).values_list(
            "title", flat=True
        )
    )
    expected = {
        project.title
        for project in ProjectPage.objects.all()
        if is_possibly_outdated(
            last_reviewed=project.last_reviewed,
            first_published_at=project.first_published_at,
            today=TODAY,
        )
    }
    assert found == expected == {"alt geprüft", "nie geprüft, alt"}


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_project_page_says_when_it_was_reviewed(client, site_tree):
    today = timezone.localdate()
    old = make_project(
        site_tree.luebeck, title="Alt", last_reviewed=today - datetime.timedelta(days=400)
    )
    fresh = make_project(
        site_tree.luebeck, title="Frisch", last_reviewed=today - datetime.timedelta(days=30)
    )
    never = make_project(
        site_tree.luebeck, title="Nie", first_published=today - datetime.timedelta(days=500)
    )
    old_text = page_text(client, old.url)
    assert "möglicherweise veraltet" in old_text
    assert "vor mehr als zwölf Monaten" in old_text
    fresh_text = page_text(client, fresh.url)
    assert "Zuletzt geprüft" in fresh_text
    assert "möglicherweise veraltet" not in fresh_text
    never_text = page_text(client, never.url)
    assert "Noch nicht geprüft" in never_text
    assert "seit ihrer Veröffentlichung" in never_text
    english = page_text(client, "/en" + old.url)
    assert "possibly outdated" in english


def test_the_api_carries_the_date_and_the_mark(client, site_tree):
    reviewed = timezone.localdate() - datetime.timedelta(days=400)
    old = make_project(site_tree.luebeck, title="Alt", last_reviewed=reviewed)
    data = client.get(f"/api/v2/projects/{old.pk}/").json()
    assert data["last_reviewed"] == reviewed.isoformat()
    assert data["possibly_outdated"] is True
    fresh = client.get(f"/api/v2/projects/{site_tree.project.pk}/").json()
    assert fresh["possibly_outdated"] is False


@pytest.fixture
def dashboard(site_tree):
    """An old project in each city; editors of Lübeck and of Rostock, the press, a superuser."""
    long_ago = timezone.localdate() - datetime.timedelta(days=600)
    luebeck_old = make_project(site_tree.luebeck, title="Lübeck alt", last_reviewed=long_ago)
    rostock_old = make_project(site_tree.rostock, title="Rostock alt", first_published=long_ago)
    make_project(site_tree.luebeck, title="Lübeck frisch", last_reviewed=timezone.localdate())
    governance = governance_ensure_all()
    users = get_user_model().objects
    luebeck_editor = users.create_user("luebeck", password="x")
    luebeck_editor.groups.add(governance["luebeck"].editors)
    rostock_editor = users.create_user("rostock", password="x")
    rostock_editor.groups.add(governance["rostock"].editors)
    # The press office works in the admin, for no city.
    no_city = users.create_user("presse", password="x")
    no_city.groups.add(Group.objects.get(name=PRESS_GROUP_NAME))
    admin = users.create_superuser("admin", password="x")
    return luebeck_old, rostock_old, luebeck_editor, rostock_editor, no_city, admin


def test_the_dashboard_lists_only_the_own_citys_outdated_projects(client, dashboard):
    luebeck_old, rostock_old, luebeck_editor, rostock_editor, _no_city, admin = dashboard
    client.force_login(luebeck_editor)
    text = page_text(client, "/admin/")
    assert "Möglicherweise veraltet: 1 Projekt" in text
    assert f'href="/admin/pages/{luebeck_old.pk}/edit/"' in text
    assert "Rostock alt" not in text and "Lübeck frisch" not in text
    client.force_login(rostock_editor)
    text = page_text(client, "/admin/")
    assert "Rostock alt" in text and "nie (veröffentlicht am" in text
    assert "Lübeck alt" not in text
    client.force_login(admin)
    text = page_text(client, "/admin/")
    assert "Möglicherweise veraltet: 2 Projekte" in text


def test_the_panel_costs_the_same_queries_however_many_projects_are_due(
    client, site_tree, dashboard, django_assert_max_num_queries
):
    luebeck_editor = dashboard[2]
    client.force_login(luebeck_editor)
    client.get("/admin/")  # Wagtail's own first-visit work
    with django_assert_max_num_queries(60) as before:
        client.get("/admin/")
    long_ago = timezone.localdate() - datetime.timedelta(days=600)
    for number in range(15):
        make_project(site_tree.luebeck, title=f"Lübeck alt {number}", last_reviewed=long_ago)
    with django_assert_max_num_queries(len(before.captured_queries)):
        text = page_text(client, "/admin/")
    assert "Möglicherweise veraltet: 16 Projekte" in text


def test_no_panel_for_a_user_without_a_city(client, dashboard):
    no_city = dashboard[4]
    client.force_login(no_city)
    text = page_text(client, "/admin/")
    assert "Möglicherweise veraltet" not in text
