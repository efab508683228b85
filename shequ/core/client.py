"""Who is on the other end of a request: the client's address and user agent.

Behind the county's reverse proxy every request comes from the proxy's address, and the client's
address arrives in X-Forwarded-For, which anyone can also send. Each proxy appends the address of
the peer it heard from, so the header is read from the right: while the hop we reached is one of
SHEQU_TRUSTED_PROXIES, the next address to its left is the one it saw; the first hop that is not a
trusted proxy is the client. A request whose peer is not a trusted proxy is taken at its word about
nothing, so a forged header never moves a lockout or an audit row onto someone else.

A small function rather than django-ipware: ipware consults a long list of headers and its trusted
proxies are address prefixes, while this reads the one header our proxy writes, matches networks
with the standard library, and fits on a screen for review.
"""

from ipaddress import IPv4Address, IPv6Address, ip_address

from django.conf import settings
from django.http import HttpRequest

USER_AGENT_MAX_LENGTH = 255


def _parsed(value: str) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(value.strip())
    except ValueError:
        return None
    # A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; they are the IPv4 address.
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPv4Address | IPv6Address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, as far as trusted proxies vouch for it."""
    peer = request.META.get("REMOTE_ADDR", "")
    address = _parsed(peer)
    if address is None:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        if not _trusted(address):
            break
        reported = _parsed(hop)
        if reported is None:
            # Garbage where a trusted proxy should have written an address: the last address we
            # can vouch for is that proxy's.
            break
        address = reported
    return str(address)


def client_user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]
