"""Command-line interface: click commands, Chinese help and errors.

The only package that prints or picks exit codes. ``main`` is the console
entry point; the commands import their stages lazily so that ``bidgen --help``
stays fast.
"""

from bidgen.cli.main import main

__all__ = ["main"]
