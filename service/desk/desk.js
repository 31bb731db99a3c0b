// attrib desk: submit an article through the public API and show who said what.
// Article text only ever enters the page as text nodes (never as HTML).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "attrib.apiKey";
  const TERMINAL = new Set(["succeeded", "failed", "canceled"]);
  const PALETTE_SIZE = 8;
  const KIND_GROUPS = [
    ["person", "People"],
    ["organization", "Organisations"],
    ["group", "Groups"],
    ["unknown", "Unnamed sources"],
  ];

  let current = null; // {job, text, quotes, speakerClass, filter}

  class ApiError extends Error {
    constructor(status, title, detail) {
      super(detail || title);
      this.status = status;
      this.title = title;
      this.detail = detail;
    }
  }

  // -- the API ------------------------------------------------------------
  async function api(method, path, body, extraHeaders) {
    const headers = { Accept: "application/json", ...(extraHeaders || {}) };
    const key = $("api-key").value.trim();
    if (key) headers.Authorization = "Bearer " + key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let resp;
    try {
      resp = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store", credentials: "omit",
      });
    } catch (err) {
      throw new ApiError(0, "The service cannot be reached", String(err.message || err));
    }
    const type = resp.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await resp.json().catch(() => null) : null;
    if (!resp.ok) {
      const problem = data || {};
      throw new ApiError(resp.status, problem.title || `HTTP ${resp.status}`, problem.detail || "");
    }
    return data;
  }

  // -- status and errors ----------------------------------------------------
  function setStatus(text) { $("status").textContent = text; }

  function showError(err) {
    $("error-title").textContent = err.title || "Error";
    $("error-detail").textContent = err.detail || (err.title ? "" : String(err.message || err));
    $("error").hidden = false;
  }

  function clearError() { $("error").hidden = true; }

  // -- submitting and polling -------------------------------------------------
  async function submit(event) {
    event.preventDefault();
    clearError();
    const text = $("article").value;
    if (!text.trim()) {
      showError({ title: "Nothing to attribute", detail: "Paste an article or drop a .txt file first." });
      $("article").focus();
      return;
    }
    const body = { text, keep_text: true }; // so the job can be opened again at /#job_…
    const title = $("title").value.trim();
    if (title) body.title = title;
    $("attribute").disabled = true;
    try {
      setStatus("submitting …");
      let job = await api("POST", "/v1/jobs", body);
      job = await follow(job);
      history.replaceState(null, "", "#" + job.id);
      show(job, text, title || null);
      refreshJobs();
    } catch (err) {
      setStatus("");
      showError(err);
    } finally {
      $("attribute").disabled = false;
    }
  }

  // Poll until the job ends, showing queued → running → done. A poll returns early
  // when the job ends (long-poll), so a fast job shows its result at once.
  async function follow(job) {
    while (!TERMINAL.has(job.status)) {
      setStatus(job.status + " …");
      job = await api("GET", `/v1/jobs/${encodeURIComponent(job.id)}?wait=1`);
    }
    setStatus(job.status === "succeeded" ? "done" : job.status);
    if (job.status === "failed") {
      const e = job.error || {};
      throw new ApiError(0, "The job failed", `${e.type || "error"}: ${e.message || ""}`);
    }
    if (job.status === "canceled") throw new ApiError(0, "The job was canceled", job.id);
    return job;
  }

  async function openJob(jobId) {
    clearError();
    setStatus("opening " + jobId + " …");
    try {
      let job = await api("GET", `/v1/jobs/${encodeURIComponent(jobId)}?include=text`);
      if (!TERMINAL.has(job.status)) job = await follow(job);
      if (job.text === undefined) {
        job = await api("GET", `/v1/jobs/${encodeURIComponent(jobId)}?include=text`);
      }
      setStatus("done");
      show(job, job.text, job.result ? job.result.title : null);
    } catch (err) {
      setStatus("");
      showError(err);
    }
  }

  async function refreshJobs() {
    const list = $("recent-jobs");
    if (!$("api-key").value.trim()) return;
    try {
      const page = await api("GET", "/v1/jobs?limit=15");
      list.replaceChildren(...page.data.map((job) => {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.jobId = job.id;
        const id = document.createElement("span");
        id.textContent = job.id;
        const st = document.createElement("span");
        st.className = "job-status";
        st.textContent = ` ${job.status} · ${new Date(job.created_at).toLocaleString()}`;
        b.append(id, st);
        b.setAttribute("aria-label", `Open ${job.id}, ${job.status}`);
        b.addEventListener("click", () => { location.hash = "#" + job.id; });
        li.append(b);
        return li;
      }));
    } catch (err) {
      if (err.status !== 401) showError(err);
    }
  }

  // -- rendering --------------------------------------------------------------
  function show(job, text, title) {
    const result = job.result || { quotes: [], entities: [], outlets: [] };
    const speakerClass = new Map();
    result.entities.forEach((e, i) => speakerClass.set(e.id, "sp-" + (i % PALETTE_SIZE)));
    current = { job, text, title, result, speakerClass, filter: null };
    renderArticle();
    renderPanel();
    closeCard();
    const n = result.quotes.length;
    $("result-summary").textContent =
      `${job.id} · ${n} quote${n === 1 ? "" : "s"} · ${result.entities.length} speakers · ${result.outlets.length} outlets`;
    $("result").hidden = false;
    applyFilter(null);
    $("result").focus();
  }

  function classFor(q) {
    return q.speaker && current.speakerClass.has(q.speaker.entity) ? current.speakerClass.get(q.speaker.entity) : "sp-none";
  }

  // Quotes nest (a partial quote inside an indirect one): a tree of spans by start, longest
  // first; a span that crosses its parent's end is cut there. Offsets count code points.
  function quoteTree(quotes, length) {
    const root = { start: 0, end: length, children: [] };
    const stack = [root];
    const sorted = quotes.filter((q) => q.start < q.end && q.start >= 0 && q.end <= length)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    for (const q of sorted) {
      while (stack.length > 1 && q.start >= stack[stack.length - 1].end) stack.pop();
      const parent = stack[stack.length - 1];
      const node = { q, start: q.start, end: Math.min(q.end, parent.end), children: [] };
      parent.children.push(node);
      stack.push(node);
    }
    return root;
  }

  function renderArticle() {
    const view = $("article-view");
    view.replaceChildren();
    const { text, result, title } = current;
    if (title) {
      const h = document.createElement("h1");
      h.textContent = title;
      view.append(h);
    }
    if (typeof text !== "string") {
      const p = document.createElement("p");
      p.className = "help";
      p.textContent = "The article text is no longer stored for this job; its quotes are listed instead.";
      view.append(p);
      for (const q of result.quotes) {
        const div = document.createElement("div");
        div.append(makeMark(q, q.text));
        view.append(div);
      }
      return;
    }
    const points = Array.from(text);
    const slice = (a, b) => points.slice(a, b).join("");
    const fill = (node, into) => {
      let pos = node.start;
      for (const child of node.children) {
        if (child.start > pos) into.append(document.createTextNode(slice(pos, child.start)));
        const mark = makeMark(child.q, null);
        fill(child, mark);
        into.append(mark);
        pos = child.end;
      }
      if (pos < node.end) into.append(document.createTextNode(slice(pos, node.end)));
    };
    fill(quoteTree(result.quotes, points.length), view);
  }

  function makeMark(q, textContent) {
    const mark = document.createElement("mark");
    mark.className = classFor(q);
    mark.dataset.quoteId = q.id;
    mark.dataset.speaker = q.speaker ? q.speaker.name : "";
    mark.dataset.type = q.type;
    if (q.speaker) mark.dataset.entity = q.speaker.entity;
    mark.dataset.outlets = outletIds(q).join(" ");
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-label",
      `${q.type} quote by ${q.speaker ? q.speaker.name : "an unknown speaker"}: ${q.text.slice(0, 80)}`);
    if (textContent !== null) mark.textContent = textContent;
    return mark;
  }

  function outletIds(q) {
    return [q.outlet, ...(q.via || [])].filter(Boolean).map((o) => o.entity);
  }

  function chainOf(q) {
    const names = [q.speaker ? q.speaker.name : "unknown speaker"];
    for (const o of [q.outlet, ...(q.via || [])]) if (o) names.push(o.name);
    return names;
  }

  function renderPanel() {
    const { result } = current;
    const byQuote = (list) => list.slice().sort((a, b) => b.quote_ids.length - a.quote_ids.length);
    const speakers = $("speakers");
    speakers.replaceChildren();
    for (const [kind, label] of KIND_GROUPS) {
      const ents = byQuote(result.entities.filter((e) => e.kind === kind));
      if (ents.length) speakers.append(group(label, ents.map((e) =>
        filterButton(e.name, e.quote_ids.length, { entity: e.id }, current.speakerClass.get(e.id)))));
    }
    const orphans = result.quotes.filter((q) => !q.speaker).length;
    if (orphans) speakers.append(group("No speaker found", [filterButton("—", orphans, { entity: "" }, "sp-none")]));
    if (!speakers.childElementCount) speakers.textContent = "No quotes found.";

    const outlets = $("outlets");
    outlets.replaceChildren();
    const types = [...new Set(result.outlets.map((o) => o.type))].sort();
    for (const type of types) {
      const items = byQuote(result.outlets.filter((o) => o.type === type));
      outlets.append(group(type.replace(/_/g, " "), items.map((o) =>
        filterButton(o.name, o.quote_ids.length, { outlet: o.id }, null))));
    }
    if (!types.length) outlets.textContent = "No outlet named.";
  }

  function group(label, buttons) {
    const wrap = document.createElement("div");
    const h = document.createElement("p");
    h.className = "group-label";
    h.textContent = label;
    const ul = document.createElement("ul");
    for (const b of buttons) {
      const li = document.createElement("li");
      li.append(b);
      ul.append(li);
    }
    wrap.append(h, ul);
    return wrap;
  }

  function filterButton(name, count, filter, swatchClass) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "filter";
    b.setAttribute("aria-pressed", "false");
    b.dataset.filter = JSON.stringify(filter);
    const label = document.createElement("span");
    if (swatchClass) {
      const sw = document.createElement("span");
      sw.className = "swatch " + swatchClass;
      sw.setAttribute("aria-hidden", "true");
      label.append(sw);
    }
    label.append(document.createTextNode(name));
    const c = document.createElement("span");
    c.className = "count";
    c.textContent = String(count);
    b.append(label, c);
    b.setAttribute("aria-label", `${name}: ${count} quote${count === 1 ? "" : "s"}; show only these`);
    b.addEventListener("click", () => {
      const same = current.filter && JSON.stringify(current.filter) === b.dataset.filter;
      applyFilter(same ? null : filter);
    });
    return b;
  }

  function matches(mark, filter) {
    if (!filter) return true;
    if ("entity" in filter) return (mark.dataset.entity || "") === filter.entity;
    return mark.dataset.outlets.split(" ").includes(filter.outlet);
  }

  function applyFilter(filter) {
    current.filter = filter;
    let shown = 0;
    for (const mark of $("article-view").querySelectorAll("mark")) {
      const ok = matches(mark, filter);
      mark.classList.toggle("filtered-out", !ok);
      mark.dataset.filtered = ok ? "in" : "out";
      if (ok) shown += 1;
    }
    const key = filter ? JSON.stringify(filter) : null;
    for (const b of document.querySelectorAll("button.filter")) {
      b.setAttribute("aria-pressed", String(b.dataset.filter === key));
    }
    $("clear-filter").hidden = !filter;
    $("filter-note").textContent = filter ? `Showing ${shown} of ${current.result.quotes.length} quotes.` : "";
  }

  // -- the quote card -----------------------------------------------------------
  function openCard(mark) {
    const q = current.result.quotes.find((x) => x.id === mark.dataset.quoteId);
    if (!q) return;
    for (const m of document.querySelectorAll("mark.selected")) m.classList.remove("selected");
    mark.classList.add("selected");
    $("card-heading").textContent = `Quote ${q.id} · ${q.type}`;
    $("card-text").textContent = q.text;
    const rows = [];
    const sp = q.speaker;
    rows.push(["Speaker", sp ? `${sp.name} (${sp.kind})` : "not found"]);
    if (sp && sp.mention) rows.push(["Mention", `“${sp.mention.text}” at ${sp.mention.start}`]);
    rows.push(["Outlet", q.outlet ? `${q.outlet.name} (${q.outlet.type.replace(/_/g, " ")})` : "none named"]);
    rows.push(["Chain", chainOf(q).join(" → ")]);
    rows.push(["Cue", q.cue ? q.cue.text : "none"]);
    rows.push(["Type", q.type]);
    rows.push(["Confidence", String(q.confidence)]);
    rows.push(["Span", `${q.start}–${q.end}`]);
    const dl = $("card-fields");
    dl.replaceChildren();
    for (const [k, v] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      dd.dataset.field = k.toLowerCase();
      dl.append(dt, dd);
    }
    const card = $("card");
    card.dataset.quoteId = q.id;
    card.hidden = false;
    card.returnFocus = mark;
  }

  function closeCard() {
    const card = $("card");
    const back = card.returnFocus;
    card.hidden = true;
    for (const m of document.querySelectorAll("mark.selected")) m.classList.remove("selected");
    if (back && document.contains(back)) back.focus();
    card.returnFocus = null;
  }

  // -- export ---------------------------------------------------------------------
  const CSV_COLUMNS = ["id", "type", "text", "start", "end", "speaker", "kind", "outlet", "chain", "confidence"];

  function csvCell(value) {
    let s = value === null || value === undefined ? "" : String(value);
    // a cell a spreadsheet would run as a formula is kept as text
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }

  function toCsv(result) {
    const lines = [CSV_COLUMNS.join(",")];
    for (const q of result.quotes) {
      lines.push([
        q.id, q.type, q.text, q.start, q.end,
        q.speaker ? q.speaker.name : "", q.speaker ? q.speaker.kind : "",
        q.outlet ? q.outlet.name : "", chainOf(q).join(" > "), q.confidence,
      ].map(csvCell).join(","));
    }
    return lines.join("\r\n") + "\r\n";
  }

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // -- wiring ---------------------------------------------------------------------
  function wire() {
    const key = $("api-key");
    key.value = sessionStorage.getItem(KEY_STORE) || "";
    key.addEventListener("change", () => {
      sessionStorage.setItem(KEY_STORE, key.value.trim());
      refreshJobs();
    });
    $("submit-form").addEventListener("submit", submit);
    $("open-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const id = $("job-id").value.trim();
      if (id) location.hash = "#" + id;
    });
    $("refresh-jobs").addEventListener("click", refreshJobs);

    const area = $("article");
    area.addEventListener("dragover", (e) => { e.preventDefault(); area.classList.add("dragging"); });
    area.addEventListener("dragleave", () => area.classList.remove("dragging"));
    area.addEventListener("drop", (e) => {
      e.preventDefault();
      area.classList.remove("dragging");
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (!file) return;
      file.text().then((t) => {
        area.value = t;
        if (!$("title").value) $("title").value = file.name.replace(/\.txt$/i, "");
      });
    });

    const view = $("article-view");
    view.addEventListener("click", (e) => {
      const mark = e.target.closest("mark");
      if (mark) openCard(mark);
    });
    view.addEventListener("keydown", (e) => {
      const mark = e.target.closest("mark");
      if (mark && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        openCard(mark);
      }
    });
    $("card-close").addEventListener("click", closeCard);
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !$("card").hidden) closeCard();
    });
    $("clear-filter").addEventListener("click", () => applyFilter(null));
    $("export-json").addEventListener("click", () => {
      if (current) download(`${current.job.id}.json`, "application/json", JSON.stringify(current.job, null, 2));
    });
    $("export-csv").addEventListener("click", () => {
      if (current) download(`${current.job.id}.csv`, "text/csv", toCsv(current.result));
    });

    const fromHash = () => {
      const id = decodeURIComponent(location.hash.slice(1));
      if (/^job_[A-Za-z0-9]+$/.test(id) && !(current && current.job.id === id)) openJob(id);
    };
    window.addEventListener("hashchange", fromHash);
    fromHash();
    refreshJobs();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
