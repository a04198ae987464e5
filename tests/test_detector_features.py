"""What the detector reads of a sentence: the same words at training and run time."""

from __future__ import annotations

from claimcheck.detector.features import (
    RARE,
    Reading,
    UnitContext,
    WordMemo,
    affixes,
    known_words,
    register_token,
    register_words,
    unit_words,
    words,
)


def test_words_are_lower_cased_with_digits_folded():
    assert words("Over 94% of MSC patients") == ["over", "00", "%", "of", "msc", "patients"]


def test_editors_brackets_are_read_as_the_words_they_restore():
    assert words("[W]e reverse [sic] autism [1].") == ["we", "reverse", "autism", "."]
    assert words("It [the injection] lasts") == ["it", "the", "injection", "lasts"]


def test_context_becomes_marker_tokens_the_sentence_words_never_collide_with():
    context = UnitContext(kind="list_item", heading="Cure your knees", previous="Call us.", alone=False)
    tokens = unit_words("It works.", context, register_token(0.9))
    assert tokens[:3] == ["it", "works", "."]
    assert {"kind=list_item", "reg=careful", "h|cure", "p|call"} <= set(tokens)
    assert "cure" not in tokens


def test_a_sentence_pasted_alone_is_marked_so():
    assert "ctx=alone" in unit_words("It works.", UnitContext(alone=True), register_token(None))
    assert unit_words("It works.", None, "reg=none")[-2:] == ["ctx=none", "reg=none"]


def test_citation_markers_are_not_read_but_editors_brackets_are():
    assert words("Our therapy cures MS.[1]") == words("Our therapy cures MS.") == ["our", "therapy", "cures", "ms", "."]
    assert words("It works.[^2] Pain fell.¹⁻³ Done.4,5 Next [1-3]") == [
        "it",
        "works",
        ".",
        "pain",
        "fell",
        ".",
        "done",
        ".",
        "next",
    ]
    assert words("[w]e can [sic] reverse it") == ["we", "can", "reverse", "it"]


def _doc(linter, text: str):
    from claimcheck.sources import parse_source

    return next(linter.analyse([parse_source(text, "page.txt", "text")]))[1]


def test_the_analyzers_reading_becomes_marker_tokens(linter):
    from claimcheck.detector.component import document_units

    doc = _doc(linter, "Our stem cells cure arthritis. No study has shown that stem cells cure arthritis.")
    bare, denied = (unit.context.analysis for unit in document_units(doc, analysis=True))
    assert {"a|claim=bare", "a|lex=therapies", "a|lex=effects:cure"} <= set(bare)
    assert "a|claim=negated" in denied and "a|claim=bare" not in denied
    assert "a|lex=negations" in denied and "a|lex=negations" not in bare
    tokens = unit_words("Our stem cells cure arthritis.", UnitContext(analysis=bare), "reg=none")
    assert tokens[-len(bare) :] == list(bare)
    assert all(unit.context.analysis == () for unit in document_units(doc))  # a model trained without them


def test_capital_ms_ends_a_sentence_and_no_abbreviates_only_a_number(linter):
    from claimcheck.nlp.structure import sentences_of

    def sentences(text: str) -> list[str]:
        return [info.span.text for info in sentences_of(_doc(linter, text))]

    assert sentences("Cells cure MS. A review says so.") == ["Cells cure MS.", "A review says so."]
    assert sentences("Is it painful? The answer is no. Most people rest.")[1:] == ["The answer is no.", "Most people rest."]
    assert sentences("Ranked No. 1 in Texas. Call now.") == ["Ranked No. 1 in Texas.", "Call now."]
    assert sentences("Ms. Lee said so.") == ["Ms. Lee said so."]
    # "ref." before a number is a reference label, not a sentence end; elsewhere it may end one
    assert sentences("Knees respond the same way (ref. 4). Call now.") == ["Knees respond the same way (ref. 4).", "Call now."]
    assert sentences("See the full ref. Then call.") == ["See the full ref.", "Then call."]
    # an ellipsis glued to the next word joins fragments; one followed by a space may end a sentence
    assert sentences("Heart Failure…Stroke…Autism…COPD. Call now.") == ["Heart Failure…Stroke…Autism…COPD.", "Call now."]
    assert sentences("We waited... Then the pain came back.") == ["We waited...", "Then the pain came back."]
    # a spaced ellipsis (". . .", as quotations elide words) and "?!" are one run of terminals:
    # the next word says whether the sentence ends
    assert sentences("Our clinic has . . . treatments for knees. . . . Call now.") == [
        "Our clinic has . . . treatments for knees. . . .",
        "Call now.",
    ]
    assert sentences("Does it hurt? . . . not at all, says Ana. Really?! Yes.") == [
        "Does it hurt? . . . not at all, says Ana.",
        "Really?!",
        "Yes.",
    ]


