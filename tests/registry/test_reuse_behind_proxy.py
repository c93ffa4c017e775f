"""
The reuse form's rate limit behind a reverse proxy (TRUSTED_PROXIES): each
visitor behind a trusted proxy has an allowance of their own, and a visitor
who talks to the site directly cannot escape theirs by writing an
X-Forwarded-For header.
"""

import pytest

from registry.reuse import RATE_LIMIT

PROXY = "10.0.0.5"
# Incomplete requests: refused with 400 and stored nowhere, yet each counts.
INCOMPLETE = {"name": "", "municipality": "", "email": "", "message": "", "website": ""}


@pytest.fixture
def proxy_trusted(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


def post_from(client, project, *, remote, forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    response = client.post(f"{project.url}nachnutzen/", INCOMPLETE, REMOTE_ADDR=remote, **headers)
    return response.status_code


def test_two_visitors_behind_a_trusted_proxy_have_allowances_of_their_own(
    client, site_tree, proxy_trusted
):
    project = site_tree.project
    first = [
        post_from(client, project, remote=PROXY, forwarded="192.0.2.1")
        for _ in range(RATE_LIMIT + 1)
    ]
    assert first == [400] * RATE_LIMIT + [429]
    # The second visitor comes through the same proxy, and may still ask.
    assert post_from(client, project, remote=PROXY, forwarded="192.0.2.2") == 400
    # What the first visitor writes in front of the proxy's entry changes nothing.
    assert post_from(client, project, remote=PROXY, forwarded="198.51.100.1, 192.0.2.1") == 429


def test_a_forged_header_from_an_untrusted_address_is_ignored(client, site_tree, proxy_trusted):
    project = site_tree.project
    statuses = [
        post_from(client, project, remote="198.51.100.7", forwarded=f"192.0.2.{attempt}")
        for attempt in range(RATE_LIMIT + 1)
    ]
    assert statuses == [400] * RATE_LIMIT + [429]


def test_without_trusted_proxies_everyone_behind_the_proxy_shares_one_allowance(
    client, site_tree, settings
):
    settings.TRUSTED_PROXIES = []
    project = site_tree.project
    statuses = [
        post_from(client, project, remote=PROXY, forwarded=f"192.0.2.{attempt}")
        for attempt in range(RATE_LIMIT + 1)
    ]
    assert statuses == [400] * RATE_LIMIT + [429]


@pytest.mark.parametrize(
    "forwarded", ["garbage", "  ", "2001:db8::1", "[2001:db8::1]:80, ", "\u2028;,,%00", "a" * 5000]
)
def test_malformed_headers_through_the_proxy_get_an_answer(
    client, site_tree, proxy_trusted, forwarded
):
    assert post_from(client, site_tree.project, remote=PROXY, forwarded=forwarded) == 400
