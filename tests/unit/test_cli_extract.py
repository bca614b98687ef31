"""`kg extract` as a user runs it: exit codes, one-line errors (in-process, tests.helpers.cli)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from loaders import BUNDLED_DOCUMENT
from tests.helpers.cli import run_kg as kg

TEXT = BUNDLED_DOCUMENT.read_text(encoding="utf-8")


def summary(payload: dict) -> list:  # type: ignore[type-arg]
    return [(t["number"], t["section"], t["text"],
             sorted((a["name"], a["relation"]) for a in t["agencies"]),
             sorted(i["name"] for i in t["infrastructure"])) for t in payload["tasks"]]


@pytest.fixture(scope="module")
def bundled_json() -> dict:  # type: ignore[type-arg]
    result = kg("extract", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_shape(bundled_json: dict) -> None:  # type: ignore[type-arg]
    assert set(bundled_json) >= {"document", "sections", "tasks", "agencies", "quality"}
    doc = bundled_json["document"]
    assert (doc["year"], doc["published"], doc["signed"]) == (2015, "2015-02-28", "2015-02-17")
    t11 = next(t for t in bundled_json["tasks"] if t["number"] == 11)
    assert {"number", "section", "title", "text", "occurrences", "conflict", "agencies",
            "infrastructure"} <= set(t11)
    agency = t11["agencies"][0]
    assert {"name", "relation", "verb", "occurrences", "evidence"} <= set(agency)
    assert {"name", "kind", "action", "evidence"} <= set(t11["infrastructure"][0])
    q = bundled_json["quality"]
    assert q["missing_sections"] == [4] and q["orphan_clauses"][0]["after_task"] == 18


def test_human_summary() -> None:
    result = kg("extract")
    assert result.returncode == 0
    assert "政务云平台" in result.stdout and "orphan clause after task 18" in result.stdout


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig"])
def test_other_encodings_read_the_same(tmp_path: Path, encoding: str,
                                       bundled_json: dict) -> None:  # type: ignore[type-arg]
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.encode(encoding))
    result = kg("extract", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert summary(json.loads(result.stdout)) == summary(bundled_json)


def test_html_page(tmp_path: Path, bundled_json: dict) -> None:  # type: ignore[type-arg]
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in TEXT.splitlines())
    path = tmp_path / "plan.html"
    path.write_text(f"<!DOCTYPE html><html><head><title>通知</title><script>var a='（一）';"
                    f"</script></head><body><div>{body}</div></body></html>", encoding="utf-8")
    result = kg("extract", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert summary(json.loads(result.stdout)) == summary(bundled_json)


def test_cut_off_document_keeps_tasks_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    cut = TEXT.index("（四十三）") + len("（四十三）完善全省网上")
    path.write_text(TEXT[:cut], encoding="utf-8")
    result = kg("extract", str(path), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    numbers = [t["number"] for t in payload["tasks"]]
    assert 43 not in numbers and 42 in numbers
    assert any("task 43" in w for w in payload["quality"]["warnings"])


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"", "is empty"),
    (b"\x00\x01\x02\xff\xfe\x00" * 200 + bytes(range(256)) * 8, "binary"),
    ("今年的工作很多，但没有编号。".encode(), "no numbered tasks and no responsibility clauses found in"),
])
def test_bad_input_one_line_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = kg("extract", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "input.txt" in lines[0]
    assert "Traceback" not in result.stderr
