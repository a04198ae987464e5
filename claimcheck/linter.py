"""Stage 5 to 6: run compiled rules over analysed Docs and turn hits into Findings
located in the original file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.checks import KINDS
from claimcheck.checks.arbiter import Arbiter, arbitrate_doc
from claimcheck.checks.base import DOCUMENT, Check, Hit, RuleStopped
from claimcheck.checks.model import Rule
from claimcheck.checks.regex import index_page, literal_scanner
from claimcheck.errors import RuleError
from claimcheck.findings import Finding, finding_at
from claimcheck.nlp.bibliography import ENTRY_LABELS_KEY, source_labels
from claimcheck.nlp.citations import LINKS_KEY
from claimcheck.nlp.structure import SEGMENTS_KEY, TEXT_KEY
from claimcheck.sources.base import Source

if TYPE_CHECKING:
    from claimcheck.library import ClaimsLibrary


class Linter:
    """Compiled rules plus the pipeline they run on; build once, use for every file.

    `filters` is the stage that runs after the checks (inline suppressions, per-path
    config overrides: `claimcheck.filters.stage.Filters.apply`); the Linter only carries
    it so that the API applies the settings it was built with.  Its checks never call it.
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        nlp: Language,
        filters: Callable[[Source, list[Finding]], list[Finding]] | None = None,
        library: ClaimsLibrary | None = None,
        arbiter: Arbiter | None = None,
    ):
        self.nlp = nlp
        self.filters = filters
        self.library = library
        # Reconciles rule hits with the learned detector's reading (None: rules only).
        self.arbiter = arbiter
        self.recipe: Callable[[], Linter] | None = None  # set by api.build_linter
        self.rules = tuple(rule for rule in rules if rule.enabled)
        # Every rule a report may name, claimcheck's own included (set by api.build_linter).
        self.catalogue: tuple[Rule, ...] = self.rules
        self._checks: list[tuple[Rule, Check]] = []
        self._stopped: list[str] = []  # rules stopped during the run, not yet reported
        for rule in self.rules:
            try:
                self._checks.append((rule, KINDS[rule.kind].compile(rule, nlp)))
            except (ValueError, KeyError) as problem:
                raise RuleError(f"{rule.origin}: rule {rule.id!r}: cannot compile: {problem}") from None
        # Every literal the regex rules look for, in one scanner: each page is scanned once
        # for all of them (`hits`), not once per rule.
        self._scanner = literal_scanner(check for _, check in self._checks)

    def take_stopped(self) -> list[str]:
        """Messages about rules stopped since the last call (each rule is stopped once)."""
        stopped, self._stopped = self._stopped, []
        return stopped

    @property
    def citation_window(self) -> int:
        """Later sentences of a paragraph whose citations also count (pipeline setting)."""
        return int(self.nlp.config["components"]["claimcheck_claims"].get("citation_window", 0))

    def prepare(self, source: Source) -> Doc:
        # `nlp.make_doc` refuses text over spaCy's max_length (1,000,000 characters), a
        # guard for the memory of trained parsers.  Inputs are already bounded by
        # max_file_size (5 MB by default), so the tokenizer is called directly: a page
        # of any length up to that limit is one Doc, analysed like any other (README, Limits).
        doc = self.nlp.tokenizer(source.prose)
        doc.user_data[TEXT_KEY] = source.prose  # == doc.text, which spaCy would rebuild token by token
        doc.user_data[SEGMENTS_KEY] = [(segment.start, segment.end, segment.kind) for segment in source.segments]
        doc.user_data[LINKS_KEY] = source.links
        doc.user_data[ENTRY_LABELS_KEY] = source_labels(source)
        return doc

    def analyse(self, sources: Iterable[Source], batch_size: int = 16) -> Iterator[tuple[Source, Doc]]:
        """Run the pipeline over sources, one Doc per file, in small batches."""
        pairs = ((self.prepare(source), source) for source in sources)
        for doc, source in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            if self.library is not None:
                self.library.annotate(doc)
            yield source, doc

    def hits(self, doc: Doc) -> list[Hit]:
        if self._scanner is not None:
            # A stage of its own, before any rule's time budget starts.
            index_page(doc, self._scanner)
        found: list[Hit] = []
        for rule, check in list(self._checks):
            try:
                found.extend(check(doc))
            except RuleStopped as stopped:
                # Dropped for the rest of the run; reported once (`take_stopped`).
                self._checks = [(other, kept) for other, kept in self._checks if other is not rule]
                self._stopped.append(stopped.message)
        if self.arbiter is not None:
            found = arbitrate_doc(self.arbiter, doc, found)
        return found

    def findings_for(self, source: Source, doc: Doc) -> list[Finding]:
        return to_findings(source, self.hits(doc))

    def check_sources(self, sources: Iterable[Source]) -> Iterator[tuple[Source, list[Finding]]]:
        for source, doc in self.analyse(sources):
            yield source, self.findings_for(source, doc)


def to_findings(source: Source, hits: Iterable[Hit]) -> list[Finding]:
    """Map prose offsets back to exact places in the original text."""
    lines = source.line_index()
    findings: set[Finding] = set()
    for hit in hits:
        rule = hit.rule
        if hit.scope == DOCUMENT:
            start = end = 0
        else:
            start, end = source.trimmed_range(hit.start, hit.end)
        supporting = tuple(source.trimmed_range(a, b) for a, b in hit.supporting)
        findings.add(
            finding_at(
                source,
                lines,
                rule,
                start,
                end,
                hit.message,
                hit.scope,
                severity=hit.severity,
                confidence=hit.confidence,
                supporting=supporting,
                category=hit.category,
            )
        )
    # The message breaks ties: one document may hold two document-scope findings of a rule
    # (two products), and a set's order differs between processes.
    return sorted(findings, key=lambda finding: (finding.offset, finding.end_offset, finding.rule, finding.message))
