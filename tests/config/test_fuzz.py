"""
No anonymous request gets a 5xx: Hypothesis sends generated requests to every
public URL pattern, every page of a small site tree, every read-API endpoint
with each of its parameters, and the reuse-request form.

The requests carry what a careless client or a scanner sends: NUL and other
control characters, lone surrogates and invalid UTF-8 percent-encodings,
huge, negative and non-numeric numbers, unknown values, repeated parameters,
every HTTP method. A response of 500 or more fails the test and names the
request as sent (no shrinking: each request costs a page render, and the
message already says what to replay).

The run is reproducible: Hypothesis derives its examples from the test's
name (`derandomize`), and each test sends a fixed number of requests, at
least 5,000 in all. To fuzz longer or differently on a workstation:

    FUZZ_EXAMPLES=20000 FUZZ_SEED=7 .venv/bin/pytest -q -s tests/config/test_fuzz.py

FUZZ_EXAMPLES multiplies the examples of each test by FUZZ_EXAMPLES / 5,000;
FUZZ_SEED picks other examples than CI's. `-s` shows the requests sent and
the answers' status codes.
"""

import logging
import os
import re
import time
from collections import Counter
from functools import cache
from urllib.parse import quote

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from config.api import api_router

CI_REQUESTS = 5_000
SCALE = int(os.environ.get("FUZZ_EXAMPLES", CI_REQUESTS)) / CI_REQUESTS
# Requests per family; pages are the slowest to render.
EXAMPLES = {
    "patterns": int(1_500 * SCALE),
    "pages": int(1_000 * SCALE),
    "api": int(2_000 * SCALE),
    "reuse": int(500 * SCALE),
}
EXCLUDED_PREFIXES = ("admin/", "django-admin/", "static/", "media/")
METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE", "TRACE"]

sent = Counter()


# --------------------------------------------------------------------------
# What to send
# --------------------------------------------------------------------------

# Already percent-encoded: what no str can carry, or what decodes to nonsense.
RAW_ENCODED = [
    "%00",
    "a%00b",
    "%ED%A0%80",  # a UTF-16 surrogate, invalid in UTF-8
    "%FF%FE",
    "%C3%28",
    "%E2%82",
    "%",
    "%zz",
    "%2F",
    "%0D%0A",
    "%C0%AF",
]
NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\t\n\r",
    "\u200b",
    "\ufffd",
    "\ud800",
    "\udfff",
    "0",
    "-1",
    "-9223372036854775809",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999999999",
    "1e9",
    "NaN",
    "1.5",
    "0x10",
    "٣",
    "9" * 5000,
    "*",
    "-",
    "'",
    '"',
    "()",
    "(*)",
    "contacts(*)",
    "title,-title",
    "random",
    "and",
    "or",
    "xor",
    "AND OR NOT",
    '"a',
    "a*",
    "NEAR(",
    "' OR 1=1 --",
    "<script>",
    "../../etc/passwd",
    "luebeck",
    "rostock",
    "lorawan",
    "mobilitaet",
    "operation",
    "project",
    "Park",
    "x" * 300,
]


