"""The regex rules' literal prefilter (claimcheck/checks/prefilter.py) finds exactly what a
scan of the whole text finds; where it cannot know, it steps aside."""

from __future__ import annotations

import regex

from claimcheck.checks.prefilter import analyse, finditer_from, prefilter_for, required_prefixes, windows_for

TEXT = (
    "Act now: only 3 spots left! Our FDA-approved therapy is better than surgery. "
    "We have outlined in our guide why it works; see our blog. I felt great, my pain went. "
    "Unlike conventional drugs, it has no side effects. Approved by the FDA, cleared in 2020.\n\n"
    "ACT NOW. act   now. Act\nnow. xact now. (act now) 'act now'"
)
PATTERNS = [
    r"\b(?:act\s+(?:now|today)|only\s+\d+\s+spots?\s+left)\b",
    r"(?<![\w.])(?:FDA|Food\s+and\s+Drug\s+Administration)[\s\-]*(?:approved|cleared)\b",
    r"\b(?:better|safer)\s+(?:[\w-]+\s+){0,4}?than\b|\bunlike\s+(?:conventional|other)\b",
    r"(?:\bI\b|\b[Mm]y\b|\bme\b)",
    r"\bno\s+(?:[\w-]+\s+){0,3}?(?:risks?|side[\s-]effects?)\b",
    r"(?:see|read)\s+our\s+(?:blog|guide)s?",
]


def spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


def test_same_matches_as_a_whole_scan() -> None:
    for pattern in PATTERNS:
        for ignore_case in (True, False):
            compiled = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
            prefilter = prefilter_for(pattern, ignore_case)
            assert prefilter is not None, pattern
            for text in (TEXT, TEXT * 3, TEXT.upper(), TEXT.lower(), ""):
                expected = spans(compiled.finditer(text))
                assert spans(finditer_from(compiled, prefilter, text, 5.0)) == expected, (pattern, ignore_case)


def test_sparse_starts_are_used() -> None:
    """On a long page with few starts the pattern is tried only at them (and still finds them)."""
    pattern = r"\b(?:act\s+now|book\s+today)\b"
    prefilter = prefilter_for(pattern, True)
    assert prefilter is not None
    text = "Plain words about knees. " * 400 + "Book today! " + "More plain words. " * 400 + "ACT NOW"
    starts = prefilter.starts(text)
    assert starts == [text.index("Book"), text.index("ACT")]
    compiled = regex.compile(pattern, regex.IGNORECASE)
    assert spans(finditer_from(compiled, prefilter, text, 5.0)) == spans(compiled.finditer(text))


def test_denser_starts_are_used_when_the_fallback_is_the_whole_text() -> None:
    """Starts one every ~40 characters are too dense to beat a scan of the windows, but
    not a scan of the whole text: a pattern with no windows still uses them."""
    pattern = r"(?<!\bpatients\s)\b(?:is|are)\s+(?:the\s+)?proof\b"
    prefilter = prefilter_for(pattern, True)
    assert prefilter is not None
    text = "Knee pain is common in older adults. " * 50 + "Our record is the proof. Patients are proof. " * 3
    assert prefilter.starts(text) is None  # more than one start per 200 characters
    assert prefilter.starts(text, spacing=20) is not None
    compiled = regex.compile(pattern, regex.IGNORECASE)
    expected = spans(compiled.finditer(text))
    assert len(expected) == 3
    assert spans(finditer_from(compiled, prefilter, text, 5.0, windows=None)) == expected


def test_prefixes_of_alternatives_groups_and_classes() -> None:
    assert required_prefixes(r"\b(?:act|book)\s+now", True) == (["act", "book"], True)
    assert required_prefixes(r"[Mm]y\b", False) == (["My", "my"], False)
    assert required_prefixes(r"can['’]t", True) == (["can't", "can’t"], True)
    # An optional first item: a match starts with it or with what follows it.
    assert required_prefixes(r"(?:very\s+)?safe", True) == (["safe", "very"], True)
    # "act" finds every place "action" could start: the longer literal is not searched.
    assert required_prefixes(r"act|action", True) == (["act"], True)
    assert required_prefixes(r"(?i)fda", False) == (["fda"], True)
    assert required_prefixes(r"(?:a|b?)c", True) == (["ac", "b", "c"], True)
    assert required_prefixes(r"x*y", True) == (["x", "y"], True)


