"""``python -m bidgen.cli``: the same entry point as the ``bidgen`` command."""

from bidgen.cli.main import main

main()
