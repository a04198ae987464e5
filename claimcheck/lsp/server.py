"""The language server: findings as diagnostics, fixes and suppressions as code actions,
rule explanations on hover.

The rules and spaCy pipeline are built once per server (on the first document), from
the project's `.claimcheck.yaml` found from the workspace root.  Edits are debounced;
open and save check at once.  A document that cannot be checked (too big, a bug)
gets no diagnostics and a log message; the server keeps running.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from claimcheck.lsp.positions import LineOffsets
from claimcheck.version import __version__

SOURCE = "claimcheck"
DEBOUNCE_SECONDS = 0.3
_LANGUAGES = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
log = logging.getLogger(__name__)


@dataclass
class Checked:
    """The last check of one document: its text and findings, for code actions and hover."""

    version: int | None
    text: str
    fmt: str
    findings: list[Any]


class ClaimcheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("claimcheck", __version__)
        self._linter: Any = None
        self._settings: Any = None
        self.checked: dict[str, Checked] = {}
        self.notes: list[str] = []  # written by the worker, shown to the user from the event loop
        self._pending: dict[str, asyncio.Task[None]] = {}
        # spaCy is not meant for concurrent use: one worker runs every check in turn.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimcheck")

    # -- configuration and pipeline, built once ------------------------------------------
    def settings_and_linter(self) -> tuple[Any, Any]:
        if self._linter is None:
            from claimcheck.api import build_linter
            from claimcheck.config import Settings, find_config, load_settings
            from claimcheck.errors import ClaimcheckError

            root = self.workspace.root_path if self.workspace.root_path else None
            settings = Settings()
            try:
                found = find_config(Path(root) if root else Path.cwd())
                if found:
                    settings = load_settings(found)
            except ClaimcheckError as problem:
                self.notes.append(f"claimcheck: {problem}; using the default settings")
            # An editor shows each finding at its own span, with its own quick fix: no folding
            # into one finding per claim there.
            settings = replace(settings, all_findings=True)
            self._settings = settings
            self._linter = build_linter(settings)
        return self._settings, self._linter

    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(kind, "value", kind))

    # -- checking ------------------------------------------------------------------------
    async def check_document(self, uri: str) -> None:
        """Check in the one worker thread (the editor stays responsive); publish unless stale."""
        document = self.workspace.get_text_document(uri)
        fmt = document_format(uri, document.language_id)
        if fmt is None:
            return
        text, version = document.source, document.version
        loop = asyncio.get_running_loop()
        try:
            diagnostics = await loop.run_in_executor(self._worker, self._diagnose, uri, text, fmt, version)
        except Exception as error:  # a bug or unreadable text must not stop the server
            log.exception("checking %s failed", uri)
            message = f"claimcheck: cannot check {uri}: {error.__class__.__name__}: {error}"
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, message))
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, message))
            self.checked.pop(uri, None)
            # An empty list would look like a clean document: say at the top that it was not checked.
            diagnostics = [failure_diagnostic(f"claimcheck could not check this document: {error.__class__.__name__}: {error}")]
        while self.notes:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, self.notes.pop(0)))
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # closed or edited meanwhile: a newer check is on its way
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def _diagnose(self, uri: str, text: str, fmt: str, version: int | None) -> list[types.Diagnostic]:
        from claimcheck.api import check_text

        settings, linter = self.settings_and_linter()
        if len(text.encode("utf-8", errors="surrogatepass")) > settings.max_file_size:
            self.notes.append(f"claimcheck: {uri} is over max_file_size; not checked")
            self.checked.pop(uri, None)
            return [failure_diagnostic("claimcheck did not check this document: it is over max_file_size", error=False)]
        findings = check_text(text, path=uri_path(uri), format=fmt, linter=linter)
        self.notes.extend(f"claimcheck: {message}" for message in linter.take_stopped())
        self.checked[uri] = Checked(version, text, fmt, findings)
        offsets = LineOffsets(text)
        return [self._diagnostic(finding, offsets) for finding in findings]

    def _diagnostic(self, finding: Any, offsets: LineOffsets) -> types.Diagnostic:
        return types.Diagnostic(
            range=finding_range(finding, offsets, self.encoding),
            message=finding.message + (f"\nSuggestion: {finding.suggestion}" if finding.suggestion else ""),
            severity=_SEVERITY[finding.severity.label],
            source=SOURCE,
            code=finding.rule,
            data={"rule": finding.rule, "offset": finding.offset, "end": finding.end_offset},
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Check `uri` after `delay` seconds unless another change comes first."""
        previous = self._pending.pop(uri, None)
        if previous is not None:
            previous.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self._pending.pop(uri, None)
            await self.check_document(uri)

        self._pending[uri] = asyncio.get_running_loop().create_task(later())


def failure_diagnostic(message: str, error: bool = True) -> types.Diagnostic:
    """A diagnostic on the document's first character saying it was not (fully) checked."""
    start = types.Position(0, 0)
    return types.Diagnostic(
        range=types.Range(start, start),
        message=message,
        severity=types.DiagnosticSeverity.Error if error else types.DiagnosticSeverity.Warning,
        source=SOURCE,
        code="claimcheck/not-checked",
    )


def uri_path(uri: str) -> str:
    from pygls.uris import to_fs_path

    return to_fs_path(uri) or uri


