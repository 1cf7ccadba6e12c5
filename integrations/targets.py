"""Checks on the URLs the platform posts to (the SSRF guard) and the one way it posts.

A webhook or robot URL is someone else's server: the platform must not be turned into a probe of its own
network. A URL is refused when its host resolves to a loopback, link-local, private, multicast or reserved
address, at registration and again right before each attempt (DNS can change after the check).
Redirects are not followed (a public host could redirect to an internal one), and each attempt has a short
connect and read timeout so a receiver that hangs never holds a worker.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext as _

from .conf import setting


class TargetRefused(ValueError):
    """The URL may not be posted to; the message says why (shown to the owner)."""


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


def resolve(host: str) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(_("The host name does not resolve.")) from exc
    return sorted({info[4][0] for info in infos})


def check_url(url: str) -> None:
    """Raise ``TargetRefused`` unless ``url`` may be posted to under the current settings."""
    try:
        parts = urlsplit(url)
        hostname, _port = parts.hostname, parts.port  # both raise ValueError on a malformed netloc
    except ValueError as exc:
        raise TargetRefused(_("Enter an https:// URL.")) from exc
    if parts.scheme not in ("https", "http") or not hostname:
        raise TargetRefused(_("Enter an https:// URL."))
    if parts.scheme != "https" and setting("REQUIRE_HTTPS"):
        raise TargetRefused(_("Only https:// URLs are accepted."))
    if parts.username or parts.password:
        raise TargetRefused(_("The URL must not contain a user name or password."))
    if setting("ALLOW_PRIVATE_HOSTS"):
        return
    for address in resolve(hostname):
        if not _is_public(ipaddress.ip_address(address.split("%", 1)[0])):
            raise TargetRefused(_("The host resolves to a private, loopback or reserved address."))


@dataclass
class Answer:
    status_code: int | None
    latency_ms: int
    text: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """One attempt: the guard again, then a POST without redirects under the short timeouts."""
    started = time.monotonic()
    try:
        check_url(url)
    except TargetRefused as exc:
        return Answer(None, 0, error=str(exc))
    try:
        with requests.post(url, data=body, headers={"Content-Type": "application/json; charset=utf-8", **headers},
                           timeout=(setting("CONNECT_TIMEOUT"), setting("READ_TIMEOUT")), allow_redirects=False,
                           stream=True) as response:
            # Read at most the excerpt (a receiver answering with a huge body must not fill the memory).
            limit = setting("RESPONSE_EXCERPT_CHARS") * 4
            raw = response.raw.read(limit, decode_content=True) if response.raw else b""
            text = raw.decode(response.encoding or "utf-8", errors="replace")[: setting("RESPONSE_EXCERPT_CHARS")]
            return Answer(response.status_code, int((time.monotonic() - started) * 1000), text)
    except requests.Timeout:
        return Answer(None, int((time.monotonic() - started) * 1000), error=_("The receiver did not answer in time."))
    except requests.RequestException as exc:
        return Answer(None, int((time.monotonic() - started) * 1000),
                      error=(_("Could not reach the receiver: %(error)s") % {"error": type(exc).__name__})[:300])
