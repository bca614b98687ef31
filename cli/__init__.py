"""The ``kg`` command line (Typer): ``cli/main.py`` builds it, one module per command group."""