def test_no_prefilter_where_a_match_could_start_anywhere() -> None:
    for pattern in (r"\d+\s?%", r"\w+ly", r".*cure", r"[a-z]+ure", r"(?:x|\w)y"):
        assert required_prefixes(pattern, True) is None, pattern
        assert prefilter_for(pattern, True) is None, pattern
    assert prefilter_for(r"(?-i:FDA) approved", True) is None  # case flags inside: not analysed
    assert prefilter_for(r"\p{Lu}DA", True) is None  # `regex` syntax that `re` cannot parse
    assert prefilter_for(r"[[:alpha:]]ure", True) is None  # a POSIX class `re` would read as a set
    assert prefilter_for(r"(?:cure){e<=1}", True) is None  # fuzzy matching


def test_case_variants_outside_ascii_fall_back_to_the_whole_scan() -> None:
    """The Kelvin sign is a case variant of "k" to the engine, not to str.lower(): a text
    holding one is scanned whole, so "\u212anee" is still found."""
    pattern = r"\bknee\s+pain\b"
    compiled = regex.compile(pattern, regex.IGNORECASE)
    prefilter = prefilter_for(pattern, True)
    assert prefilter is not None
    text = "Our \u212anee pain clinic treats knee pain."
    assert prefilter.starts(text) is None
    assert spans(finditer_from(compiled, prefilter, text, 5.0)) == spans(compiled.finditer(text))
    assert len(spans(compiled.finditer(text))) == 2
    # Letters with case that are no variant of an ASCII letter keep the prefilter.
    assert prefilter.starts("Über knee pain, café owners say " + "filler words " * 100) is not None


def test_a_catastrophic_pattern_still_times_out() -> None:
    pattern = r"(a|aa)+$"
    prefilter = prefilter_for(pattern, False)
    assert prefilter is not None
    compiled = regex.compile(pattern)
    try:
        list(finditer_from(compiled, prefilter, " filler" * 2000 + "a" * 40 + "!", 0.2))
    except TimeoutError:
        return
    raise AssertionError("the time budget was not applied")


def test_the_lowered_text_is_made_once_per_doc_and_given_to_every_prefilter(linter):
    from claimcheck.checks.prefilter import case_blind
    from claimcheck.checks.regex import LOWERED_KEY, case_blind_text

    text = "Plain words about knees. " * 40 + "Act NOW: only 3 spots left."
    doc = linter.nlp(text)
    assert LOWERED_KEY not in doc.user_data
    assert case_blind_text(doc) == text.lower()
    assert doc.user_data[LOWERED_KEY] == text.lower()
    prefilter = prefilter_for(r"act\s+now", True)
    assert prefilter is not None
    assert prefilter.starts(text, case_blind_text(doc)) == prefilter.starts(text) == [text.index("Act")]
    # A text whose case the substring search cannot mirror (the Kelvin sign) gets no starts.
    assert case_blind("\u212a act now") is None
    assert prefilter.starts("\u212a act now", None) is None


# Patterns a match of which may start anywhere (a digit) but always holds one of a few
# literals and is made of few kinds of characters: searched only in the runs around them.
WINDOWED = [
    r"\b(?:act\s+(?:now|today)|\d+\s+(?:spots?\s+)?remain|only\s+\d+\s+spots?\s+left)\b",
    r"(?<![\w.])(?:\d{1,3}(?:\.\d+)?\s?%|\d{1,3}\s?percent|(?:\d{1,2}|nine)\s+(?:out\s+)?of\s+(?:10|ten)\b)",
    r"\d+\s+(?:[\w-]+\s+){0,3}?(?:left|remain)",
    r"\b\w+\s+don['’]t\s+wait\b",
    # A lookahead reads on over what it can consume, which widens the runs.
    r"\b\d+\s+remain\b(?!\s+(?:open|free|[%]+)\b)|\d+\s+left(?=,)",
]
WINDOW_TEXT = (
    "Only 3 spots left! 12 spots remain, 4 remain. 90% of patients; 9 out of 10 and 3.5% "
    "(v1.90% is a version). 45 percent. 7 of ten, x7 of ten, 12 of 10. So 5 days left, "
    "3 big new spots remain... You don’t wait, we don't wait. act now\n\n4 remain"
    " 5 remain open, 6 remain free. 7 remain %% 8 left, 9 left."
)


