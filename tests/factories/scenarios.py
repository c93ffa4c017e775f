"""Data that spans the apps, for tests that need a registry of some size."""

from registry.choices import ContactVisibility
from registry.models import FieldOfAction, Transfer

from .home import NewsPageFactory
from .knowledge import ArticlePageFactory, LessonPageFactory
from .registry import CityPageFactory, ContactFactory, ProjectPageFactory


def projects_with_everything(site_tree, *, count, city=None):
    """
    `count` more published projects, each as full as a listing gets: two
    contacts (one public, one partners-only), tags including „LoRaWAN“, a field
    of action, a partner city, a lesson, a wiki article drawing on it and on the
    Lübeck project, and a news item about it and its city. Without `city`, each
    project gets a new city of its own and adopts the solution of the Lübeck
    project. For query-count pins that compare a registry with a larger one.
    """
    field_of_action = FieldOfAction.objects.order_by("pk").first()
    projects = []
    for _ in range(count):
        home_city = city or CityPageFactory(parent=site_tree.city_index)
        contacts = [
            ContactFactory(city=home_city, visibility=ContactVisibility.PUBLIC),
            ContactFactory(city=home_city, visibility=ContactVisibility.PARTNERS),
        ]
        project = ProjectPageFactory(parent=home_city, tags=["LoRaWAN"], contacts=contacts)
        project.tags.add(f"Thema {project.pk}")
        project.fields_of_action.set([field_of_action])
        project.partner_cities.set([site_tree.rostock])
        project.save()
        if city is None:
            Transfer.objects.create(adopting_project=project, source_project=site_tree.project)
        LessonPageFactory(parent=project, tags=["LoRaWAN"])
        article = ArticlePageFactory(parent=site_tree.knowledge_index, tags=["LoRaWAN"])
        article.tags.add(f"Thema {project.pk}")
        article.fields_of_action.set([field_of_action])
        article.related_projects.set([project, site_tree.project])
        article.save()
        news = NewsPageFactory(parent=site_tree.news_index, tags=["LoRaWAN"])
        news.tags.add(f"Thema {project.pk}")
        news.related_cities.set([home_city])
        news.related_projects.set([project])
        news.save()
        projects.append(project)
    return projects
