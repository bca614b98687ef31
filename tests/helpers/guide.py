"""The Neo4j Browser guide read back: its element nesting and its runnable queries."""

from __future__ import annotations

from html.parser import HTMLParser


class GuideParser(HTMLParser):
    """The guide's element nesting and its runnable blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.paths: list[tuple[str, ...]] = []
        self.runnable: list[str] = []
        self._in_runnable = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(".".join([tag, *classes]))
        self.paths.append(tuple(self.stack))
        if tag == "pre" and "runnable" in classes:
            self._in_runnable = True
            self.runnable.append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1].split(".")[0] == tag, (tag, self.stack)
        self.stack.pop()
        if tag == "pre":
            self._in_runnable = False

    def handle_data(self, data: str) -> None:
        if self._in_runnable:
            self.runnable[-1] += data


def parse_guide(text: str) -> GuideParser:
    parser = GuideParser()
    parser.feed(text)
    parser.close()
    assert parser.stack == []
    return parser
