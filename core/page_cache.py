"""
Whole pages for anonymous readers, from the cache every app server shares.

Why a middleware of our own rather than a package or Django's cache
middleware: wagtail-cache (coderedcorp) declares Wagtail < 8 and removes
`Vary: Cookie`, which a reverse proxy needs so as not to hand a cached page
to a signed-in editor; Django's UpdateCache/FetchFromCache middleware has no
way to retire every page at once, only per-URL keys that would have to be
found and deleted. Here one site-wide **content generation** (a random token
in the shared cache) is part of every page's key, and whatever a reader can
see changing on any page replaces it: a project appears on its city page,
the home page, tag pages, the overview, the search, the feeds, the API and
the open data, so tracking which page shows what would be error-prone, while
editors publish rarely compared with how often readers read.

What is cached: GET responses (HEAD is answered from them) with status 200,
301 or 404 to requests without a session, messages or Authorization header,
that set no cookie (a form's CSRF cookie means "this page is not the same for
everyone"), are not private/no-store/no-cache, and vary at most on the cookie
and the language (the language is part of the key; the API, which varies on
Accept too, is left to a proxy). Previews and the admin never are.
`X-Cache: HIT` or `MISS` says where a page came from.

What a reverse proxy is told: `public, max-age=0, s-maxage=N`
(PAGE_CACHE_PROXY_SECONDS) with `Vary: Cookie`, so a proxy may keep an
anonymous page N seconds, even after a publication, and never gives it to a
request with a cookie; browsers revalidate every time. Everything for
signed-in editors, previews and pages that set a cookie is `private,
no-cache`. `Vary: Cookie` is honest on anonymous pages too: the Wagtail user
bar in base.html reads the session to decide whether to show itself (for a
request without a session cookie that costs no query).

The generation also validates what readers keep: every shareable 200 gets
an ETag and a Last-Modified derived from it, and a request that brings them
back is answered 304 before anything is rendered (core.conditional_get).

Invalidation happens after the transaction commits: a reader who got the
new token cannot have read the old content. A page being rendered while an
editor publishes is stored under the old token, which nobody asks for again.
"""

import datetime
import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from wagtail.signals import page_published, page_unpublished, post_page_move

from core import conditional_get
from core.health import HEALTH_PATH

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHED_STATUS = {200, 301, 404}
# What a page in our cache may vary on: the cookie (only requests without
# the site's cookies are served from it) and the language (in the key). The
# API varies on Accept as well (REST framework's browsable API); a proxy,
# which keys on Vary, may keep it, our cache does not.
VARY_ALLOWED = {"cookie", "accept-language"}
# Cookies by which a response can differ for this request: the session
# (signed in, a password-protected page passed) and flash messages.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
# A page saved with only these fields changed a draft, a lock or the tree's
# bookkeeping, nothing a reader sees (Page.save_revision, workflow locks).
DRAFT_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_by",
    "locked_at",
    "numchild",
}


# --------------------------------------------------------------------------
# The content generation
# --------------------------------------------------------------------------


def new_generation(previous: str | None = None) -> str:
    """
    A token that also says when the generation began (Unix seconds), so
    that token and time are read and replaced together in one cache entry
    (core.conditional_get sends it as Last-Modified). A generation begins at
    least a second after the one it replaces: Last-Modified counts seconds,
    and two changes in one second must still give two different values.
    """
    began = int(time.time())
    before = generation_began(previous)
    if before is not None and before >= began:
        began = before + 1
    return f"{uuid.uuid4().hex}-{began}"


def generation_began(token: str | None) -> int | None:
    """When a generation began; None for a token without the time."""
    _, _, began = (token or "").rpartition("-")
    return int(began) if began.isdigit() else None


def content_generation() -> str:
    """
    The current generation; a new one if the cache has none (flushed,
    evicted) or the current one began before today (local time). What pages
    show also changes with the date alone: a project not reviewed for twelve
    months becomes „möglicherweise veraltet“ (registry.freshness) on a day
    nobody edits anything, and a cached page or a reader's ETag would keep
    the old state until the next edit. Processes that notice the new day
    together may each begin a generation; the last one stays.
    """
    token = cache.get_or_set(GENERATION_KEY, new_generation, timeout=None)
    began = generation_began(token)
    if began is not None and began < start_of_today():
        token = new_generation(token)
        cache.set(GENERATION_KEY, token, timeout=None)
    return token


def start_of_today() -> int:
    """Local midnight of today, in Unix seconds."""
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    return int(midnight.timestamp())


def page_cache_invalidate() -> None:
    """Retire every cached page at once, in every process that shares the cache."""
    cache.set(GENERATION_KEY, new_generation(cache.get(GENERATION_KEY)), timeout=None)


def page_cache_invalidate_on_commit(**kwargs) -> None:
    """
    A signal receiver: retire the cached pages once the change is committed.
    If the cache cannot be reached then, the change stays saved (robust) and
    pages expire within PAGE_CACHE_SECONDS.
    """
    transaction.on_commit(page_cache_invalidate, robust=True)


def page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    from wagtail.models import Page

    if not isinstance(instance, Page):
        return
    if update_fields and set(update_fields) <= DRAFT_FIELDS:
        return
    page_cache_invalidate_on_commit()


def pages_show(*models) -> None:
    """
    Declare models whose rows appear on public pages (snippets, settings):
    saving or deleting one retires every cached page. The app that owns a
    model calls this in its AppConfig.ready().
    """
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                page_cache_invalidate_on_commit,
                sender=model,
                weak=False,
                dispatch_uid=f"page_cache_{signal is post_save}_{model._meta.label}",
            )


