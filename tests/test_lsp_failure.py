"""The language server never publishes an empty list for a document it could not check
(issue 15): a server whose checking fails (a bug injected into its check) shows the
failure as a diagnostic at the top of the document and as a message."""

from __future__ import annotations

import asyncio
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ASYNC = pytest.mark.asyncio(loop_scope="module")

# The real server, with a check that raises: what a bug in claimcheck looks like to an editor.
BROKEN_SERVER = """
import claimcheck.lsp.server as server

def broken(self, uri, text, fmt, version):
    raise RuntimeError("injected failure")

server.ClaimcheckServer._diagnose = broken
server.main()
"""


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[sys.executable, "-c", BROKEN_SERVER]))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    lsp_client.workspace_root = root
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


@ASYNC
async def test_a_failed_check_is_shown_not_published_as_clean(client: LanguageClient):
    uri = (client.workspace_root / "page.md").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text="Our stem cell therapy cures MS.\n")
        )
    )

    async def arrived() -> list[types.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics[uri])

    [diagnostic] = await asyncio.wait_for(arrived(), timeout=60)
    assert diagnostic.code == "claimcheck/not-checked"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range.start == types.Position(0, 0)
    assert "could not check this document: RuntimeError: injected failure" in diagnostic.message
    assert any("injected failure" in message.message for message in client.messages)
