"""Reference entries: what each one is, and whether it can substantiate a claim.

An entry is one item of a document's reference list (or of a BibTeX / CSL-JSON file
given as its bibliography).  It is classified from its own text:

* "self": the publisher's own material (a link to one of its domains, a relative
  link, "our blog", "data on file"); a business cannot substantiate itself;
* "non_evidence": testimonials, press releases, clinic blogs, social media;
* "evidence": a valid DOI, PMID, PMCID or trial id, a scholarly or regulator URL,
  or a journal-style record ("Chest. 2013;143(6):1590");
* "unverified": anything else (a title with no identifier).  A reader cannot check
  it, so it does not substantiate a claim: "Studies show ... [2]" resting on
  "2. Smith J. Regenerative medicine review. 2020." counts as uncited, exactly as the
  same sentence without "[2]" (issue 14); `reference/no-identifier` says why.

Strength says what kind of source it is: "trial" (registered trial), "paper"
(peer-reviewed), "regulator", "web" or "none".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from claimcheck.errors import ConfigError
from claimcheck.nlp.citations import LOWER, REGISTRY_KINDS, UPPER, Citation, find_marks, is_scholarly_url
from claimcheck.sources.base import Link, Source

ENTRY_LABELS_KEY = "claimcheck.entry_labels"
SUBSTANTIATING = frozenset({"evidence"})


@dataclass(frozen=True)
class Entry:
    """One reference; prose offsets are (0, 0) for entries read from a file."""

    index: int
    start: int
    end: int
    text: str
    labels: tuple[str, ...]
    identifiers: tuple[Citation, ...]
    urls: tuple[str, ...]
    quality: str
    strength: str
    reason: str
    external: bool = False

    @property
    def substantiates(self) -> bool:
        return self.quality in SUBSTANTIATING

    @property
    def verifiable(self) -> bool:
        return bool(self.urls) or any(mark.valid and mark.kind != "link" for mark in self.identifiers)

    @property
    def name(self) -> str:
        label = next((label for label in self.labels if not label.startswith("#")), None)
        return f"[{label}]" if label else f"entry {self.index + 1}"


_SELF_TEXT = re.compile(
    r"\bour\s+(?:own\s+)?(?:blog|resources?|articles?|guides?|web\s?site|site|pages?|clinic|data|patients?|outcomes?|records?|"
    r"case\s+stud(?:y|ies)|internal|in-house|registry|e-?book|white\s?paper|newsletter|videos?)\b|\bdata\s+on\s+file\b|\bin-house\s+data\b",
    re.IGNORECASE,
)
_NON_EVIDENCE = re.compile(
    r"\btestimonials?\b|\bpatient\s+(?:stories|story|reviews?|experiences?)\b|\bsuccess\s+stor(?:y|ies)\b|\bpress\s+release\b|"
    r"\bnews\s+release\b|\bnewswire\b|prnewswire|businesswire|globenewswire|\bblog\b|/blog/|/testimonials?\b|/reviews?\b|/press\b|"
    r"youtube\.com|youtu\.be|facebook\.com|instagram\.com|tiktok\.com|reddit\.com|\badvertorial\b|\bsponsored\b|"
    # a company's white paper with no study record or identifier (citations/84): marketing, not a study
    r"\bwhite[\s-]?paper\b",
    re.IGNORECASE,
)
_REGULATOR = re.compile(
    r"fda\.gov|nih\.gov|cdc\.gov|who\.int|ema\.europa\.eu|ftc\.gov|mhra\.gov|nice\.org\.uk|isscr\.org|"
    r"Food\s+and\s+Drug\s+Administration|Federal\s+Trade\s+Commission|National\s+Institutes\s+of\s+Health|"
    r"World\s+Health\s+Organization|European\s+Medicines\s+Agency|International\s+Society\s+for\s+Stem\s+Cell\s+Research",
    re.IGNORECASE,
)
_JOURNAL_RECORD = re.compile(r"\b(?:19|20)\d{2}\s*;\s*\d+|\b(?:19|20)\d{2}\s*,\s*\d+\s*\(\d+\)|\bet\s+al\b.*\b(?:19|20)\d{2}\b")
_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]|\bwww\.[^\s<>\"')\]]+[^\s<>\"')\].,;:]")
_FIRST_AUTHOR = re.compile(rf"^\W*((?:(?:van|von|de|da|del|der|le|la)\s)?[{UPPER}][{UPPER}{LOWER}'’\-]+)")
_YEAR = re.compile(r"\b((?:19|20)\d{2})([a-z]?)\b")


def _identifiers(doi: object, pmid: object, pmcid: object, url: object) -> list[str]:
    """An entry's identifiers written the way citation detection reads them in prose."""
    found = []
    if doi:
        found.append(f"doi:{doi}")
    if pmid:
        found.append(f"PMID: {pmid}")
    if pmcid:
        found.append(f"PMCID: {pmcid}")
    if url:
        found.append(str(url))
    return found