def document_format(uri: str, language_id: str | None) -> str | None:
    """text, markdown or html for documents we check; None for any other language."""
    if language_id in _LANGUAGES:
        return _LANGUAGES[language_id]
    from claimcheck.sources import EXTENSIONS

    suffix = Path(uri.split("?", 1)[0]).suffix.lower()
    fmt = EXTENSIONS.get(suffix)
    return fmt if fmt in {"text", "markdown", "html"} else None


def finding_range(finding: Any, offsets: LineOffsets, encoding: str) -> types.Range:
    if finding.scope != "span":  # a whole-document finding: mark the first line
        first = offsets.lines[0] if offsets.lines else ""
        return types.Range(types.Position(0, 0), types.Position(0, offsets.position(len(first), encoding)[1]))
    start = offsets.position(finding.offset, encoding)
    end = offsets.position(finding.end_offset, encoding)
    return types.Range(types.Position(*start), types.Position(*end))


def _suppression_edit(checked: Checked, finding: Any, offsets: LineOffsets, encoding: str) -> types.TextEdit:
    line = finding.line - 1
    text = offsets.lines[line] if line < len(offsets.lines) else ""
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    if checked.fmt == "text":
        comment = f"# claimcheck-disable-next-line {finding.rule}"
    else:
        comment = f"<!-- claimcheck-disable-next-line {finding.rule} -->"
    newline = "\r\n" if "\r\n" in checked.text else "\n"
    where = types.Position(line, 0)
    return types.TextEdit(types.Range(where, where), f"{indent}{comment}{newline}")


def _fix_edits(server: ClaimcheckServer, checked: Checked, finding: Any, offsets: LineOffsets) -> list[types.TextEdit]:
    from claimcheck.fixes import plan_edits

    _, linter = server.settings_and_linter()
    fixes = {rule.id: rule.fix for rule in linter.rules if rule.fix and not rule.fix.get("unsafe")}
    edits = []
    for edit in plan_edits(checked.text, [finding], fixes):
        start = types.Position(*offsets.position(edit.start, server.encoding))
        end = types.Position(*offsets.position(edit.end, server.encoding))
        edits.append(types.TextEdit(types.Range(start, end), edit.replacement))
    return edits


def _findings_for(checked: Checked, diagnostics: list[types.Diagnostic]) -> list[Any]:
    wanted = set()
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, dict) else None
        if diagnostic.source == SOURCE and data:
            wanted.add((data.get("rule"), data.get("offset"), data.get("end")))
    return [finding for finding in checked.findings if (finding.rule, finding.offset, finding.end_offset) in wanted]


def code_actions(server: ClaimcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    checked = server.checked.get(uri)
    if checked is None:
        return []
    offsets = LineOffsets(checked.text)
    actions: list[types.CodeAction] = []
    by_rule = {}
    for finding in _findings_for(checked, list(params.context.diagnostics)):
        diagnostic = server._diagnostic(finding, offsets)
        edits = _fix_edits(server, checked, finding, offsets)
        if edits:
            actions.append(
                types.CodeAction(
                    title=f"claimcheck: apply safe rewrite ({finding.rule})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                    is_preferred=True,
                )
            )
        elif finding.suggestion:
            actions.append(
                types.CodeAction(
                    title=f"Suggestion: {finding.suggestion}",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    disabled=types.CodeActionDisabled(reason="no safe automatic rewrite; edit the text by hand"),
                )
            )
        if finding.scope == "span":
            by_rule[(finding.rule, finding.line)] = (finding, diagnostic)
    for (rule, _line), (finding, diagnostic) in sorted(by_rule.items()):
        actions.append(
            types.CodeAction(
                title=f"claimcheck: disable {rule} for this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [_suppression_edit(checked, finding, offsets, server.encoding)]}),
            )
        )
    return actions


def hover(server: ClaimcheckServer, params: types.HoverParams) -> types.Hover | None:
    checked = server.checked.get(params.text_document.uri)
    if checked is None:
        return None
    offsets = LineOffsets(checked.text)
    at = offsets.offset(params.position.line, params.position.character, server.encoding)
    here = [f for f in checked.findings if f.scope == "span" and f.offset <= at < max(f.end_offset, f.offset + 1)]
    if not here:
        return None
    _, linter = server.settings_and_linter()
    rules = {rule.id: rule for rule in linter.rules}
    parts = [explain_markdown(finding, rules.get(finding.rule)) for finding in here]
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))


def explain_markdown(finding: Any, rule: Any) -> str:
    lines = [f"**{finding.rule}** ({finding.severity.label}): {finding.message}"]
    if rule is not None:
        lines.append(f"\n{rule.rationale}")
        authority = f"[{rule.authority}]({rule.authority_url})" if rule.authority_url else rule.authority
        lines.append(f"\n*Authority:* {authority}")
    if finding.suggestion:
        lines.append(f"\n*Suggestion:* {finding.suggestion}")
    return "\n".join(lines)


def build_server() -> ClaimcheckServer:
    server = ClaimcheckServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClaimcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ClaimcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClaimcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ClaimcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: ClaimcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: ClaimcheckServer, params: types.HoverParams) -> types.Hover | None:
        return hover(ls, params)

    return server


def main() -> None:
    build_server().start_io()
