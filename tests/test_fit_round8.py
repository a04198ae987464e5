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