def connect_page_cache_signals() -> None:
    """
    Pages and what Wagtail and Django keep beside them. Publishing,
    unpublishing and a scheduled publication (revision.publish, run by
    `publish_scheduled`) save the page and send page_published or
    page_unpublished; a move sends post_page_move; a delete removes Page rows.
    Each alone would do for its action; together they also cover pages saved
    by code (management commands, imports) rather than through the admin.
    """
    from django.apps import apps

    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

    from taggit.models import Tag

    from core.models import TranslationReview
    from core.search.models import SynonymGroup

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_cache_invalidate_on_commit, weak=False, dispatch_uid="page_cache")
    # post_save has no sender here, as it is sent with the specific class of
    # a page; post_delete is sent for the Page row of every deleted page.
    post_save.connect(page_saved, weak=False, dispatch_uid="page_cache_page_saved")
    post_delete.connect(
        page_cache_invalidate_on_commit,
        sender=Page,
        weak=False,
        dispatch_uid="page_cache_page_deleted",
    )
    settings_models = [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    ]
    pages_show(
        Site,
        Redirect,
        PageViewRestriction,
        CollectionViewRestriction,
        get_image_model(),
        get_document_model(),
        Tag,
        SynonymGroup,
        # The machine-translation notice (core.machine_translation).
        TranslationReview,
        *settings_models,
    )


# --------------------------------------------------------------------------
# The middleware
# --------------------------------------------------------------------------


def cache_control_directives(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.strip().split("=")[0].lower() for part in value.split(",") if part.strip()}


def vary_headers(response) -> set[str]:
    value = response.get("Vary", "")
    return {part.strip().lower() for part in value.split(",") if part.strip()}


class PageCacheMiddleware:
    """
    Serves anonymous readers from the shared cache, fills it, and sends
    honest Cache-Control headers (see the module's docstring).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def admin_prefix(self) -> str:
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def __call__(self, request):
        # The health check asks the cache itself and answers 503 when it is
        # down; it never has validators and must not log a warning here.
        if request.path_info.startswith(self.admin_prefix()) or request.path_info == HEALTH_PATH:
            return self.get_response(request)
        # Wagtail's previews run the middleware on a request of its own
        # (is_dummy) for the page's public address: never from the cache.
        preview = getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)
        anonymous = not preview and not self.personal(request)
        enabled = settings.PAGE_CACHE_SECONDS > 0
        token = key = None
        if anonymous and request.method in ("GET", "HEAD"):
            token = self.generation()
        if token:
            # A reader who holds the current version: no rendering, no query.
            not_modified = conditional_get.not_modified_before_rendering(
                request, token=token, began=generation_began(token)
            )
            if not_modified is not None:
                return self.labelled(not_modified, "HIT" if enabled else None)
            key = self.key(request, token) if enabled else None
            cached = self.cache_read(key) if key else None
            if cached is not None:
                response = self.response_from(cached)
                response = conditional_get.not_modified_after_rendering(
                    request, response, began=generation_began(token)
                )
                return self.labelled(response, "HIT")
        response = self.get_response(request)
        if anonymous and self.shareable(request, response):
            storable = vary_headers(response) <= VARY_ALLOWED
            if "public" not in cache_control_directives(response):
                patch_cache_control(
                    response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_PROXY_SECONDS
                )
            patch_vary_headers(response, ["Cookie"])
            if token and response.status_code == 200:
                conditional_get.add_validators(
                    request, response, token=token, began=generation_began(token)
                )
            if key and storable and request.method == "GET":
                self.cache_write(key, response)
            response = conditional_get.not_modified_after_rendering(
                request, response, began=generation_began(token)
            )
        elif preview or not anonymous or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        return self.labelled(response, "MISS" if enabled else None)

    @staticmethod
    def labelled(response, source: str | None):
        """`X-Cache: HIT` or `MISS` while the page cache is on."""
        if source:
            response["X-Cache"] = source
        return response

    @staticmethod
    def generation() -> str | None:
        try:
            return content_generation()
        except Exception:  # a cache that is down slows pages, it must not stop them
            logger.warning("Page cache unreachable; serving without it.", exc_info=True)
            return None

    @staticmethod
    def personal(request) -> bool:
        """Whether the answer can depend on who asks: a session, messages, credentials."""
        return "HTTP_AUTHORIZATION" in request.META or any(
            name in request.COOKIES for name in PERSONAL_COOKIES
        )

    @staticmethod
    def shareable(request, response) -> bool:
        """Whether this anonymous response is the same for every anonymous reader."""
        if getattr(request, "is_preview", False) or response.streaming or response.cookies:
            return False
        if response.status_code not in CACHED_STATUS:
            return False
        if cache_control_directives(response) & {"private", "no-store", "no-cache"}:
            return False
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    @staticmethod
    def key(request, token: str) -> str:
        address = conditional_get.address_of(request)
        return f"page-cache:{token}:{hashlib.sha256(address.encode()).hexdigest()}"

    @staticmethod
    def cache_read(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("Page cache unreachable; serving without it.", exc_info=True)
            return None

    @staticmethod
    def cache_write(key, response) -> None:
        headers = [(name, value) for name, value in response.items() if name != "X-Cache"]
        entry = (response.status_code, response.reason_phrase, headers, response.content)
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("Page cache unreachable; page not stored.", exc_info=True)

    @staticmethod
    def response_from(entry) -> HttpResponse:
        status, reason, headers, content = entry
        response = HttpResponse(content, status=status, reason=reason)
        for name, value in headers:
            response[name] = value
        return response
