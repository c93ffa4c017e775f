"""
`manage.py load_demo_content`: the one test module that loads the whole demo.

The command runs three times, once for the whole module: without options
(test settings have DEBUG off, so no users), then with --with-users (adds the
users only), then once more (must change nothing). The data is rolled back
when the module is done. The expectations come from the data files
(`demo/content/`) where a test compares with them, and are written out where
they are facts a reader of the site would check.
"""

import datetime
import html
import re
from io import StringIO
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction

from wagtail.models import Page, Revision

import pytest
from taggit.models import Tag

from core.models import SynonymGroup
from core.search.synonyms import synonym_expansions
from demo.data_files import demo_content_read
from home.models import HomePage, NewsPage, StandardPage
from knowledge.models import ArticlePage, LessonPage
from registry.models import CityPage, Contact, ProjectContact, ProjectPage

OFFICIAL_FACTS = {
    "luebeck": ("Hansestadt Lübeck", "01", "01003000", 218_095),
    "rostock": ("Hanse- und Universitätsstadt Rostock", "13", "13003000", 209_920),
    "stralsund": ("Hansestadt Stralsund", "13", "13073088", 59_205),
    "wismar": ("Hansestadt Wismar", "13", "13074087", 43_878),
}
EDITORS = ["redaktion-luebeck", "redaktion-rostock", "redaktion-stralsund", "redaktion-wismar"]


def run_command(**options):
    out = StringIO()
    call_command("load_demo_content", stdout=out, **options)
    return out.getvalue()


def database_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "contacts": Contact.objects.count(),
        "project_contacts": ProjectContact.objects.count(),
        "synonyms": SynonymGroup.objects.count(),
        "users": get_user_model().objects.count(),
        "tags": Tag.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        content = demo_content_read()
        without_users = run_command()
        counts_without_users = database_counts()
        with_users = run_command(with_users=True)
        counts_after_second_run = database_counts()
        repeated = run_command(with_users=True)
        counts_after_third_run = database_counts()
        yield SimpleNamespace(
            content=content,
            without_users=without_users,
            counts_without_users=counts_without_users,
            with_users=with_users,
            counts_after_second_run=counts_after_second_run,
            repeated=repeated,
            counts_after_third_run=counts_after_third_run,
        )
        transaction.set_rollback(True)


def german(model):
    """The model's pages in the source language; demo.translations adds English ones."""
    return model.objects.filter(locale__language_code="de")


def first_paragraph(page):
    return str(page.body[0].value)


@pytest.mark.django_db
def test_the_four_cities_carry_their_official_facts(demo):
    cities = {city.slug: city for city in german(CityPage)}
    assert set(cities) == set(OFFICIAL_FACTS)
    for slug, (official_name, state, key, population) in OFFICIAL_FACTS.items():
        city = cities[slug]
        assert (city.official_name, city.federal_state, city.municipality_key) == (
            official_name,
            state,
            key,
        )
        assert city.population == population
        assert city.member_since == datetime.date(2023, 10, 25)
        assert city.membership_status == "member"
        assert city.website.startswith("https://")
        assert city.live


@pytest.mark.django_db
def test_every_city_has_at_least_four_projects_with_lessons(demo):
    for city in german(CityPage):
        projects = ProjectPage.objects.child_of(city)
        assert projects.count() >= 4, city.title
        for project in projects:
            # The owning city is derived from the tree on save.
            assert project.city_id == city.pk
            lessons = LessonPage.objects.child_of(project)
            assert 1 <= lessons.count() <= 3, project.title
            assert {lesson.city_id for lesson in lessons} == {city.pk}


