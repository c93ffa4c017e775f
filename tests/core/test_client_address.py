"""
The client's address through trusted reverse proxies only (core.client_address):
what each arrangement of proxies and headers gives, and that no header, however
malformed, raises.
"""

import ipaddress

from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config.settings.base import trusted_proxies_from_environment
from core.client_address import client_address

PROXY = "10.0.0.5"
TRUSTED = ["10.0.0.0/24", "2001:db8:ffff::/48"]


def address_of(remote, forwarded=None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = TRUSTED


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        # Straight from the client: the header is its own word and ignored.
        ("198.51.100.7", "192.0.2.1", "198.51.100.7"),
        ("198.51.100.7", None, "198.51.100.7"),
        # Through the trusted proxy: the address the proxy appended.
        (PROXY, "192.0.2.1", "192.0.2.1"),
        # The client wrote an address of its own in front; the proxy appended the real one.
        (PROXY, "203.0.113.99, 192.0.2.1", "192.0.2.1"),
        # Two trusted proxies in a row: the first untrusted address from the right.
        (PROXY, "192.0.2.1, 10.0.0.7", "192.0.2.1"),
        # Spaces and ports as some proxies write them.
        (PROXY, "  192.0.2.1:51234  ", "192.0.2.1"),
        (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        (PROXY, "2001:DB8:0:0::1", "2001:db8::1"),
        (PROXY, "::ffff:192.0.2.1", "192.0.2.1"),
        # An IPv6 proxy.
        ("2001:db8:ffff::2", "192.0.2.1", "192.0.2.1"),
        # Nothing usable appended: the nearest trusted proxy stands for the client.
        (PROXY, None, PROXY),
        (PROXY, "", PROXY),
        (PROXY, "unknown", PROXY),
        (PROXY, "192.0.2.1, garbage", PROXY),
        (PROXY, "192.0.2.1, 10.0.0.7, <script>", PROXY),
        (PROXY, "192.0.2.1,,", PROXY),
        (PROXY, "10.0.0.7", "10.0.0.7"),
        (PROXY, "192.0.2.1, not-an-address, 10.0.0.7", "10.0.0.7"),
    ],
)
def test_client_address(proxies, remote, forwarded, expected):
    assert address_of(remote, forwarded) == expected


def test_without_trusted_proxies_the_header_never_counts(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of(PROXY, "192.0.2.1") == PROXY


@given(forwarded=st.text(), remote=st.sampled_from([PROXY, "198.51.100.7", "", "nonsense"]))
def test_no_header_raises_and_the_answer_is_always_an_address(forwarded, remote):
    with override_settings(TRUSTED_PROXIES=TRUSTED):
        address = address_of(remote, forwarded)
    if remote == PROXY:
        ipaddress.ip_address(address)  # never a piece of the header's garbage
    else:
        assert address == remote


def test_trusted_proxies_from_the_environment():
    assert trusted_proxies_from_environment({}) == []
    assert trusted_proxies_from_environment(
        {"TRUSTED_PROXIES": " 10.0.0.5 , 172.16.0.0/12,2001:db8::/32 "}
    ) == ["10.0.0.5/32", "172.16.0.0/12", "2001:db8::/32"]
    with pytest.raises(ImproperlyConfigured, match="proxy.example"):
        trusted_proxies_from_environment({"TRUSTED_PROXIES": "10.0.0.5,proxy.example"})
