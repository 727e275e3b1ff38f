"""``python -m entrypoints`` runs the ``sleeplab`` command line."""

from entrypoints.cli import main

main()