def test_a_word_memo_gives_the_model_exactly_the_input_words_would():
    memo = WordMemo()
    sentences = ["Our cells rebuild knees [1].", "They calm the swelling in 94% of cases.", "Our cells rebuild knees [1]."]
    context = UnitContext("list_item", heading="Knee Care: What We Offer", previous=sentences[0])
    for sentence in sentences:
        assert unit_words(sentence, context, "reg=marketing", memo) == unit_words(sentence, context, "reg=marketing")
    assert register_words(sentences, memo) == register_words(sentences)
    # The memo's lists are shared between calls, so building inputs must not change them.
    assert memo(sentences[0]) == words(sentences[0])


def test_long_words_add_their_affixes_only_for_a_model_trained_with_them():
    context = UnitContext(heading="Revolutionary care")
    plain = unit_words("Revolutionizing knee care, 2024.", context, "reg=marketing")
    affixed = unit_words("Revolutionizing knee care, 2024.", context, "reg=marketing", reading=Reading(affixes=True))
    assert not any(token.startswith(("s|", "x|")) for token in plain)
    # Only the sentence's own long words: not short ones, numbers or the heading's words.
    assert [token for token in affixed if token.startswith(("s|", "x|"))] == ["s|revol", "x|ing"]
    assert [token for token in affixed if not token.startswith(("s|", "x|"))] == plain
    assert affixes(["revolutionary", "knees", "revolutionise"]) == ["s|revol", "x|ary", "s|revol", "x|ise"]


NO_THERAPY_READ = ("a|lex=conditions", "a|lex=therapies:none")


def test_a_therapy_less_sentence_has_its_words_apart_only_for_a_model_trained_so():
    split = Reading(therapy_split=True)
    context = UnitContext(heading="Knee care", previous="Our cells rebuild knees.", analysis=NO_THERAPY_READ)
    plain = unit_words("In winter, the road closes.", context, "reg=marketing")
    apart = unit_words("In winter, the road closes.", context, "reg=marketing", reading=split)
    # Only the sentence's own words move; context and analysis markers are shared.
    assert apart[:7] == ["n|in", "n|winter", "n|,", "n|the", "n|road", "n|closes", "n|."]
    assert apart[7:] == plain[7:]
    assert "closes" in plain and "closes" not in apart


def test_a_sentence_naming_a_therapy_or_read_as_a_claim_keeps_its_words():
    split = Reading(therapy_split=True)
    for analysis in (
        ("a|lex=therapies", "a|lex=therapies:mscs"),  # names a therapy
        ("a|claim=bare", "a|lex=therapies:none"),  # "it rebuilds knees": the claims analyzer read a claim
        (),  # a model without the analyzers' markers cannot tell
    ):
        context = UnitContext(analysis=analysis)
        assert unit_words("It closes the gap.", context, "reg=marketing", reading=split)[:2] == ["it", "closes"]
    # A snippet with no context at all is not split either.
    assert unit_words("The road closes.", None, "reg=none", reading=split)[0] == "the"


def test_reading_comes_from_the_recorded_settings():
    assert Reading.of(None) == Reading()
    assert Reading.of({"affixes": True}) == Reading(affixes=True)
    assert Reading.of({"affixes": False, "therapy_split": True}) == Reading(therapy_split=True)


