"""One cited sentence read once for all three `citation_fit` problems.

`reading_of` blanks the words of a sentence that are not its claim (a described source,
what the claim is likened to, a link's own words, a journal's name, a citation's
parentheses, the report a conclusion is drawn from), finds the conditions the claim is
about (in the sentence or its context) and reads what the copy says each cited source is,
where a list entry or a link says nothing of its study itself.  The reading is cached on
the Doc, so whichever problem asks first pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from claimcheck.checks.fit.context import (
    carried_from,
    context_conditions,
    context_species,
    named_conditions,
    row_header,
    row_header_of,
    with_row_header,
    wounds_named,
)
from claimcheck.checks.fit.populations import PEOPLE, population_of
from claimcheck.checks.fit.quotes import quoted_abstract
from claimcheck.checks.fit.sentence_parts import (
    INTRODUCES,
    REPORTS_STUDY,
    SCENE_OPENING,
    SEEN_IN,
    STUDY_OPENING,
    blanked,
    citation_parentheses,
    compared_clauses,
    described_source,
    reported_part,
)
from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.citations import WEB_KIND, is_registration
from claimcheck.nlp.named_sources import JOURNAL_YEAR, SAME_SOURCE
from claimcheck.nlp.references import attached
from claimcheck.nlp.structure import sentences_of, text_of
from claimcheck.nlp.study_designs import StudyDesign, describe


@dataclass(frozen=True)
class _Reading:
    """One cited sentence as the three problems judge it: the claim with the words that
    describe its sources (or what it is likened to) blanked, its conditions, its sources
    and how the page cites and describes them.  Read once per sentence and page, whichever
    of weak support, off-target and registration asks first."""

    start: int
    claim_end: int
    claim: str
    sentence: str
    conditions: list[tuple[str, str]]
    entries: list[Entry]
    inline: list  # type: ignore[type-arg]
    entry_designs: dict[int, StudyDesign]
    descriptions: dict  # type: ignore[type-arg]
    shown_as: dict[int, str]
    animals: str  # the species the claim is about, from its paragraph or heading ("" if none)


_READINGS_KEY = "claimcheck.fit"


def reading_of(  # type: ignore[no-untyped-def]
    doc: Doc,
    found,
    designs: dict[int, StudyDesign],
    index: int,
    borrowed: tuple = (),  # type: ignore[type-arg]
) -> _Reading | None:
    """The reading of sentence `index`, cached; `borrowed` are the markers it takes from a
    sentence beside it, a pointer after it or its list's lead-in (pointers.py), for a sentence
    with none of its own."""
    cache = doc.user_data.setdefault(_READINGS_KEY, {})
    if index not in cache:
        if "told" not in cache:
            cache["told"] = _told_designs(doc, found, designs)

        def told_links() -> dict[str, StudyDesign]:
            # Read only when a sentence cites a link it does not describe (most pages have none).
            if "told_links" not in cache:
                cache["told_links"] = _told_links(doc, found)
            return cache["told_links"]

        cache[index] = _read_sentence(doc, found, designs, cache["told"], told_links, index, borrowed)
    return cache[index]


def _read_sentence(  # type: ignore[no-untyped-def]
    doc: Doc,
    found,
    designs: dict[int, StudyDesign],
    told: dict[int, StudyDesign],
    told_links: Callable[[], dict[str, StudyDesign]],
    index: int,
    borrowed: tuple = (),  # type: ignore[type-arg]
) -> _Reading | None:
    text = text_of(doc)
    info = sentences_of(doc)[index]
    items = attached(doc, info, 0) or borrowed
    if not items:
        return None
    start, end = info.span.start_char, info.span.end_char
    entries = [found.entries[i] for item in items for i in item.entries]
    # An entry is named as the page cites it: "[3]", "[^note]", or "(Lee 2021)" in an
    # author-year page, whose list has no numbers.
    shown_as = {
        entry: f"({shown[0].capitalize()})"
        for item in items
        if item.mark.kind == "author_year"
        for entry in item.entries
        if (shown := [label for label in item.mark.labels if label in found.entries[entry].labels])
    }
    # (a link to an unknown site counts here: what the copy says it is can be judged)
    # An identifier that is also a list entry's ("(PMID 36211084)" with "- PMID 36211084. Lee A.
    # ...") is read from that entry, not as an undescribed paper of its own.
    marks = [
        item.mark
        for item in items
        if (item.mark.is_identifier and item.mark.valid and not (item.entries and not is_registration(item.mark)))
        or item.mark.kind == WEB_KIND
    ]
    # A DOI inside a link's URL is that link's source, not a second one.
    inline = [
        mark
        for mark in marks
        if not any(other is not mark and other.start <= mark.start and mark.end <= other.end for other in marks)
    ]
    # Where the copy says what a source is ("as a 2019 study of 40 dogs showed"): those
    # words describe the source, so they are not the claim's condition or population.
    described = {
        item.mark: where
        for item in items
        if (where := described_source(text, start, item.mark.start, item.mark.end, end)) is not None
    }
    # "... just as it did in pig skin", "as fast as a 25-year-old's": what the claim is
    # likened to is no more its condition, population or scope than a described source.
    compared = compared_clauses(text, start, end)
    ranges = tuple(described.values()) + compared
    # A link's own words ("journals.example/rabbit-disc-2020") are not the claim's either.
    ranges += tuple((item.mark.start, item.mark.end) for item in items if item.mark.kind in {"link", WEB_KIND})
    # Nor the journal a study is named by ("a 2019 paper in the Nordic Journal of Hip Therapy"):
    # where it appeared, not what the claim is about.
    ranges += tuple(
        (position, position + len(item.mark.labels[0]))
        for item in items
        if item.mark.kind == JOURNAL_YEAR and (position := text.find(item.mark.labels[0], start, end)) >= 0
    )
    # Nor are the words inside a citation's parentheses ("(Sung et al. 2018, in rabbits, doi:...)"):
    # they annotate the source, so they do not bound the claim to rabbits.
    ranges += tuple(group for item in items if (group := citation_parentheses(text, start, end, item.mark)) is not None)
    # "In diabetic mice, the cells rebuilt beta cells, and we expect the same in people [4]",
    # "A trial in COVID-19 pneumonia found ..., which is why our long COVID clients breathe
    # easier": the report of the source is not the claim; what the page concludes from it is.
    reported = reported_part(text, start, end)
    if reported:
        ranges += (reported,)

    claim = blanked(text, start, end, ranges)
    conditions = (
        # "| Stargardt disease | Vision loss halted | [4] |": the row's header says what the row
        # is about; the cell's own complaint words are its outcome
        (row_header(doc, index) if info.segment_kind == "table_cell" else [])
        or named_conditions(doc, info, claim)
        or wounds_named(claim)
        or row_header(doc, index)
        # (and "..., the same paper found": the claim goes on from the sentence before)
        or (carried_from(doc, found, index, items) if compared or any(item.mark.kind == SAME_SOURCE for item in items) else None)
        # "A review of 31 studies found that the vesicles sped up healing [4]": a sentence whose
        # subject is the study reports what that study found, so the page's topic is not its claim.
        or (context_conditions(doc, index) if not REPORTS_STUDY.match(text, start, end) else [])
    )
    descriptions = {mark: describe(text[low:high]) for mark, (low, high) in described.items()}
    # A source the marker's own clause does not describe is described by the sentence's report
    # of it ("A 2019 study found amniotic cells rebuilt disc height in rabbits (doi...), and we
    # see the same in our patients") or by whom the effect was seen in ("Brain lesions shrink,
    # as shown in mice with the experimental form of MS (Haddad et al., 2017)").
    said = [reported] if reported else []
    said += [(low, high) for low, high in compared if SEEN_IN.match(text, low, high)]
    told_here = next((design for low, high in said if not says_nothing(design := describe(text[low:high]))), None)
    if told_here is not None:
        for item in items:
            if item.mark not in descriptions or says_nothing(descriptions[item.mark]):
                descriptions[item.mark] = told_here
    for mark in inline:
        # "as that trial showed (PubMed)": a link the page described where it first cited it.
        said = descriptions.get(mark)
        # (or only an outcome: "since the same trial found oxygen levels recovered faster")
        if (said is None or says_nothing(said) or _names_no_study(said)) and mark.labels and mark.labels[0] in told_links():
            descriptions[mark] = told_links()[mark.labels[0]]
    # A list entry that says nothing of its study ("2. doi:10.5555/...") is read, like a
    # link, from what the copy says of it ("as a trial in emphysema patients showed [2]").
    # What the copy says of it elsewhere on the page counts too ("Energy to work a full
    # day again [4]" in a table, after "as a trial in COVID-19 pneumonia showed [4]").
    entry_designs = {**designs, **told}
    for item in items:
        if item.mark in descriptions:
            for entry in item.entries:
                if entry in designs and designs[entry].design == "unknown" and not designs[entry].conditions:
                    entry_designs[entry] = descriptions[item.mark]
                elif entry in designs and designs[entry].design == "unknown" and descriptions[item.mark].design != "unknown":
                    # an entry that names its disease but not its design takes the design the copy gives it
                    entry_designs[entry] = replace(
                        designs[entry], design=descriptions[item.mark].design, words=descriptions[item.mark].words
                    )
    # The claim is the words the citation is attached to, not the marker.
    inside = [item.mark.start for item in items if start < item.mark.start < end and item.mark.kind != WEB_KIND]
    claim_end = min(inside) if inside else end
    while claim_end > start and text[claim_end - 1] in " \t([":
        claim_end -= 1
    # "| Senior dogs, 10 and up | They bounce back | [1] |": a cell's claim is about whom and
    # where its row's header says, so the header is read with it.
    header = row_header_of(doc, index)
    claim = with_row_header(doc, index, claim)
    return _Reading(
        start,
        claim_end if claim_end > start else end,
        claim,
        text[start:end],
        conditions,
        entries,
        inline,
        entry_designs,
        descriptions,
        shown_as,
        ""
        if population_of(claim) or PEOPLE.search(text, start, end) or (header is not None and PEOPLE.search(claim))
        else context_species(doc, index),
    )


def _told_designs(doc: Doc, found, designs: dict[int, StudyDesign]) -> dict[int, StudyDesign]:  # type: ignore[no-untyped-def]
    """For each list entry that says nothing of its study (a bare DOI), what the copy says
    of it where it is cited ("as a trial in emphysema patients showed [2]"): the first
    description that names a design or a condition."""
    text = text_of(doc)
    sentences = sentences_of(doc)
    # (a tissue or outcome word, such as "hair" in a DOI, says nothing of what was studied)
    blank = {entry for entry, design in designs.items() if design.design == "unknown" and not design.diseases}
    # An entry whose title names a design but no disease ("Platelet injections versus saline: a
    # randomised trial in 60 office workers") is about what the sentence introducing it says
    # ("Researchers in Tampere followed 60 office workers with tennis elbow", ANNOTATION B110).
    silent = {entry for entry, design in designs.items() if design.design != "unknown" and not design.diseases}
    told: dict[int, StudyDesign] = {}
    if not blank and not silent:
        return told
    for index, items in sorted(found.by_sentence.items()):
        start, end = sentences[index].span.start_char, sentences[index].span.end_char
        for item in items:
            waiting = [entry for entry in item.entries if entry in blank and entry not in told]
            quiet = [entry for entry in item.entries if entry in silent and entry not in told]
            if quiet:
                intro = INTRODUCES.match(text, start, end) or SCENE_OPENING.match(text, start, end)
                where = described_source(text, start, item.mark.start, item.mark.end) if intro is None else (start, end)
                said = describe(text[where[0] : where[1]]) if where else None
                if said is not None and said.diseases:
                    for entry in quiet:
                        design = designs[entry]
                        told[entry] = replace(
                            design,
                            conditions=design.conditions + said.conditions,
                            sites=design.sites or said.sites,
                            population=design.population or said.population,
                            ages=design.ages or said.ages,
                        )
            if not waiting:
                continue
            where = described_source(text, start, item.mark.start, item.mark.end)
            if where is None:
                # "In sheep with smoke-damaged airways, the cells thinned the mucus [3]": the
                # sentence reports the study it cites, and its opening says in whom.
                scene = SCENE_OPENING.match(text, start, item.mark.start)
                # or the page quotes the study's abstract beside it (B117): 'From the abstract: "We
                # enrolled 60 adults with ..."'
                where = scene.span() if scene is not None else quoted_abstract(doc, index)
                if where is None:
                    continue
            design = describe(text[where[0] : where[1]])
            if not design.diseases and (abstract := quoted_abstract(doc, index)) is not None:
                design = describe(text[abstract[0] : abstract[1]])
            if design.design != "unknown" or design.conditions:
                for entry in waiting:
                    told[entry] = design
    return told


def says_nothing(design: StudyDesign) -> bool:
    return design.design == "unknown" and not design.conditions and not design.population


def _names_no_study(design: StudyDesign) -> bool:
    """A description with no design, disease or population: at most an outcome or a tissue."""
    return design.design == "unknown" and not design.diseases and not design.population


def _told_links(doc: Doc, found) -> dict[str, StudyDesign]:  # type: ignore[no-untyped-def]
    """For each inline link or identifier (by what it points at), what the copy says of
    its study where the page first describes it ("In a pilot trial of 40 women with long
    COVID ... (PubMed)"): read again where a later sentence cites the same link as "that
    trial"."""
    text = text_of(doc)
    sentences = sentences_of(doc)
    told: dict[str, StudyDesign] = {}
    for index, items in sorted(found.by_sentence.items()):
        start, end = sentences[index].span.start_char, sentences[index].span.end_char
        for item in items:
            mark = item.mark
            if item.entries or not (mark.is_identifier or mark.kind == WEB_KIND) or not mark.labels or mark.labels[0] in told:
                continue
            where = described_source(text, start, mark.start, mark.end, end)
            opening = STUDY_OPENING.match(text, start, end) if where is None else None
            if where is None and opening is None:
                continue
            design = describe(text[where[0] : where[1]] if where is not None else opening.group())  # type: ignore[union-attr]
            if not says_nothing(design):
                told[mark.labels[0]] = design
    return told
