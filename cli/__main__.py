"""``python -m cli``: the same as ``kg``."""

from cli.main import run

run()
