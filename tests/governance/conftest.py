"""
Two cities with governance in place, and one signed-in user per role.

Lübeck is the users' own city, Rostock the other city: every attack goes
from a Lübeck role against Rostock's content, in German and in English
(`own_en`, `other_en`: each city's English tree, made with wagtail-localize).
The tree is built once per module inside a transaction; each test runs in a
savepoint on top of it and is rolled back, so an action that succeeds cannot
leak into the next test.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest

import factories
from governance.services import (
    ALLIANCE_ADMIN_GROUP_NAME,
    PRESS_GROUP_NAME,
    governance_ensure_all,
)
from registry.choices import ContactVisibility, FederalState
from registry.models import ReuseRequest


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
        # Never published: only the city's own roles may learn it exists.
        # Under the project, so the city's explorer listing stays as measured.
        draft_page = factories.LessonPageFactory(
            parent=project, title=f"Geheime Erfahrung {city.title}", live=False
        )
        draft_page.save_revision()
        reuse_request = ReuseRequest.objects.create(
            project=project,
            name=f"Anfragende Person {city.title}",
            municipality="Hansestadt Anklam",
            email=f"anfrage-{city.slug}@anklam.example",
            message=f"Wir möchten Sensorik {city.title} nachnutzen.",
            consent_to_contact=True,
            client_hash="0" * 64,
        )
        targets[key] = SimpleNamespace(
            city=city,
            project=project,
            lesson=lesson,
            contact=contact,
            draft_page=draft_page,
            reuse_request=reuse_request,
        )
    # Where a lesson can be moved to: another project the attacker may add to.
    targets["own"].second_project = factories.ProjectPageFactory(
        parent=luebeck, title="Bürgerportal Lübeck"
    )
    targets["other"].second_project = targets["own"].project

    governance = governance_ensure_all()
    english = {key: english_targets(targets[key]) for key in ("own", "other")}
    english["own"].second_project = factories.translation_of(targets["own"].second_project)
    english["other"].second_project = english["own"].project
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
        own_en=english["own"],
        other_en=english["other"],
    )


def english_targets(target):
    """
    The city's English tree, translated through wagtail-localize after the
    city's governance was in place (as on a running site): the city, its
    project and lesson in English, the lesson with a draft as in German, and
    the translation records the translation editor works on. `draft_page`
    stays German only: it is the page the roles try to translate.
    """
    from wagtail_localize.models import Translation

    city = factories.translation_of(target.city)
    project = factories.translation_of(target.project)
    lesson = factories.translation_of(target.lesson)
    lesson.title = f"{lesson.title} (Entwurf)"
    lesson.save_revision()
    return SimpleNamespace(
        city=city,
        project=project,
        lesson=lesson,
        contact=target.contact,
        reuse_request=target.reuse_request,
        draft_page=target.draft_page,
        translation=Translation.objects.get(
            source__object_id=target.lesson.translation_key, target_locale=lesson.locale
        ),
    )


@pytest.fixture(scope="module")
def gov(django_db_setup, built_once_per_module):
    with built_once_per_module(build_governed_tree) as tree:
        yield tree


def client_for(client, user):
    client.force_login(user)
    return client
