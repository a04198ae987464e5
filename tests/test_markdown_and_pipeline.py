"""Markdown prose extraction and both pipeline paths (blank and trained)."""

from __future__ import annotations

import importlib.util

import pytest

from claimcheck.api import build_linter, check_text
from claimcheck.config import ModelSettings, Settings
from claimcheck.errors import ConfigError
from claimcheck.sources.markdown import read_markdown

CLAIM = "Our stem cell therapy cures multiple sclerosis."


def test_markdown_skips_code_and_comments_and_keeps_prose(check):
    text = (
        "---\ntitle: Stem cells\n---\n\n# Heading\n\n```\n" + CLAIM + "\n```\n\n"
        "<!-- " + CLAIM + " -->\n\nSome `" + CLAIM + "` inline code.\n\n- item: **" + CLAIM + "**\n"
    )
    findings = [f for f in check(text, path="page.md") if f.rule == "efficacy/cure-claim"]
    assert len(findings) == 1
    line = text.splitlines()[findings[0].line - 1]
    assert line.startswith("- item: **")
    assert findings[0].text == "item: **" + CLAIM  # the sentence, markup inside it included


def test_markdown_offsets_map_back_exactly():
    text = "Intro *emphasis* and [link text](https://example.org/x) end.\r\n\r\nSecond para."
    source = read_markdown(text, "x.md")
    assert "https://example.org" not in source.prose
    for word in ("emphasis", "link text", "Second para"):
        start = source.prose.index(word)
        s, e = source.source_range(start, start + len(word))
        assert text[s:e] == word
    assert source.links and source.links[0].href == "https://example.org/x"


def test_unknown_pipeline_is_a_clear_config_error():
    with pytest.raises(ConfigError, match="not installed"):
        build_linter(Settings(pipeline="en_core_web_nonexistent"))


TRAINED = "en_core_web_sm"  # spaCy's own package (python -m spacy download en_core_web_sm)


@pytest.mark.skipif(importlib.util.find_spec(TRAINED) is None, reason="spaCy's en_core_web_sm is not installed")
def test_trained_pipeline_gives_the_same_claims_as_blank(linter):
    trained = build_linter(Settings(pipeline=TRAINED, model=ModelSettings(enabled=False)))
    assert "parser" in trained.nlp.pipe_names or "tagger" in trained.nlp.pipe_names
    text = (
        "Stem cell injections have not been approved to treat knee osteoarthritis. "
        "Our stem cell therapy cures multiple sclerosis. Clinical studies have documented lower pain scores."
    )
    blank_rules = sorted((f.rule, f.offset) for f in check_text(text, linter=linter))
    trained_rules = sorted((f.rule, f.offset) for f in check_text(text, linter=trained))
    assert blank_rules == trained_rules
    assert ("efficacy/cure-claim", text.index("Our")) in trained_rules
