"""The command line: the `claimcheck` group and its commands, one module each.

`main` is the console script (`claimcheck = claimcheck.cli:main`) and what
`python -m claimcheck` runs.  A command module defines one click command as `command`
and imports only `cli.common` (plus the API it calls, lazily where that is slow);
adding a command is one module here and one entry in `COMMANDS` below.  A command's
module is imported only when that command runs (or `--help` lists them all): a
`claimcheck check` does not pay for the audit, training or config commands' imports.
"""

from __future__ import annotations

import importlib

import click

from claimcheck.cli.common import ClaimcheckGroup
from claimcheck.version import __version__

# Command name -> its module in claimcheck/cli.
COMMANDS = {
    "audit": "audit",
    "check": "check",
    "claims": "claims",
    "config": "config",
    "eval": "evaluate",
    "explain": "explain",
    "init": "init",
    "lsp": "lsp",
    "rules": "rules",
    "train": "train",
}


class _LazyGroup(ClaimcheckGroup):
    """Lists the commands by name and imports a command's module when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(f"claimcheck.cli.{module}").command
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Lint health claims in stem-cell and regenerative-medicine marketing copy."""


__all__ = ["COMMANDS", "main"]
