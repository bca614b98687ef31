"""graphstyle.grass, read as Neo4j Browser reads it.

The explorer page (api/explorer.py) takes its colours from the same file, so one style
serves Neo4j Browser and the page.
"""

from __future__ import annotations


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Neo4j Browser's GraSS reader (grassUtils.parseGrassCSS) in Python: selector →
    property → value, quotes dropped, pieces without exactly one ``:`` ignored.

    >>> parse_grass("node.Task { color: #F79767; caption: '{number}'; }")
    {'node.Task': {'color': '#F79767', 'caption': '{number}'}}
    """
    inside_string = inside_props = inside_binding = False
    keyword = props = ""
    raw: dict[str, str] = {}
    for c in text:
        skip = True
        if c == "{":
            if inside_string:
                skip = False
            elif inside_props:
                inside_binding = True
            else:
                inside_props = True
        elif c == "}":
            if inside_string:
                skip = False
            elif inside_binding:
                inside_binding = False
            else:
                inside_props = False
                raw[keyword] = props
                keyword = props = ""
        elif c in "'\"":
            inside_string = not inside_string
        else:
            skip = False
        if skip:
            continue
        if inside_props:
            props += c
        elif not c.isspace():
            keyword += c
    rules: dict[str, dict[str, str]] = {}
    for selector, body in raw.items():
        rules[selector] = {}
        for piece in body.split(";"):
            key_value = piece.split(":")
            if len(key_value) == 2:
                rules[selector][key_value[0].strip()] = key_value[1].strip()
    return rules
