"""
Conditional GET for anonymous readers: `ETag` and `Last-Modified` on every
shareable page, feed, API answer and download, and `304 Not Modified`
without rendering when the reader (a browser, a feed reader, a reverse
proxy) already holds the current version.

Why not Django's ConditionalGetMiddleware or the `condition` decorator: the
middleware hashes the rendered body, so a 304 costs the whole rendering;
the decorator needs a per-view function that knows when its content last
changed, which here is "whenever anything a reader sees changed", since a
project shows on its city page, the home page, tag pages, feeds, the API and
the downloads. That moment is already tracked: the content generation of
core.page_cache, replaced after every such change in every process. So a
validator is derived from it:

- ETag = a hash of the generation, the address (scheme, host, path, query
  string), the language and the representation (the request headers the
  response varies on, e.g. `Accept` for the API). A change replaces the
  generation, and with it every ETag, at once; so does a new day, as the
  date alone changes what pages say (core.page_cache.content_generation).
- Last-Modified = when the current generation began (kept in the token).

The ETag is **weak** (`W/"…"`): it says "the same content as you have", not
"byte for byte": a gzip-compressing proxy (nginx turns strong ETags into weak
ones when it compresses; Apache appends `-gzip`) and values rendered anew
(the open-data download's `generated`) change the bytes, not the content.
GET and HEAD compare ETags weakly anyway (RFC 9110 §13.1.2); a strong ETag
would only matter for range requests, which no page here needs.

Which responses: the ones the page cache treats as shareable (anonymous,
no cookie set, not private, no preview, not the admin), with status 200
(RFC 9110 §13.2.1: preconditions apply to successful answers only).

Before rendering: for each address that got validators, a small record
(the `Cache-Control` and `Vary` to repeat) is kept under the generation. A
request that brings `If-None-Match`/`If-Modified-Since` is compared against
the validators computed from the current generation and that record, and
answered 304 from two cache reads and no query. Without a record (evicted,
or the first request since a change) the page is rendered and compared
afterwards: still a 304, just not a cheap one. A validator that a reader
forged gets at most a 304 for an address that is shareable anyway.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

# How long the record of an address's validators is kept. It only serves
# the current generation (it is part of the key), so this just returns the
# memory of old generations; a lost record costs one rendering.
RECORD_SECONDS = 24 * 60 * 60
# Headers of the full answer that a 304 repeats (RFC 9110 §15.4.5); ETag
# and Last-Modified are computed, not stored.
REPEATED_HEADERS = ("Cache-Control", "Vary")
# Vary names that need no place in the ETag: the language is in it already,
# and only requests without the site's personal cookies get validators.
VARY_IN_KEY = {"cookie", "accept-language"}


def address_of(request) -> str:
    """The address and language a response belongs to (also the page cache's key)."""
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    return f"{request.scheme}://{request.get_host()}{request.get_full_path()} {language}"


def vary_names(value: str) -> list[str]:
    return sorted({part.strip().lower() for part in value.split(",") if part.strip()})


def etag_for(request, token: str, vary: list[str]) -> str:
    representation = "\n".join(
        f"{name}: {request.headers.get(name, '')}" for name in vary if name not in VARY_IN_KEY
    )
    source = f"{token}\n{address_of(request)}\n{representation}"
    return f'W/"{hashlib.sha256(source.encode()).hexdigest()[:32]}"'


def last_modified_header(began: int | None) -> str | None:
    """
    When the generation began, as sent: never later than now (a
    Last-Modified ahead of the answer's Date is not allowed, RFC 9110
    §8.8.2.1), while several changes in one second set a beginning a second
    or more ahead (core.page_cache.new_generation). Dates are compared with
    the beginning itself, so a date sent early never validates a later one.
    """
    if began is None:
        return None
    return http_date(min(began, int(time.time())))


def record_key(request, token: str) -> str:
    digest = hashlib.sha256(address_of(request).encode()).hexdigest()
    return f"page-cache:validators:{token}:{digest}"


def add_validators(request, response, *, token: str, began: int | None) -> None:
    """
    Give a shareable 200 its ETag and Last-Modified, replacing any the view
    set: a feed's newest entry says nothing about an entry removed since.
    """
    vary = vary_names(response.get("Vary", ""))
    response["ETag"] = etag_for(request, token, vary)
    last_modified = last_modified_header(began)
    if last_modified is None:
        if "Last-Modified" in response:
            del response["Last-Modified"]
    else:
        response["Last-Modified"] = last_modified
    record = {name: response[name] for name in REPEATED_HEADERS if name in response}
    try:
        cache.set(record_key(request, token), record, RECORD_SECONDS)
    except Exception:
        logger.warning("Cache unreachable; validators not recorded.", exc_info=True)


def is_conditional(request) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def not_modified_before_rendering(request, *, token: str, began: int | None):
    """A 304 for a request whose validators are current, or None (render)."""
    if not is_conditional(request):
        return None
    if request.META.get("HTTP_IF_NONE_MATCH", "").strip() == "*":
        # "Any version": the record cannot say that this representation
        # (e.g. the browsable API rather than JSON) is a shareable one.
        return None
    try:
        record = cache.get(record_key(request, token))
    except Exception:
        logger.warning("Cache unreachable; rendering.", exc_info=True)
        return None
    if record is None:
        return None
    full = HttpResponse()
    for name, value in record.items():
        full[name] = value
    full["ETag"] = etag_for(request, token, vary_names(record.get("Vary", "")))
    last_modified = last_modified_header(began)
    if last_modified is not None:
        full["Last-Modified"] = last_modified
    answer = get_conditional_response(
        request, etag=full["ETag"], last_modified=began, response=full
    )
    return answer if answer.status_code == 304 else None


def not_modified_after_rendering(request, response, *, began: int | None):
    """
    The 304 for a rendered (or cached) response of the generation that began
    at `began`, if the request holds its validators; else the response.
    """
    if response.status_code != 200 or "ETag" not in response:
        return response
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=began if "Last-Modified" in response else None,
        response=response,
    )