@pytest.mark.django_db
def test_projects_vary_so_that_the_filters_find_something(demo):
    assert set(ProjectPage.objects.values_list("status", flat=True)) == {
        "idea",
        "planning",
        "pilot",
        "operation",
        "completed",
        "discontinued",
    }
    assert LessonPage.objects.filter(kind="obstacle", phase="procurement").count() >= 3
    assert set(LessonPage.objects.values_list("phase", flat=True)) == {
        "planning",
        "procurement",
        "implementation",
        "operation",
    }
    lorawan = ProjectPage.objects.filter(tags__name="LoRaWAN").select_related("city")
    assert len({project.city.slug for project in lorawan}) >= 3
    software = ProjectPage.objects.filter(reusable_software=True)
    assert software.exists()
    assert all(project.licence and project.repository_url for project in software)
    assert all(".example.org/" in project.repository_url for project in software)


@pytest.mark.django_db
def test_some_projects_are_shared_by_several_cities(demo):
    shared = [project for project in ProjectPage.objects.all() if project.partner_cities.exists()]
    assert len(shared) >= 4
    datenplattform = ProjectPage.objects.get(slug="urbane-datenplattform")
    assert {city.slug for city in datenplattform.partner_cities.all()} == {
        "luebeck",
        "stralsund",
        "wismar",
    }


@pytest.mark.django_db
def test_each_city_has_a_public_mailbox_and_partners_only_persons(demo):
    for city in german(CityPage):
        contacts = Contact.objects.filter(city=city)
        assert contacts.filter(is_function=True, visibility="public").exists(), city.title
        assert contacts.filter(is_function=False).exists(), city.title
    assert Contact.objects.filter(visibility="partners").exists()
    public_names = set(Contact.objects.visible_to(AnonymousUser()).values_list("name", flat=True))
    assert "Smart-City-Büro Lübeck" in public_names
    assert "Max Mustermann" not in public_names
    for contact in Contact.objects.all():
        assert contact.email.endswith(".example")
        if not contact.is_function:
            assert contact.role.endswith("(Demo)")


@pytest.mark.django_db
def test_invented_pages_are_marked_as_demo_content(demo):
    prefix = demo.content.demo_prefix
    invented = [*german(ProjectPage), *german(LessonPage), *german(ArticlePage)]
    for page in invented:
        assert page.summary.startswith(prefix), page.title
        assert "Demo" not in page.title
        assert first_paragraph(page).startswith("<p>Demo-Inhalt:"), page.title
    for slug in ("impressum", "datenschutz", "barrierefreiheit"):
        assert german(StandardPage).get(slug=slug).intro.startswith(prefix)


@pytest.mark.django_db
def test_news_include_the_real_founding_event_without_demo_marker(demo):
    news = german(NewsPage).order_by("date")
    assert news.count() == 4
    founding = news.first()
    assert founding.date == datetime.date(2023, 10, 25)
    assert not founding.teaser.startswith(demo.content.demo_prefix)
    body = "".join(str(block.value) for block in founding.body)
    assert "Demo" not in body
    assert "Lisa von Lübeck" in body
    for signatory in (
        "Jan Lindenau, Bürgermeister",
        "Eva-Maria Kröger, Oberbürgermeisterin",
        "Alexander Badrow, Oberbürgermeister",
        "Thomas Beyer, Bürgermeister",
    ):
        assert signatory in body
    assert founding.related_cities.count() == 4
    for invented in news[1:]:
        assert invented.teaser.startswith(demo.content.demo_prefix)
        assert first_paragraph(invented).startswith("<p>Demo-Inhalt:")
        assert invented.related_projects.exists()


@pytest.mark.django_db
def test_wiki_articles_link_projects_of_several_cities(demo):
    articles = german(ArticlePage)
    assert articles.count() == 3
    for article in articles:
        assert article.get_parent().slug == "wissen"
        assert article.related_projects.exists()
        assert article.fields_of_action.exists()
        assert article.tags.exists()


@pytest.mark.django_db
def test_site_structure_is_published_with_a_revision(demo):
    home = german(HomePage).get()
    assert home.title == "Hanse Wissensnetz"
    assert home.intro
    menu = set(home.get_children().in_menu().values_list("slug", flat=True))
    assert menu == {"ueber-den-verbund", "staedte", "wissen", "aktuelles"}
    assert {"impressum", "datenschutz", "barrierefreiheit"} <= set(
        home.get_children().values_list("slug", flat=True)
    )
    pages = Page.objects.filter(depth__gte=2)
    assert not pages.filter(live=False).exists()
    assert not pages.filter(live_revision__isnull=True).exists()
    assert not pages.filter(has_unpublished_changes=True).exists()