def test_windows_give_the_same_matches_as_a_whole_scan() -> None:
    for pattern in WINDOWED:
        for ignore_case in (True, False):
            compiled = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
            assert prefilter_for(pattern, ignore_case) is None, pattern
            windows = windows_for(pattern, ignore_case)
            assert windows is not None, pattern
            for text in (WINDOW_TEXT, WINDOW_TEXT * 3, WINDOW_TEXT.upper(), "filler. " * 300 + WINDOW_TEXT, "", "4"):
                expected = spans(compiled.finditer(text))
                assert spans(finditer_from(compiled, None, text, 5.0, windows=windows)) == expected, (pattern, text[:20])


def test_windows_are_the_runs_around_the_literals() -> None:
    windows = windows_for(r"\d+\s+(?:spots?\s+)?remain", True)
    assert windows is not None
    assert windows.literals == ["remain"]
    text = "Welcome. " * 50 + "Book: 12 spots REMAIN, 3 remain." + " More words." * 50
    runs = windows.spans(text)
    assert runs is not None
    assert [text[start:end] for start, end in runs] == [" 12 spots REMAIN", " 3 remain"]
    # Literals on every few characters: the plain scan is as cheap.
    assert windows.spans("4 remain. " * 100) is None
    # A text whose case the substring search cannot mirror.
    assert windows.spans("\u212a 4 remain", None) is None


def test_no_windows_where_a_match_could_look_or_reach_past_its_run() -> None:
    for pattern in (
        r"\d+\s+remain(?=.*open)",  # a lookahead that may read past the run
        r"\d+.remain",  # `.` consumes anything
        r"\d+[^.]remain",  # a negated class
        r"^\d+\s+remain",  # an anchor other than \b
        r"\d+\s+remain$",
        r"(\d)\s+remain\1",  # a back reference
        r"\d+\s+(?:remain)?",  # a match may hold no literal
        r"\d+\W+remain",  # a category outside \w \d \s
        r"(?x) \d+ \s+ remain",  # flags beyond case
    ):
        assert windows_for(pattern, True) is None, pattern


def test_windows_keep_the_time_budget() -> None:
    pattern = r"\d(a|aa)+b"
    windows = windows_for(pattern, False)
    assert windows is not None
    compiled = regex.compile(pattern)
    try:
        list(finditer_from(compiled, None, " filler" * 2000 + "1" + "a" * 40 + "!b", 0.2, windows=windows))
    except TimeoutError:
        return
    raise AssertionError("the time budget was not applied")


def test_the_outside_class_names_each_character_once() -> None:
    # Every literal adds its letters to the class of characters no match holds; a class
    # is a set, so repeating them (hundreds of pieces for a long rule) only slowed its
    # compilation. The windows still end at the first character outside every word.
    pattern = r"\b(?:banana|bandana|cabana|nanna)\s+\d+"
    windows = windows_for(pattern, True)
    assert windows is not None
    pieces = regex.findall(r"\\U[0-9a-f]{8}|\\[wds]", windows._after.pattern)
    assert len(pieces) == len(set(pieces)) == len(set("bandcn")) + 2  # the letters, \s and \d
    text = "Intro. " * 60 + "Bandana 12, cabana 3; NANNA 7." + " Outro." * 60
    compiled = regex.compile(pattern, regex.IGNORECASE)
    assert spans(finditer_from(compiled, None, text, 5.0, windows=windows)) == spans(compiled.finditer(text))
    runs = windows.spans(text)
    assert runs is not None
    assert [text[start:end] for start, end in runs] == [" Bandana 12", " cabana 3", " NANNA 7"]


def _described(found: object) -> object:
    return None if found is None else (type(found).__name__, sorted(vars(found).items(), key=str))


