/* The explorer page: search, neighbourhood graph (vis-network), evidence, overview.
 *
 * Reads only the JSON API of this server: /search, /neighbourhood, /tasks/{id},
 * /agencies/{id}, /infrastructure/{id}, /documents, /documents/{id}/text,
 * /queries/agency_workload and /explorer/style.json (colours from graphstyle.grass).
 * State for tests and measurements is on window.explorer.
 */
"use strict";

(() => {
  const CJK = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", ' +
    '"Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", sans-serif';
  const NODE_LIMIT = 300;
  const ROLES = ["LEADS", "RESPONSIBLE_FOR", "COOPERATES_ON"];
  const ROLE_NAMES = { LEADS: "牵头 leads", RESPONSIBLE_FOR: "负责 responsible", COOPERATES_ON: "配合 cooperates",
                       INVOLVES: "涉及 involves", HAS_TASK: "包含 has task" };
  const KIND_NAMES = { Platform: "平台 platform", DataCenter: "数据中心 data center", Network: "网络 network",
                       Park: "园区 park", System: "系统 system", Database: "数据库 database" };
  const AGENCY_KINDS = {
    provincial_department: "省直部门", provincial_office: "省直机构", party_office: "党委部门",
    public_institution: "事业单位", state_enterprise: "国有企业", company: "企业",
    city_government: "市级政府", county_government: "县级政府", zone_committee: "管委会",
    central_branch: "中央驻地机构", research_institute: "研究机构", collective: "泛指单位",
    unknown: "未登记 (not in the registry)",
  };
  const CONTEXT = 160;  // characters of source text shown on each side of a clause

  const $ = (sel) => document.querySelector(sel);
  const explorer = {
    style: null, documents: [], docsById: new Map(), fullDocs: new Map(),
    filters: { relation: "", year: "", document: "" },
    centre: null, view: null, expanded: new Set(), extra: 0,
    network: null, nodes: null, edges: null, pending: 0, idle: false,
    timings: { pageReadyMs: null, draws: [] }, errors: [],
  };
  window.explorer = explorer;

  // --- small helpers -------------------------------------------------------------------

  /** An element with attributes and children (strings become text: no HTML from data). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else if (key === "style") el.setAttribute("style", value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }

  /** replaceChildren that skips null/false and flattens arrays, like h(). */
  function fill(el, ...children) {
    el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
    return el;
  }

  function busy(delta) {
    explorer.pending += delta;
    explorer.idle = explorer.pending === 0;
  }

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== "" && value !== null && value !== undefined) url.searchParams.set(key, value);
    }
    busy(1);
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
        throw new Error(message);
      }
      return body;
    } finally {
      busy(-1);
    }
  }

  /** Path of a resource whose id holds slashes and Chinese (the routes take the rest of the path). */
  const idPath = (id) => id.split("/").map(encodeURIComponent).join("/");
  const short = (text, n) => (text && text.length > n ? text.slice(0, n - 1) + "…" : text || "");
  const spans = (list) => (list || []).map((s) => s.split("-").map(Number)).filter((p) => p.length === 2 && p.every(Number.isFinite));

  function showError(where, error) {
    explorer.errors.push(String(error && error.message ? error.message : error));
    fill(where, h("p", { class: "error" }, "出错了 Error: ", error.message || String(error)));
  }

  // --- style -----------------------------------------------------------------------------

  function nodeStyle(label, kind) {
    const nodes = explorer.style.nodes;
    return (label === "Infrastructure" && nodes[kind]) || nodes[label] || nodes.Agency;
  }

  function visNode(node, isCentre) {
    const st = nodeStyle(node.label, node.kind);
    const color = { background: st.color, border: st.border,
                    highlight: { background: st.color, border: "#222" }, hover: { background: st.color, border: "#222" } };
    const base = { id: node.id, color, borderWidth: isCentre ? 4 : 1.5, borderWidthSelected: 4,
                   font: { face: CJK, size: 13, color: "#24292f", strokeWidth: 3, strokeColor: "#ffffff" },
                   data: node };
    if (node.label === "Task") {
      const tag = node.task_label || String(node.number ?? "");
      return { ...base, shape: "circle", label: tag,
               font: { face: CJK, size: 12, color: st.text || "#fff" }, margin: 6,
               title: `${taskTag(node.id, tag)} · ${node.name || ""}${node.conflict ? "（冲突 conflict）" : ""}` };
    }
    const size = Math.round(st.size / 4) * (isCentre ? 1.5 : 1);
    const title = node.label === "Infrastructure"
      ? `${node.name} · ${KIND_NAMES[node.kind] || node.kind || ""}`
      : [node.qualified_name || node.name, node.kind].filter(Boolean).join(" · ");
    return { ...base, shape: node.label === "Infrastructure" ? "hexagon" : "dot", size,
             label: short(node.name, 12), title };
  }

  function visEdge(link, names) {
    const st = explorer.style.relationships[link.type] || { color: "#A5ABB6", width: 1 };
    const from = names.get(link.source) || link.source;
    const to = names.get(link.target) || link.target;
    const word = link.verb || link.action || "";
    return { id: `${link.source}|${link.type}|${link.target}`, from: link.source, to: link.target,
             color: { color: st.color, highlight: st.color, hover: st.color, opacity: 0.9 },
             width: st.width, selectionWidth: 2, hoverWidth: 1.5, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
             title: `${from} —${word || link.type}→ ${to}`, data: link };
  }

  function renderLegend() {
    const st = explorer.style;
    const item = (swatch, text) => h("span", { class: "item" }, swatch, text);
    const dot = (c, shape) => h("span", { class: "kind-dot", style: `background:${c};${shape === "hex" ? "border-radius:2px" : ""}` });
    const line = (type) => h("span", { class: "line", style: `border-top-color:${st.relationships[type].color};border-top-width:${st.relationships[type].width + 1}px` });
    fill($("#legend"),
      h("h3", {}, "节点 Nodes"),
      item(dot(st.nodes.Agency.color), "单位 agency"),
      item(dot(st.nodes.Task.color), "任务 task"),
      ...Object.keys(KIND_NAMES).map((k) => item(dot(st.nodes[k].color, "hex"), KIND_NAMES[k])),
      h("h3", {}, "关系 Relationships"),
      ...[...ROLES, "INVOLVES"].map((t) => item(line(t), ROLE_NAMES[t])),
    );
  }

  // --- documents and filters -----------------------------------------------------------

  function docLabel(doc) {
    const label = [doc.year, doc.place, short(doc.plan_title || doc.title || doc.id, 28)].filter(Boolean).join(" · ");
    // Plans of one year and place share a title: the file name tells them apart.
    return explorer.sameTitle && explorer.sameTitle.has(label) ? `${label} · ${doc.source || doc.id}` : label;
  }

  /** "任务 11", with the year in front when several documents are loaded. */
  function taskTag(taskId, number) {
    const doc = explorer.documents.length > 1 ? explorer.docsById.get(taskId.split("/task/")[0]) : null;
    return doc && doc.year ? `${doc.year} · 任务 ${number}` : `任务 ${number}`;
  }

  async function loadDocuments() {
    const page = await api("/explorer/documents");
    explorer.documents = page.data;
    explorer.docsById = new Map(page.data.map((d) => [d.id, d]));
    explorer.sameTitle = new Set();
    const seen = new Set();
    for (const d of page.data) {
      const label = docLabel(d);
      if (seen.has(label)) explorer.sameTitle.add(label);
      seen.add(label);
    }
    const years = [...new Set(page.data.map((d) => d.year).filter((y) => y))].sort();
    const single = page.count <= 1;
    $("#year-wrap").hidden = single || years.length < 2;
    $("#doc-wrap").hidden = single;
    $("#doc-single").hidden = !single;
    if (single && page.data[0]) $("#doc-single").textContent = `文件 Document: ${docLabel(page.data[0])}`;
    fill($("#filter-year"), h("option", { value: "" }, "全部 all"),
      ...years.map((y) => h("option", { value: y }, String(y))));
    fillDocumentOptions();
  }

  function fillDocumentOptions() {
    const year = explorer.filters.year;
    const docs = explorer.documents.filter((d) => !year || String(d.year) === year);
    fill($("#filter-doc"), h("option", { value: "" }, `全部 all (${docs.length})`),
      ...docs.map((d) => h("option", { value: d.id, selected: d.id === explorer.filters.document }, docLabel(d))));
  }

  /** A document with its quality report (GET /documents/{id}), fetched once. */
  async function fullDocument(id) {
    if (!explorer.fullDocs.has(id)) {
      explorer.fullDocs.set(id, await api(`/documents/${encodeURIComponent(id)}`).catch(() => null));
    }
    return explorer.fullDocs.get(id);
  }

  function bindFilters() {
    $("#filter-role").addEventListener("change", (e) => { explorer.filters.relation = e.target.value; refresh(); });
    $("#filter-year").addEventListener("change", (e) => {
      explorer.filters.year = e.target.value;
      const doc = explorer.docsById.get(explorer.filters.document);
      if (doc && explorer.filters.year && String(doc.year) !== explorer.filters.year) explorer.filters.document = "";
      fillDocumentOptions();
      refresh();
    });
    $("#filter-doc").addEventListener("change", (e) => { explorer.filters.document = e.target.value; refresh(); });
  }

  function refresh() {
    if (explorer.centre) centreOn(explorer.centre);
    if (!$("#view-overview").hidden) loadOverview();
  }

  const filterParams = () => ({ relation: explorer.filters.relation, year: explorer.filters.year,
                                document: explorer.filters.document });

  // --- the graph -------------------------------------------------------------------------

  function createNetwork() {
    explorer.nodes = new vis.DataSet([]);
    explorer.edges = new vis.DataSet([]);
    const options = {
      autoResize: true,
      nodes: { font: { face: CJK } },
      edges: { smooth: false },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true, navigationButtons: false, keyboard: false },
      physics: { solver: "forceAtlas2Based",
                 forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, springConstant: 0.06, avoidOverlap: 0.4 },
                 stabilization: { enabled: true, iterations: 250, updateInterval: 50, fit: true },
                 minVelocity: 1 },
      layout: { improvedLayout: false, randomSeed: 7 },
    };
    const network = new vis.Network($("#graph"), { nodes: explorer.nodes, edges: explorer.edges }, options);
    explorer.network = network;
    network.on("click", (params) => {
      if (params.nodes.length) nodeClicked(params.nodes[0]);
      else if (params.edges.length) edgeClicked(params.edges[0]);
    });
    network.on("doubleClick", (params) => { if (params.nodes.length) centreOn(params.nodes[0]); });
    $("#fit").addEventListener("click", () => network.fit({ animation: false }));
  }

  /** Physics on for `iterations` layout rounds, then off (a still graph costs nothing). */
  function settle(iterations) {
    const network = explorer.network;
    busy(1);
    return new Promise((resolve) => {
      // Only the end of this stabilize() call counts: a "stabilized" event can be left over
      // from an earlier simulation and would stop the layout before it began.
      network.once("stabilizationIterationsDone", () => {
        network.setOptions({ physics: { enabled: false } });
        network.once("afterDrawing", () => { busy(-1); resolve(); });
        network.redraw();
      });
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(iterations);
    });
  }

  function setNote(view) {
    const note = $("#graph-note");
    const drawn = explorer.nodes.length;
    const extra = explorer.extra ? ` · 展开后共 ${drawn} 个 (+${explorer.extra} expanded)` : "";
    note.textContent = `显示 ${view.shown} / ${view.total} 个节点 · showing ${view.shown} of ${view.total} nodes` +
      ` · ${view.tasks_total} 项任务 tasks${extra}${drawn >= NODE_LIMIT ? ` · 已达上限 ${NODE_LIMIT} limit reached` : ""}`;
    note.classList.toggle("cut", view.truncated);
  }

  async function centreOn(id) {
    const t0 = performance.now();
    $("#graph-message").hidden = false;
    $("#graph-message").textContent = "加载中 Loading…";
    let view;
    try {
      view = await api("/neighbourhood", { id, limit: NODE_LIMIT, ...filterParams() });
    } catch (error) {
      $("#graph-message").textContent = `出错了 Error: ${error.message}`;
      explorer.errors.push(error.message);
      return;
    }
    const t1 = performance.now();
    explorer.centre = id;
    explorer.view = view;
    explorer.expanded = new Set([id]);
    explorer.extra = 0;
    history.replaceState(null, "", `#node=${encodeURIComponent(id)}`);
    const names = new Map(view.nodes.map((n) => [n.id, n.label === "Task" ? `任务 ${n.task_label || n.number}` : n.name]));
    explorer.nodes.clear();
    explorer.edges.clear();
    explorer.nodes.add(view.nodes.map((n) => visNode(n, n.id === id)));
    explorer.edges.add(view.links.map((l) => visEdge(l, names)));
    const centre = view.center;
    $("#centre-name").textContent = centre.label === "Task"
      ? `任务 ${centre.task_label || centre.number} · ${short(centre.name, 24)}` : (centre.name || centre.id);
    $("#graph-message").hidden = view.nodes.length > 1;
    $("#graph-message").textContent = view.nodes.length > 1 ? "" : "没有符合筛选的任务 No tasks match the filters";
    setNote(view);
    // Fewer layout rounds for big graphs: each costs O(n log n), and 180 settle 300 nodes.
    await settle(view.nodes.length > 150 ? 180 : 250);
    const t2 = performance.now();
    explorer.timings.draws.push({ id, nodes: view.nodes.length, links: view.links.length,
                                  fetchMs: t1 - t0, drawMs: t2 - t1, totalMs: t2 - t0 });
  }

  /** Add a node's neighbourhood to the graph, within the node limit. */
  async function expand(id) {
    if (explorer.expanded.has(id)) return;
    explorer.expanded.add(id);
    const room = NODE_LIMIT - explorer.nodes.length;
    if (room <= 0) { setNote(explorer.view); return; }
    let view;
    try {
      view = await api("/neighbourhood", { id, limit: NODE_LIMIT, ...filterParams() });
    } catch (error) {
      explorer.errors.push(error.message);
      return;
    }
    const at = explorer.network.getPositions([id])[id] || { x: 0, y: 0 };
    const fresh = view.nodes.filter((n) => !explorer.nodes.get(n.id)).slice(0, room);
    const kept = new Set([...explorer.nodes.getIds(), ...fresh.map((n) => n.id)]);
    explorer.nodes.add(fresh.map((n, i) => ({ ...visNode(n, false),
      x: at.x + 80 * Math.cos(i), y: at.y + 80 * Math.sin(i) })));
    const names = new Map(view.nodes.map((n) => [n.id, n.label === "Task" ? `任务 ${n.task_label || n.number}` : n.name]));
    const links = view.links.filter((l) => kept.has(l.source) && kept.has(l.target));
    explorer.edges.update(links.map((l) => visEdge(l, names)));
    explorer.extra += fresh.length;
    setNote(explorer.view);
    if (fresh.length) await settle(120);
  }

  // The side panel of a drawn node, by its kind.
  function showDetails(id) {
    const node = explorer.nodes.get(id);
    if (!node) return false;
    const label = node.data.label;
    if (label === "Task") showTask(id, null);
    else if (label === "Agency") showAgency(id);
    else if (label === "Infrastructure") showInfrastructure(id);
    else if (label === "Document") showDocument(id);
    return true;
  }

  function nodeClicked(id) {
    if (showDetails(id)) expand(id);
  }

  function edgeClicked(edgeId) {
    const edge = explorer.edges.get(edgeId);
    if (!edge) return;
    const link = edge.data;
    const task = link.type === "INVOLVES" || link.type === "HAS_TASK" ? (link.type === "HAS_TASK" ? link.target : link.source) : link.target;
    showTask(task, link);
  }

  function focusNode(id) {
    if (!explorer.nodes.get(id)) return;
    explorer.network.selectNodes([id]);
    explorer.network.focus(id, { scale: 1.1, animation: false });
  }

  // --- the panel -------------------------------------------------------------------------

  const panel = () => $("#panel-body");
  const nodeLink = (id, text, then) => h("button", { class: "link", type: "button",
    onclick: () => (then ? then(id) : centreOn(id)) }, text);

  function qualityFlags(task, doc) {
    const flags = [];
    const quality = (doc && doc.quality) || {};
    if (task.conflict) flags.push(h("span", { class: "flag warn", title: "Copies of this task carry different responsibility clauses" }, "冲突 conflict: 副本条款不同"));
    if ((task.occurrences || 1) > 1) flags.push(h("span", { class: "flag" }, `副本 ×${task.occurrences} copies merged`));
    if (task.section === null || task.section === undefined) {
      const lost = quality.missing_sections || [];
      flags.push(h("span", { class: "flag warn" }, lost.length
        ? `所在部分缺失 section lost (${lost.join(", ")}): 不确定属于哪一部分`
        : "无所属部分 no section"));
    }
    const orphans = (quality.orphan_clauses || []).filter((o) => Math.abs(o.after_task - task.number) <= 1);
    for (const o of orphans) {
      flags.push(h("span", { class: "flag warn", title: o.text }, `附近有孤立条款 orphan clause after task ${o.after_task}`));
    }
    if (!flags.length) flags.push(h("span", { class: "flag ok" }, "无质量问题 no quality flags"));
    return { flags, orphans };
  }

  /** Source text around one span, with the clause and mentions marked. */
  async function sourceBlock(docId, span, index, count, marks) {
    const [start, end] = span;
    const slice = await api(`/documents/${encodeURIComponent(docId)}/text`, { start, end, context: CONTEXT });
    const windowStart = slice.start - slice.before.length;
    const text = slice.before + slice.text + slice.after;
    const inside = marks
      .map((m) => ({ ...m, s: Math.max(m.start, windowStart) - windowStart, e: Math.min(m.end, windowStart + text.length) - windowStart }))
      .filter((m) => m.e > m.s)
      .sort((a, b) => a.s - b.s || b.e - a.e);
    const out = [];
    let at = 0;
    if (windowStart > 0) out.push(h("span", { class: "ellipsis" }, "…"));
    for (const m of inside) {
      if (m.s < at) continue;  // overlapping marks: the first wins
      out.push(text.slice(at, m.s));
      out.push(h("mark", { class: m.cls, title: m.title }, text.slice(m.s, m.e)));
      at = m.e;
    }
    out.push(text.slice(at));
    if (windowStart + text.length < slice.length) out.push(h("span", { class: "ellipsis" }, "…"));
    const where = count > 1 ? `副本 copy ${index + 1} / ${count} · ` : "";
    return h("div", { class: "source", "data-span": `${start}-${end}` },
      h("span", { class: "where" }, `${where}原文第 ${start}–${end} 字 characters ${start}–${end}`), out);
  }

  async function showTask(taskId, link) {
    const body = panel();
    fill(body, h("p", { class: "hint" }, "加载中 Loading…"));
    try {
      const task = await api(`/tasks/${idPath(taskId)}`);
      const doc = await fullDocument(task.document_id);
      const tag = task.label || task.number;
      const { flags, orphans } = qualityFlags(task, doc);
      const byRole = ROLES.map((role) => [role, task.agencies.filter((a) => a.relation === role)]).filter(([, a]) => a.length);
      const clauseSpans = new Map();
      for (const agency of task.agencies) {
        for (const sp of spans(agency.evidence)) clauseSpans.set(sp.join("-"), sp);
      }
      // An edge's own clause: the evidence of that agency in that role on this task.
      const role = link && ROLES.includes(link.type)
        ? task.agencies.find((a) => a.id === link.source && a.relation === link.type) : null;
      const chosen = role ? new Set(spans(role.evidence).map((s) => s.join("-"))) : null;
      const marks = [...clauseSpans.values()].map(([start, end]) => ({ start, end,
        cls: !chosen || chosen.has(`${start}-${end}`) ? "clause" : "clause other", title: "责任条款 responsibility clause" }));
      for (const x of task.infrastructure) {
        for (const [start, end] of spans(x.evidence)) marks.push({ start, end, cls: "mention", title: `${x.name} (${x.kind})` });
      }
      for (const o of orphans) {
        for (const [start, end] of o.evidence || []) marks.push({ start, end, cls: "clause other", title: "孤立条款 orphan clause" });
      }
      // One block per copy: the clause spans, in source order (the chosen edge's first).
      let blockSpans = [...clauseSpans.values()].sort((a, b) => a[0] - b[0]);
      if (chosen) blockSpans = blockSpans.filter((s) => chosen.has(s.join("-"))).concat(blockSpans.filter((s) => !chosen.has(s.join("-"))));
      if (!blockSpans.length) blockSpans = task.infrastructure.flatMap((x) => spans(x.evidence)).slice(0, 1);
      const heading = link
        ? h("p", { class: "sub" },
            h("span", { class: `role ${link.type}` }, ROLE_NAMES[link.type] || link.type),
            link.verb ? `“${link.verb}”` : "", link.action ? `“${link.action}”` : "",
            link.occurrences ? ` · ${link.occurrences} 份副本 copies` : "")
        : null;
      fill(body,
        h("h2", {}, `任务 ${tag} · ${task.title || ""}`),
        h("p", { class: "sub" }, doc ? docLabel(doc) : task.document_id,
          task.section ? ` · 第 ${task.section} 部分 section ${task.section}` : ""),
        heading,
        h("div", { class: "flags" }, flags),
        h("div", { class: "task-text" }, task.text || ""),
        h("h3", {}, "责任单位 Agencies"),
        h("ul", {}, byRole.map(([role, agencies]) => h("li", {},
          h("span", { class: `role ${role}` }, ROLE_NAMES[role]),
          agencies.map((a, i) => [i ? "、" : "", nodeLink(a.id, a.qualified_name || a.name, (id) => { showAgency(id); focusNode(id); }),
            a.occurrences > 1 ? h("small", {}, `×${a.occurrences}`) : "",
            a.inherited ? h("small", { class: "flag", title: "The table row named no unit; this one is the row above's (a merged cell)" }, "沿用上行 from the row above") : ""])))),
        task.infrastructure.length ? h("h3", {}, "基础设施 Infrastructure") : null,
        task.infrastructure.length ? h("ul", {}, task.infrastructure.map((x) => h("li", {},
          x.action ? `${x.action} ` : "", nodeLink(x.id, x.name, (id) => { showInfrastructure(id); focusNode(id); }),
          h("small", {}, ` ${KIND_NAMES[x.kind] || x.kind || ""}`)))) : null,
        h("h3", {}, "原文 Source text"),
        h("div", { id: "sources" }, h("p", { class: "hint" }, "加载中 Loading…")),
        orphans.length ? h("h3", {}, "附近的孤立条款 Orphan clauses nearby") : null,
        orphans.length ? h("ul", {}, orphans.map((o) => h("li", { class: "orphan" }, `${o.text}（after task ${o.after_task}）`))) : null,
      );
      const blocks = await Promise.all(blockSpans.map((sp, i) => sourceBlock(task.document_id, sp, i, blockSpans.length, marks)));
      const sources = body.querySelector("#sources");
      if (sources) fill(sources, ...(blocks.length ? blocks : [h("p", { class: "hint" }, "没有证据 no evidence")]));
    } catch (error) {
      showError(body, error);
    }
  }

  /** The first `limit` task references; `total` (when the list was cut) says how many exist. */
  function taskList(refs, limit, total) {
    const shown = refs.slice(0, limit);
    const all = Math.max(total || 0, refs.length);
    return h("ul", {}, shown.map((t) => h("li", {},
      nodeLink(t.id, taskTag(t.id, t.label || t.number), (id) => { showTask(id, null); focusNode(id); }), ` ${short(t.title, 26)}`)),
      all > shown.length ? h("li", { class: "hint" }, `… 另有 ${all - shown.length} 项 more`) : null);
  }

  async function showAgency(id) {
    const body = panel();
    fill(body, h("p", { class: "hint" }, "加载中 Loading…"));
    try {
      const a = await api(`/agencies/${idPath(id)}`);
      fill(body,
        h("h2", {}, a.qualified_name || a.name),
        h("p", { class: "sub" }, [a.full_name, a.name_en].filter(Boolean).join(" · ")),
        h("dl", { class: "facts" },
          h("dt", {}, "类型 kind"), h("dd", {}, a.kind ? `${AGENCY_KINDS[a.kind] || ""} ${a.kind}`.trim() : "—"),
          a.aliases.length ? [h("dt", {}, "别名 aliases"), h("dd", {}, a.aliases.join("、"))] : null,
          h("dt", {}, "任务 tasks"), h("dd", {}, `${a.tasks.total}（牵头 ${a.tasks.LEADS} · 负责 ${a.tasks.RESPONSIBLE_FOR} · 配合 ${a.tasks.COOPERATES_ON}）`)),
        h("p", {}, nodeLink(id, "以此为中心 centre the graph here")),
        ...ROLES.filter((r) => a.tasks[r] || a.by_relation[r].length).flatMap((r) => [
          h("h3", {}, h("span", { class: `role ${r}` }, ROLE_NAMES[r]), ` ${a.tasks[r]} 项任务 tasks`),
          taskList(a.by_relation[r], 40, a.tasks[r])]),
        a.partners.length ? h("h3", {}, "合作单位 Partners (shared tasks)") : null,
        a.partners.length ? h("ul", {}, a.partners.slice(0, 12).map((p) => h("li", {},
          nodeLink(p.id, p.qualified_name || p.name), h("small", {}, ` ${p.shared_tasks}`)))) : null,
      );
    } catch (error) {
      showError(body, error);
    }
  }

  async function showInfrastructure(id) {
    const body = panel();
    fill(body, h("p", { class: "hint" }, "加载中 Loading…"));
    try {
      const x = await api(`/infrastructure/${idPath(id)}`);
      fill(body,
        h("h2", {}, x.name),
        h("p", { class: "sub" }, KIND_NAMES[x.kind] || x.kind || ""),
        h("p", {}, nodeLink(id, "以此为中心 centre the graph here")),
        h("h3", {}, `任务 Tasks (${Math.max(x.tasks_total, x.tasks.length)})`),
        taskList(x.tasks.map((t) => ({ ...t, title: `${t.action ? `${t.action} · ` : ""}${t.title || ""}` })), 40, x.tasks_total),
        x.agencies.length ? h("h3", {}, "单位 Agencies") : null,
        x.agencies.length ? h("ul", {}, x.agencies.slice(0, 40).map((a) => h("li", {},
          h("span", { class: `role ${a.relation}` }, ROLE_NAMES[a.relation]), nodeLink(a.id, a.name),
          h("small", {}, ` 任务 ${a.task_number}`)))) : null,
      );
    } catch (error) {
      showError(body, error);
    }
  }

  async function showDocument(id) {
    const doc = await fullDocument(id);
    const q = (doc && doc.quality) || {};
    fill(panel(),
      h("h2", {}, doc ? doc.plan_title || doc.title : id),
      h("p", { class: "sub" }, doc ? [doc.issuer, doc.published, doc.place].filter(Boolean).join(" · ") : ""),
      h("dl", { class: "facts" },
        h("dt", {}, "任务 tasks"), h("dd", {}, doc ? String(doc.task_count ?? "—") : "—"),
        h("dt", {}, "缺失任务 missing"), h("dd", {}, (q.missing_tasks || []).join(", ") || "—"),
        h("dt", {}, "缺失部分 lost sections"), h("dd", {}, (q.missing_sections || []).join(", ") || "—"),
        h("dt", {}, "冲突 conflicts"), h("dd", {}, (q.conflicts || []).join(", ") || "—"),
        h("dt", {}, "孤立条款 orphans"), h("dd", {}, String((q.orphan_clauses || []).length))),
    );
  }

  // --- search ----------------------------------------------------------------------------

  function bindSearch() {
    const input = $("#search");
    const list = $("#suggestions");
    let timer = null;
    let active = -1;
    let hits = [];
    let asked = 0;

    const close = () => { list.hidden = true; active = -1; input.parentElement.setAttribute("aria-expanded", "false"); };
    const choose = (hit) => {
      close();
      input.value = hit.name;
      showTab("graph");
      centreOn(hit.id).then(() => focusNode(hit.id));
      if (hit.label === "Task") showTask(hit.id, null);
      else if (hit.label === "Agency") showAgency(hit.id);
      else showInfrastructure(hit.id);
    };
    const mark = () => [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === active)));
    const render = () => {
      fill(list, ...(hits.length ? hits.map((hit, i) => {
        const st = nodeStyle(hit.label, hit.detail);
        const detail = hit.label === "Task" ? `任务 ${hit.number} · ${hit.detail || ""}`
          : hit.label === "Infrastructure" ? (KIND_NAMES[hit.detail] || hit.detail || "")
          : [hit.qualified_name, hit.detail, `${hit.tasks} 项任务`].filter(Boolean).join(" · ");
        return h("li", { role: "option", id: `hit-${i}`, "data-id": hit.id, "aria-selected": "false",
                         onmousedown: (e) => { e.preventDefault(); choose(hit); } },
          h("span", { class: "kind-dot", style: `background:${st.color}` }),
          h("span", { class: "name" }, short(hit.name, 30)), h("span", { class: "detail" }, detail));
      }) : [h("li", { class: "empty" }, "没有结果 no match")]));
      list.hidden = false;
      input.parentElement.setAttribute("aria-expanded", "true");
    };
    const ask = async () => {
      const q = input.value.trim();
      if (!q) { close(); return; }
      const mine = ++asked;
      try {
        const page = await api("/search", { q, limit: 12 });
        if (mine !== asked) return;  // a later keystroke's answer wins
        hits = page.data;
        active = hits.length ? 0 : -1;
        render();
        mark();
      } catch (error) {
        explorer.errors.push(error.message);
      }
    };
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 150); });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (list.hidden || !hits.length) return;
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + hits.length) % hits.length;
        mark();
      } else if (e.key === "Enter") {
        e.preventDefault();
        if (!list.hidden && hits[active]) choose(hits[active]);
        else { clearTimeout(timer); ask(); }
      } else if (e.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  // --- overview --------------------------------------------------------------------------

  let docsOffset = 0;
  const DOCS_PAGE = 20;

  async function loadOverview() {
    const scope = explorer.filters.document
      ? docLabel(explorer.docsById.get(explorer.filters.document) || { id: explorer.filters.document })
      : explorer.filters.year ? `${explorer.filters.year} 年` : (explorer.documents.length > 1 ? "全部文件 all documents" : "");
    $("#chart-scope").textContent = scope;
    try {
      const params = { year: explorer.filters.year };
      if (explorer.filters.document) params.document = explorer.filters.document;
      const result = await api("/queries/agency_workload", params);
      renderChart(result.rows.slice(0, 20));
    } catch (error) {
      showError($("#chart"), error);
    }
    await loadDocumentsPage();
  }

  function renderChart(rows) {
    const max = Math.max(1, ...rows.map((r) => r.led + r.responsible + r.cooperating));
    const pct = (n) => `${(100 * n) / max}%`;
    fill($("#chart"),
      ...rows.map((r) => {
        const id = `agency/${r.qualified_name || r.agency}`;
        return h("div", { class: "row", title: `${r.qualified_name || r.agency}: 牵头 ${r.led} · 负责 ${r.responsible} · 配合 ${r.cooperating}` },
          h("span", { class: "who" }, h("button", { class: "link", type: "button",
            onclick: () => { showTab("graph"); centreOn(id); showAgency(id); } }, r.qualified_name || r.agency)),
          h("span", { class: "bar" },
            h("span", { class: "LEADS", style: `width:${pct(r.led)}` }),
            h("span", { class: "RESPONSIBLE_FOR", style: `width:${pct(r.responsible)}` }),
            h("span", { class: "COOPERATES_ON", style: `width:${pct(r.cooperating)}` })),
          h("span", { class: "total" }, String(r.tasks)));
      }),
      rows.length ? null : h("p", { class: "hint" }, "没有数据 no data"),
      h("div", { class: "keys" }, ROLES.map((role) => h("span", {},
        h("i", { style: `background:${explorer.style.relationships[role].color}` }), ROLE_NAMES[role])),
        h("span", {}, "右侧数字：任务总数 number: distinct tasks")),
    );
  }

  async function loadDocumentsPage() {
    const tbody = $("#documents tbody");
    try {
      const page = await api("/documents", { limit: DOCS_PAGE, offset: docsOffset });
      $("#docs-count").textContent = `${page.count} 份 documents`;
      $("#docs-page").textContent = page.count ? `${docsOffset + 1}–${docsOffset + page.data.length} / ${page.count}` : "";
      $("#docs-prev").disabled = docsOffset === 0;
      $("#docs-next").disabled = docsOffset + page.data.length >= page.count;
      const list = (xs) => (xs && xs.length ? xs.join(", ") : "—");
      fill(tbody, ...page.data.map((d) => {
        const q = d.quality || {};
        const cell = (xs) => h("td", { class: xs && xs.length ? "bad" : "" }, list(xs));
        return h("tr", { class: d.id === explorer.filters.document ? "selected" : "" },
          h("td", {}, String(d.year ?? "—")),
          h("td", {}, h("button", { class: "link", type: "button", title: d.title || d.id,
            onclick: () => openDocument(d) }, short(d.plan_title || d.title || d.id, 30)),
            d.source ? h("small", { class: "source-name" }, d.source) : null),
          h("td", {}, d.place || "—"),
          h("td", {}, String(d.task_count ?? "—")),
          cell(q.missing_tasks), cell(q.missing_sections), cell(q.conflicts),
          h("td", { class: (q.orphan_clauses || []).length ? "bad" : "" }, String((q.orphan_clauses || []).length)));
      }));
    } catch (error) {
      showError(tbody, error);
    }
  }

  function openDocument(doc) {
    explorer.filters.document = explorer.documents.length > 1 ? doc.id : "";
    if (explorer.documents.length > 1) {
      explorer.filters.year = doc.year ? String(doc.year) : "";
      $("#filter-year").value = explorer.filters.year;
      fillDocumentOptions();
    }
    showTab("graph");
    centreOn(doc.id);
    showDocument(doc.id);
  }

  // --- tabs and start --------------------------------------------------------------------

  function showTab(name) {
    const graph = name === "graph";
    $("#view-graph").hidden = !graph;
    $("#view-overview").hidden = graph;
    $("#tab-graph").setAttribute("aria-selected", String(graph));
    $("#tab-overview").setAttribute("aria-selected", String(!graph));
    if (graph && explorer.network) explorer.network.redraw();
    else if (!graph) loadOverview();
  }

  async function start() {
    const t0 = performance.now();
    busy(1);
    try {
      if (typeof vis === "undefined") throw new Error("vis-network did not load (is pyvis installed?)");
      explorer.style = await api("/explorer/style.json");
      renderLegend();
      createNetwork();
      bindSearch();
      bindFilters();
      $("#tab-graph").addEventListener("click", () => showTab("graph"));
      $("#tab-overview").addEventListener("click", () => showTab("overview"));
      $("#docs-prev").addEventListener("click", () => { docsOffset = Math.max(0, docsOffset - DOCS_PAGE); loadDocumentsPage(); });
      $("#docs-next").addEventListener("click", () => { docsOffset += DOCS_PAGE; loadDocumentsPage(); });
      await loadDocuments();
      const wanted = new URLSearchParams(window.location.hash.slice(1)).get("node");
      let first = wanted;
      if (!first) {
        first = (await api("/explorer/start")).id;
      }
      if (first) {
        await centreOn(first);
        showDetails(first);  // a shared link (#node=…) opens what it names, of any kind
      } else {
        $("#graph-message").hidden = false;
        $("#graph-message").textContent = "图中没有数据：先运行 kg load · The store is empty: run kg load";
      }
    } catch (error) {
      showError($("#panel-body"), error);
    } finally {
      // From navigation start (HTML, scripts, style, first graph drawn) and from script start.
      explorer.timings.pageReadyMs = performance.now();
      explorer.timings.scriptMs = performance.now() - t0;
      busy(-1);
    }
  }

  explorer.centreOn = centreOn;  // for measurements (bench/bench_explorer.py)
  start();
})();