@pytest.mark.django_db
def test_project_page_shows_the_demo_notice_and_only_public_contacts(demo, client):
    project = ProjectPage.objects.get(slug="lorawan-verbundbeschaffung")
    response = client.get(project.url)
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert demo.content.demo_notices["project"] in text
    assert "Erika Mustermann" in text  # public
    assert "Max Mustermann" not in text  # partners only


def test_demo_project_pages_suggest_similar_projects_of_other_cities(demo, client):
    """The demo's projects share tags across cities, so `make run` shows similar projects."""
    project = ProjectPage.objects.get(slug="lorawan-verbundbeschaffung")
    text = html.unescape(client.get(project.url).content.decode())
    section = text.split('id="similar-projects"')[1].split("</section>")[0]
    cities = re.findall(r'class="card__city">([^<]+)<', section)
    assert cities
    assert project.city.title not in cities


@pytest.mark.django_db
def test_users_are_skipped_without_debug_and_created_on_request(demo):
    assert "Demo-Benutzer übersprungen" in demo.without_users
    assert demo.counts_without_users["users"] == 0
    assert demo.counts_after_second_run["users"] == len(demo.content.users)
    for username in ["admin", "verbund", "presse", *EDITORS, "freigabe-luebeck"]:
        assert username in demo.with_users
    assert demo.content.password in demo.with_users


@pytest.mark.django_db
def test_city_editors_can_log_in_to_the_admin(demo, client):
    user_model = get_user_model()
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser
    for username in EDITORS:
        editor = user_model.objects.get(username=username)
        assert editor.is_staff and not editor.is_superuser
        assert list(editor.groups.values_list("name", flat=True)) == [
            f"{editor.last_name.removesuffix(' (Demo)')} – Redaktion"
        ]
        assert editor.has_perm("wagtailadmin.access_admin")
    assert client.login(username="redaktion-wismar", password=demo.content.password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_running_again_creates_nothing(demo):
    # The second run only adds the users; the third adds nothing at all.
    assert dict(demo.counts_after_second_run, users=0) == demo.counts_without_users
    assert demo.counts_after_third_run == demo.counts_after_second_run
    assert "Nichts neu angelegt" in demo.repeated
    assert "Nichts neu angelegt" not in demo.without_users


@pytest.mark.django_db
def test_make_runs_if_empty_leaves_an_edited_site_alone(demo):
    """`make run` must not bring back demo pages someone deliberately deleted."""
    project = ProjectPage.objects.order_by("pk").first()
    project.delete()

    output = run_command(if_empty=True)

    assert not ProjectPage.objects.filter(slug=project.slug, city=project.city).exists()
    assert "nicht erneut geladen" in output


@pytest.mark.django_db
def test_synonym_groups_are_loaded_as_demo_content_and_expand_the_search(demo):
    prefix = demo.content.demo_prefix
    groups = list(SynonymGroup.objects.order_by("pk"))
    assert [group.term_list for group in groups] == [
        data["terms"] for data in demo.content.synonyms
    ]
    assert all(group.note.startswith(prefix) for group in groups)
    assert synonym_expansions(stems=("burgerbeteil",)) == [("partizipation",), ("mitbestimm",)]
    assert synonym_expansions(stems=("park",)) == [("parkraum",), ("parkplatz",)]


@pytest.mark.django_db
def test_a_synonym_group_an_editor_changed_is_not_loaded_again(demo):
    parking = SynonymGroup.objects.get(terms__startswith="Parken\n")
    parking.terms = "parken\nStellplatz"
    parking.save()
    before = SynonymGroup.objects.count()

    run_command()

    assert SynonymGroup.objects.count() == before
    assert synonym_expansions(stems=("park",)) == [("stellplatz",)]
