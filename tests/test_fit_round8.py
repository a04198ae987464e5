"""Product status and claim-citation fit, eighth round (issue 14, branch fit9): lay names of
conditions, pages about a registered or IND study, enzymatic digestion of structural tissue,
reference entries that are not the product's description, accented author names and ages
written in words.

Every text here was written for these tests."""

from __future__ import annotations

from claimcheck.nlp.citations import author_year_keys
from tests.test_citation_styles import OFF_TARGET, found

HCTP = "regulatory/hctp-status"


# ---------------------------------------------------------------- accented author names


def test_author_year_keys_keep_accented_surnames():
    text = "It eased (Müller 2019), as others found (Peña et al., 2021; Ødegaard, 2020)."
    assert author_year_keys(text) == ("müller 2019", "peña 2021", "ødegaard 2020")


def test_accented_author_year_citations_resolve_to_their_entries(linter):
    text = (
        "Our cord cells ease worn knees (Müller 2019). They calm lupus (Peña et al., 2021). "
        "They quiet MS relapses (Ødegaard, 2020). Book today.\n\n## References\n\n"
        "Müller, K. (2019). Cord cells in knee osteoarthritis: a randomized trial. Knee Res, 3, 1-9. doi:10.5555/k.2019.1\n\n"
        "Peña, L., Ruiz, A., & Soto, B. (2021). Cord cells in rheumatoid arthritis: a randomized trial. "
        "Rheum Res, 3, 1-9. doi:10.5555/r.2021.1\n\n"
        "Ødegaard, T. (2020). Cord cells in Parkinson's disease: a randomized trial. Mov Res, 3, 1-9. doi:10.5555/m.2020.1"
    )
    messages = found(text, linter, OFF_TARGET)
    assert len(messages) == 2
    assert any("(Peña 2021) studies rheumatoid arthritis" in message for message in messages)
    assert any("(Ødegaard 2020) studies Parkinson's disease" in message for message in messages)
    assert found(text, linter, "reference/unresolved-citation") == []


# ---------------------------------------------------------------- what the product is


def hctp(text, linter):
    return found(text, linter, HCTP)


def test_a_reference_entry_title_does_not_describe_the_pages_product(linter):
    # The page's marrow is only spun and returned the same day (1271.15(b)); the cited paper's
    # "culture-expanded" cells are another product.
    text = (
        "We take your own bone marrow, concentrate it by centrifugation and inject it into your knee "
        "in the same visit to ease arthritis pain [1]. Book today.\n\n"
        "References\n1. Lee A. Culture-expanded MSCs for knee osteoarthritis: a randomised trial. "
        "Knee. 2020;3:1-9. doi:10.5555/k.2020.1"
    )
    assert hctp(text, linter) == []
    # the same words in the page's own description still count
    own = text.replace("concentrate it by centrifugation", "culture-expand it for three weeks")
    (message,) = hctp(own, linter)
    assert "1271.10(a)(1)" in message and "culture-expand" in message


def test_enzymatic_digestion_fails_a_structural_tissue(linter):
    for words in ("digest it with collagenase", "release the cells with enzymes", "break it down with enzymes"):
        text = (
            f"We take a little fat from your belly, {words} and inject the cells into your knee "
            "in the same visit to heal osteoarthritis. Book today."
        )
        (message,) = hctp(text, linter)
        assert "1271.10(a)(1)" in message, words


def test_enzymes_named_apart_from_the_product_or_denied_are_not_processing(linter):
    text = (
        "Our fat grafts fill hollow cheeks and restore facial volume. Your body breaks food down with enzymes "
        "every day. Book today."
    )
    assert hctp(text, linter) == []
    denied = (
        "Our fat graft is never digested with enzymes or cultured; it is only washed. "
        "We place it under the skin to restore facial volume. Book today."
    )
    assert hctp(denied, linter) == []
