"""The `handouts` command line: Typer commands that parse options and call the core."""

from handouts.cli.app import app, main

__all__ = ["app", "main"]