def test_one_parse_gives_what_the_two_analyses_give() -> None:
    """`analyse` (one parse, both analyses) equals `prefilter_for` and `windows_for`, on
    every built-in regex rule and on the patterns above."""
    from claimcheck.checks.loader import load_rules

    rules = [rule for rule in load_rules(["stemcell"]) if rule.kind == "regex"]
    assert rules
    cases = [(rule.options["pattern"], rule.options.get("ignore_case", True)) for rule in rules]
    cases += [(pattern, ignore_case) for pattern in [*PATTERNS, *WINDOWED] for ignore_case in (True, False)]
    cases += [(r"\p{Lu}DA", True), (r"(unclosed", True)]
    for pattern, ignore_case in cases:
        prefilter, windows = analyse(pattern, ignore_case)
        assert _described(prefilter) == _described(prefilter_for(pattern, ignore_case)), pattern
        assert _described(windows) == _described(windows_for(pattern, ignore_case)), pattern


def test_literal_index_finds_what_find_finds() -> None:
    """One scan for every literal (prefilter.LiteralIndex) gives, for any set of them, the
    positions one `find` pass per literal gives: literals that begin others, overlapping
    ones, case-sensitive and lower-cased text alike."""
    import random

    from claimcheck.checks import prefilter

    rng = random.Random(3)
    alphabet = "ab ,\t’"
    literals = sorted({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(60)})
    scanner = prefilter._Scanner(set(literals))
    for _ in range(30):
        text = "".join(rng.choice(alphabet + "c") for _ in range(rng.randint(0, 300)))
        index = prefilter.LiteralIndex(text, scanner)
        for _ in range(20):
            chosen = rng.sample(literals, rng.randint(1, 6))
            expected = sorted({i for literal in chosen for i in range(len(text)) if text.startswith(literal, i)})
            assert index.positions(chosen, len(text) + 1) == expected
            if expected:
                assert index.positions(chosen, len(expected) - 1) is None
                assert index.positions(chosen, len(expected)) == expected
    for text in (TEXT, TEXT.lower()):  # through `_positions`, with a page's index or without
        # (a literal of more than 64 characters is never indexed: `find` answers)
        for words in (["act", "fda"], ["Act", "ACT", "act n"], ["no", "now", "o"], ["act", "now " + "x" * 70]):
            expected = sorted({i for word in words for i in range(len(text)) if text.startswith(word, i)})
            for folded in (False, True):
                finder = prefilter.Prefilter(words, False)
                finder.ignore_case = folded  # the literals as given, of either kind
                page = prefilter.LiteralScanner([finder]).index(text, text)
                for index in (None, page):
                    assert prefilter._positions(text, words, len(text), folded, index) == expected
                # An index of another text (or of the other kind) is not read.
                assert page.of(text + " ", folded, ["act"]) is None
                assert page.of(text, not folded, ["act"]) is None


def test_the_linter_scans_each_page_once_before_the_rules_and_keeps_no_state_of_its_own(linter):
    """The literal scanner is the Linter's own value; a page's index is kept with its Doc
    and made by the Linter before any rule runs; a check given no index finds the same."""
    import threading

    from claimcheck.checks import prefilter
    from claimcheck.checks.regex import INDEX_KEY, RegexCheck, page_index

    assert not any(isinstance(value, threading.local) for value in vars(prefilter).values())
    assert not any(hasattr(prefilter, name) for name in ("_REGISTERED", "_SCANNERS", "_RECENT", "register"))
    text = "Act NOW: only 3 spots left. FDA approved stem cells cure arthritis in 90% of patients. " * 5
    doc = linter.nlp(text)
    assert page_index(doc) is None
    with_index = linter.hits(doc)
    index = doc.user_data[INDEX_KEY]
    assert isinstance(index, prefilter.PageIndex) and index.scanner is linter._scanner
    linter.hits(doc)
    assert doc.user_data[INDEX_KEY] is index  # made once per page and scanner
    again = linter.nlp(text)
    regex_checks = [check for _, check in linter._checks if isinstance(check, RegexCheck)]
    assert regex_checks
    for check in regex_checks:
        assert list(check(again)) == list(check(doc))  # without an index: `find` passes
    assert page_index(again) is None
    assert with_index


