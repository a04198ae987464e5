"""`citation_fit`: a cited claim whose source cannot carry it.

A citation counts as support today whatever it cites.  This kind reads what each
resolved reference entry is (`nlp.study_designs`: design, condition, population) and
reports, at the claim's sentence:

* `weak_support`: a claim of effect in people whose only cited sources are in vitro,
  animal, or case reports / series (a sentence that itself says "in mice" is a claim
  about mice and is left alone);
* `off_target`: every cited source is about another condition (none of the diseases it
  names is one the claim names, under another name, as a broader or narrower form, or
  as a class holding it: nlp/conditions.py) or another population (children vs adults);
* `registration`: a trial registration (an NCT or ISRCTN id with no paper, or a
  ClinicalTrials.gov page) offered as proof of effect; sentences that recruit or say
  the trial is under way are not proof and are left alone.

Messages name the design found and the words it was read from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks.base import Hit, Kind, render
from claimcheck.checks.model import Rule
from claimcheck.nlp.bibliography import Entry
from claimcheck.nlp.claims import NON_DISEASE_CATEGORIES, claims_of
from claimcheck.nlp.conditions import Condition, any_fits, condition_names
from claimcheck.nlp.evidence import appeals_of
from claimcheck.nlp.references import attached, references_of
from claimcheck.nlp.structure import sentences_of, span_index, text_of
from claimcheck.nlp.study_designs import WEAK, StudyDesign, designs_of, patterns

PROBLEMS = ("weak_support", "off_target", "registration")
OPTIONS = {
    "type": "object",
    "properties": {"problem": {"enum": list(PROBLEMS)}},
    "required": ["problem"],
    "additionalProperties": False,
}
_RECRUITING = re.compile(
    r"\b(?:enrol+(?:ing|s|ment)?|recruit\w*|eligib\w*|participat\w*|join|volunteer\w*|sign\s+up|apply|ongoing|under\s*way|"
    r"currently\s+(?:testing|studying|running|enrolling)|(?:is|are)\s+(?:testing|studying|investigating|evaluating|comparing)|"
    r"results\s+(?:are|will\s+be)\s+(?:expected|published)|not\s+yet|will\s+(?:test|study|compare|evaluate|measure)|"
    r"(?:only\s+)?within\s+a\s+(?:registered\s+)?(?:study|trial)|as\s+part\s+of\s+a\s+(?:registered\s+)?(?:study|trial))\b",
    re.IGNORECASE,
)


_PROOF = re.compile(
    r"\b(?:prov(?:en|es?|ing)|backed|validated|tested|shown|shows?|demonstrat\w+|confirm\w*|works?|effective|efficacy|"
    r"results?|evidence|success\w*|reviewed|endorsed|clinically)\b",
    re.IGNORECASE,
)
_REGISTRIES = ("clinicaltrials.gov", "isrctn.com", "clinicaltrialsregister.eu", "trialsearch.who.int", "anzctr.org.au")


def _registry_mark(mark) -> bool:  # type: ignore[no-untyped-def]
    """An NCT / ISRCTN id, or a link to a trial registry, in the prose."""
    if mark.kind in {"nct", "isrctn"}:
        return mark.valid
    return mark.kind == "link" and bool(mark.labels) and any(host in mark.labels[0].lower() for host in _REGISTRIES)


def _has(doc: Doc, group: str, info) -> bool:  # type: ignore[no-untyped-def]
    return any(span.label_ != "not_effect" for span in span_index(doc, group).within(info.span.start, info.span.end))


class FitCheck:
    def __init__(self, rule: Rule, nlp: Language):
        self._rule = rule
        self._problem = rule.options["problem"]

    def __call__(self, doc: Doc) -> Iterator[Hit]:
        found = references_of(doc)
        if not found.resolved:
            return
        sentences = sentences_of(doc)
        cited = set(found.by_sentence)
        # Only sentences a citation is attached to can be judged: asserted claims and
        # appeals to evidence among them first.
        units = {claim.sentence for claim in claims_of(doc) if claim.asserted and claim.sentence in cited}
        starts = [info.span.start_char for info in sentences]
        for appeal in appeals_of(doc):
            if appeal.status in {"negated", "question"}:
                continue
            position = bisect.bisect_right(starts, appeal.start) - 1
            if position >= 0 and sentences[position].index in cited:
                units.add(sentences[position].index)
        # A cited sentence with a condition and an effect or a therapy is a claim even
        # when the claim detector found no therapy-effect pair in it ("Activated cells
        # restore lost myelin in MS [1]", "children with CP walk sooner after the same treatment [4]").
        for index, items in found.by_sentence.items():
            if index in units:
                continue
            info = sentences[index]
            if self._problem == "registration":
                # "Backed by an FDA-listed trial (NCT...)": offered as proof without a claim verb;
                # a recruitment notice's "Registration: NCT..." offers nothing.
                if any(_registry_mark(item.mark) for item in items) and _PROOF.search(
                    text_of(doc), info.span.start_char, info.span.end_char
                ):
                    units.add(index)
            elif _has(doc, "conditions", info) and (
                self._problem == "off_target" or _has(doc, "effects", info) or _has(doc, "therapies", info)
            ):
                # A citation on a sentence about a condition is offered as about that condition.
                units.add(index)
        if not units:
            return
        text = text_of(doc)
        designs = designs_of(doc)
        for index in sorted(units):
            info = sentences[index]
            items = attached(doc, info, 0)
            if not items:
                continue
            entries = [found.entries[i] for item in items for i in item.entries]
            inline = [item.mark for item in items if item.mark.is_identifier and item.mark.valid]
            sentence = text[info.span.start_char : info.span.end_char]
            conditions = [
                (span.text, span.label_)
                for span in span_index(doc, "conditions").within(info.span.start, info.span.end)
                if span.label_ not in NON_DISEASE_CATEGORIES
            ]
            hit = self._judge(sentence, conditions, entries, inline, designs)
            if hit is not None:
                # The claim is the words the citation is attached to, not the marker.
                start, end = info.span.start_char, info.span.end_char
                inside = [item.mark.start for item in items if start < item.mark.start < end]
                claim_end = min(inside) if inside else end
                while claim_end > start and text[claim_end - 1] in " \t([":
                    claim_end -= 1
                yield Hit(self._rule, start, claim_end if claim_end > start else end, hit)

    def _judge(
        self,
        sentence: str,
        conditions: list[tuple[str, str]],
        entries: list[Entry],
        inline: list,  # type: ignore[type-arg]
        designs: dict[int, StudyDesign],
    ) -> str | None:
        cited = [(entry, designs[entry.index]) for entry in entries if not entry.external or entry.index in designs]
        papers_inline = [mark for mark in inline if not _registry_mark(mark)]
        trials_inline = [mark for mark in inline if _registry_mark(mark)]
        if self._problem == "registration":
            registrations = [f"{entry.name} ({design.words})" for entry, design in cited if design.design == "registry"]
            registrations += [mark.labels[0] for mark in trials_inline if mark.labels]
            others = papers_inline or [entry for entry, design in cited if design.design != "registry" and entry.substantiates]
            if not registrations or others or _RECRUITING.search(sentence):
                return None
            return render(self._rule.message, sources=", ".join(dict.fromkeys(registrations)))
        if papers_inline or not cited:
            return None
        if self._problem == "weak_support":
            designs_found = [design for _, design in cited]
            if not all(design.design in WEAK for design in designs_found):
                return None
            words, _ = patterns()
            if any(words[design].search(sentence) for design in WEAK):
                # "In mice, the cells homed to the injury [2]", "in a case series of 12
                # knees, pain fell [3]": the sentence says what the evidence is.
                return None
            described = "; ".join(f"{entry.name} reads as {design.described} ('{design.words}')" for entry, design in cited)
            return render(self._rule.message, sources=described)
        claimed = [Condition(text, category) for text, category in conditions]
        words, _ = patterns()
        population = "children" if words["population_children"].search(sentence) else ""
        reasons = []
        names = condition_names()
        for entry, design in cited:
            studied = design.diseases
            adults = bool(population) and design.population == "adults"
            if claimed and studied and not any_fits(claimed, studied, names):
                # Every disease the source names is another than the claim's, under any
                # name, form or class (nlp/conditions.py, rules/lexicons/conditions.yml).
                named: dict[str, str] = {}
                for condition in studied:
                    named.setdefault(names.key(condition.text), condition.text)
                reasons.append(f"{entry.name} studies {', '.join(named.values())}" + (" in adults" if adults else ""))
            elif adults:
                reasons.append(f"{entry.name} studies adults")
            else:
                return None
        if not reasons:
            return None
        what = ", ".join(dict.fromkeys(text for text, _ in conditions))
        if population and any(reason.endswith("adults") for reason in reasons):
            what = f"{what} in children" if what else "children"
        return render(self._rule.message, sources="; ".join(reasons), claimed=what)


KIND = Kind(
    "citation_fit",
    OPTIONS,
    FitCheck,
    "Flags a cited claim whose source cannot support it: weak design, another condition, or a trial registration.",
)
