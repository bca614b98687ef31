"""`kg … --help` reads as command-line help. Which modules a command imports (the cause of a
slow start) is tested in fresh processes: tests/integration/test_cli_imports.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()

# What Typer prints when a parameter has no placeholder: its Python type.
PYTHON_TYPE = re.compile(r"<(?:str|int|float|bool|path|file|uuid|datetime|list\[[^\]]*\]|"
                         r"[a-z]+ range)>", re.IGNORECASE)
BRACED_ARGUMENT = re.compile(r"\{[a-z_]+\}")


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from command_paths(sub, (*prefix, name))


ALL_COMMANDS = list(command_paths(typer.main.get_command(app)))


def test_every_command_is_listed() -> None:
    names = {" ".join(p) for p in ALL_COMMANDS}
    assert {"", "extract", "load", "query", "cypher", "export", "validate", "sparql", "serve",
            "push", "db", "db status"} <= names


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "kg")
def test_help_shows_no_python_types(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    text = result.output
    assert not PYTHON_TYPE.findall(text), PYTHON_TYPE.findall(text)
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert not BRACED_ARGUMENT.search(usage), usage


def test_placeholders_are_command_line_names() -> None:
    text = runner.invoke(app, ["query", "--help"], terminal_width=200).output
    assert "Usage: kg query [OPTIONS] NAME" in text
    assert re.search(r"--param\s+-p\s+NAME=VALUE", text)
    assert re.search(r"--json\s+Print", text)  # a flag shows no placeholder