def host_of(url: str) -> str:
    if url.startswith("www."):
        url = "http://" + url
    return (urlsplit(url).hostname or "").lower()


def is_own_url(url: str, publisher_domains: Sequence[str]) -> bool:
    """A relative link, or a link to one of the publisher's domains (or their subdomains)."""
    if url.startswith("#"):
        return False
    if not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|www\.)", url, re.IGNORECASE):
        return True
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in publisher_domains if domain)


def classify(
    text: str, urls: Sequence[str], identifiers: Sequence[Citation], publisher_domains: Sequence[str]
) -> tuple[str, str, str]:
    """(quality, strength, reason) for an entry's text, URLs and identifiers."""
    valid = [mark for mark in identifiers if mark.valid]
    kinds = {mark.kind for mark in valid}
    own = [url for url in urls if is_own_url(url, publisher_domains)]
    if own or _SELF_TEXT.search(text):
        where = own[0] if own else _SELF_TEXT.search(text).group()  # type: ignore[union-attr]
        return "self", "none", f"the publisher's own material ({where})"
    if kinds & REGISTRY_KINDS:
        strength = "trial"
    elif kinds & {"doi", "pmid", "pmcid"} or _JOURNAL_RECORD.search(text):
        strength = "paper"
    elif _REGULATOR.search(text) or any(_REGULATOR.search(url) for url in urls):
        strength = "regulator"
    elif urls:
        strength = "web"
    else:
        strength = "none"
    if strength in {"web", "none"}:
        found = _NON_EVIDENCE.search(text) or next(filter(None, (_NON_EVIDENCE.search(url) for url in urls)), None)
        if found:
            return "non_evidence", strength, f"not evidence ({found.group().strip('/')})"
    scholarly = any(is_scholarly_url(url) for url in urls)
    if strength in {"trial", "paper", "regulator"} or scholarly:
        return "evidence", "paper" if scholarly and strength == "web" else strength, ""
    if urls:
        return "evidence", strength, ""
    return "unverified", strength, "no DOI, PMID, PMCID, trial id or URL"


def make_entry(
    index: int,
    start: int,
    end: int,
    text: str,
    labels: Iterable[str],
    links: Iterable[Link],
    publisher_domains: Sequence[str],
    external: bool = False,
) -> Entry:
    identifiers = tuple(mark for mark in find_marks(text) if mark.is_identifier and mark.kind != "link")
    urls = [match.group() for match in _URL.finditer(text)]
    urls.extend(link.href for link in links if link.kind == "a" and not link.href.startswith(("#", "mailto:")))
    keys = list(labels)
    author = _FIRST_AUTHOR.match(text)
    if author:
        surname = author.group(1).lower()
        # Every year the entry holds, not only the first: in "Reyes D. Cord blood banking,
        # 1988-2019. Transfus Med Rev. 2020" the title's years come before the paper's.
        for year in _YEAR.finditer(text):
            keys.append(f"{surname} {year.group(1)}")
            if year.group(2):
                # "Kim (2020a)" and "Kim (2020b)": the letter tells two papers of a year apart.
                keys.append(f"{surname} {year.group(1)}{year.group(2)}")
    quality, strength, reason = classify(text, urls, identifiers, publisher_domains)
    unique_urls = tuple(dict.fromkeys(urls))
    labels_and_keys = tuple(dict.fromkeys(keys))
    return Entry(index, start, end, text, labels_and_keys, identifiers, unique_urls, quality, strength, reason, external)


# -- labels the readers drop: "[^note]:" before a Markdown footnote, "3." before a list item

_FOOTNOTE_LABEL = re.compile(r"\[\^(?P<label>[^\]\s]+)\]:\s*$")
_LIST_NUMBER = re.compile(r"(?:^|\s)(?P<number>\d{1,3})[.)]\s*$")


def source_labels(source: Source) -> dict[int, str]:
    """Entry labels written in the original text just before a segment's prose."""
    labels: dict[int, str] = {}
    original = source.original
    for segment in source.segments:
        if segment.kind not in {"footnote", "list_item"}:
            continue
        start, _ = source.source_range(segment.start, segment.end)
        line_start = original.rfind("\n", 0, start) + 1
        prefix = original[max(line_start, start - 80) : start]
        found = _FOOTNOTE_LABEL.search(prefix)
        if found:
            labels[segment.start] = "^" + found["label"]
            continue
        found = _LIST_NUMBER.search(prefix)
        if found:
            labels[segment.start] = str(int(found["number"]))
    return labels


