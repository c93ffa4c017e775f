"""
The address of the client a request comes from, seen through the reverse
proxies the installation trusts (settings.TRUSTED_PROXIES).

Behind a proxy every request arrives from the proxy's address; the proxy
appends the address it was contacted from to X-Forwarded-For. Anyone can
send that header, so it counts only when the request comes from a trusted
proxy, and then only what trusted proxies appended: reading from the right,
the first entry that is not itself a trusted proxy is the client. Entries
left of it were written by the client and are ignored.

Written here rather than taken from a package: the rule is a dozen lines of
the standard library's ipaddress, and the packages that do it (django-ipware,
django-xff) bring settings of their own for a subset of what is needed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def address_parsed(text: str) -> IPAddress | None:
    """
    An address as proxies write it, or None for anything else ("unknown",
    garbage, an obfuscated RFC 7239 name). Accepts a port after IPv4
    ("192.0.2.1:51234") or bracketed IPv6 ("[2001:db8::1]:443"); an IPv4
    address mapped into IPv6 counts as the IPv4 address it carries.
    """
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_address(request) -> str:
    """
    The client's address as text: REMOTE_ADDR, or, when REMOTE_ADDR is a
    trusted proxy, the rightmost X-Forwarded-For entry that is not a trusted
    proxy. If that entry is not an address (a proxy that passes the header
    on without appending, or garbage), the nearest trusted proxy's address
    stands for the client: a shared allowance rather than one the client
    chose. An empty string when the server gave no address at all.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    nearest = address_parsed(remote)
    if nearest is None or not any(nearest in network for network in networks):
        return str(nearest) if nearest is not None else remote.strip()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = address_parsed(entry)
        if address is None:
            break
        if not any(address in network for network in networks):
            return str(address)
        nearest = address
    return str(nearest)
