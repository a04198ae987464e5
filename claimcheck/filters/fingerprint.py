"""Location-free identities for findings, so a baseline survives edits elsewhere in a file.

A fingerprint is a hash of the rule id, the flagged text and the sentence around it, each
case- and whitespace-folded.  Line numbers are left out on purpose: inserting a paragraph
above a finding must not make it "new".  Identical fingerprints in one file are told apart
by their occurrence number (1, 2, ...), in file order, so a pasted duplicate is new.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from claimcheck.findings import Finding

VERSION = "claimcheck/v1"  # the SARIF partialFingerprints key; bump if the recipe changes
_WINDOW = 240  # at most this many characters of context on each side of the span
_SPACE = re.compile(r"\s+")
# A sentence ends at . ! ? (plus closing quotes/brackets) before white space, at a blank
# line, at a line break that starts a new Markdown block (heading, list item, quote, table
# row), or at an HTML block tag, so an edit in the neighbouring paragraph changes nothing.
_BLOCK_TAGS = (
    "p|div|li|ul|ol|dl|dt|dd|h[1-6]|br|hr|tr|td|th|table|section|article|aside|header|footer|nav|main"
    "|blockquote|title|body|head|figcaption|figure"
)
_BOUNDARY = re.compile(
    r"""[.!?]["'”’)\]]*\s|\n[ \t]*\n|\n(?=[ \t]*(?:[#>|*+-]|\d+[.)])\s)|</?(?:""" + _BLOCK_TAGS + r""")\b[^<>]*>""",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Fold case and runs of white space, so re-wrapping or re-capitalising is no change."""
    return _SPACE.sub(" ", text).strip().casefold()


def context(original: str, start: int, end: int) -> str:
    """The sentence holding [start, end), clipped to a window; '' for an empty span."""
    if start >= end:
        return ""
    left, right = sentence_range(original, start, end)
    return original[left:right]


def sentence_range(original: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding [start, end), clipped to a window of the text."""
    left_limit = max(0, start - _WINDOW)
    left = left_limit
    for match in _BOUNDARY.finditer(original, left_limit, start):
        left = match.end()
    right_limit = min(len(original), end + _WINDOW)
    match = _BOUNDARY.search(original, end, right_limit)
    right = (match.start() + (match.group()[0] in ".!?")) if match else right_limit
    return left, right


def fingerprint(finding: Finding, original: str | None = None) -> str:
    """The occurrence-free fingerprint of one finding; `original` is its file's text.

    Without the text (or if it no longer matches the finding) the context is left out,
    which still gives a stable, if coarser, identity.
    """
    around = ""
    if original is not None and original[finding.offset : finding.end_offset] == finding.text:
        around = normalise(context(original, finding.offset, finding.end_offset))
    context_hash = hashlib.sha256(around.encode("utf-8")).hexdigest()[:16]
    key = "\x1f".join((finding.rule, normalise(finding.text), context_hash))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def fingerprints(findings: Sequence[Finding], sources: Mapping[str, str] | None = None) -> list[tuple[str, int]]:
    """(fingerprint, occurrence) for each finding, in the order given.

    Occurrences count per file in file order (by offset), whatever order `findings` is in.
    """
    sources = sources or {}
    prints = [fingerprint(finding, sources.get(finding.path)) for finding in findings]
    order = sorted(range(len(findings)), key=lambda i: (findings[i].path, findings[i].offset, findings[i].end_offset, i))
    seen: dict[tuple[str, str], int] = {}
    occurrence = [0] * len(findings)
    for index in order:
        key = (findings[index].path, prints[index])
        seen[key] = seen.get(key, 0) + 1
        occurrence[index] = seen[key]
    return list(zip(prints, occurrence, strict=True))
