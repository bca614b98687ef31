"""The explorer page and the API docs in a real browser: Debian's headless Chromium, driven
by Playwright (``executable_path``; Playwright downloads no browser).

The app runs in uvicorn on a loopback port over the embedded FalkorDB holding the bundled
plan. Every request to another host is refused and recorded, so the pages are checked as
they work offline. Screenshots go to ``tests/screenshots/`` (git-ignored), with the page's
own timings in ``timings.json`` (recorded, never asserted: bench/bench_explorer.py measures).

Without Chromium the module is skipped with one line saying how to enable it.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from api.app import create_app
from core.config import Settings
from graph.stores.base import GraphStore
from loaders import read_document
from tests.helpers.paths import SCREENSHOTS
from tests.helpers.serve import free_port

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("browser tests skipped: no Chromium; install it with `apt-get install -y chromium "
                "fonts-wqy-microhei` (or set KG_CHROMIUM to a Chromium binary)", allow_module_level=True)

pytestmark = [pytest.mark.falkordb, pytest.mark.browser, pytest.mark.slow]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = SCREENSHOTS
DOC_ID = read_document().document.id
NDRC = "agency/省发改委"
ECONOMIC_CENTRE = "agency/省经济信息中心"
TASK_11 = f"{DOC_ID}/task/11"
CLOUD = "infra/政务云平台"
TASK_11_CLAUSE = "（省经济信息中心、泉州市政府、安溪县政府、省电子信息集团、各电信运营商负责）"
NDRC_TASKS = [1, 2, 4, 6, 7, 8, 12, 13, 19, 20, 36, 40, 44, 49]
# The page's own "nothing pending" flag, once the first graph is drawn.
IDLE = "window.explorer && window.explorer.idle && window.explorer.timings.pageReadyMs !== null"


@pytest.fixture(scope="module")
def server(api_settings: Settings, api_store: GraphStore) -> Iterator[str]:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(api_settings, api_store), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False, lifespan="on")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Imported here, in the worker that drives the browser (every worker collects this module).
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: the "
                                   "playwright package is missing; run `make setup` (it is in "
                                   "the test extra)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A page that refuses every request off this machine and records console errors."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 800) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           device_scale_factor=1, locale="zh-CN")
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def _route(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort("internetdisconnected")

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def clean(self) -> None:
        assert self.offsite == [], f"requests off this machine: {self.offsite}"
        assert self.errors == [], f"console errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    p = Page(browser)
    yield p
    p.close()


def _record(name: str, value: Any) -> None:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / "timings.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[name] = value
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2))


def click_node(p: Page, node_id: str) -> None:
    """A real mouse click on a node of the canvas, where vis-network drew it."""
    at = p.page.evaluate("""(id) => {
        const e = window.explorer; e.network.fit({animation: false}); e.network.redraw();
        const pos = e.network.getPositions([id])[id];
        return pos ? e.network.canvasToDOM(pos) : null; }""", node_id)
    assert at is not None, f"{node_id} is not drawn"
    box = p.page.locator("#graph canvas").bounding_box()
    p.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def drawn_tasks_of(p: Page, agency: str) -> list[int]:
    numbers: list[int] = p.page.evaluate("""(c) => {
        const e = window.explorer;
        return e.edges.get().filter(x => x.from === c).map(x => e.nodes.get(x.to).data)
                .filter(d => d.label === 'Task').map(d => d.number).sort((a, b) => a - b); }""", agency)
    return numbers


def test_search_open_an_agency_and_read_the_evidence_of_task_11(server: str, page: Page) -> None:
    p = page.page
    p.goto(server + "/")
    p.wait_for_function(IDLE)
    _record("bundled_plan_first_view", p.evaluate("window.explorer.timings"))
    page.shot("1-start")

    p.fill("#search", "发改委")
    suggestion = p.locator(f"#suggestions li[data-id='{NDRC}']")
    suggestion.wait_for()
    assert p.locator("#suggestions li[data-id]").first.get_attribute("data-id") == NDRC
    assert "省发改委" in suggestion.inner_text()
    page.shot("2-suggestions")

    suggestion.click()
    p.wait_for_function(f"{IDLE} && window.explorer.centre === '{NDRC}'")
    assert drawn_tasks_of(page, NDRC) == NDRC_TASKS
    assert p.locator("#centre-name").inner_text() == "省发改委"
    assert "14" in p.locator("#graph-note").inner_text()
    p.locator("#panel-body h2", has_text="省发改委").wait_for()
    page.shot("3-agency")

    # Clicking a partner expands it: task 11 is 省经济信息中心's, not 省发改委's.
    click_node(page, ECONOMIC_CENTRE)
    p.wait_for_function(f"{IDLE} && !!window.explorer.nodes.get('{TASK_11}')")
    assert drawn_tasks_of(page, NDRC) == NDRC_TASKS  # the centre keeps its own tasks
    click_node(page, TASK_11)
    p.locator("#sources mark.clause").first.wait_for()
    p.wait_for_function(IDLE)
    assert p.locator("#panel-body h2").inner_text().startswith("任务 11")
    clauses = p.locator("#sources mark.clause").all_inner_texts()
    assert clauses and set(clauses) == {TASK_11_CLAUSE}
    assert len(clauses) == 2  # the task's two copies, each shown where it stands
    assert "副本 ×2" in p.locator("#panel-body .flags").inner_text()
    page.shot("4-task-11-evidence")
    page.clean()


def test_an_edge_shows_its_clause(server: str, page: Page) -> None:
    p = page.page
    p.goto(f"{server}/#node={TASK_11}")
    p.wait_for_function(f"{IDLE} && window.explorer.centre === '{TASK_11}'")
    p.locator("#panel-body h2", has_text="任务 11").wait_for()  # the link opens the task
    assert p.locator("#panel-body .sub .role").count() == 0  # no edge chosen yet
    edge = p.evaluate(f"window.explorer.edges.get().find(e => e.from === '{ECONOMIC_CENTRE}').id")
    p.evaluate("(id) => { const n = window.explorer.network; n.fit({animation: false}); }", edge)
    # Click the middle of the edge.
    at = p.evaluate(f"""() => {{ const n = window.explorer.network;
        const pos = n.getPositions(['{ECONOMIC_CENTRE}', '{TASK_11}']);
        const a = pos['{ECONOMIC_CENTRE}'], b = pos['{TASK_11}'];
        return n.canvasToDOM({{x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}}); }}""")
    box = p.locator("#graph canvas").bounding_box()
    p.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    p.locator("#panel-body .sub .role").wait_for()  # the edge's own panel
    p.locator("#sources mark.clause").first.wait_for()
    assert "牵头" in p.locator("#panel-body .sub").nth(1).inner_text()
    assert set(p.locator("#sources mark.clause").all_inner_texts()) == {TASK_11_CLAUSE}
    page.clean()


def test_a_shared_link_to_infrastructure_opens_its_panel(server: str, page: Page) -> None:
    """#node=… is what the page writes when it centres; opened again, it shows that node's
    panel whatever its kind (it showed only an agency's)."""
    p = page.page
    p.goto(f"{server}/#node={CLOUD}")
    p.wait_for_function(f"{IDLE} && window.explorer.centre === '{CLOUD}'")
    p.locator("#panel-body h2", has_text="政务云平台").wait_for()
    # Task 11 upgrades it: （十一）升级现有政务云平台… in the bundled plan.
    assert "任务 11" in p.locator("#panel-body").inner_text()
    page.clean()


def test_filters_legend_and_overview(server: str, page: Page) -> None:
    p = page.page
    p.goto(f"{server}/#node={NDRC}")
    p.wait_for_function(f"{IDLE} && window.explorer.centre === '{NDRC}'")
    legend = p.locator("#legend").inner_text()
    for word in ("牵头", "负责", "配合", "平台", "数据中心"):
        assert word in legend
    p.select_option("#filter-role", "COOPERATES_ON")
    p.wait_for_function(f"{IDLE} && window.explorer.view.tasks_total === 0")
    assert "没有符合筛选的任务" in p.locator("#graph-message").inner_text()
    p.select_option("#filter-role", "")
    p.wait_for_function(f"{IDLE} && window.explorer.view.tasks_total === 14")

    p.click("#tab-overview")
    p.locator("#chart .row").first.wait_for()
    p.wait_for_function(IDLE)
    first = p.locator("#chart .row").first
    assert "省发改委" in first.inner_text() or "省数字办" in first.inner_text()
    row = p.locator("#documents tbody tr").first.inner_text()
    assert "2015" in row and "24, 25" in row  # missing tasks of the quality report
    page.shot("5-overview")
    page.clean()


def test_narrow_window(server: str, browser: Any) -> None:
    narrow = Page(browser, width=420, height=860)
    try:
        p = narrow.page
        p.goto(f"{server}/#node={NDRC}")
        p.wait_for_function(f"{IDLE} && window.explorer.centre === '{NDRC}'")
        assert p.evaluate("document.documentElement.scrollWidth") <= 420  # no sideways scrolling
        graph = p.locator("#graph").bounding_box()
        panel = p.locator("#panel").bounding_box()
        assert graph["width"] > 380 and graph["height"] > 250
        assert panel["y"] >= graph["y"] + graph["height"]  # details below the graph
        narrow.shot("6-narrow")
        narrow.clean()
    finally:
        narrow.close()


def test_swagger_ui_renders_offline(server: str, page: Page, api_settings: Settings) -> None:
    from core.resources import version

    p = page.page
    p.goto(server + "/docs")
    p.locator(".opblock").first.wait_for()
    assert p.locator(".opblock").count() > 20
    assert "Work-plan knowledge graph" in p.locator(".info .title").inner_text()
    assert version() in p.locator(".info .title").inner_text()
    paths = p.locator(".opblock-summary-path").all_inner_texts()
    assert {"/neighbourhood", "/search", "/documents/{id}/text"} <= {x.strip() for x in paths}
    page.shot("7-swagger")
    page.clean()


def test_redoc_renders_offline(server: str, page: Page) -> None:
    from core.resources import version

    p = page.page
    p.goto(server + "/redoc")
    p.locator("h1", has_text="Work-plan knowledge graph").wait_for()
    assert version() in p.locator("h1").first.inner_text()
    assert "Search agencies, infrastructure and tasks" in p.locator("body").inner_text()
    page.shot("8-redoc")
    page.clean()