def test_words_skips_the_marker_search_only_where_it_would_change_nothing():
    """`words` lower-cases and splits a sentence with no digit, superscript or bracket
    straight away; with one, it removes markers and folds digits as before."""
    import re

    from claimcheck.detector.features import DIGIT, EDIT, MARKER, SIC, WORD

    def every_step(text: str) -> list[str]:
        text = MARKER.sub(" ", text)
        if "[" in text:
            text = EDIT.sub(r"\1", SIC.sub(" ", text))
        return WORD.findall(DIGIT.sub("0", text.lower()))

    samples = [
        "Our Cells Cure MS.",
        "Cells cure MS.[1] Next",
        "It works.¹⁻³ Done",
        "Pain fell.4,5 Next",
        "Results in \u0663 weeks.",  # an Arabic-Indic digit: a \d of the marker patterns
        "[W]e restore İstanbul’s knees",
        "No digits, no brackets, ½ and ① are not decimal digits",
    ]
    for text in samples:
        assert words(text) == every_step(text), text
    assert words("Our Cells Cure MS.") == re.findall(r"[a-z0-9]+(?:['’][a-z]+)?|[^\sa-z0-9]", "our cells cure ms.")


def test_known_words_count_documents_not_occurrences():
    documents = [["Cells cells cells.", "Recalibration."], ["Our cells."], ["Cells heal."]]
    assert known_words(documents, 2) == frozenset({"cells", "."})
    assert known_words(documents, 1) >= {"recalibration", "our", "heal"}


def test_a_vocabulary_folds_the_sentence_heading_and_previous_words_it_does_not_know():
    reading = Reading(known=frozenset({"our", "cells", "heal", "knees", "."}))
    context = UnitContext(heading="Knees recalibrated", previous="Our cells.")
    found = unit_words("Our cells recalibrate knees.", context, "reg=marketing", reading=reading)
    assert found[:5] == ["our", "cells", RARE, "knees", "."]
    assert "h|knees" in found and f"h|{RARE}" in found and "p|our" in found
    # Without a vocabulary every word is itself.
    assert unit_words("Our cells recalibrate knees.", None, "reg=marketing")[2] == "recalibrate"


def test_read_for_lead_ins_only_the_sentence_before_counts_only_when_it_ends_with_a_colon():
    lead_in = UnitContext(previous="What patients notice:")
    plain = UnitContext(previous="The findings are well documented.")
    reading = Reading(lead_ins_only=True)
    assert "p|notice" in unit_words("Less stiffness.", lead_in, "reg=marketing", reading=reading)
    assert not any(word.startswith("p|") for word in unit_words("Less stiffness.", plain, "reg=marketing", reading=reading))
    # Read as before without it.
    assert "p|documented" in unit_words("Less stiffness.", plain, "reg=marketing")
    assert Reading.of({"previous": "lead-ins"}).lead_ins_only and not Reading.of({}).lead_ins_only


def _numbered_sentences(count: int, size: int = 10) -> list[str]:
    return [" ".join(f"s{i}w{j}" for j in range(size)) for i in range(count)]


def test_the_register_input_with_a_tail_is_a_long_document_s_start_and_end():
    sentences = _numbered_sentences(70)  # 700 words
    every = [word for sentence in sentences for word in sentence.split()]
    seen: list[str] = []

    def tokenize(sentence: str) -> list[str]:
        seen.append(sentence)
        return sentence.split()

    assert register_words(sentences, tokenize, tail=25) == [*every[:575], *every[-25:]]
    # Only the sentences at either end are read: the first 601 words and the last 25.
    assert len(seen) == 61 + 3
    assert register_words(sentences, str.split) == every[:600]
    assert register_words(sentences, str.split, tail=0) == every[:600]
    # The last sentence alone longer than the tail.
    assert register_words([*sentences, "a b c d e f g h i j k l m n o p q r s t u v w x y z"], str.split, tail=5) == [
        *every[:595],
        *["v", "w", "x", "y", "z"],
    ]


def test_a_document_of_at_most_the_register_s_words_gives_the_same_input_whatever_the_tail():
    sentences = _numbered_sentences(60)  # exactly 600 words
    every = [word for sentence in sentences for word in sentence.split()]
    assert register_words(sentences, str.split, tail=200) == every
    assert register_words(sentences[:2], str.split, tail=200) == every[:20]
    assert register_words([], str.split, tail=200) == ["<empty>"]
    try:
        register_words(sentences, str.split, tail=600)
    except ValueError as error:
        assert "0..599" in str(error)
    else:
        raise AssertionError("a tail of every word was accepted")
