"""Citation markers in prose: what a reader could follow to a source.

Detection is by regular expression over the text (markers do not tokenize cleanly:
"pain.[3]", "10.1000/xyz", "PMC123456"), plus hyperlinks whose target is a scholarly
or trial-registry site, an in-page reference anchor ("#ref3") or a superscript the
HTML reader recorded.  Each marker becomes a `Citation` with exact character offsets
and the labels it points to ("[1-3, 7]" -> 1, 2, 3, 7), so references.py can resolve
it against the document's reference list.  Identifier patterns are deliberately loose
("NCT123") so that a malformed identifier is found and reported rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimcheck.nlp.structure import text_of
from claimcheck.sources.base import Link

LINKS_KEY = "claimcheck.links"
CITATIONS_KEY = "claimcheck.citation_marks"

# Kinds that stand on their own (the identifier is the source) and kinds that point
# into a reference list and must resolve to an entry there.
IDENTIFIER_KINDS = frozenset({"doi", "pmid", "pmcid", "nct", "isrctn", "registry", "link"})
MARKER_KINDS = frozenset(
    {
        "numeric",
        "labelled",
        "parenthetical",
        "footnote",
        "superscript",
        "caret",
        "flattened",
        "sup",
        "anchor",
        "author_year",
        "key",
        "supplementary",
        "lettered",
        "named_letter",
    }
)
# Trial registration numbers: ClinicalTrials.gov, ISRCTN and the other WHO primary
# registries (EudraCT / EU CTR, ANZCTR, CTRI, ChiCTR, DRKS, jRCT, UMIN, IRCT, PACTR).
REGISTRY_KINDS = frozenset({"nct", "isrctn", "registry"})
# Registry web sites: a link to one is a registration, not a result.
REGISTRY_HOSTS = (
    "clinicaltrials.gov",
    "isrctn.com",
    "clinicaltrialsregister.eu",
    "trialsearch.who.int",
    "anzctr.org.au",
    "ctri.nic.in",
    "chictr.org.cn",
    "drks.de",
    "jrct.niph.go.jp",
    "umin.ac.jp",
    "irct.behdasht.gov.ir",
    "pactr.samrc.ac.za",
    "euclinicaltrials.eu",
)
# "(3)" closing a sentence: a reference only when it resolves to a numbered list entry
# (references.py drops it otherwise: "step (1).", "a count (12)." are not citations), and
# never a span of its own in the `citations` group.
CONFIRMED_KINDS = frozenset({"parenthetical"})
# A link in parentheses to a site that is not a known journal or registry ("...,
# according to a 2020 trial in torn rotator cuffs (journals.example/cuff-2020)"): the page
# offers it as a source, so the fit rules read what the copy says it is, but it
# substantiates nothing (a clinic or a blog can host anything) and is no span of the
# `citations` group, so the sentence is not "cited".
WEB_KIND = "web"


@dataclass(frozen=True)
class Citation:
    """One citation marker at prose[start:end].

    `labels` are what it points to: entry numbers ("3"), footnote labels ("^note"),
    anchor targets ("#ref3"), author-year keys ("smith 2019"), bibliography keys
    ("@smith2019"), or for identifiers the normalised identifier.  `valid` is False
    for an identifier whose syntax is wrong.
    """

    start: int
    end: int
    kind: str
    labels: tuple[str, ...]
    valid: bool = True

    @property
    def is_identifier(self) -> bool:
        return self.kind in IDENTIFIER_KINDS


# Latin letters with accents count as letters of a name: "Müller", "Peña", "Ødegaard", "Łukasik".
UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
LOWER = "a-zß-öø-ÿĀ-ž"
_SURNAME = rf"(?:(?:van|von|de|da|del|der|le|la)\s)?[{UPPER}][{LOWER}]+(?:[-'’][{UPPER}]?[{LOWER}]+)*"
_MONTHS = (
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Spring|Summer|Autumn|Fall|Winter|In|On|Since|From|Until|By|And|The)\b)"
)
_AUTHORS = rf"{_MONTHS}{_SURNAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME}|(?:,\s+{_SURNAME})+,?\s+(?:and|&)\s+{_SURNAME})?"
_YEAR = r"(?:19|20)\d{2}[a-z]?"
_PAGES = r"(?:,\s*pp?\.\s*\d+(?:[-–]\d+)?)?"
_ITEM = rf"{_AUTHORS},?\s+{_YEAR}(?:,\s*{_YEAR})*{_PAGES}"
# "(Ibarra et al., Eur J Heart Fail, 2021)": the journal between the authors and the year, as
# patient copy often writes it.  Only after "et al." or two authors: "(Boston, Mass., 2019)" is
# a place.
_JOURNAL = r"[A-Z][A-Za-z]*\.?(?:\s+(?:[A-Z][A-Za-z]*\.?|of|and|&|in)){0,7}"
_WITH_JOURNAL = rf"{_MONTHS}{_SURNAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME}),\s+{_JOURNAL},\s+{_YEAR}"
_AUTHOR_YEAR = re.compile(
    rf"\((?:(?:e\.g\.|see|cf\.|see\s+also|for\s+example|for\s+instance),?\s+)?{_ITEM}(?:\s*;\s*{_ITEM})*\)"
    rf"|\((?:(?:e\.g\.|see|cf\.|see\s+also|for\s+example|for\s+instance),?\s+)?{_WITH_JOURNAL}(?:\s*;\s*(?:{_WITH_JOURNAL}|{_ITEM}))*\)"
    # Narrative "Smith et al. (2019)" / "Brown and Green (2017)": a lone capitalised word
    # before a year ("Cell (2016)", "Ryoncil (2024)") is too often not an author.
    rf"|\b{_MONTHS}{_SURNAME}(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME})\s+\({_YEAR}{_PAGES}\)"
    rf"|\b{_SURNAME}\s+et\s+al\.?,?\s+{_YEAR}\b"
)
_AUTHOR_YEAR_ITEM = re.compile(
    rf"({_SURNAME})(?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME}|(?:,\s+{_SURNAME})+,?\s+(?:and|&)\s+{_SURNAME})?,?\s+\(?({_YEAR})"
)

# A word that says what the number after it points to: "ref.", "Reference No.", "source #".
_LABEL_WORD = r"(?:refs?\.?|references?|stud(?:y|ies)|sources?|notes?|items?)\s*(?:(?:no|nr|number)\.?\s*|#\s*)?"
_LIST_NAME = r"(?:further\s+reading|reading\s+list|references|sources|bibliography|notes|links|resources)"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/[-._;()/:<>A-Za-z0-9]+$")

PATTERNS: dict[str, re.Pattern[str]] = {
    "doi": re.compile(
        r"(?:\bdoi\s*:\s*|\bhttps?://(?:dx\.)?doi\.org/)\S*[^\s\"<>()\[\].,;:]|\b10\.\d{4,9}/[^\s\"<>()\[\]]*[^\s\"<>()\[\].,;:]",
        re.IGNORECASE,
    ),
    "pmid": re.compile(r"\bPMID\s*:?\s*\d+\b"),
    "pmcid": re.compile(r"\bPMCID\s*:?\s*(?:PMC)?\d+\b|\bPMC\d+\b"),
    "nct": re.compile(r"\bNCT\s?\d+\b"),
    "isrctn": re.compile(r"\bISRCTN\s?\d+\b"),
    "registry": re.compile(
        r"\bEudraCT(?:\s+(?:number|no\.?))?:?\s*\d{4}-\d{6}-\d{2}\b|\bEU\s?CT(?:\s+(?:number|no\.?))?:?\s*\d{4}-\d{6}-\d{2}-\d{2}\b"
        r"|\bACTRN\d{14}\b|\bCTRI/\d{4}/\d{2,3}/\d{6}\b|\bChiCTR(?:-[A-Z]{2,4}-)?\d{6,}\b|\bDRKS\d{8}\b"
        r"|\bjRCTs?\d{7,10}\b|\bUMIN\d{9}\b|\bIRCT\d{8,}N?\d*\b|\bPACTR\d{15}\b"
        # Cuba's RPCEC, Korea's CRIS, Thailand's TCTR, Brazil's ReBEC, Sri Lanka's and Lebanon's registries
        r"|\bRPCEC\d{8}\b|\bKCT\d{7}\b|\bTCTR\d{11}\b|\bRBR-\d?[a-z0-9]{6,8}\b|\bSLCTR/\d{4}/\d{3}\b|\bLBCTR\d{10}\b"
    ),
    # A number behind a word that says what it points to: "(ref. 4)", "[Ref 1]",
    # "(study 3)", "(see study 2 below)", "(sources 2 and 5)".
    # "(Reference No. 3)", "(Ref. No. 1, Reference No. 2)", "(source #4)": the naming word
    # may carry a number sign and be repeated before each number.
    # "(Further reading, item 2)", "(see Reading list, items 1 and 3)": an item of a list the
    # page names by its heading.
    "labelled": re.compile(
        rf"[\[(]\s*(?:see\s+)?(?:{_LIST_NAME},\s*)?{_LABEL_WORD}\d{{1,3}}(?:\s*(?:[-–,;]|and)\s*(?:{_LABEL_WORD})?\d{{1,3}}){{0,6}}"
        r"(?:\s+(?:below|above))?\s*[\])]"
        # Without brackets where nothing else can be meant: "See reference 4.", "The proof is in
        # reference 3.", or a cell or line that is only the pointer ("ref. 1" in a Source column).
        r"|(?<![\w.])(?:see|in)\s+(?:refs?\.|references?)\s*(?:no\.?\s*|#\s*)?\d{1,3}\b(?![.,]\d|\s*%)"
        r"|^[ \t]*(?:see\s+)?(?:refs?\.|references?)\s*(?:no\.?\s*|#\s*)?\d{1,3}[ \t]*\.?[ \t]*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    # A study or source named by a capital letter, as evidence sheets list them: "(Study A)",
    # "(Studies A and C)", "[Source B]"; the list reads "Study A: Okafor E, et al. ...".
    "named_letter": re.compile(
        r"[\[(]\s*(?:see\s+)?(?:[Ss]tud(?:y|ies)|STUD(?:Y|IES)|[Ss]ources?|SOURCES?|[Pp]apers?|PAPERS?|[Tt]rials?|TRIALS?)"
        r"\s+[A-Z](?:\s*(?:,|and|&)\s*[A-Z]){0,5}\s*[\])]"
    ),
    "numeric": re.compile(r"\[\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\]"),
    # Supplementary or source-table labels: "[S3]", "[S1, S4]" point to a row or entry labelled "S3".
    "supplementary": re.compile(r"\[\s*S\d{1,3}(?:\s*[-–,]\s*S?\d{1,3}){0,6}\s*\]"),
    # Vancouver in parentheses at a sentence's end: "... cartilage (1).", "... cartilage.(1,2)",
    # "... in COPD.(4)", "... by 30%.(2)"
    "parenthetical": re.compile(
        # (The look-behinds follow the literal "(" so the engine can scan for it first.)
        r"\((?<=[\w%'\"\u2019\u201d] \()\d{1,3}(?:\s*[-–,]\s*\d{1,3}){0,6}\)(?=[.;!?]?(?:[ \t]*\n|[ \t]*$)|[.;!?]\s)"
        r"|\((?<=[\w%\"\u2019\u201d]\.\()\d{1,3}(?:\s*[-–,]\s*\d{1,3}){0,6}\)(?=\s|$)"
    ),
    # Lettered notes: "... without a cane [a]." with a list "a. Feld R. ..."; only where the
    # page has such a list (_LETTERED_LIST), and not an editor's "[a]n" inside a word.
    "lettered": re.compile(r"(?<=\s)\[[a-z](?:\s*,\s*[a-z]){0,5}\](?![A-Za-z])"),
    "footnote": re.compile(r"\[\^[^\]\s]{1,20}\]"),
    "key": re.compile(r"\[-?@[\w:.#$%&+?<>~/-]+(?:\s*;\s*-?@[\w:.#$%&+?<>~/-]+)*\]"),
    # Superscripts typed as carets where the editor has none: "... like this^1", "^2,3", and
    # Pandoc's closed form "... treatment.^1,2^".
    # Not "[^1]" (a Markdown footnote) and not a power ("10^6", "m^2": _EXPONENT_BEFORE).
    "caret": re.compile(r"\^(?<=[A-Za-z.,;:)\]'’\"”%]\^)\d{1,3}(?:[,\-–]\d{1,3}){0,6}(?:\^|(?![\d^]))"),
    "superscript": re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹](?<=[\w.,;:)\]][⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]*(?:[,\-–⁻][⁰¹²³⁴⁵⁶⁷⁸⁹]+)*"),
    # Superscripts flattened by copy-paste: "... a long record.1,2 Physiotherapy came next".
    # Only right after a word's full stop and before a capital or the end of the text,
    # so decimals ("1.5"), versions and list numbers are not read as markers.
    "flattened": re.compile(r"(?<=[a-z)]\.)\d{1,3}(?:[,\-–]\d{1,3}){0,6}(?=\s+[A-Z(\"“]|\s*$)"),
    "author_year": _AUTHOR_YEAR,
}
# Cheap substring tests that rule a pattern out before its regex runs over the text
# (lower-cased text; None: always run).  Author-year runs only near a year.
_NEEDLES: dict[str, tuple[str, ...] | None] = {
    "doi": ("doi", "10."),
    "pmid": ("pmid",),
    "pmcid": ("pmc",),
    "nct": ("nct",),
    "isrctn": ("isrctn",),
    "registry": (
        "eudract",
        "euct",
        "eu ct",
        "actrn",
        "ctri/",
        "chictr",
        "drks",
        "jrct",
        "umin",
        "irct",
        "pactr",
        "rpcec",
        "kct",
        "tctr",
        "rbr-",
        "slctr",
        "lbctr",
    ),
    "labelled": ("ref", "stud", "source", "note", "item"),
    "named_letter": ("stud", "source", "paper", "trial"),
    "numeric": ("[",),
    "lettered": ("[",),
    "parenthetical": ("(",),
    "footnote": ("[^",),
    "caret": ("^",),
    "supplementary": ("[s",),
    "key": ("@",),
    "superscript": tuple("⁰¹²³⁴⁵⁶⁷⁸⁹"),
    "flattened": tuple(f".{digit}" for digit in "0123456789"),
}
# Identifiers whose patterns are case-sensitive: looked for in the text as written ("nct"
# is in "function" and "distinct", "NCT" is not).
_EXACT_NEEDLES: dict[str, tuple[str, ...]] = {"pmid": ("PMID",), "pmcid": ("PMC",), "nct": ("NCT",), "isrctn": ("ISRCTN",)}
_YEAR_CUE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_AUTHOR_YEAR_REACH = (160, 40)  # characters before and after a year that a citation can span
_BARE_URL = re.compile(r"\bhttps?://[^\s<>\"')\]]+[^\s<>\"')\].,;:]")
# "(https://journals.example/knee-2021)", "(pubmed.example.org/3381)": a link in parentheses,
# written with its scheme or with a path.
_PAREN_URL = re.compile(r"\((?P<url>(?P<scheme>https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?P<path>/[^\s()<>]*)?)\)", re.IGNORECASE)

SCHOLARLY_HOSTS = (
    "doi.org",
    "pubmed.ncbi.nlm.nih.gov",
    "ncbi.nlm.nih.gov",
    "clinicaltrials.gov",
    "isrctn.com",
    "trialsearch.who.int",
    "who.int/clinical-trials-registry-platform",
    "clinicaltrialsregister.eu",
    "anzctr.org.au",
    "nejm.org",
    "thelancet.com",
    "nature.com",
    "science.org",
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
_SUP_MARKER = re.compile(r"^\s*\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*\s*$")
# "<sup>R1</sup>", "<sup>S2, S3</sup>": labels of a list whose entries open "R1." (a letter that
# says reference, source, evidence or citation, and a number)
_SUP_LABELLED = re.compile(r"^\s*[RSEC]\d{1,3}(?:\s*,\s*[RSEC]\d{1,3})*\s*$")
# "10<sup>6</sup> cells", "5 m<sup>2</sup>": exponents, not citation markers.
_EXPONENT_BEFORE = re.compile(r"(?:\d|[×x*^]|\b(?:m|cm|mm|km|ft|in|µm|um|kg|mg|g))\s*$")


def is_registration(mark: Citation) -> bool:
    """A valid trial registration number (NCT, ISRCTN, EudraCT, ACTRN, CTRI ...), or a link
    to a trial registry: a plan registered, not a result."""
    if mark.kind in REGISTRY_KINDS:
        return mark.valid
    return mark.kind == "link" and bool(mark.labels) and any(host in mark.labels[0].lower() for host in REGISTRY_HOSTS)


def is_scholarly_url(href: str) -> bool:
    lowered = href.lower()
    return lowered.startswith(("http://", "https://", "//")) and any(host in lowered for host in SCHOLARLY_HOSTS)


def expand_numbers(text: str) -> tuple[str, ...]:
    """'1-3, 7' -> ('1', '2', '3', '7'); long ranges are capped to stay cheap."""
    labels: list[str] = []
    for part in re.split(r"\s*,\s*", text.strip().strip("[]").strip()):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high <= low + 50:
                labels.extend(str(number) for number in range(low, high + 1))
                continue
        labels.extend(bound for bound in bounds if bound.isdigit())
    return tuple(str(int(label)) for label in labels)


def normalise_identifier(kind: str, text: str) -> tuple[str, bool]:
    """The identifier inside a match, and whether its syntax is right."""
    if kind == "doi":
        value = re.sub(r"^(?:doi\s*:\s*|https?://(?:dx\.)?doi\.org/)", "", text, flags=re.IGNORECASE)
        return value.lower(), bool(_DOI_SHAPE.match(value))
    digits = re.sub(r"\D", "", text)
    if kind == "pmid":
        return f"pmid:{digits}", 1 <= len(digits) <= 8 and not digits.startswith("0")
    if kind == "pmcid":
        has_prefix = bool(re.search(r"PMC\d", text.replace(" ", "")))
        return f"PMC{digits}", has_prefix and 1 <= len(digits) <= 8
    if kind == "nct":
        return f"NCT{digits}", bool(re.fullmatch(r"NCT\d{8}", text))
    if kind == "isrctn":
        return f"ISRCTN{digits}", bool(re.fullmatch(r"ISRCTN\d{8}", text))
    if kind == "registry":
        return re.sub(r"^(?:EudraCT|EU\s?CT)(?:\s+(?:number|no\.?))?:?\s*", "", text).replace(" ", ""), True
    return text, True


# A list of lettered notes: lines "a. ..." and "b. ..." (or "a)", "[a]" ...).
# (or "[a] ... [b] ..." run into one paragraph, as Markdown joins lines that are not a list)
_LETTERED_LIST = re.compile(
    r"^[ \t]*(?:a[.)]|\[a\])[ \t]+\S.*\n(?:.*\n){0,6}?[ \t]*(?:b[.)]|\[b\])[ \t]+\S"
    r"|^[ \t]*\[a\][ \t]+\S[^\n]*?[ \t]\[b\][ \t]+[A-Z]",
    re.MULTILINE,
)
_JOURNAL_ITEM = re.compile(rf"({_SURNAME})((?:\s+et\s+al\.?|\s+(?:and|&)\s+{_SURNAME})),\s+{_JOURNAL},\s+({_YEAR})")


def names_journal(text: str) -> bool:
    """An author-year citation that names its journal, "(Ibarra et al., Eur J Heart Fail, 2021)":
    a reader can find the paper from it alone, so when the page has no entry for it, it is no
    broken marker."""
    return bool(_JOURNAL_ITEM.search(text))


def author_year_keys(text: str) -> tuple[str, ...]:
    # "(Ibarra et al., Eur J Heart Fail, 2021)" is keyed as "(Ibarra et al., 2021)"
    text = _JOURNAL_ITEM.sub(r"\1\2, \3", text) if "," in text else text
    return tuple(f"{surname.lower()} {year}" for surname, year in _AUTHOR_YEAR_ITEM.findall(text))


_NUMBER_RUNS = re.compile(r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?")


def _labels(kind: str, text: str) -> tuple[tuple[str, ...], bool]:
    if kind in {"doi", "pmid", "pmcid", "nct", "isrctn", "registry"}:
        value, valid = normalise_identifier(kind, text)
        return (value,), valid
    if kind == "labelled":
        numbers = _NUMBER_RUNS.findall(text)
        return expand_numbers(",".join(numbers)), True
    if kind == "named_letter":
        return tuple(re.findall(r"(?<![A-Za-z])[A-Z](?![A-Za-z])", text)), True
    if kind == "supplementary":
        return tuple(f"S{int(number)}" for number in re.findall(r"\d+", text)), True
    if kind == "caret":
        return expand_numbers(text[1:].rstrip("^")), True
    if kind in {"numeric", "parenthetical"}:
        numbers = expand_numbers(text.strip("()"))
        return (() if "0" in numbers else numbers), True  # "[0-10]" is a scale, not references
    if kind == "superscript":
        return expand_numbers(text.translate(_SUPERSCRIPT_DIGITS)), True
    if kind == "flattened":
        return expand_numbers(text), True
    if kind == "footnote":
        return ("^" + text[2:-1],), True
    if kind == "lettered":
        return tuple(re.findall(r"[a-z]", text)), True
    if kind == "key":
        return tuple("@" + key for key in re.findall(r"@([^\s;\]]+)", text)), True
    if kind == "author_year":
        return author_year_keys(text), True
    return (text,), True


def find_marks(text: str, links: Iterable[Link] = ()) -> list[Citation]:
    """Every citation marker in the text, sorted, one per (start, end)."""
    found: dict[tuple[int, int], Citation] = {}
    lowered = text.lower()
    for kind, pattern in PATTERNS.items():
        needles = _NEEDLES.get(kind)
        if needles is not None and not any(needle in lowered for needle in needles):
            continue
        exact = _EXACT_NEEDLES.get(kind)
        if exact is not None and not any(needle in text for needle in exact):
            continue
        if kind == "lettered" and not _LETTERED_LIST.search(text):
            continue
        matches = _author_year_matches(text) if kind == "author_year" else pattern.finditer(text)
        for match in matches:
            if kind in {"superscript", "caret"} and _EXPONENT_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
                continue  # "10⁶ cells", "5 m²": a power, not a reference
            labels, valid = _labels(kind, match.group())
            if labels:
                found.setdefault((match.start(), match.end()), Citation(match.start(), match.end(), kind, labels, valid))
    for match in _BARE_URL.finditer(text) if "http" in lowered else ():
        if is_scholarly_url(match.group()):
            found.setdefault((match.start(), match.end()), Citation(match.start(), match.end(), "link", (match.group(),)))
    for match in _PAREN_URL.finditer(text) if "(" in text else ():
        url = match.group("url")
        if not (match.group("scheme") or match.group("path")) or (match.start("url"), match.end("url")) in found:
            continue
        scholarly = any(host in url.lower() for host in SCHOLARLY_HOSTS)
        found[(match.start("url"), match.end("url"))] = Citation(
            match.start("url"), match.end("url"), "link" if scholarly else WEB_KIND, (url,)
        )
    for link in links:
        if link.kind == "sup":
            marker = text[link.start : link.end].translate(_SUPERSCRIPT_DIGITS)
            if _SUP_MARKER.match(marker) and not _EXPONENT_BEFORE.search(text[max(0, link.start - 4) : link.start]):
                # an HTML <sup> says more than superscript digits read from the text; an in-page link more still
                key = (link.start, link.end)
                if key not in found or found[key].kind == "superscript":
                    found[key] = Citation(link.start, link.end, "sup", expand_numbers(marker))
            elif _SUP_LABELLED.match(marker):
                labels = tuple(label.strip() for label in marker.split(","))
                found.setdefault((link.start, link.end), Citation(link.start, link.end, "sup", labels))
        elif link.kind == "a":
            if is_scholarly_url(link.href):
                found[(link.start, link.end)] = Citation(link.start, link.end, "link", (link.href,))
            elif _ANCHOR.match(link.href):
                # An in-page link is the marker: it replaces a <sup> read at the same place.
                found[(link.start, link.end)] = Citation(link.start, link.end, "anchor", (link.href,))
            elif link.href.lower().startswith(("http://", "https://")) and (link.start, link.end) not in found:
                # "according to [a 2021 trial in knee osteoarthritis](https://journals.example/...)"
                found[(link.start, link.end)] = Citation(link.start, link.end, WEB_KIND, (link.href,))
    linked = [mark for mark in found.values() if mark.kind in {"anchor", "link"}]
    marks = [
        mark
        for mark in found.values()
        if mark.kind not in {"sup", "superscript"}
        or not any(mark.start < other.end and other.start < mark.end for other in linked)
    ]
    return sorted(marks, key=lambda mark: (mark.start, mark.end))


def _author_year_matches(text: str) -> list[re.Match[str]]:
    """Author-year matches, searched only in windows around years (the regex is the
    costliest here, and most text has no year)."""
    before, after = _AUTHOR_YEAR_REACH
    windows: list[list[int]] = []
    for year in _YEAR_CUE.finditer(text):
        start, end = max(0, year.start() - before), min(len(text), year.end() + after)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    longest: dict[int, re.Match[str]] = {}
    for start, end in windows:
        for match in _AUTHOR_YEAR.finditer(text, start, end):
            if match.start() not in longest or match.end() > longest[match.start()].end():
                longest[match.start()] = match
    return sorted(longest.values(), key=lambda match: match.start())


def marks_of(doc: Doc) -> list[Citation]:
    return doc.user_data.get(CITATIONS_KEY, [])


def find_citations(doc: Doc, links: Iterable[Link] = ()) -> list[Span]:
    marks = find_marks(text_of(doc), links)
    doc.user_data[CITATIONS_KEY] = marks
    spans = [
        doc.char_span(mark.start, mark.end, label=mark.kind, alignment_mode="expand")
        for mark in marks
        if mark.kind not in CONFIRMED_KINDS and mark.kind != WEB_KIND
    ]
    unique = {(span.start, span.end): span for span in spans if span is not None}
    return sorted(unique.values())


@Language.component("claimcheck_citations")
def citation_component(doc: Doc) -> Doc:
    doc.spans["citations"] = find_citations(doc, doc.user_data.get(LINKS_KEY, ()))
    return doc
