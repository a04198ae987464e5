"""The `citation_fit` check: which cited sentences are judged, and the verdict.

`FitCheck` picks the sentences a citation is attached to that make a claim (an asserted
claim, an appeal to evidence, or a sentence with a condition and an effect or a therapy),
reads each once (`reading.py`) and judges it for its rule's problem: weak support,
off-target (another condition, population, age band, phase or site) or a registration
offered as proof; it also reports the uncited sentence that tells its own weak evidence
and concludes for people, and a registration named in words.  The vetoes that keep a
sentence from being judged (harms, denials, the page's own caveat) live here with the
verdicts that read them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, render
from claimcheck.checks.fit.context import (
    context_conditions,
    has,
    is_heading,
    names_disease,
    row_header,
    with_row_header,
)
from claimcheck.checks.fit.pointers import borrowed_citations, says_proof
from claimcheck.checks.fit.populations import (
    ABOUT_SAFETY,
    OLDER_FROM,
    OTHER_POPULATIONS,
    PEOPLE,
    WITH_AGE,
    animal_ages_differ,
    claimed_age,
    claimed_band,
    population_of,
)
from claimcheck.checks.fit.quotes import markers_quoted, quoted_whole, set_out_quote
from claimcheck.checks.fit.reading import reading_of, says_nothing
from claimcheck.checks.fit.registrations import (
    EFFECT_PROOF,
    EXPLAINS_REGISTRATION,
    PROOF,
    PROOF_IN_HEADING,
    RECRUITING,
    REGISTRY_CUE,
    REGISTRY_NAMED,
)
from claimcheck.checks.fit.sentence_parts import (
    LIKENED,
    SAME_SEEN,
    own_scope,
    reported_part,
    tells_weak_design,
    unlikened,
    weak_designs_told,
)
from claimcheck.checks.model import Rule
from claimcheck.detector.component import register_of, scores_of
from claimcheck.detector.model import CLAIM, UNIT_LABELS
from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.citations import WEB_KIND, is_registration
from claimcheck.nlp.claims import claims_of
from claimcheck.nlp.conditions import Condition, any_fits, condition_names
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.named_sources import SAME_SOURCE
from claimcheck.nlp.references import is_reference_entry, references_of
from claimcheck.nlp.structure import sentences_of, text_of
from claimcheck.nlp.study_designs import (
    DESCRIBED,
    HEALTHY,
    OLDER,
    SPECIES,
    WEAK,
    StudyDesign,
    age_words,
    designs_of,
    phase_of,
    sites_in,
    stage_of,
)

PROBLEMS = ("weak_support", "off_target", "registration")
_CLAIM_COLUMN = UNIT_LABELS.index(CLAIM)
OPTIONS = {
    "type": "object",
    "properties": {"problem": {"enum": list(PROBLEMS)}},
    "required": ["problem"],
    "additionalProperties": False,
}


_BASED_ON = re.compile(
    r"\b(?:our|the|this|their|my)\s+(?:[\w'’-]+\s+)?(?:program(?:me)?|protocol|approach|method|technique|regimen|service)s?\s+"
    r"(?:(?:is|are|was|were)\s+)?(?:(?:modell?ed|based|built|founded|grounded|patterned)\s+(?:on|upon|after)|follows|mirrors|"
    r"copies|replicates)\s+(?:a|an|the|one|this|that)\s+(?:[\w'’-]+\s+){0,3}?(?:paper|study|trial|protocol|report|review)\b",
    re.IGNORECASE,
)


# "In the single-arm study that supported approval, ...": the trial behind an approval,
# described as such, is not offered as proof by the page.
_APPROVAL_BASIS = re.compile(
    r"\b(?:supported|led\s+to|(?:the\s+)?basis\s+(?:of|for))\s+(?:its\s+|the\s+|their\s+)?(?:FDA\s+|regulatory\s+)?approval\b",
    re.IGNORECASE,
)
# Harms are not an effect claimed: "side effects reported included infections ... [3]".
_ABOUT_HARM = re.compile(
    r"\b(?:side[\s-]+effects?|adverse|risks?|complications?|harms?|went\s+blind|blindness|detached\s+retinas?|deaths?|died)\b",
    re.IGNORECASE,
)
# A claim about grown-ups ("adults on the spectrum", "adult patients"), not adult cells.
_ADULTS = re.compile(r"\badults\b|\bgrown-?ups\b|\badult\s+(?:patients?|men|women|sufferers)\b", re.IGNORECASE)
_DENIED = re.compile(r"\b(?:not|never|no|cannot)\b|n[’']t\b", re.IGNORECASE)


def _read_as_claim(doc: Doc, info) -> bool:  # type: ignore[no-untyped-def]
    """The learned detector (when on) reads the sentence as a claim more likely than not:
    "Stroke survivors speak clearly again (Obi 2022)" holds no effect word of the lexicon."""
    scores = scores_of(doc)
    if scores is None or not len(scores.scores):
        return False
    unit = scores.unit_at(info.span.start_char, info.span.end_char)
    return unit is not None and float(scores.scores[unit, _CLAIM_COLUMN]) >= 0.5


class FitCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._problem = rule.options["problem"]

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        found = references_of(doc)
        if self._problem == "registration":
            yield from self._named_registrations(doc, found)
        if self._problem == "weak_support":
            yield from self._told_and_carried(doc, found)
        if not found.resolved:
            return
        sentences = sentences_of(doc)
        # A claim whose citation stands apart ("... rebuild the discs. See reference 4.", a
        # table's source column) is cited by that pointer, and a list item by its lead-in's
        # ("What the trial in dogs showed [2]:" then "- Stiff hips loosen within a month")
        # (pointers.py).
        pointed, led = borrowed_citations(doc, found)
        borrowed = {**led, **{claim: items for claim, (_, items) in pointed.items()}}
        by_sentence = {**found.by_sentence, **borrowed}
        cited = set(by_sentence)
        # Only sentences a citation is attached to can be judged: asserted claims and
        # appeals to evidence among them first.
        units = {claim.sentence for claim in claims_of(doc) if claim.asserted and claim.sentence in cited}
        starts = [info.span.start_char for info in sentences]
        # A claim the page quotes to discuss it ("The first came from a brochure: '...'") is not
        # the page's own: whatever it cites, the page is not resting on that source.  Nor is one
        # it denies or asks about: "a single cord blood infusion did not improve speech [1]"
        # reports a negative trial.
        quoted = {claim.sentence for claim in claims_of(doc) if claim.status in {"reported", "negated", "question"}}
        for appeal in appeals_of(doc):
            if appeal.status in {"negated", "question", "reported"}:
                continue
            position = bisect.bisect_right(starts, appeal.start) - 1
            if position >= 0 and sentences[position].index in cited:
                units.add(sentences[position].index)
        # A cited sentence with a condition and an effect or a therapy is a claim even
        # when the claim detector found no therapy-effect pair in it ("Activated cells
        # restore lost myelin in MS [1]", "children with CP walk sooner after the same treatment [4]").
        designs = designs_of(doc)
        pointers = {pointer for pointer, _ in pointed.values()}
        for index, items in by_sentence.items():
            if index in units or index in quoted or index in pointers:
                continue
            info = sentences[index]
            if self._problem == "registration":
                # "Backed by an FDA-listed trial (NCT...)": offered as proof without a claim verb,
                # or "Ulcerative colitis responds just as well (ISRCTN...)": an effect with a
                # registration beside it; a recruitment notice's "Registration: NCT..." offers nothing.
                registered = any(is_registration(item.mark) for item in items) or any(
                    designs[entry].design == "registry" for item in items for entry in item.entries if entry in designs
                )
                proof = PROOF_IN_HEADING if is_heading(text_of(doc), info) else PROOF
                if registered and (
                    proof.search(text_of(doc), info.span.start_char, info.span.end_char)
                    or has(doc, "effects", info)
                    or _read_as_claim(doc, info)
                ):
                    units.add(index)
            elif self._problem == "off_target" and (
                # a claim set out under a cited lead-in, or pointed to, is offered as that source's finding
                index in borrowed
                or population_of(
                    sentence := with_row_header(doc, index, unlikened(text_of(doc), info.span.start_char, info.span.end_char))
                )
                or claimed_band(sentence)
                or (
                    sites_in(sentence)
                    and (
                        has(doc, "effects", info)
                        or _read_as_claim(doc, info)
                        # "| Elbow | Same results as shoulders |": a result carried over is a claim of effect
                        or LIKENED.search(text_of(doc), info.span.start_char, info.span.end_char)
                    )
                )
            ):
                # "Golfers over 65 are back on the course [2]": whom the claim is about is
                # checked against whom the source studied, whatever the condition; "your
                # shoulder will feel the same relief [1]": where, against where it studied.
                units.add(index)
            elif (
                has(doc, "conditions", info)
                or row_header(doc, index)
                # "..., the same paper found": goes on with the claim of the sentence before
                or any(item.mark.kind == SAME_SOURCE for item in items)
                or context_conditions(doc, index)
            ) and (
                self._problem == "off_target"
                or has(doc, "effects", info)
                or has(doc, "therapies", info)
                or _read_as_claim(doc, info)
            ):
                # A citation on a sentence about a condition (named there, in the sentence before
                # or in the heading above) is offered as about that condition; not one that only
                # says what the page's programme is based on ("Our program is modelled on a 2022
                # paper titled ... (Rinaldi et al., 2022)"), with no effect and no disease of its own.
                if not (
                    _BASED_ON.search(text_of(doc), info.span.start_char, info.span.end_char)
                    and not has(doc, "effects", info)
                    and not names_disease(doc, info)
                ):
                    units.add(index)
            elif self._problem == "weak_support" and (
                ((has(doc, "effects", info) or has(doc, "therapies", info)) and _read_as_claim(doc, info))
                or (
                    (
                        LIKENED.search(sentence := text_of(doc)[info.span.start_char : info.span.end_char])
                        or SAME_SEEN.search(sentence)
                        or names_disease(doc, info)
                        or row_header(doc, index)
                        # "In sheep, the cells restored the discs, and we expect the same in people [3]"
                        or reported_part(text_of(doc), info.span.start_char, info.span.end_char)
                    )
                    and not _DENIED.search(sentence)
                    and not _ABOUT_HARM.search(sentence)
                )
            ):
                # "Most men stop needing their blue pill altogether (Kim 2020b)": an effect the
                # detector reads as a claim, about a complaint no lexicon names; a result
                # carried over to the reader ("your own knee will respond the same way (ref. 4)");
                # or what happens to people with a disease ("Men with receding hairlines keep
                # their hair for life [ref. 4]"): judged weak only when every source is.
                units.add(index)
        units -= pointers  # (judged at the claim they point back to)
        if not units:
            return
        careful = register_of(doc) == "careful"
        for index in sorted(units):
            if careful and (
                quoted_whole(text_of(doc), sentences[index])
                or set_out_quote(doc, index)
                or markers_quoted(text_of(doc), sentences[index], by_sentence[index])
            ):
                # A careful page quoting an advert's claim whole ("We quote them so that you can
                # recognise the pattern: '... clinically proven (NCT...)'") is not resting on it.
                continue
            reading = reading_of(doc, found, designs, index, borrowed.get(index, ()))
            if reading is None:
                continue
            hit = self._judge(
                reading.claim,
                reading.sentence,
                reading.conditions,
                reading.entries,
                reading.inline,
                reading.entry_designs,
                reading.descriptions,
                reading.shown_as,
                reading.animals,
            )
            if hit is not None:
                yield Hit(self._rule, reading.start, reading.claim_end, hit)
                if index in pointed and self._problem == "weak_support" and says_proof(doc, pointed[index][0]):
                    # "That has been shown in a 2020 study [3]." offers the weak source as proof
                    # of the claim before it (B120).
                    pointer = sentences[pointed[index][0]]
                    yield Hit(self._rule, pointer.span.start_char, pointer.span.end_char, hit)

    def _told_and_carried(self, doc: Doc, found) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        """A sentence with no citation that says its evidence is in animals, a dish or one case
        and concludes for people in the same breath: "In sheep, injected fat cells restored the
        discs, and that is what we aim to do for your spine", "Because the cells halted the damage
        in animals, our patients can expect the same protection". Its own words are its source.
        Not on a page the register classifier reads as careful, nor where the conclusion is denied."""
        if register_of(doc) == "careful":
            return
        text = text_of(doc)
        for info in sentences_of(doc):
            if info.index in found.by_sentence or is_reference_entry(doc, info):
                continue
            start, end = info.span.start_char, info.span.end_char
            reported = reported_part(text, start, end)
            if reported is None or _DENIED.search(text, reported[1], end) or not PEOPLE.search(text, reported[1], end):
                continue
            told = next(weak_designs_told(text[reported[0] : reported[1]], product_anywhere=True), None)
            if told is None:
                continue
            design, said = told
            source = f"the sentence's own account reads as {DESCRIBED[design]} ('{said}')"
            yield Hit(self._rule, start, end, render(self._rule.message, sources=source))

    def _named_registrations(self, doc: Doc, found) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        """A registration offered as proof in words, with no number or link to resolve:
        "Our asthma program is registered with the ISRCTN registry, an independent
        standard", "these trials are registered with the U.S. government, which proves ...".
        Not on a page the register classifier reads as careful (explainers quote such
        lines), nor where the sentence recruits, explains registration or denies it."""
        if register_of(doc) == "careful":
            return
        text = text_of(doc)
        sentences = sentences_of(doc)
        starts = [info.span.start_char for info in sentences]
        judged: set[int] = set()
        # Only sentences holding a registry word are read (one scan for the words; most
        # pages name no registry), each once.
        for cue in REGISTRY_CUE.finditer(text):
            position = bisect.bisect_right(starts, cue.start()) - 1
            if position < 0 or position in judged:
                continue
            judged.add(position)
            info = sentences[position]
            start, end = info.span.start_char, info.span.end_char
            named = REGISTRY_NAMED.search(text, start, end)
            if named is None or info.index in found.by_sentence or is_reference_entry(doc, info):
                continue
            sentence = text[start:end]
            if not EFFECT_PROOF.search(sentence):
                continue
            if RECRUITING.search(sentence) or EXPLAINS_REGISTRATION.search(sentence) or _DENIED.search(sentence):
                continue
            yield Hit(self._rule, start, end, render(self._rule.message, sources=f"'{named.group()}'"))

    def _judge(
        self,
        claim: str,
        sentence: str,
        conditions: list[tuple[str, str]],
        entries: list[Entry],
        inline: list,  # type: ignore[type-arg]
        designs: dict[int, StudyDesign],
        descriptions: dict,  # type: ignore[type-arg]
        shown_as: dict[int, str],
        animals: str = "",
    ) -> str | None:
        """`claim` is the sentence with the words that describe its sources blanked out;
        `descriptions` what the copy says each inline link or identifier is; `shown_as` how
        the page cites an entry when that is not its number ("(Lee 2021)"); `animals` the
        species the claim is about when only its paragraph or heading says so."""
        sources = [
            (shown_as.get(entry.index, entry.name), designs[entry.index])
            for entry in entries
            if not entry.external or entry.index in designs
        ]
        papers_inline = [mark for mark in inline if not is_registration(mark)]
        trials_inline = [mark for mark in inline if is_registration(mark)]
        if self._problem == "registration":
            registrations = [f"{name} ({design.words})" for name, design in sources if design.design == "registry"]
            registrations += [mark.labels[0] for mark in trials_inline if mark.labels]
            others = papers_inline or [
                entry
                for entry in entries
                if entry.index in designs and designs[entry.index].design != "registry" and entry.substantiates
            ]
            if (
                not registrations
                or others
                or RECRUITING.search(sentence)
                or EXPLAINS_REGISTRATION.search(sentence)
                or _DENIED.search(sentence)
            ):
                return None
            return render(self._rule.message, sources=", ".join(dict.fromkeys(registrations)))
        # A link or identifier in the prose is read from what the copy says it is; one the
        # copy does not describe is a source of unknown design and condition (never judged weak
        # or off-target).
        unknown = StudyDesign("unknown", "", (), "")
        # A link to an unknown site that the copy does not describe as a study is no source at
        # all (it may be a glossary or a blog), so it neither blocks nor makes a verdict.
        cited = sources + [
            (mark.labels[0] if mark.labels else mark.kind, descriptions.get(mark, unknown))
            for mark in papers_inline
            if mark.kind != WEB_KIND or not says_nothing(descriptions.get(mark, unknown))
        ]
        if not cited:
            return None
        sentence = claim
        if self._problem == "weak_support":
            designs_found = [design for _, design in cited]
            if not all(design.design in WEAK for design in designs_found):
                return None
            # "Young Labradors ... [2]" on a study in dogs: a claim about animals on animals (B38);
            # on dog cells in a dish or one dog's case it is still weak ("Inside your dog's hip,
            # the cells turn into new cartilage (ref. 3)" on a culture study, B110), and the
            # species the claim names does not say what its evidence is.
            about_animals = bool(animals) or population_of(sentence) in SPECIES
            if about_animals and any(design.design == "animal" for design in designs_found):
                return None
            if (
                tells_weak_design(sentence, ("in_vitro", "case") if about_animals else WEAK)
                or own_scope(sentence)
                or _ABOUT_HARM.search(sentence)
                or _APPROVAL_BASIS.search(sentence)
            ):
                # "In mice, the cells homed to the injury [2]", "in a case series of 12
                # knees, pain fell [3]": the sentence says what the evidence is; harms ("some
                # went blind [1]": case reports are how harms are known) and the trial behind
                # an approval are not claims of effect resting on weak evidence.
                return None
            described = "; ".join(
                dict.fromkeys(f"{name} reads as {design.described} ('{design.words}')" for name, design in cited)
            )
            return render(self._rule.message, sources=described)
        if _ABOUT_HARM.search(sentence):
            return None  # "headache was the most common side effect [1]": harms are not a claim of effect
        if _SAYS_MISMATCH.search(sentence):
            return None  # "... is citing a study of another disease [1]": the page points out the misfit itself
        claimed = [Condition(text, category) for text, category in conditions]
        population = population_of(sentence) or animals
        claimed_sites = sites_in(sentence)
        what_sites = ""
        reasons = []
        names = condition_names()
        mismatched = False
        whom = ""
        for name, design in cited:
            if design.design in WEAK and population not in SPECIES:
                # An animal, lab or case source is weak support, not also off-target, whatever
                # it studied (ANNOTATION.md B34), unless the claim is itself about animals (B38).
                continue
            studied = design.diseases
            other = design.population if design.population in OTHER_POPULATIONS.get(population, ()) else ""
            if not other and design.sex in OTHER_POPULATIONS.get(population, ()):
                # "Men with a receding hairline ..." on a trial in women aged 30 to 60 (B40)
                other = design.sex
            if design.population == HEALTHY and not ABOUT_SAFETY.search(sentence):
                # A dose or safety study in people without the disease holds no effect in patients (B40).
                other = HEALTHY
            if (
                not other
                and population in SPECIES
                and design.population == population
                and design.ages
                and animal_ages_differ(sentence, design.ages)
            ):
                # Age bands hold inside a species: old dogs on a trial of dogs aged 2 to 7 (B40).
                other = f"{population} {age_words(design.ages)}"
            if not other and population == "older adults" and design.ages and design.ages[1] < claimed_age(sentence):
                # "Grandparents in their eighties" on a trial of adults aged 40 to 65 (B42)
                other = f"adults {age_words(design.ages)}"
            if not other and design.population == OLDER and not design.ages and population not in SPECIES:
                # "Members in their forties" on a trial "in frail older adults" (no ages given)
                band = claimed_band(sentence)
                if band and band[1] < OLDER_FROM:
                    other = OLDER
                    whom = whom or f"people aged {band[0]} to {band[1]}"
            band = claimed_band(sentence) if not other and design.ages and population not in SPECIES else None
            if band and (band[0] > design.ages[1] or band[1] < design.ages[0]):  # type: ignore[index]
                # "a woman in her fifties" on a trial of adults aged 65 to 85: ages the trial left out (B51);
                # "toddlers" on a trial of children aged 4 to 12
                whom_studied = "children" if design.population == "children" else "adults"
                other = f"{whom_studied} {age_words(design.ages)}"  # type: ignore[arg-type]
            if not other and design.population == "children" and _ADULTS.search(sentence):
                # "Adults on the spectrum improve too [1]" on a trial in children (B120)
                other = f"children {age_words(design.ages)}" if design.ages else "children"
            mismatched = mismatched or bool(other)
            aged = (
                claimed
                and studied
                and WITH_AGE.search(sentence)
                and all(names.has_other_cause(condition.text) for condition in studied)
                and not any(names.has_other_cause(condition.text) for condition in claimed)
            )
            if aged:
                # "Erections that have faded with age ..." on a trial after prostate surgery: a form
                # of the disease with another cause than age (B38, B41)
                named = dict.fromkeys(condition.text for condition in studied)
                reasons.append(f"{name} studies {', '.join(named)}, not the form that comes with age")
            elif claimed and studied and not any_fits(claimed, studied, names):
                # Every disease the source names is another than the claim's, under any
                # name, form or class (nlp/conditions.py, rules/lexicons/conditions.yml).
                named: dict[str, str] = {}
                for condition in studied:
                    named.setdefault(names.key(condition.text), condition.text)
                reasons.append(f"{name} studies {', '.join(named.values())}" + (f" in {other}" if other else ""))
            elif other:
                reasons.append(f"{name} studies {other}")
            elif design.phase and (said := phase_of(_STUDY_PHASE.sub(_spaces, sentence))) and said[0] != design.phase[0]:
                # "Years after a stroke, the arm grows stronger [3]" on a trial given within 48
                # hours of one: another phase of the injury, another form of it (B32).
                studied_phase, studied_words = design.phase
                reasons.append(f"{name} studies the {studied_phase} phase ('{studied_words}'), not the {said[0]} ('{said[1]}')")
            elif design.stage and (said := stage_of(sentence, claimed=True)) and said[0] != design.stage[0]:
                # "Even after 20 years of type 1 diabetes ... [2]" on a trial in the newly diagnosed,
                # late-stage Parkinson's on a Hoehn and Yahr 1-2 trial: another stage (B120).
                studied_stage, studied_words = design.stage
                reasons.append(f"{name} studies the {studied_stage} stage ('{studied_words}'), not the {said[0]} ('{said[1]}')")
            elif claimed_sites and design.sites and not claimed_sites & design.sites:
                # "Your shoulder will feel the same relief [1]" on a knee trial: another site (B40).
                reasons.append(f"{name} studies the {' and '.join(sorted(design.sites))}")
                what_sites = " and ".join(sorted(claimed_sites))
            else:
                return None
        if not reasons:
            return None
        # (where the only misfit is the site, the claim is about that site)
        what = (f"the {what_sites}" if what_sites else "") or ", ".join(dict.fromkeys(text for text, _ in conditions))
        if mismatched and (population or whom):
            what = f"{what} in {population or whom}" if what else population or whom
        # (a claim that names no disease, site or population: "patients can breathe easier [2]")
        return render(self._rule.message, sources="; ".join(reasons), claimed=what or "an effect in patients")


# A sentence saying that a source does not fit ("a clinic that cites this trial for RA is citing
# a study of another disease", "a knee trial says nothing about hips"): the page's own caveat.
_SAYS_MISMATCH = re.compile(
    r"\b(?:stud(?:y|ies)|trials?|papers?|sources?)\s+(?:of|in|on|about)\s+(?:an?other|a\s+different|different)\s+"
    r"(?:diseases?|conditions?|illness(?:es)?|populations?|age\s+groups?|species)\b"
    r"|\b(?:says?|tells?\s+(?:us|you))\s+(?:nothing|little|very\s+little)\s+about\b"
    # "so its results do not apply to worn hips", "a different disease"
    r"|\b(?:does|do|did)\s*(?:not|n[o'’]t)\s+(?:match|fit|apply\s+to)\b|\ba\s+different\s+(?:disease|condition|illness)\b"
    # "That study cannot support '...', which describes another outcome in another population"
    r"|\b(?:can\s*not|can[’']t|could\s*not|does\s*n[o'’]t|do\s*n[o'’]t)\s+support\b|\banother\s+(?:population|age\s+group)\b"
    # a disclaimer, not a claim: "it is not meant to treat joint pain or any disease [1]"
    r"|\bnot\s+(?:meant|intended|designed)\s+to\s+(?:treat|cure|diagnose|prevent)\b"
    # "Results from ... cannot be carried over to long-standing heart failure, a different stage"
    r"|\b(?:can\s*not|can[’']t|could\s*not|do\s*n[o'’]t|does\s*n[o'’]t|should\s*n[o'’]t|should\s+not)\s+be\s+"
    r"(?:carried|transferred|applied|extended|generali[sz]ed|extrapolated)\b"
    r"|\ba\s+different\s+(?:stage|phase|form)\s+of\b",
    re.IGNORECASE,
)
# "the acute trial", "that chronic-injury study": a phase word on a study names the study's
# phase, not the claim's ("the acute trial is strong enough to show that ... older injuries").
_STUDY_PHASE = re.compile(
    r"\b(?:acute|hyperacute|subacute|chronic)(?:[\s-]+[\w-]+){0,2}?\s+(?:trials?|stud(?:y|ies)|data|cohorts?|research|papers?)\b",
    re.IGNORECASE,
)


def _spaces(match: re.Match[str]) -> str:
    return " " * len(match.group())
