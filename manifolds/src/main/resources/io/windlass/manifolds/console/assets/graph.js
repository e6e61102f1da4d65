// Draws the engine graph as SVG: one column per layer (inputs to the left of what uses them),
// manifolds ordered within a column by where their inputs sit, edges as curves.
"use strict";

window.WindlassGraph = (function () {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 168, NODE_H = 46, COL_GAP = 72, ROW_GAP = 16, PAD = 12;

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  // Positions: columns by layer; rows by the mean row of each manifold's inputs.
  function layout(manifolds) {
    const columns = [];
    for (const m of manifolds) (columns[m.layer] = columns[m.layer] || []).push(m);
    const row = {};
    const pos = {};
    columns.forEach((column, layer) => {
      const key = (m) => {
        const rows = m.inputs.filter((i) => i in row).map((i) => row[i]);
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : -1;
      };
      column.sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name));
      column.forEach((m, i) => {
        row[m.name] = i;
        pos[m.name] = { x: PAD + layer * (NODE_W + COL_GAP), y: PAD + i * (NODE_H + ROW_GAP) };
      });
    });
    const rows = Math.max(1, ...columns.map((c) => (c ? c.length : 0)));
    return {
      pos,
      width: PAD * 2 + columns.length * NODE_W + Math.max(0, columns.length - 1) * COL_GAP,
      height: PAD * 2 + rows * NODE_H + (rows - 1) * ROW_GAP,
    };
  }

  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function draw(container, manifolds) {
    const { pos, width, height } = layout(manifolds);
    const root = svg("svg", {
      width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": "Engine graph: " + manifolds.length + " manifolds",
    });
    const defs = svg("defs");
    const marker = svg("marker", {
      id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: "auto-start-reverse",
    });
    marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#a9b4c2" }));
    defs.appendChild(marker);
    root.appendChild(defs);
    for (const m of manifolds) {
      for (const input of m.inputs) {
        const from = pos[input], to = pos[m.name];
        if (!from || !to) continue;
        const x1 = from.x + NODE_W, y1 = from.y + NODE_H / 2, x2 = to.x - 2, y2 = to.y + NODE_H / 2;
        const dx = Math.max(24, (x2 - x1) / 2);
        root.appendChild(svg("path", {
          class: "edge", "marker-end": "url(#arrow)",
          d: `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`,
          "data-from": input, "data-to": m.name,
        }));
      }
    }
    for (const m of manifolds) {
      const p = pos[m.name];
      const g = svg("g", {
        class: "node " + m.health + (m.workerError ? " troubled" : ""), "data-manifold": m.name,
        transform: `translate(${p.x},${p.y})`,
      });
      const problem = m.error || m.workerError;
      const title = svg("title");
      title.textContent = m.name + ": " + m.state + (problem ? " — " + problem : "");
      g.appendChild(title);
      g.appendChild(svg("rect", { width: NODE_W, height: NODE_H, rx: 7 }));
      const name = svg("text", { class: "name", x: 12, y: 19 });
      name.textContent = clip(m.name, 20);
      g.appendChild(name);
      const state = svg("text", { class: "state", x: 12, y: 36 });
      const restarts = m.restarts ? " · " + m.restarts + " restart" + (m.restarts > 1 ? "s" : "") : "";
      const label = m.health === "failed" ? (m.state === "starting" ? "restarting" : "failed")
        : m.workerError ? m.state + " · error" : m.state;
      state.textContent = clip(label + restarts, 26);
      g.appendChild(state);
      if (problem) {
        const mark = svg("circle", { class: "mark", cx: NODE_W - 14, cy: 14, r: 6 });
        g.appendChild(mark);
      }
      root.appendChild(g);
    }
    container.replaceChildren(root);
  }

  return { draw, layout };
})();
