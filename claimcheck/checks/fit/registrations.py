"""The words around a trial registration: offered as proof, or not.

A registration (an NCT or ISRCTN id, a ClinicalTrials.gov page, or "registered with the
ISRCTN registry" in words) shows only that a plan was written down.  These patterns tell
a sentence that offers one as proof of effect from one that recruits for the trial, says
it is under way, or explains what a registration is.
"""

from __future__ import annotations

import re

RECRUITING = re.compile(
    r"\b(?:enrol+(?:ing|s|ment)?|recruit\w*|eligib\w*|participat\w*|join|volunteer\w*|sign\s+up|apply|ongoing|under\s*way|"
    r"currently\s+(?:testing|studying|running|enrolling)|(?:is|are)\s+(?:testing|studying|investigating|evaluating|comparing)|"
    r"results\s+(?:are|will\s+be)\s+(?:expected|published)|not\s+yet|will\s+(?:test|study|compare|evaluate|measure)|"
    r"(?:only\s+)?within\s+a\s+(?:registered\s+)?(?:study|trial)|as\s+part\s+of\s+a\s+(?:registered\s+)?(?:study|trial)|"
    r"(?:is|are)\s+being\s+(?:done|conducted|run|carried\s+out)|investigational\s+new\s+drug|"
    # "Study places are free of charge; see NCT... for the criteria"
    r"study\s+places?|for\s+the\s+(?:entry\s+|inclusion\s+)?criteria)\b",
    re.IGNORECASE,
)


# Copy that teaches what a registration is ("a trial number such as NCT... shows only that
# a plan was written down, not that anything worked") offers no registration as proof.
EXPLAINS_REGISTRATION = re.compile(
    r"\b(?:not\s+that|(?:does|do|did)\s*n[o'’]t\s+(?:show|prove|mean|tell)|is\s*n[o'’]t\s+(?:proof|evidence|a\s+result)|"
    r"only\s+(?:means|shows|tells\s+you)\s+that|(?:a|an|the)\s+(?:trial|registration|registry)\s+(?:number|id|record)\s+such\s+as)\b"
    # "the NCT number is only a registration", "is just a registry entry"
    r"|\b(?:only|just|merely|simply)\s+(?:a\s+)?(?:trial\s+)?(?:registration|registry\s+(?:entry|listing|record))\b"
    # a third party's use reported: "Several requests cited trial registrations ... as evidence"
    r"|\b(?:cite[sd]|citing|offer(?:ed|s)|quot(?:ed|es)|present(?:ed|s)|submit(?:ted|s)|point(?:ed|s)\s+to|rel(?:y|ied|ies)\s+on)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:registrations?|registry\s+(?:entries|entry|listings?|numbers?|records?)|trial\s+(?:ids?|numbers?)|"
    r"NCT\s+numbers?)\b",
    re.IGNORECASE,
)
PROOF = re.compile(
    r"\b(?:prov(?:en|es?|ing)|backed|validated|tested|shown|shows?|demonstrat\w+|confirm\w*|works?|effective|efficacy|"
    r"results?|evidence|success\w*|reviewed|endorsed|clinically)\b",
    re.IGNORECASE,
)
# A heading with a note on it ("Results you can look up³") names a topic with a noun; only a word
# that says something is proven makes it offer the registration as proof ("Clinically proven³").
PROOF_IN_HEADING = re.compile(
    r"\b(?:prov(?:en|es?|ing)|backed|validated|shown|demonstrat\w+|confirm\w*|works?|effective|clinically)\b", re.IGNORECASE
)


# A registration named in words: "registered with the ISRCTN registry", "listed on
# ClinicalTrials.gov", "a registered clinical trial", "registration with the U.S. government".
REGISTRY_NAMED = re.compile(
    r"\b(?:registered|listed|registration|listing)\s+(?:\w+\s+){0,3}?(?:on|with|in|at)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w.-]+\s+){0,3}?(?:ClinicalTrials\.gov|ISRCTN|registry|government|register)\b"
    r"|\bregistered\s+(?:clinical\s+)?(?:trials?|stud(?:y|ies)|protocols?)\b"
    r"|\b(?:a|the|this|our)\s+registration\b",
    re.IGNORECASE,
)
# A word every REGISTRY_NAMED match holds.
REGISTRY_CUE = re.compile(r"regist|listed|listing", re.IGNORECASE)
# What makes a named registration proof of effect ("..., which proves that the treatments
# work", "so you can be confident it rests on real science"); a registration offered only as
# a credential ("reviewed by the federal government") is the fda rules' business (ANNOTATION B38).
EFFECT_PROOF = re.compile(
    r"\b(?:prov(?:en|es?|ing)|proof|works?|working|effective|efficacy|real\s+science|clinically\s+effective|"
    r"evidence\s+that|results?\s+(?:show|prove)|independent\s+(?:international\s+)?standard)\b",
    re.IGNORECASE,
)
