"""The explorer page in headless Chromium on a large corpus: page load, and drawing the
largest neighbourhood as a ratio to fetching its JSON in the same run.

The corpus is synthetic (``bench.synthetic.synthetic_graph``: 1,000 documents by default,
each its own document even when two share a year and title) in an embedded FalkorDB of its
own, or an already loaded store (``--home DIR``); uvicorn serves the app in a child process
on a loopback port. The largest neighbourhood is that of the agency
with the most tasks. Measured:

* ``json_ms``: ``GET /neighbourhood?id=…&limit=300`` from Python (httpx), median of runs;
* ``draw_ms``: in the page, the same request plus laying out and drawing the graph until
  it is still (``explorer.timings.draws``), median of runs; ``draw_ms / json_ms`` is the
  cost the browser adds to the server's answer;
* ``page_load_ms``: navigation start to the first graph drawn (the top agency), and the
  same for the bundled plan alone as a reference.

Needs Debian's ``chromium`` (skipped with a message when it is missing)::

    python -m bench.bench_explorer               # 1,000 synthetic documents
    python -m bench.bench_explorer --documents 200
    python -m bench.bench_explorer --home /tmp/kg1000
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Final

import httpx

from bench.bench_api import _server

CHROMIUM_ARGS: Final = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"]
IDLE: Final = "window.explorer && window.explorer.idle && window.explorer.timings.pageReadyMs !== null"
LIMIT: Final = 300


def _fill(home: Path, documents: int) -> dict[str, Any]:
    from bench.synthetic import synthetic_graph
    from core.config import Settings
    from graph.build import load_graph
    from graph.stores.falkordb_store import FalkorDBStore

    started = time.perf_counter()
    g = synthetic_graph(documents, seed=documents) if documents else load_graph()
    with FalkorDBStore(Settings(home=home)) as store:
        store.write_graph(g)
    return {"documents": documents, "nodes": g.number_of_nodes(),
            "relationships": g.number_of_edges(), "build_and_load_s": round(time.perf_counter() - started, 1)}


@contextlib.contextmanager
def _browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _chromium() -> str:
    found = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("no Chromium: apt-get install -y chromium fonts-wqy-microhei")
    return found


def _page_load(browser: Any, url: str) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(url)
        page.wait_for_function(IDLE, timeout=120_000)
        return float(page.evaluate("window.explorer.timings.pageReadyMs"))
    finally:
        page.close()


def measure(url: str, runs: int = 7) -> dict[str, Any]:
    with httpx.Client(base_url=url, timeout=120) as client:
        documents = client.get("/explorer/documents").json()["count"]
        top = client.get("/agencies", params={"limit": 1}).json()["data"][0]
        centre = top["id"]
        params = {"id": centre, "limit": LIMIT}
        client.get("/neighbourhood", params=params).raise_for_status()  # warm
        json_times = []
        for _ in range(runs):
            start = time.perf_counter()
            view = client.get("/neighbourhood", params=params).json()
            json_times.append((time.perf_counter() - start) * 1000)
    with _browser() as browser:
        page_loads = [_page_load(browser, url + "/") for _ in range(3)]
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{url}/#node={centre}")
        page.wait_for_function(IDLE, timeout=120_000)
        draws = [page.evaluate("""async (id) => {
            await window.explorer.centreOn(id);
            return window.explorer.timings.draws.at(-1); }""", centre) for _ in range(runs)]
        page.close()
    draw_ms = statistics.median(d["totalMs"] for d in draws)
    json_ms = statistics.median(json_times)
    return {
        "documents": documents, "centre": top["name"], "tasks": top["tasks"]["total"],
        "nodes_drawn": view["shown"], "nodes_total": view["total"], "links_drawn": len(view["links"]),
        "json_ms": round(json_ms, 1), "draw_ms": round(draw_ms, 1),
        "layout_ms": round(statistics.median(d["drawMs"] for d in draws), 1),
        "draw_json_ratio": round(draw_ms / json_ms, 1),
        "page_load_ms": round(statistics.median(page_loads), 1),
    }


def _api(home: Path) -> AbstractContextManager[str]:
    """The API over the store at ``home``, in a uvicorn process of its own."""
    return _server(["--factory", "api.app:create_app"], {"KG_HOME": str(home)}, "/health")


def run(documents: int = 1000, home: Path | None = None) -> dict[str, Any]:
    try:
        _chromium()
        import playwright  # noqa: F401
    except (RuntimeError, ImportError) as exc:
        print(f"skipped: {exc}")
        return {"skipped": str(exc)}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-explorer-") as tmp:
        bundled_home = Path(tmp) / "bundled"
        results["bundled"] = _fill(bundled_home, 0)  # the bundled plan alone, for reference
        with _api(bundled_home) as url:
            results["bundled"].update(measure(url))
        if home is None:
            home = Path(tmp) / "corpus"
            results["corpus"] = _fill(home, documents)
        else:
            results["corpus"] = {"home": str(home)}
        with _api(home) as url:
            results["corpus"].update(measure(url))
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    for name, r in results.items():
        what = "the bundled plan" if name == "bundled" else f"{r.get('documents', '?')} documents"
        print(f"{name:>8}: {what}; largest neighbourhood {r['centre']} "
              f"({r['tasks']} tasks): {r['nodes_drawn']} of {r['nodes_total']} nodes drawn, "
              f"{r['links_drawn']} links")
        print(f"{'':>8}  JSON {r['json_ms']} ms, drawn in the page {r['draw_ms']} ms "
              f"(layout {r['layout_ms']} ms): {r['draw_json_ratio']}x the JSON; "
              f"page load {r['page_load_ms']} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--home", type=Path, default=None, help="an already loaded KG_HOME")
    args = parser.parse_args()
    run(args.documents, args.home)
