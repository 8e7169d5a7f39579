// redactor review page: selection, keyboard shortcuts and box drawing. No external code.
"use strict";
(function () {
  const body = document.body;
  if (!body.classList.contains("doc")) return;
  const flags = Array.from(document.querySelectorAll("#flags .flag"));
  let current = -1;

  function byKey(key) {
    return Array.from(document.querySelectorAll("[data-key]")).filter((el) => el.dataset.key === key);
  }
  function clearSelection() {
    document.querySelectorAll(".sel").forEach((el) => el.classList.remove("sel"));
  }
  function selectKey(key, scroll) {
    clearSelection();
    const els = byKey(key);
    els.forEach((el) => el.classList.add("sel"));
    body.dataset.selected = key;
    if (!scroll) return;
    const box = els.find((el) => el.tagName.toLowerCase() === "g");
    const row = els.find((el) => el.tagName.toLowerCase() !== "g");
    if (row) row.scrollIntoView({ block: "nearest" });
    if (box) box.scrollIntoView({ block: "center", inline: "nearest" });
    else if (row && row.dataset.page) {
      const page = document.getElementById("page-" + row.dataset.page);
      if (page) page.scrollIntoView({ block: "start" });
    }
  }
  function selectFlag(i) {
    if (!flags.length) return;
    current = (i + flags.length) % flags.length;
    selectKey(flags[current].dataset.key, true);
  }
  function selectedButton(act) {
    const key = body.dataset.selected;
    if (!key) return null;
    for (const el of byKey(key)) {
      if (el.tagName.toLowerCase() === "g") continue;
      const b = el.querySelector('button[data-act="' + act + '"]');
      if (b) return b;
    }
    return null;
  }
  function go(id) {
    const a = document.getElementById(id);
    if (a) window.location.href = a.href;
  }

  document.addEventListener("click", (ev) => {
    if (body.classList.contains("boxmode")) return;
    const el = ev.target.closest("[data-key]");
    if (!el || ev.target.closest("button, a, input")) return;
    const i = flags.indexOf(el);
    if (i >= 0) current = i;
    selectKey(el.dataset.key, el.tagName.toLowerCase() !== "g");
  });
  document.querySelectorAll("form").forEach((f) => f.addEventListener("submit", () => body.classList.add("busy")));

  // drawing a box on a redacted page (b toggles the mode)
  const areaform = document.getElementById("areaform");
  const modeButton = document.getElementById("boxmode");
  function setBoxMode(on) {
    body.classList.toggle("boxmode", on);
    if (modeButton) modeButton.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on) body.classList.remove("drawing");
  }
  if (modeButton) modeButton.addEventListener("click", () => setBoxMode(!body.classList.contains("boxmode")));
  let drag = null;
  function pointIn(svg, ev) {
    const r = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    return {
      x: Math.min(Math.max((ev.clientX - r.left) / r.width, 0), 1) * vb.width,
      y: Math.min(Math.max((ev.clientY - r.top) / r.height, 0), 1) * vb.height,
    };
  }
  function drawRect(d, p) {
    const r = d.rect;
    r.setAttribute("x", Math.min(d.start.x, p.x));
    r.setAttribute("y", Math.min(d.start.y, p.y));
    r.setAttribute("width", Math.abs(p.x - d.start.x));
    r.setAttribute("height", Math.abs(p.y - d.start.y));
  }
  document.querySelectorAll(".sheet.redacted svg.overlay").forEach((svg) => {
    svg.addEventListener("mousedown", (ev) => {
      if (!body.classList.contains("boxmode") || !areaform || ev.button !== 0) return;
      ev.preventDefault();
      const start = pointIn(svg, ev);
      drag = { svg: svg, start: start, rect: svg.querySelector("rect.drawing") };
      body.classList.add("drawing");
      drawRect(drag, start);
    });
  });
  document.addEventListener("mousemove", (ev) => {
    if (drag) drawRect(drag, pointIn(drag.svg, ev));
  });
  document.addEventListener("mouseup", (ev) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    const p = pointIn(d.svg, ev);
    body.classList.remove("drawing");
    if (Math.abs(p.x - d.start.x) < 2 || Math.abs(p.y - d.start.y) < 2) return;
    const set = (name, v) => { areaform.elements[name].value = v; };
    set("page", d.svg.closest(".sheet").dataset.page);
    set("x0", Math.min(d.start.x, p.x).toFixed(2));
    set("y0", Math.min(d.start.y, p.y).toFixed(2));
    set("x1", Math.max(d.start.x, p.x).toFixed(2));
    set("y1", Math.max(d.start.y, p.y).toFixed(2));
    body.classList.add("busy");
    areaform.submit();
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    let b = null;
    switch (ev.key) {
      case "j": selectFlag(current + 1); break;
      case "k": selectFlag(current - 1); break;
      case "a": b = selectedButton("accept"); break;
      case "u": b = selectedButton("restore"); break;
      case "b": if (modeButton) setBoxMode(!body.classList.contains("boxmode")); break;
      case "Escape": setBoxMode(false); drag = null; break;
      case "t": { const t = document.getElementById("term"); if (t) { t.focus(); ev.preventDefault(); } break; }
      case "o": go("toggle-orig"); break;
      case "n": go("next"); break;
      case "p": go("prev"); break;
      case "Enter":
        if (tag === "button" || tag === "a") return;
        b = document.getElementById("approve");
        break;
      default: return;
    }
    if (b) { ev.preventDefault(); b.click(); }
  });

  const pre = body.dataset.selected;
  if (pre && byKey(pre).length) {
    current = flags.findIndex((f) => f.dataset.key === pre);
    selectKey(pre, true);
  } else {
    const first = flags.findIndex((f) => !f.classList.contains("settled"));
    if (first >= 0) { current = first; selectKey(flags[first].dataset.key, false); }
  }
})();
