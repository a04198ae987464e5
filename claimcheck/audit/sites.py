"""A page's site: the registered domain of its host, from the public-suffix list.

The list is the snapshot bundled in the `tldextract` package; nothing is fetched
(`suffix_list_urls=()`, no cache folder).  Private suffixes count (`a.blogspot.com` and
`b.blogspot.com` are two sites), as they do for browsers' cookie rules.  A host whose top
label is not on the list (`clinic.example`) follows the list's default rule `*`: the
last label is the suffix, so the site is the last two labels.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

_EXTRACT = None


def _extractor():  # type: ignore[no-untyped-def]
    global _EXTRACT
    if _EXTRACT is None:
        import tldextract

        _EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    return _EXTRACT


def host_of(url: str) -> str:
    """The URL's host, lower-case, without port or trailing dot ('' when there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


@lru_cache(maxsize=65536)
def site_of_host(host: str) -> str:
    """The registered domain of `host` (an IP address or a one-label host is its own site)."""
    if not host:
        return ""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) == 1:
        return host
    parts = _extractor()(host)
    if parts.suffix:
        return f"{parts.domain}.{parts.suffix}" if parts.domain else host
    return ".".join(labels[-2:])


def site_of(url: str) -> str:
    """The registered domain of the URL's host."""
    return site_of_host(host_of(url))
