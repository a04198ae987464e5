"""`claimcheck lsp`: the language server over stdin/stdout (pygls is imported only here)."""

from __future__ import annotations

import click

from claimcheck.errors import ClaimcheckError


@click.command(name="lsp")
def lsp() -> None:
    """Run the language server over stdin/stdout (start it from your editor)."""
    try:
        from claimcheck.lsp.server import main as serve
    except ImportError as problem:
        raise ClaimcheckError(f"the language server cannot start: {problem} (reinstall claimcheck)") from None
    serve()


command = lsp
