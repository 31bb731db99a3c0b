"""SSRF guard for webhook URLs: resolve once, vet every address, connect to the vetted one.

A URL passes when its scheme is https (http only where configured), and every
A/AAAA record of its host is a public unicast address — not loopback,
private, link-local (169.254.0.0/16, the cloud metadata address), CGNAT,
multicast, reserved or unspecified, IPv4-mapped IPv6 included — unless the
host or address is on ATTRIB_WEBHOOK_ALLOW (hosts and CIDRs). The
connection then goes to the vetted address, so a second DNS answer (DNS
rebinding) is never used.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from .settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
CGNAT = ipaddress.ip_network("100.64.0.0/10")


class UnsafeURL(ValueError):
    """The URL may not be called."""


@dataclass(frozen=True)
class Target:
    scheme: str
    hostname: str
    ip: str
    port: int
    path: str
    host_header: str


def _allowed(host: str, ip: IPAddress | None, allow: tuple[str, ...]) -> bool:
    for entry in allow:
        if "/" in entry or _is_ip(entry):
            if ip is not None and ip in ipaddress.ip_network(entry, strict=False):
                return True
        elif host.lower().rstrip(".") == entry.lower().rstrip("."):
            return True
    return False


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def unsafe_reason(ip: IPAddress) -> str | None:
    """Why an address may not be called, or None for a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            reason = unsafe_reason(mapped)
            return f"IPv4-embedded {reason}" if reason else None
    if ip.is_loopback:
        return "loopback address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if ip.is_unspecified:
        return "unspecified address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT:
        return "CGNAT address"
    if ip.is_private:
        return "private address"
    if ip.is_reserved or not ip.is_global:
        return "reserved address"
    return None


def check_url_syntax(url: str, cfg: Settings) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL("only http(s) URLs can receive webhooks")
    if parts.username or parts.password:
        raise UnsafeURL("credentials in the URL are not allowed")
    host = parts.hostname
    if not host:
        raise UnsafeURL("the URL has no host")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeURL("invalid port") from exc
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path


def vet_url(url: str, cfg: Settings) -> Target:
    """Resolve and vet `url`; the returned Target pins the address to connect to."""
    scheme, host, port, path = check_url_syntax(url, cfg)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"cannot resolve {host}") from exc
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise UnsafeURL(f"{host} has no address")
    allowed_all = True
    for ip in addresses:
        if _allowed(host, ip, cfg.webhook_allow):
            continue
        allowed_all = False
        reason = unsafe_reason(ip)
        if reason:
            raise UnsafeURL(f"{host} resolves to a {reason} ({ip})")
    if scheme == "http" and not (cfg.webhook_allow_http or allowed_all):
        raise UnsafeURL("webhook URLs must use https")
    ip = addresses[0]
    default = 443 if scheme == "https" else 80
    host_header = host if port == default else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default else f"[{host}]:{port}"
    return Target(scheme, host, str(ip), port, path, host_header)
