"""
Two cities with governance in place, and one signed-in user per role.

Lübeck is the users' own city, Rostock the other city: every attack goes
from a Lübeck role against Rostock's content. The tree is built once per
module inside a transaction; each test runs in a savepoint on top of it and
is rolled back, so an action that succeeds cannot leak into the next test.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

import pytest

import factories
from governance.services import (
    ALLIANCE_ADMIN_GROUP_NAME,
    PRESS_GROUP_NAME,
    governance_ensure_all,
)
from registry.choices import ContactVisibility, FederalState


def build_governed_tree():
    home = factories.home_page()
    city_index = factories.CityIndexPageFactory(parent=home)
    luebeck = factories.CityPageFactory(
        parent=city_index,
        title="Lübeck",
        slug="luebeck",
        federal_state=FederalState.SCHLESWIG_HOLSTEIN,
        municipality_key="01003000",
    )
    rostock = factories.CityPageFactory(
        parent=city_index, title="Rostock", slug="rostock", municipality_key="13003000"
    )
    knowledge_index = factories.KnowledgeIndexPageFactory(parent=home)
    article = factories.ArticlePageFactory(parent=knowledge_index, slug="lorawan")
    news_index = factories.NewsIndexPageFactory(parent=home)
    news = factories.NewsPageFactory(parent=news_index, slug="meldung")
    targets = {}
    for key, city in (("own", luebeck), ("other", rostock)):
        contact = factories.ContactFactory(
            name=f"Partnerkontakt {city.title}",
            city=city,
            visibility=ContactVisibility.PARTNERS,
        )
        project = factories.ProjectPageFactory(
            parent=city, title=f"Sensorik {city.title}", contacts=[contact]
        )
        lesson = factories.LessonPageFactory(parent=project, title=f"Erfahrung {city.title}")
        # A second, unpublished revision: drafts, revision views and compare show it.
        lesson.save_revision().publish()
        lesson.title = f"{lesson.title} (Entwurf)"
        lesson.save_revision()
        targets[key] = SimpleNamespace(city=city, project=project, lesson=lesson, contact=contact)
    # Where a lesson can be moved to: another project the attacker may add to.
    targets["own"].second_project = factories.ProjectPageFactory(
        parent=luebeck, title="Bürgerportal Lübeck"
    )
    targets["other"].second_project = targets["own"].project

    governance = governance_ensure_all()
    user_model = get_user_model()
    groups = {
        "editor": governance["luebeck"].editors,
        "moderator": governance["luebeck"].moderators,
        "rostock_editor": governance["rostock"].editors,
        "rostock_moderator": governance["rostock"].moderators,
        "press": Group.objects.get(name=PRESS_GROUP_NAME),
        "alliance": Group.objects.get(name=ALLIANCE_ADMIN_GROUP_NAME),
    }
    users = {}
    for role, group in groups.items():
        user = user_model.objects.create_user(role, email=f"{role}@stadt.example", password="x")
        user.groups.add(group)
        users[role] = user
    return SimpleNamespace(
        home=home,
        city_index=city_index,
        knowledge_index=knowledge_index,
        article=article,
        news_index=news_index,
        news=news,
        governance=governance,
        users=users,
        own=targets["own"],
        other=targets["other"],
    )


@pytest.fixture(scope="module")
def gov(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_governed_tree()
        transaction.set_rollback(True)


def client_for(client, user):
    client.force_login(user)
    return client
