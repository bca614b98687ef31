"""``python -m api`` runs the `kg` command line."""

from api.cli import main

main()
