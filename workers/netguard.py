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
from functools import cache
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


def _own_service(ip: IPAddress, port: int, cfg: Settings) -> str | None:
    """'Redis' or 'API' when ip:port is where this service's Redis or API listens. An
    allow-list that admits loopback (as `make run`'s does, for local receivers) must still
    never let a webhook POST article text into the service's own Redis or API."""
    redis_parts = urlsplit(cfg.redis_url)
    bind_host, _, bind_port = cfg.api_bind.rpartition(":")
    own = []
    # behind Sentinel the master moves between hosts; those hosts belong on no allow-list
    if redis_parts.scheme in ("redis", "rediss") and redis_parts.hostname:
        try:
            own.append(("Redis", redis_parts.hostname, redis_parts.port or 6379))
        except ValueError:
            pass
    if bind_port.isdigit():
        own.append(("API", bind_host.strip("[]") or "0.0.0.0", int(bind_port)))
    for name, own_host, own_port in own:
        if port == own_port and _same_machine_address(ip, own_host):
            return name
    return None


def _same_machine_address(ip: IPAddress, own_host: str) -> bool:
    """Whether `ip` reaches a server bound to `own_host` on this machine."""
    try:
        own_ips = {ipaddress.ip_address(own_host)}
    except ValueError:
        try:
            own_ips = {ipaddress.ip_address(i[4][0].split("%")[0]) for i in socket.getaddrinfo(own_host, None)}
        except (socket.gaierror, UnicodeError):
            return False
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    candidates = {ip, mapped} - {None}
    for own_ip in own_ips:
        if own_ip.is_unspecified:  # bound to every address: loopback and this host's own reach it
            if any(c.is_loopback or c in _host_addresses() for c in candidates):
                return True
        if own_ip.is_loopback and any(c.is_loopback for c in candidates):
            return True
        if own_ip in candidates:
            return True
    return False


@cache
def _host_addresses() -> frozenset[IPAddress]:
    """The addresses this machine's own name resolves to."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except (socket.gaierror, UnicodeError):
        return frozenset()
    return frozenset(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos)


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
    for ip in addresses:
        own = _own_service(ip, port, cfg)
        if own:
            raise UnsafeURL(f"{host}:{port} is this service's own {own}")
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
