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

The kind is split by what each part reads, so that no module holds it all:

* `check.py`: the check (`FitCheck`): which cited sentences are judged, the verdict for
  each problem and its message;
* `reading.py`: one cited sentence read once for all three problems (`_Reading`): its
  claim, conditions, sources and what the copy says each source is;
* `sentence_parts.py`: the parts of a sentence that are not its claim: the source it
  describes, what it likens the claim to, the study it reports, words that tell its
  evidence is in animals, a dish or one case;
* `context.py`: what a sentence is about when it does not say: the sentence before, a
  list's lead-in, a table row's header, the heading above, a relative named earlier;
* `populations.py`: whom a claim is about (species, children, older adults, one sex) and
  the ages it gives, and which populations of a source cannot stand for them;
* `quotes.py`: a sentence that is someone else's words (quoted whole, set out under a
  lead-in, an abstract quoted beside a citation);
* `registrations.py`: the words that offer a trial registration as proof, or recruit for
  the trial, or explain what a registration is.
"""

from __future__ import annotations

from claimcheck.checks.base import Kind
from claimcheck.checks.fit.check import OPTIONS, FitCheck
from claimcheck.checks.fit.context import has
from claimcheck.checks.fit.populations import claimed_band, numeric_ages, population_of
from claimcheck.checks.fit.quotes import set_out_quote
from claimcheck.checks.fit.sentence_parts import blanked, compared_clause, compared_clauses, described_source, reported_part

# (the readers the tests call directly, importable from here as before the split)
__all__ = [
    "KIND",
    "FitCheck",
    "blanked",
    "claimed_band",
    "compared_clause",
    "compared_clauses",
    "described_source",
    "has",
    "numeric_ages",
    "population_of",
    "reported_part",
    "set_out_quote",
]

KIND = Kind(
    "citation_fit",
    OPTIONS,
    FitCheck,
    "Flags a cited claim whose source cannot support it: weak design, another condition, or a trial registration.",
)