def test_word_boundaries_are_the_regex_modules_own() -> None:
    """`word_boundaries` marks exactly where the `regex` module's \\b holds: ASCII, accents,
    combining marks, other scripts' digits, joiners, emoji, a lone surrogate."""
    import random

    from claimcheck.checks.prefilter import word_boundaries

    boundary = regex.compile(r"\b")
    rng = random.Random(5)
    alphabet = "aZ_9 .-’'\u00e9\u0301\u0663\u200d\u00a0\u2028\U0001f600\ud800ſKİı\u0300"
    texts = [TEXT, TEXT.upper(), ""] + ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(3000)]
    for text in texts:
        assert word_boundaries(text).nonzero()[0].tolist() == [match.start() for match in boundary.finditer(text)], text


def test_patterns_opening_with_a_word_boundary() -> None:
    """`at_boundary` only where every way through the pattern meets \\b before it consumes a
    character, lookbehinds and groups included; never under flags that change \\b."""
    opens = {
        r"\b(?:act|book)\s+now": True,
        r"(?<!\bour\s)\b(?:pills?|drugs)\b": True,
        r"(?:\bI\b|\b[Mm]y\b|\bme\b)": True,
        r"(?:\b(?:a|b)c)+d": True,
        r"(?:\bact|book)\s+now": False,  # one alternative without it
        r"(?:\bact)?book": False,
        r"act\b": False,
        r"(?a)\bact": False,
        r"(?s:\bact)": False,
        r"\Bact": False,
    }
    for pattern, expected in opens.items():
        prefilter = prefilter_for(pattern, True)
        assert prefilter is not None, pattern
        assert prefilter.at_boundary is expected, pattern


def test_starts_off_word_boundaries_are_dropped_with_the_same_matches() -> None:
    """Literals inside words ("act" in "xact", "react") are not tried where the pattern opens
    with \\b; the matches are those of a whole scan, with the page's index or without."""
    from claimcheck.checks.prefilter import LiteralScanner, on_boundaries

    pattern = r"(?<!\bnot\s)\b(?:act|book)\s+(?:now|today)\b"
    prefilter = prefilter_for(pattern, True)
    assert prefilter is not None and prefilter.at_boundary
    text = "React now, exact now, Act now! not act now; ébook today, Book today. " * 20
    starts = prefilter.starts(text, spacing=5)
    assert starts is not None
    kept = on_boundaries(prefilter, text, starts, None)
    assert kept == [start for start in starts if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")]
    assert len(kept) < len(starts)
    compiled = regex.compile(pattern, regex.IGNORECASE)
    index = LiteralScanner([prefilter]).index(text, text.lower())
    for page in (None, index):
        assert spans(finditer_from(compiled, prefilter, text, 5.0, index=page)) == spans(compiled.finditer(text))


def test_every_match_of_a_built_in_rule_opening_with_a_boundary_starts_at_one() -> None:
    """On the dev corpus, each built-in regex rule (and split alternative) whose prefilter
    says it opens with \\b has all its matches at word boundaries."""
    from pathlib import Path

    from claimcheck.checks.branches import alternatives_for
    from claimcheck.checks.loader import load_rules
    from claimcheck.checks.prefilter import word_boundaries

    texts = [path.read_text(encoding="utf-8") for path in sorted((Path(__file__).parent.parent / "corpus" / "dev").glob("*.md"))]
    assert texts
    bounds = [word_boundaries(text) for text in texts]
    checked = 0
    for rule in (rule for rule in load_rules(["stemcell"]) if rule.kind == "regex"):
        source, ignore_case = rule.options["pattern"], rule.options.get("ignore_case", True)
        flags = regex.IGNORECASE if ignore_case else 0
        alternatives = alternatives_for(source, ignore_case)
        parts = [(regex.compile(source, flags), prefilter_for(source, ignore_case))]
        parts += list(alternatives.branches) if alternatives is not None else []
        for compiled, prefilter in parts:
            if prefilter is None or not prefilter.at_boundary:
                continue
            checked += 1
            for text, bound in zip(texts, bounds, strict=True):
                assert all(bound[match.start()] for match in compiled.finditer(text)), rule.id
    assert checked > 20