def encode(text: str) -> str:
    """Percent-encode as UTF-8, lone surrogates included (as an old client would)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
).map(str)
texts = st.one_of(
    st.sampled_from(NASTY_TEXT),
    numbers,
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cs", "Zs", "Po"]), max_size=6),
)
encoded_values = st.one_of(texts.map(encode), st.sampled_from(RAW_ENCODED))


def query_strings(names: list[str], values=encoded_values) -> st.SearchStrategy[str]:
    """Known and unknown names, each possibly repeated, with hostile values."""
    name = st.one_of(st.sampled_from(names), texts.map(encode))
    return st.lists(st.tuples(name, values), max_size=5).map(
        lambda pairs: "&".join(f"{key}={value}" for key, value in pairs)
    )


hostile_segments = st.one_of(encoded_values, st.text(max_size=8).map(encode))


def with_insertion(path: str, insertion: str, position: int) -> str:
    """`insertion` spliced into `path` at a segment boundary (keeps %-escapes whole)."""
    cuts = [0, *[m.end() for m in re.finditer("/", path)]]
    cut = cuts[position % len(cuts)]
    return path[:cut] + insertion + path[cut:]


@cache
def paths_near(base: str) -> st.SearchStrategy[str]:
    """
    `base`, or `base` with a hostile segment spliced in or appended. One
    strategy per base (cached): Hypothesis validates a new strategy on its
    first draw, which would otherwise cost as much as the request itself.
    """
    return st.one_of(
        st.just(base),
        st.builds(with_insertion, st.just(base), hostile_segments, st.integers(0, 8)),
        hostile_segments.map(lambda segment: base + segment),
        hostile_segments.map(lambda segment: f"{base}{segment}/"),
    )


def public_patterns(patterns=None, prefix="") -> list[str]:
    """The regular expressions of every public URL pattern, without admin and static files."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            sources = ["", "en/"]
        else:
            sources = [re.sub(r"^\^|(\\Z|\$)$", "", pattern.regex.pattern)]
        for source in sources:
            full = prefix + source
            if full.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                found += public_patterns(entry.url_patterns, full)
            elif isinstance(entry, URLPattern):
                found.append(full)
    return found


@cache
def pattern_paths(pattern: str) -> st.SearchStrategy[str]:
    """Paths the pattern matches, percent-encoded, then possibly spoiled (cached as above)."""
    matching = st.from_regex(re.compile(pattern), fullmatch=True).map(
        lambda path: "/" + quote(path.encode("utf-8", "surrogatepass"), safe="/")
    )
    return matching.flatmap(paths_near)


HTML_PARAMETERS = [
    "q",
    "page",
    "type",
    "city",
    "topic",
    "status",
    "reuse",
    "tag",
    "kind",
    "phase",
    "format",
    "p",  # the ids of the comparison (discovery.compare)
]


def api_parameters(viewset) -> list[str]:
    names = set(viewset.known_query_parameters) | set(viewset.find_query_parameters)
    names |= {"html_path", "type", "child_of", "descendant_of", "id"}
    return sorted(names)


def api_values(viewset) -> st.SearchStrategy[str]:
    """Hostile values and the endpoint's own field names (for `fields` and `order`)."""
    fields = sorted(
        set(viewset.get_body_fields_names(viewset.model))
        | set(viewset.get_meta_fields_names(viewset.model))
    )
    field_lists = st.lists(
        st.one_of(st.sampled_from(fields), st.sampled_from(["*", "_", "-title", "contacts(*)"])),
        min_size=1,
        max_size=4,
    ).map(lambda names: encode(",".join(names)))
    return st.one_of(encoded_values, field_lists)


@cache
def api_query_strings(viewset) -> st.SearchStrategy[str]:
    """The endpoint's query strings, one strategy per endpoint (cached as above)."""
    return query_strings(api_parameters(viewset), api_values(viewset))


@st.composite
def api_requests(draw):
    name, viewset = draw(st.sampled_from(sorted(api_router._endpoints.items())))
    kind = draw(st.sampled_from(["listing", "listing", "listing", "detail", "find"]))
    if kind == "listing":
        path = f"/api/v2/{name}/"
    elif kind == "detail":
        path = f"/api/v2/{name}/{draw(st.one_of(numbers, hostile_segments))}/"
    else:
        path = f"/api/v2/{name}/find/"
    query = draw(api_query_strings(viewset))
    return draw(methods), f"{path}?{query}" if query else path


methods = st.one_of(st.just("GET"), st.just("GET"), st.sampled_from(METHODS))


# --------------------------------------------------------------------------
# How to send it
# --------------------------------------------------------------------------


@pytest.fixture
def fuzz_tree(site_tree):
    """The shared site tree (built once for the module) and the addresses of its pages."""
    tree = site_tree
    tree.pages = [
        page.specific.url for page in tree.home.get_descendants(inclusive=True).live().public()
    ]
    tree.pages += [
        tree.project.url + "nachnutzen/",
        tree.project.url + "nachnutzen/danke/",
        tree.project.url + "publiccode.yml",
        "/en" + tree.project.url,
    ]
    return tree


