"""The explorer page at ``/`` and every asset it and the API docs load, all served locally.

Nothing is fetched from the internet: the page's own files are in ``api/static/explorer/``;
the graph is drawn by vis-network (Apache-2.0 OR MIT), served from the copy the installed
``pyvis`` package ships; Swagger UI (``/docs``) and ReDoc (``/redoc``) come from the installed
``fastapi-offline`` package. Colours and widths come from ``graphstyle.grass``
(:func:`explorer_style`), the file Neo4j Browser reads.

>>> explorer_style()["relationships"]["LEADS"]
{'color': '#C62828', 'width': 3}
>>> vis_network_dir().name.startswith("vis-")
True
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from core import resources
from core.errors import KgError
from core.grass import parse_grass
from graph import schema as s

PAGE_DIR: Final = Path(__file__).resolve().parent / "static" / "explorer"
STATIC: Final = "/static"


# ReDoc's sidebar footer always shows a logo from ReDoc's CDN: a failed request offline.
# The logo's address is rewritten to the local favicon before ReDoc renders it.
REDOC_OFFLINE: Final = f"""<script>
(() => {{
  const local = (value) => String(value).startsWith("https://cdn.redoc.ly/") ? "{STATIC}/docs/favicon.png" : value;
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {{
    return setAttribute.call(this, name, name === "src" ? local(value) : value);
  }};
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {{
    ...src, set(value) {{ src.set.call(this, local(value)); }},
  }});
}})();
</script>
"""


class MissingAsset(KgError):
    """A package that ships a served asset is not installed."""


def _package_dir(package: str) -> Path:
    # find_spec locates the package without importing it (pyvis imports IPython).
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise MissingAsset(f"the package {package!r} is not installed; run `make setup` "
                           "(pip install -e .)")
    return Path(locations[0])


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path.name))


@cache
def vis_network_dir() -> Path:
    """The newest ``vis-X.Y.Z`` folder of pyvis (``vis-network.min.js`` and ``.css``)."""
    lib = _package_dir("pyvis")
    found = [p.parent for p in lib.glob("**/vis-*/vis-network.min.js")]
    if not found:
        raise MissingAsset(f"no vis-network.min.js under {lib}; reinstall pyvis")
    return max(found, key=_version_key)


@cache
def docs_assets_dir() -> Path:
    """fastapi-offline's static folder: Swagger UI, ReDoc, favicon."""
    path = _package_dir("fastapi_offline") / "static"
    if not (path / "swagger-ui-bundle.js").is_file():
        raise MissingAsset(f"no swagger-ui-bundle.js in {path}; reinstall fastapi-offline")
    return path


def _pixels(value: str | None, default: int) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)px\s*", value or "")
    return round(float(match.group(1))) if match else default


def _merged(rules: dict[str, dict[str, str]], *selectors: str) -> dict[str, str]:
    # Later selectors win, as in Browser (node, node.Infrastructure, node.Platform).
    out: dict[str, str] = {}
    for selector in selectors:
        out.update(rules.get(selector, {}))
    return out


@cache
def explorer_style() -> dict[str, Any]:
    """From graphstyle.grass: per node label and infrastructure kind its colour, border,
    text colour and diameter (px); per relationship type its colour and width (px)."""
    rules = parse_grass(resources.read_text("graphstyle.grass"))
    nodes: dict[str, dict[str, Any]] = {}
    for label in (*s.NODE_LABELS, *s.INFRASTRUCTURE_KINDS):
        chain = ["node", f"node.{label}"]
        if label in s.INFRASTRUCTURE_KINDS:
            chain.insert(1, f"node.{s.INFRASTRUCTURE}")
        rule = _merged(rules, *chain)
        nodes[label] = {"color": rule.get("color"), "border": rule.get("border-color"),
                        "text": rule.get("text-color-internal"),
                        "size": _pixels(rule.get("diameter"), 50)}
    relationships = {}
    for rel_type in s.RELATIONSHIP_TYPES:
        rule = _merged(rules, "relationship", f"relationship.{rel_type}")
        relationships[rel_type] = {"color": rule.get("color"),
                                   "width": _pixels(rule.get("shaft-width"), 1)}
    return {"nodes": nodes, "relationships": relationships}


def install(app: FastAPI) -> None:
    """Serve ``/`` (the explorer), ``/docs`` and ``/redoc`` with local assets only.

    The app must be created with ``docs_url=None, redoc_url=None``.
    """
    app.mount(f"{STATIC}/explorer", StaticFiles(directory=PAGE_DIR), name="explorer")
    app.mount(f"{STATIC}/vis-network", StaticFiles(directory=vis_network_dir()), name="vis-network")
    app.mount(f"{STATIC}/docs", StaticFiles(directory=docs_assets_dir()), name="docs-assets")
    title = f"{app.title} {app.version}"
    oauth2_redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(PAGE_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/explorer/style.json", include_in_schema=False)
    def style() -> dict[str, Any]:
        return explorer_style()

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} — Swagger UI",
            swagger_js_url=f"{STATIC}/docs/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC}/docs/swagger-ui.css",
            swagger_favicon_url=f"{STATIC}/docs/favicon.png",
            oauth2_redirect_url=oauth2_redirect,
            # validatorUrl null: no badge fetched from the online validator.
            swagger_ui_parameters={"validatorUrl": None, **(app.swagger_ui_parameters or {})},
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{title} — ReDoc",
            redoc_js_url=f"{STATIC}/docs/redoc.standalone.js",
            redoc_favicon_url=f"{STATIC}/docs/favicon.png", with_google_fonts=False,
        )
        html = bytes(page.body).decode("utf-8")
        script = f'<script src="{STATIC}/docs/redoc.standalone.js">'
        return HTMLResponse(html.replace(script, REDOC_OFFLINE + script, 1))
