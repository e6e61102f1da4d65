// The Windlass console: reads /api/console/v1/<page> every two seconds and shows it.
// Everything from the agent is put in the page as text (textContent), never as markup.
"use strict";

(function () {
  const API = "/api/console/v1/";
  const REFRESH_MS = 2000;
  const PAGES = {
    "/": "overview",
    "/console/manifolds": "manifolds",
    "/console/spool": "spool",
    "/console/sender": "sender",
    "/console/targets": "targets",
  };
  const page = PAGES[location.pathname] || "overview";
  const content = document.getElementById("content");

  // --- DOM helpers ------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const badge = (text, tone) => el("span", { class: "badge " + (tone || "") }, text);
  const card = (label, value, sub, small) =>
    el("div", { class: "card" },
      el("div", { class: "label" }, label),
      el("div", { class: "value" + (small ? " small" : "") }, value === null || value === undefined ? "—" : value),
      sub ? el("div", { class: "sub" }, sub) : null);
  function table(headers, rows, empty) {
    if (!rows.length) return el("div", { class: "table-wrap" }, el("div", { class: "empty" }, empty || "None."));
    return el("div", { class: "table-wrap" },
      el("table", {},
        el("thead", {}, el("tr", {}, headers.map((h) => el("th", { class: h.num ? "num" : null }, h.title || h)))),
        el("tbody", {}, rows)));
  }
  const td = (value, cls) => el("td", { class: cls || null }, value === null || value === undefined ? "—" : value);

  // --- Formatting -------------------------------------------------------------------------
  function bytes(n) {
    if (n < 1024) return n + " B";
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let v = n, i = -1;
    do { v /= 1024; i++; } while (v >= 1024 && i < units.length - 1);
    return v.toFixed(v < 10 ? 2 : 1) + " " + units[i];
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined || seconds < 0) return "—";
    if (seconds < 60) return Math.round(seconds) + "s";
    const d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600),
      m = Math.floor((seconds % 3600) / 60), s = Math.floor(seconds % 60);
    if (d) return d + "d " + h + "h";
    if (h) return h + "h " + m + "m";
    return m + "m " + s + "s";
  }
  const count = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US"));
  function time(iso) {
    if (!iso) return "—";
    const t = new Date(iso);
    return t.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  }
  function ago(iso, now) {
    if (!iso) return "never";
    return duration((new Date(now) - new Date(iso)) / 1000) + " ago";
  }
  const TONES = { running: "ok", up: "ok", started: "ok", completed: "", failed: "bad", down: "bad",
    changing: "warn", starting: "warn", stopping: "warn", unknown: "" };

  // --- Pages ------------------------------------------------------------------------------
  function overview(d) {
    const parts = [];
    if (d.healthy) {
      parts.push(el("div", { class: "alert ok" }, el("span", { class: "title" }, "Healthy: "),
        "every manifold that should run is running."));
    } else {
      parts.push(el("div", { class: "alert bad", id: "down" }, el("div", { class: "title" }, "Not healthy"),
        el("ul", {}, d.down.map((line) => el("li", { class: "mono" }, line)))));
    }
    if (d.configRejected.length) {
      parts.push(el("div", { class: "alert warn", id: "config-rejected" },
        el("div", { class: "title" }, "The latest change to the config file was kept out; the running config stays:"),
        el("ul", {}, d.configRejected.map((p) => el("li", { class: "mono" }, p)))));
    }
    parts.push(el("div", { class: "cards" },
      card("Health", d.healthy ? "Healthy" : "Not healthy", "engine " + d.engineState),
      card("Manifolds running", d.running + " / " + d.manifolds),
      card("Uptime", duration(d.uptimeSeconds), "since " + time(d.startedAt)),
      card("Version", d.version),
      card("Spool", d.spoolBatches < 0 ? "not open" : count(d.spoolBatches) + " batches",
        d.spoolBatches < 0 ? null : bytes(d.spoolBytes) + " waiting"),
      card("Sender", d.sink ? badge(d.senderLastError ? "failing" : "sending",
        d.senderLastError ? "bad" : "ok") : "no sink", d.senderLastError || d.sink)));
    parts.push(el("h2", {}, "Configuration"));
    const row = (name, value, sub) =>
      el("tr", {}, el("th", { scope: "row" }, name), td(value, "mono"), td(sub || "", "muted"));
    parts.push(el("div", { class: "table-wrap kv" }, el("table", {}, el("tbody", {},
      row("Config file", d.configFile, null),
      row("Loaded", d.configLoadedAt ? time(d.configLoadedAt) : "not loaded",
        d.configLoadedAt ? ago(d.configLoadedAt, d.now) : null),
      row("Checked for changes", count(d.configChecks) + " times", null),
      row("Data directory", d.dataDirectory, null)))));
    return parts;
  }

  function manifolds(d) {
    const graph = el("div", { class: "graph", id: "graph" });
    window.WindlassGraph.draw(graph, d.manifolds);
    const rows = d.manifolds.map((m) =>
      el("tr", { "data-manifold": m.name },
        td(el("strong", {}, m.name)),
        td(badge(m.health === "failed" ? "failed" : m.state, TONES[m.health])),
        td(el("span", { class: "inputs" }, m.inputs.length ? m.inputs.join(", ") : "—")),
        td(count(m.startCount), "num"),
        td(count(m.restarts), "num"),
        td(time(m.started)),
        td(m.error || m.workerError, m.error || m.workerError ? "error" : "muted")));
    return [
      d.engineError ? el("div", { class: "alert bad" }, "Engine: " + d.engineError) : null,
      graph,
      el("div", { class: "legend" }, badge("running", "ok"), badge("changing", "warn"),
        badge("failed", "bad"), badge("completed", "")),
      el("h2", {}, "Manifolds"),
      table(["Manifold", "State", "Inputs", { title: "Starts", num: 1 }, { title: "Restarts", num: 1 },
        "Started", "Last error"], rows),
    ];
  }

  function chart(points, field, format, label) {
    const W = 560, H = 150, L = 64, R = 8, T = 10, B = 22;
    const svgNs = "http://www.w3.org/2000/svg";
    const s = (tag, attrs) => {
      const n = document.createElementNS(svgNs, tag);
      for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
      return n;
    };
    const root = s("svg", { class: "chart", viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none",
      role: "img", "aria-label": label });
    if (!points.length) return el("div", { class: "empty" }, "No samples yet.");
    const t0 = new Date(points[0].time).getTime(), t1 = new Date(points[points.length - 1].time).getTime();
    const span = Math.max(t1 - t0, 1);
    const max = Math.max(1, ...points.map((p) => p[field]));
    const x = (p) => L + ((new Date(p.time).getTime() - t0) / span) * (W - L - R);
    const y = (v) => T + (1 - v / max) * (H - T - B);
    for (const f of [0, 0.5, 1]) {
      root.appendChild(s("line", { class: "grid", x1: L, x2: W - R, y1: y(max * f), y2: y(max * f) }));
      const t = s("text", { x: L - 6, y: y(max * f) + 3.5, "text-anchor": "end" });
      t.textContent = format(Math.round(max * f));
      root.appendChild(t);
    }
    const line = points.map((p) => x(p).toFixed(1) + "," + y(p[field]).toFixed(1)).join(" ");
    root.appendChild(s("polygon", { class: "area",
      points: `${L},${y(0)} ${line} ${x(points[points.length - 1]).toFixed(1)},${y(0)}` }));
    root.appendChild(s("polyline", { class: "line", points: points.length > 1 ? line : line + " " + line }));
    const first = s("text", { x: L, y: H - 6 });
    first.textContent = time(points[0].time).slice(11, 19);
    const last = s("text", { x: W - R, y: H - 6, "text-anchor": "end" });
    last.textContent = time(points[points.length - 1].time).slice(11, 19);
    root.appendChild(first);
    root.appendChild(last);
    return root;
  }

  // Only the reasons that happened; "None." when nothing did.
  function countsTable(title, counts, what) {
    const rows = Object.entries(counts).filter(([, v]) => v > 0)
      .map(([k, v]) => el("tr", {}, td(k), td(count(v), "num")));
    return el("div", {}, el("h2", {}, title), table([what, { title: "Count", num: 1 }], rows, "None."));
  }

  // The latest entries of a side directory, under how many it holds in all.
  function sideTable(title, entries, total, error) {
    const rows = entries.map((e) => el("tr", {}, td(e.entry, "mono"), td(e.problem), td(time(e.movedAt)), td(e.reason, "error")));
    const shown = total > entries.length ? " (latest " + count(entries.length) + " of " + count(total) + ")" : "";
    return el("div", { class: "side" }, el("h2", {}, title + ": " + count(total) + shown),
      error ? el("div", { class: "alert warn" }, error) : null,
      table(["Entry", "Problem", "When", "Reason"], rows, "None."));
  }

  function spool(d) {
    return [
      d.error ? el("div", { class: "alert bad" }, "Spool: " + d.error) : null,
      el("div", { class: "cards" },
        card("Bytes", bytes(d.bytes)),
        card("Batches", count(d.batches)),
        card("Oldest batch", duration(d.oldestBatchAgeSeconds)),
        card("Published", count(d.publishedBatches) + " batches", count(d.publishedMetrics) + " metrics"),
        card("Removed (sent)", count(d.removedBatches) + " batches")),
      el("h2", {}, "Last hour"),
      el("div", { class: "two" },
        el("div", { class: "panel" }, el("div", { class: "sub" }, "Bytes held"),
          chart(d.history, "bytes", bytes, "Spool bytes over the last hour")),
        el("div", { class: "panel" }, el("div", { class: "sub" }, "Batches held"),
          chart(d.history, "batches", count, "Spool batches over the last hour"))),
      el("div", { class: "four" },
        countsTable("Dropped", d.dropped, "Reason"),
        countsTable("Refused (spool full)", d.refused, "Bound"),
        countsTable("Quarantined", d.quarantined, "Problem"),
        countsTable("Skipped", d.skipped, "Problem")),
      sideTable("Rejected batches", d.side.rejected, d.side.rejectedCount, d.side.error),
      sideTable("Quarantined entries", d.side.quarantined, d.side.quarantinedCount, null),
      el("p", { class: "sub mono" }, d.directory || ""),
    ];
  }

  function sender(d) {
    if (!d.installed) {
      return [el("div", { class: "alert warn" }, "This agent has no sender: no sink is configured, so the spool is kept for others to read.")];
    }
    return [
      d.error ? el("div", { class: "alert bad", id: "sender-error" }, "Sender: " + d.error) : null,
      d.lastError ? el("div", { class: "alert bad", id: "sender-last-error" },
        el("div", { class: "title" }, "Last error"), el("div", { class: "mono" }, d.lastError)) : null,
      el("div", { class: "cards" },
        card("Sink", d.sink, d.sinkType, true),
        card("State", badge(d.health === "failed" ? "failed" : d.state, TONES[d.health])),
        card("Next retry", d.retryAt ? time(d.retryAt) : "not backing off", null, true),
        card("In flight", count(d.requestsInFlight) + " requests", "sent, not yet answered"),
        card("Backlog", count(d.backlogBatches) + " batches", bytes(d.backlogBytes) + " · oldest " + duration(d.oldestBatchAgeSeconds))),
      el("h2", {}, "Since the sender started"),
      el("div", { class: "cards" },
        card("Requests", count(d.requests), count(d.failedRequests) + " failed"),
        card("Sent", count(d.sentBatches) + " batches", count(d.sentMetrics) + " metrics"),
        card("Already present", count(d.alreadyPresentBatches) + " batches"),
        card("Rejected", count(d.rejectedBatches) + " batches", count(d.rejectedMetrics) + " metrics")),
    ];
  }

  function targets(d) {
    const rows = d.targets.map((t) =>
      el("tr", { "data-target": t.id },
        td(el("div", {}, el("strong", {}, t.id), el("div", { class: "inputs" }, t.source))),
        td(badge(t.health, TONES[t.health])),
        td(t.state),
        td(t.interval),
        td(t.lastRun ? duration(t.lastRunAgoSeconds) + " ago" : "never"),
        td(t.durationSeconds >= 0 ? (t.durationSeconds * 1000).toFixed(1) + " ms" : "—", "num"),
        td(count(t.series), "num"),
        td(count(t.runs), "num"),
        td(count(t.errors), "num"),
        td(count(t.timeouts), "num"),
        td(count(t.dropped), "num"),
        t.lastError
          ? td(el("div", {}, el("div", { class: "target-error" }, t.lastError),
            el("div", { class: "muted" }, time(t.lastErrorAt))), "error")
          : td("—", "muted")));
    return [
      d.collectorError ? el("div", { class: "alert bad" }, "Collector: " + d.collectorError) : null,
      table(["Input", "Health", "State", "Interval", "Last run", { title: "Duration", num: 1 },
        { title: "Series", num: 1 }, { title: "Runs", num: 1 }, { title: "Errors", num: 1 },
        { title: "Timeouts", num: 1 }, { title: "Dropped", num: 1 }, "Last error"], rows,
        "No inputs are configured."),
    ];
  }

  const RENDER = { overview, manifolds, spool, sender, targets };

  // --- Loop -------------------------------------------------------------------------------
  async function get(name) {
    const response = await fetch(API + name, { credentials: "same-origin", cache: "no-store",
      headers: { Accept: "application/json" } });
    if (response.status === 401) {
      location.href = "/login";
      throw new Error("signed out");
    }
    if (!response.ok) throw new Error(name + ": HTTP " + response.status);
    return response.json();
  }

  function header(o) {
    document.getElementById("agent-name").textContent = o.agent || "";
    document.getElementById("version").textContent = o.version;
    const health = document.getElementById("health");
    health.textContent = o.healthy ? "healthy" : "not healthy";
    health.className = "badge " + (o.healthy ? "ok" : "bad");
    document.getElementById("updated").textContent = "updated " + time(o.now).slice(11);
    document.title = (o.agent ? o.agent + " · " : "") + "Windlass console";
  }

  let failures = 0;
  async function refresh() {
    try {
      const overviewDoc = await get("overview");
      header(overviewDoc);
      const doc = page === "overview" ? overviewDoc : await get(page);
      content.replaceChildren(...RENDER[page](doc).filter(Boolean));
      content.dataset.loaded = String(Number(content.dataset.loaded || 0) + 1);
      failures = 0;
    } catch (e) {
      failures++;
      const health = document.getElementById("health");
      health.textContent = "unreachable";
      health.className = "badge warn";
    } finally {
      setTimeout(refresh, failures ? Math.min(REFRESH_MS * 2 ** failures, 30000) : REFRESH_MS);
    }
  }

  for (const a of document.querySelectorAll("#tabs a")) {
    if (a.dataset.page === page) a.classList.add("active");
  }
  const json = document.getElementById("json-link");
  json.href = API + page;
  json.textContent = API + page;
  refresh();
})();
