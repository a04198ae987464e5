"""The command line: the `claimcheck` group and its commands, one module each.

`main` is the console script (`claimcheck = claimcheck.cli:main`) and what
`python -m claimcheck` runs.  A command module defines one click command as `command`
and imports only `cli.common` (plus the API it calls, lazily where that is slow);
adding a command is one module here and one entry in `COMMANDS` below.
"""

from __future__ import annotations

import click

from claimcheck.cli import audit, check, claims, config, evaluate, explain, init, lsp, rules, train
from claimcheck.cli.common import ClaimcheckGroup
from claimcheck.version import __version__

COMMANDS = (audit, check, claims, config, evaluate, explain, init, lsp, rules, train)


@click.group(cls=ClaimcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def main() -> None:
    """Lint health claims in stem-cell and regenerative-medicine marketing copy."""


for _module in COMMANDS:
    main.add_command(_module.command)

__all__ = ["COMMANDS", "main"]
