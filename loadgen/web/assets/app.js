// The live page: polls /api/state every second and redraws. Plain DOM and
// SVG, no libraries; every value is set with textContent (no HTML from data).
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

function setText(id, v) { $(id).textContent = String(v); }

function fmtDuration(s) {
  s = Math.floor(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + "h" : "") + (h || m ? m + "m" : "") + r + "s";
}

function fillTable(id, rows, numeric) {
  const body = $(id).querySelector("tbody");
  body.replaceChildren();
  for (const cells of rows) {
    const tr = document.createElement("tr");
    cells.forEach((c, i) => {
      const td = document.createElement("td");
      td.textContent = String(c);
      if (numeric && numeric.includes(i)) td.className = "num";
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
}

function sortedEntries(obj) {
  return Object.entries(obj || {}).sort((a, b) => b[1] - a[1]);
}

// chart draws one polyline per series key on an SVG with a y axis from 0.
function chart(id, points, keys, scale) {
  const svg = $(id);
  svg.replaceChildren();
  const W = 600, H = 180, L = 40, B = 16;
  let ymax = 0;
  for (const p of points) for (const k of keys) if (p[k] != null) ymax = Math.max(ymax, p[k] * scale);
  ymax = ymax > 0 ? ymax * 1.1 : 1;
  const axis = document.createElementNS(SVG, "path");
  axis.setAttribute("class", "axis");
  axis.setAttribute("d", `M${L},0 V${H - B} H${W}`);
  svg.appendChild(axis);
  for (const [y, v] of [[0, ymax], [(H - B) / 2, ymax / 2]]) {
    const t = document.createElementNS(SVG, "text");
    t.setAttribute("x", 2); t.setAttribute("y", y + 10);
    t.textContent = v >= 10 ? v.toFixed(0) : v.toPrecision(2);
    svg.appendChild(t);
  }
  if (points.length < 2) return;
  const t0 = Date.parse(points[0].t), t1 = Date.parse(points[points.length - 1].t);
  const x = (p) => L + ((Date.parse(p.t) - t0) / Math.max(1, t1 - t0)) * (W - L);
  const y = (v) => (H - B) - (v * scale / ymax) * (H - B);
  for (const k of keys) {
    const pts = points.filter((p) => p[k] != null).map((p) => `${x(p).toFixed(1)},${y(p[k]).toFixed(1)}`);
    if (!pts.length) continue;
    const line = document.createElementNS(SVG, "polyline");
    line.setAttribute("class", k === "in_flight" ? "inflight" : k);
    line.setAttribute("points", pts.join(" "));
    svg.appendChild(line);
  }
}

function render(s) {
  setText("session", s.session || "-");
  setText("target", s.target || "-");
  setText("elapsed", fmtDuration(s.elapsed_seconds || 0));
  setText("status", s.done ? "done" : "running");
  const c = s.counts || {};
  for (const k of ["planned", "submitted", "accepted", "failed", "skipped", "id_conflicts"]) setText(k, c[k] || 0);
  setText("users", s.users || 0);
  setText("target-rate", (s.rate.target_per_min || 0).toFixed(1));
  setText("achieved-rate", (s.rate.achieved_per_min || 0).toFixed(1));
  fillTable("in-flight", sortedEntries(s.in_flight), [1]);
  fillTable("errors", sortedEntries(s.errors), [1]);
  fillTable("plan", Object.entries(s.plan || {}).sort(), []);
  fillTable("slowest", (s.slowest || []).map((j) => [j.name, j.namespace, j.done ? j.state : j.state + " (live)", j.seconds.toFixed(1)]), [3]);
  const series = s.series || [];
  chart("chart-rate", series, ["target", "achieved"], 60);
  chart("chart-latency", series, ["p50", "p95", "p99"], 1);
  chart("chart-inflight", series, ["in_flight"], 1);
  const links = $("reports");
  if (links.childElementCount !== (s.reports || []).length) {
    links.replaceChildren();
    for (const r of s.reports || []) {
      const a = document.createElement("a");
      a.href = r.href; a.textContent = r.name;
      links.appendChild(a);
    }
  }
}

async function poll() {
  try {
    const res = await fetch("api/state", { cache: "no-store" });
    if (res.ok) render(await res.json());
    else setText("status", "error " + res.status);
  } catch (e) {
    setText("status", "disconnected");
  }
  setTimeout(poll, 1000);
}

poll();
