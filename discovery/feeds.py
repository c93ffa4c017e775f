"""
Atom feeds (django.contrib.syndication): news, new and updated projects,
everything about one city, everything with one tag. Only live, public pages;
no contact is part of any feed.
https://docs.djangoproject.com/en/6.1/ref/contrib/syndication/
"""

import datetime
from itertools import groupby

from django.contrib.syndication.views import Feed
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from taggit.models import Tag

from core.locales import content_language_codes, requested_language
from core.machine_translation import feed_categories_with_state, feed_description_with_state
from core.queries import each_once_in, in_source_language, published_pages
from core.tag_order import attach_tag_names, tag_names_in_order
from home.models import NewsPage
from knowledge.models import LessonPage
from registry.api import filter_error
from registry.models import CityPage, ProjectPage
from registry.queries import newest_projects

from .queries import pages_tagged

FEED_LENGTH = 50
# For pages created without a revision (imports, data migrations): sorted last.
OLDEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def at_noon(date: datetime.date) -> datetime.datetime:
    """A news item has a date only; the feed needs a moment."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


class PageFeed(Feed):
    """Shared item rendering: title, summary, link, dates, categories from tags."""

    feed_type = Atom1Feed
    author_name = "Hanse Wissensnetz"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # ?locale=en: the feed in English, each page once, translated where it is.
        self.language = requested_language(request.GET.get("locale"))
        if self.language is None:
            error = filter_error("locale", request.GET["locale"], content_language_codes())
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        with override(self.language):
            return super().__call__(request, *args, **kwargs)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return feed_description_with_state(item.get_listing_summary(), item, request=self.request)

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return item.get_full_url(request=self.request)

    def item_pubdate(self, item):
        if isinstance(item, NewsPage):
            return at_noon(item.date)
        return item.first_published_at

    def item_updateddate(self, item):
        return (
            item.last_published_at
            or self.item_pubdate(item)
            or item.latest_revision_created_at
            or OLDEST
        )

    def sort_newest_first(self, pages):
        return sorted(pages, key=self.item_updateddate, reverse=True)[:FEED_LENGTH]

    def item_categories(self, item):
        if hasattr(item, "tag_names"):  # core.tag_order.attach_tag_names
            names = item.tag_names
        else:
            tags = getattr(item, "tags", None)
            names = tag_names_in_order(tags) if tags is not None else []
        # "machine-translated" for a page no person has reviewed yet.
        return feed_categories_with_state(names, item, request=self.request)


class NewsFeed(PageFeed):
    title = _("Hanse Wissensnetz – Nachrichten")
    subtitle = _("Neuigkeiten aus dem Verbund der Hansestädte")

    def link(self):
        return "/"

    def items(self):
        return (
            each_once_in(published_pages(NewsPage), self.language)
            .prefetch_related("tags")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )


class ProjectsFeed(PageFeed):
    """New and updated projects: ordered by their last publication."""

    title = _("Hanse Wissensnetz – neue und geänderte Projekte")
    subtitle = _("Digitale Projekte der Hansestädte, zuletzt veröffentlichte zuerst")

    def link(self):
        return "/"

    def items(self):
        projects = list(newest_projects(language=self.language)[:FEED_LENGTH])
        attach_tag_names(projects)
        return projects

    def item_title(self, item):
        return f"{item.title} ({item.city.title})" if item.city else item.title


class CityFeed(PageFeed):
    """A city's projects and lessons and the news about it, newest first."""

    def get_object(self, request, slug):
        # The German city: its translations may share its slug.
        city = in_source_language(published_pages(CityPage)).filter(slug=slug).first()
        if city is None:
            raise Http404("Unbekannte Stadt")
        return city

    def title(self, city):
        return _("Hanse Wissensnetz – %(city)s") % {"city": city.title}

    def link(self, city):
        return city.get_url(request=self.request)

    def items(self, city):
        pages = []
        for pages_about_city in (
            published_pages(ProjectPage).filter(city=city),
            published_pages(LessonPage).filter(city=city),
            published_pages(NewsPage).filter(related_cities=city),
        ):
            pages += each_once_in(pages_about_city, self.language).prefetch_related("tags")
        return self.sort_newest_first(pages)


class TagFeed(PageFeed):
    """Every published page with one tag: projects, lessons, articles, news."""

    def get_object(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise Http404("Unbekanntes Schlagwort")
        return tag

    def title(self, tag):
        return _("Hanse Wissensnetz – Schlagwort „%(tag)s“") % {"tag": tag.name}

    def link(self, tag):
        return reverse("tag_detail", args=[tag.slug])

    def items(self, tag):
        pages = self.sort_newest_first(
            [
                page
                for section in pages_tagged(tag, language=self.language)
                for page in section["pages"]
            ]
        )
        # The categories of each entry: one query per page type, not one per entry.
        for _model, group in groupby(sorted(pages, key=lambda p: p._meta.label), type):
            prefetch_related_objects(list(group), "tags")
        return pages
