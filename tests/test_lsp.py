"""The language server end to end over stdio (pytest-lsp starts `python -m claimcheck lsp`).

One server for the module: it builds the pipeline once, like in an editor.  The
workspace holds a `.claimcheck.yaml` that disables a rule, to show the project config
is used.
"""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from claimcheck.lsp.positions import LineOffsets, from_lsp_character, to_lsp_character

ASYNC = pytest.mark.asyncio(loop_scope="module")

EMOJI_LINE = "🧬🧬 Our revolutionary stem cell therapy cures arthritis."
MARKDOWN = f"# Knee care 🧬\n\n{EMOJI_LINE}\n"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "claimcheck", "lsp"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    (root / ".claimcheck.yaml").write_text("disable: [document/no-disclaimer]\n", encoding="utf-8")
    lsp_client.workspace_root = root
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def _published(client: LanguageClient, uri: str, action) -> list[types.Diagnostic]:
    """Run `action`, then wait until diagnostics for `uri` arrive."""
    client.diagnostics.pop(uri, None)
    action()

    async def arrived() -> list[types.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])

    return await asyncio.wait_for(arrived(), timeout=60)


def _open(client: LanguageClient, uri: str, text: str, language: str = "markdown"):
    return lambda: client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
    )


def _uri(client: LanguageClient, name: str) -> str:
    return (client.workspace_root / name).as_uri()


def _by_rule(diagnostics: list[types.Diagnostic], rule: str) -> types.Diagnostic:
    found = [diagnostic for diagnostic in diagnostics if diagnostic.code == rule]
    assert found, f"no {rule} in {[d.code for d in diagnostics]}"
    return found[0]


def test_positions_count_utf16_units_for_emoji():
    assert to_lsp_character(EMOJI_LINE, 4) == 5  # two emoji (2 units each) and a space
    assert from_lsp_character(EMOJI_LINE, 5) == 3
    assert to_lsp_character(EMOJI_LINE, 4, "utf-8") == 9
    assert to_lsp_character(EMOJI_LINE, 4, "utf-32") == 3
    offsets = LineOffsets("a\r\nb🧬c\rd")
    assert offsets.position(5) == (1, 3)  # 'c': after 'b' and a 2-unit emoji
    assert offsets.offset(1, 3) == 5
    assert offsets.position(7) == (2, 0)


@ASYNC
async def test_open_publishes_diagnostics_with_utf16_ranges_and_project_config(client: LanguageClient):
    uri = _uri(client, "page.md")
    diagnostics = await _published(client, uri, _open(client, uri, MARKDOWN))
    codes = {diagnostic.code for diagnostic in diagnostics}
    assert "document/no-disclaimer" not in codes  # disabled by the workspace's .claimcheck.yaml
    assert "document/no-references" in codes
    hype = _by_rule(diagnostics, "marketing/hype")
    start = EMOJI_LINE.index("revolutionary")
    assert hype.range.start == types.Position(2, utf16(EMOJI_LINE[:start]))
    assert hype.range.end == types.Position(2, utf16(EMOJI_LINE[: start + len("revolutionary")]))
    assert hype.severity == types.DiagnosticSeverity.Information
    cure = _by_rule(diagnostics, "efficacy/cure-claim")
    assert cure.range.end == types.Position(2, utf16(EMOJI_LINE))
    assert cure.severity == types.DiagnosticSeverity.Error


@ASYNC
async def test_edit_republishes_with_shifted_ranges(client: LanguageClient):
    uri = _uri(client, "edited.md")
    await _published(client, uri, _open(client, uri, MARKDOWN))
    inserted = "🧪 New! "

    def change() -> None:
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(types.Position(2, 0), types.Position(2, 0)), text=inserted
                    )
                ],
            )
        )

    diagnostics = await _published(client, uri, change)
    line = inserted + EMOJI_LINE
    hype = _by_rule(diagnostics, "marketing/hype")
    assert hype.range.start == types.Position(2, utf16(line[: line.index("revolutionary")]))


