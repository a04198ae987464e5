"""Citation markers in prose: what a reader could follow to a source.

Detection is by regular expression over the text (markers do not tokenize cleanly:
"pain.[3]", "10.1000/xyz", "PMC123456"), plus hyperlinks whose target is a scholarly
or trial-registry site, or an in-page reference anchor ("#ref3").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp.text import doc_text
from claimcheck.sources.base import Link

LINKS_KEY = "claimcheck.links"

_AUTHOR = r"[A-Z][A-Za-z'’\-]+(?:\s(?:et\sal\.?|(?:and|&)\s[A-Z][A-Za-z'’\-]+))?"
_YEAR = r"(?:19|20)\d{2}[a-z]?"
PATTERNS: dict[str, re.Pattern[str]] = {
    "doi": re.compile(r"(?:\bdoi:\s*|\bhttps?://(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s\"<>()\[\]]*[^\s\"<>()\[\].,;:]"),
    "pmid": re.compile(r"\bPMID:?\s*\d{1,8}\b"),
    "pmcid": re.compile(r"\bPMC\d{4,8}\b"),
    "nct": re.compile(r"\bNCT\d{8}\b"),
    "isrctn": re.compile(r"\bISRCTN\d{8}\b"),
    "numeric": re.compile(r"\[\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\]"),
    "footnote": re.compile(r"\[\^[^\]\s]{1,20}\]"),
    "superscript": re.compile(r"(?<=[\w.,;:)])[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,\-–][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*"),
    "author_year": re.compile(
        rf"\(\s*{_AUTHOR},?\s{_YEAR}(?:\s*;\s*{_AUTHOR},?\s{_YEAR})*\s*\)"
        rf"|\b{_AUTHOR}\s\({_YEAR}\)"
        rf"|\b[A-Z][A-Za-z'’\-]+\set\sal\.?,?\s{_YEAR}"
    ),
}

# A literal every match of the pattern contains: when the text lacks it, the pattern is
# skipped (most pages have no DOI or registry number; scanning for them cost as much as
# tokenizing).
_REQUIRED = {"doi": "10.", "pmid": "PMID", "pmcid": "PMC", "nct": "NCT", "isrctn": "ISRCTN", "numeric": "[", "footnote": "[^"}
_SUPERSCRIPT_DIGIT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]")

SCHOLARLY_HOSTS = (
    "doi.org",
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "clinicaltrials.gov",
    "isrctn.com",
    "who.int/clinical-trials-registry-platform",
    "nejm.org",
    "thelancet.com",
    "nature.com",
    "sciencedirect.com",
    "springer.com",
    "link.springer.com",
    "wiley.com",
    "jamanetwork.com",
    "bmj.com",
    "cell.com",
    "plos.org",
    "frontiersin.org",
    "academic.oup.com",
    "tandfonline.com",
    "europepmc.org",
    "cochranelibrary.com",
    "fda.gov",
    "ahajournals.org",
    "sagepub.com",
    "biomedcentral.com",
    "mdpi.com",
    "stemcellsjournals",
)

_ANCHOR = re.compile(r"^#(?:ref|cite|fn|footnote|note|source|r|c)?[-_:]?\w*\d+\w*$", re.IGNORECASE)


def is_scholarly_url(href: str) -> bool:
    lowered = href.lower()
    return lowered.startswith(("http://", "https://", "//")) and any(host in lowered for host in SCHOLARLY_HOSTS)


def find_citations(doc: Doc, links: Iterable[Link] = ()) -> list[Span]:
    found: list[Span] = []
    text = doc_text(doc)
    for kind, pattern in PATTERNS.items():
        required = _REQUIRED.get(kind)
        if (required is not None and required not in text) or (kind == "superscript" and not _SUPERSCRIPT_DIGIT.search(text)):
            continue
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end(), label=kind, alignment_mode="expand")
            if span is not None:
                found.append(span)
    for link in links:
        kind = "link" if is_scholarly_url(link.href) else "anchor" if _ANCHOR.match(link.href) else None
        if kind is None:
            continue
        span = doc.char_span(link.start, link.end, label=kind, alignment_mode="expand")
        if span is not None:
            found.append(span)
    unique = {(span.start, span.end): span for span in found}
    return sorted(unique.values())


@Language.component("claimcheck_citations")
def citation_component(doc: Doc) -> Doc:
    doc.spans["citations"] = find_citations(doc, doc.user_data.get(LINKS_KEY, ()))
    return doc