# -- a bibliography file given with the document: BibTeX or CSL-JSON


def load_bibliography(path: Path, publisher_domains: Sequence[str] = ()) -> tuple[Entry, ...]:
    """Entries from a .bib (BibTeX) or .json (CSL-JSON) file; errors are one line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise ConfigError(f"{path}: cannot read bibliography ({getattr(problem, 'strerror', None) or problem})") from None
    records = parse_bibtex(text, str(path)) if path.suffix.lower() == ".bib" else parse_csl_json(text, str(path))
    entries = []
    for index, (key, fields) in enumerate(records):
        described = ". ".join(value for value in fields if value)
        entries.append(make_entry(index, 0, 0, described, ("@" + key,), (), publisher_domains, external=True))
    return tuple(entries)


def parse_csl_json(text: str, where: str) -> list[tuple[str, list[str]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as problem:
        raise ConfigError(f"{where}:{problem.lineno}: not valid CSL-JSON ({problem.msg})") from None
    if isinstance(data, dict):
        data = data.get("items", [data])
    if not isinstance(data, list) or not all(isinstance(item, dict) and isinstance(item.get("id"), (str, int)) for item in data):
        raise ConfigError(f"{where}: CSL-JSON must be a list of items, each with an 'id'")
    records = []
    for item in data:
        authors = item.get("author") or []
        first = authors[0].get("family", "") if authors and isinstance(authors[0], dict) else ""
        issued = item.get("issued", {})
        parts = issued.get("date-parts", [[None]]) if isinstance(issued, dict) else [[None]]
        year = str(parts[0][0]) if parts and parts[0] and parts[0][0] else ""
        fields = [
            f"{first} et al" if len(authors) > 1 else first,
            year,
            str(item.get("title", "")),
            str(item.get("container-title", "")),
        ]
        fields.extend(_identifiers(item.get("DOI"), item.get("PMID"), item.get("PMCID"), item.get("URL")))
        records.append((str(item["id"]), fields))
    return records


_BIB_ENTRY = re.compile(r"@(\w+)\s*[{(]\s*([^,\s]+)\s*,")
_BIB_FIELD = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")


def parse_bibtex(text: str, where: str) -> list[tuple[str, list[str]]]:
    """A small BibTeX reader: entries, braced / quoted / bare field values.

    Enough for reference managers' exports (what a bibliography for marketing copy
    is); @string macros and concatenation are not expanded.
    """
    records = []
    for match in _BIB_ENTRY.finditer(text):
        kind, key = match.group(1).lower(), match.group(2)
        if kind in {"comment", "string", "preamble"}:
            continue
        fields: dict[str, str] = {}
        position = match.end()
        while True:
            field = _BIB_FIELD.match(text, position)
            if not field:
                break
            name = field.group(1).lower()
            value, position = _bib_value(text, field.end(), where)
            fields[name] = re.sub(r"[{}]", "", re.sub(r"\s+", " ", value)).strip()
            comma = re.match(r"\s*,", text[position:])
            if not comma:
                break
            position += comma.end()
        line = text.count("\n", 0, match.start()) + 1
        if not re.match(r"\s*[})]", text[position:]):
            raise ConfigError(f"{where}:{line}: BibTeX entry {key!r} is not closed or has a malformed field")
        author = fields.get("author", "")
        first = re.split(r"\s+and\s+", author)[0] if author else ""
        surname = first.split(",")[0].strip() if "," in first else (first.split()[-1] if first else "")
        values = [
            f"{surname} et al" if " and " in author else surname,
            fields.get("year", ""),
            fields.get("title", ""),
            fields.get("journal", ""),
        ]
        values.extend(_identifiers(fields.get("doi"), fields.get("pmid"), fields.get("pmcid"), fields.get("url")))
        if fields.get("note"):
            values.append(fields["note"])
        records.append((key, values))
    return records


def _bib_value(text: str, position: int, where: str) -> tuple[str, int]:
    if position < len(text) and text[position] == "{":
        depth = 0
        for index in range(position, len(text)):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    return text[position + 1 : index], index + 1
        raise ConfigError(f"{where}:{text.count(chr(10), 0, position) + 1}: unbalanced braces in a BibTeX value")
    if position < len(text) and text[position] == '"':
        end = text.find('"', position + 1)
        if end < 0:
            raise ConfigError(f"{where}:{text.count(chr(10), 0, position) + 1}: unclosed quote in a BibTeX value")
        return text[position + 1 : end], end + 1
    bare = re.match(r"[^,})\s]+", text[position:])
    return (bare.group(), position + bare.end()) if bare else ("", position)