@pytest.fixture(autouse=True)
def server_errors_logged_only(caplog):
    """4xx answers are what the fuzzing expects; logging each would cost more than it tells."""
    caplog.set_level(logging.ERROR, logger="django.request")


# One client for all requests (a new one would load the middleware again each time).
anonymous = Client(raise_request_exception=False)


def send(family: str, method: str, path: str, data: str | None = None) -> None:
    """One request as an anonymous client, without cookies, from its own address; fails on a 5xx."""
    sent[family] += 1
    anonymous.cookies.clear()
    extra = {"REMOTE_ADDR": f"203.0.113.{sent[family] % 250}"}
    if data is not None:
        extra |= {"data": data, "content_type": "application/x-www-form-urlencoded"}
    response = anonymous.generic(method, path, **extra)
    if os.environ.get("FUZZ_VERBOSE"):
        print(response.status_code, method, path)
    assert response.status_code < 500, (
        f"{method} {path} {'with body ' + repr(data) if data else ''}"
        f" answered {response.status_code}"
    )


def fuzz(family: str, strategy) -> None:
    """Send `EXAMPLES[family]` requests (method, path[, form body]) drawn from `strategy`."""
    checks = settings(
        max_examples=EXAMPLES[family],
        derandomize="FUZZ_SEED" not in os.environ,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        # No shrinking: the failure message names the request to replay.
        phases=[Phase.explicit, Phase.generate],
    )

    @checks
    @given(strategy)
    def check(request):
        send(family, *request)

    if "FUZZ_SEED" in os.environ:
        check = seed(int(os.environ["FUZZ_SEED"]))(check)
    started = time.monotonic()
    check()
    print(f"\n{family}: {sent[family]} requests in {time.monotonic() - started:.1f} s")
    # Hypothesis stops early when it runs out of new examples; none of these
    # strategies can, so fewer requests means the test no longer does its job.
    assert sent[family] >= EXAMPLES[family]


def test_every_public_url_pattern(fuzz_tree):
    patterns = public_patterns()
    assert "api/v2/projects/" in patterns and "search/" in patterns, patterns
    requests = st.tuples(
        methods,
        st.builds(
            lambda path, query: f"{path}?{query}" if query else path,
            st.sampled_from(patterns).flatmap(pattern_paths),
            query_strings(HTML_PARAMETERS),
        ),
    )
    fuzz("patterns", requests)


def test_every_page_of_the_tree(fuzz_tree):
    requests = st.tuples(
        methods,
        st.builds(
            lambda path, query: f"{path}?{query}" if query else path,
            st.sampled_from(fuzz_tree.pages).flatmap(paths_near),
            query_strings(HTML_PARAMETERS),
        ),
    )
    fuzz("pages", requests)


def test_every_api_endpoint_and_parameter(fuzz_tree):
    fuzz("api", api_requests())


REUSE_FIELDS = ["name", "municipality", "email", "message", "consent_to_contact", "website"]


def test_the_reuse_request_form(fuzz_tree):
    """Valid-looking and hostile bodies, from ever new addresses past the rate limit."""
    plausible = {
        "name": "Erika Muster",
        "municipality": "Stralsund",
        "email": "erika@stralsund.example",
        "message": "Wir möchten das gern nachnutzen.",
        "consent_to_contact": "on",
    }
    bodies = st.builds(
        lambda overrides, extra: "&".join(
            [f"{key}={encode(value)}" for key, value in {**plausible, **overrides}.items()]
            + [f"{key}={value}" for key, value in extra]
        ),
        st.dictionaries(st.sampled_from(REUSE_FIELDS), texts, max_size=4),
        st.lists(st.tuples(st.sampled_from(REUSE_FIELDS), encoded_values), max_size=3),
    )
    url = fuzz_tree.project.url + "nachnutzen/"
    requests = st.tuples(
        st.one_of(st.just("POST"), st.just("POST"), st.sampled_from(METHODS)),
        paths_near(url),
        bodies,
    )

    fuzz("reuse", requests)