@ASYNC
async def test_rapid_edits_end_with_diagnostics_of_the_last_text_and_save_rechecks(client: LanguageClient):
    uri = _uri(client, "typing.md")
    await _published(client, uri, _open(client, uri, "Nothing here yet.\n"))

    def typing() -> None:
        for version, text in enumerate(["Our stem", "Our stem cell therapy", "Our stem cell therapy cures MS."], start=2):
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )

    diagnostics = await _published(client, uri, typing)
    cure = _by_rule(diagnostics, "efficacy/cure-claim")
    assert cure.range == types.Range(types.Position(0, 0), types.Position(0, len("Our stem cell therapy cures MS.")))
    saved = await _published(
        client,
        uri,
        lambda: client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri))),
    )
    assert {d.code for d in saved} == {d.code for d in diagnostics}


@ASYNC
async def test_code_actions_apply_fix_and_disable_for_line(client: LanguageClient):
    uri = _uri(client, "fixme.md")
    diagnostics = await _published(client, uri, _open(client, uri, MARKDOWN))
    hype = _by_rule(diagnostics, "marketing/hype")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=hype.range,
            context=types.CodeActionContext(diagnostics=[hype]),
        )
    )
    titles = [action.title for action in actions]
    fix = next(action for action in actions if "safe rewrite" in action.title)
    disable = next(action for action in actions if "disable marketing/hype" in action.title)
    assert len(titles) == 2, titles
    assert _apply(MARKDOWN, fix.edit.changes[uri]) == MARKDOWN.replace("revolutionary", "new")
    assert _apply(MARKDOWN, disable.edit.changes[uri]) == MARKDOWN.replace(
        EMOJI_LINE, "<!-- claimcheck-disable-next-line marketing/hype -->\n" + EMOJI_LINE
    )


@ASYNC
async def test_text_files_get_hash_comment_and_hover_explains_rule(client: LanguageClient):
    uri = _uri(client, "notes.txt")
    text = "Intro line.\n  Our revolutionary stem cell therapy cures arthritis.\n"
    diagnostics = await _published(client, uri, _open(client, uri, text, "plaintext"))
    hype = _by_rule(diagnostics, "marketing/hype")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=hype.range,
            context=types.CodeActionContext(diagnostics=[hype]),
        )
    )
    disable = next(action for action in actions if "disable" in action.title)
    assert _apply(text, disable.edit.changes[uri]).splitlines()[1] == "  # claimcheck-disable-next-line marketing/hype"
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=hype.range.start)
    )
    assert result is not None and "marketing/hype" in result.contents.value and "Authority" in result.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 1))
    )
    assert nothing is None


@pytest.mark.parametrize(
    ("name", "text", "language"),
    [
        ("binary.txt", "\x00\x01\x02\ufffd\ufffe" * 2000 + "\x7f stem cells cure MS", "plaintext"),
        ("huge-line.md", "word " * 5000 + "Our stem cell therapy cures MS. " * 50, "markdown"),
        ("broken.html", "<html><p>Our <b>stem cell therapy cures MS<div><p><<<</ <script>x", "html"),
    ],
)
@ASYNC
async def test_server_survives_malformed_documents(client: LanguageClient, name: str, text: str, language: str):
    uri = _uri(client, name)
    diagnostics = await _published(client, uri, _open(client, uri, text, language))
    assert isinstance(diagnostics, list)
    # Still alive and answering: a normal document after it gets its diagnostics.
    after = _uri(client, f"after-{name}.md")
    again = await _published(client, after, _open(client, after, MARKDOWN))
    assert _by_rule(again, "marketing/hype")


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    offsets = LineOffsets(text)
    spans = []
    for edit in edits:
        start = offsets.offset(edit.range.start.line, edit.range.start.character)
        end = offsets.offset(edit.range.end.line, edit.range.end.character)
        spans.append((start, end, edit.new_text))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text
