"""
The explorer's "Translate this page" and "Sync translated pages" buttons,
asked once per listing instead of once per row.

wagtail-localize's `register_page_listing_more_buttons` hook asks, for every
row of the admin explorer, which locales the page lacks and whether it is the
source of enabled translations: two queries a row, 100 on a page of 50 rows.
This hook shows the same two buttons under the same rules, but answers both
questions for all the siblings of the first row it sees (the explorer lists
one parent's children) and keeps the answers on the requesting user object,
which lives as long as the request. The page header keeps wagtail-localize's
own hook (one page, one question).
"""

from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext

from wagtail.admin.widgets import ListingButton
from wagtail.models import Locale, Page

from wagtail_localize.models import TranslationSource

CACHE_ATTRIBUTE = "_translation_buttons_by_parent"
# wagtail-localize's own message ids, translated by its catalogue.
TRANSLATE = "Translate this page"
SYNC = "Sync translated pages"


class SiblingTranslations:
    """Which of one parent's children lack a locale, and which are translation sources."""

    def __init__(self, parent_path: str, depth: int):
        siblings = Page.objects.filter(path__startswith=parent_path, depth=depth)
        keys = siblings.values("translation_key")
        self.locale_count = Locale.objects.count()
        self.translated_locales = dict(
            Page.objects.filter(translation_key__in=keys, alias_of__isnull=True)
            .order_by()
            .values_list("translation_key")
            .annotate(locales=Count("locale", distinct=True))
        )
        self.sources = set(
            TranslationSource.objects.filter(
                object__translation_key__in=keys,
                object__content_type=ContentType.objects.get_for_model(Page),
                translations__enabled=True,
            )
            .values_list("object__translation_key", "locale_id", "id")
            .distinct()
        )
        self.source_ids = {(key, locale): source_id for key, locale, source_id in self.sources}

    def lacks_a_locale(self, page) -> bool:
        return self.translated_locales.get(page.translation_key, 0) < self.locale_count

    def source_id(self, page):
        return self.source_ids.get((page.translation_key, page.locale_id))


def sibling_translations(page, user) -> SiblingTranslations:
    parent_path = page.path[: -Page.steplen]
    cache = user.__dict__.setdefault(CACHE_ATTRIBUTE, {})
    if parent_path not in cache:
        cache[parent_path] = SiblingTranslations(parent_path, page.depth)
    return cache[parent_path]


def translation_listing_buttons(page, user, view_name=None, next_url=None):
    if page.is_root() or not user.has_perm("wagtail_localize.submit_translation"):
        return
    translations = sibling_translations(page, user)
    if translations.lacks_a_locale(page):
        # An alias is translated through the page it mirrors (as wagtail-localize does).
        page_id = page.alias_of_id or page.id
        url = reverse("wagtail_localize:submit_page_translation", args=[page_id])
        yield ListingButton(
            gettext(TRANSLATE), url, priority=60, icon_name="wagtail-localize-language"
        )
    source_id = translations.source_id(page)
    if source_id is not None:
        url = reverse("wagtail_localize:update_translations", args=[source_id])
        if next_url is not None:
            url += "?" + urlencode({"next": next_url})
        yield ListingButton(gettext(SYNC), url, priority=60, icon_name="resubmit")
