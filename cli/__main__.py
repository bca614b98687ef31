"""``python -m cli``: the same as ``kg``."""

from cli.main import main

main()
