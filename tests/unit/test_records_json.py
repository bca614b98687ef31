"""The JSON of ``kg extract --json`` reads back as the same records, and is checked."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from loaders import read_document
from loaders.records import Extraction, from_json, to_json
from tests.helpers.real_pages import pages

DOCUMENTS = [None, *(p.with_suffix(".txt") for p in pages()[::10])]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem if p else "bundled")
def test_the_json_reads_back_as_the_same_records(path: Path | None) -> None:
    ex = read_document(path)
    data = json.loads(json.dumps(to_json(ex), ensure_ascii=False))
    assert "source_text" not in data
    assert dataclasses.replace(from_json(Extraction, data), source_text=ex.source_text) == ex


def test_an_unknown_key_is_refused() -> None:
    data = to_json(read_document(None))
    data["tasks"][0]["owner"] = "x"
    with pytest.raises(ValueError, match="owner"):
        from_json(Extraction, data)
