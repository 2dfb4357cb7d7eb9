/* jobdesc website: search on every page; zoom, pan, fold and "where is this position" on
   the chart page. Plain JavaScript, no library, nothing fetched: the search index is a
   script file (assets/search-index.js) added to the page when the search is first used,
   which works from file:// as well as from a web server. Text from the organisation is only
   ever put in the page with textContent, never as HTML. */
(function () {
  "use strict";

  var root = document.body.getAttribute("data-root") || "";

  /* ------------------------------------------------------------ search */

  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var index = null;      // prepared entries, once the index script has run
  var loading = false;
  var waiting = [];  // what to run once the index is in: a query typed while it loads must not be lost
  var MAX_SHOWN = 20;

  function prepare(rows) {
    return rows.map(function (r) {
      var words = r[6] ? r[6].split(" ").map(function (w) { return w.split(":"); }) : [];
      return { url: r[0], kind: r[1], title: r[2], subtitle: r[3], people: r[4],
               t: r[2].toLowerCase(), s: r[3].toLowerCase(), p: r[4].toLowerCase(), b: r[5].toLowerCase(),
               words: words };
    });
  }

  function loadIndex(then) {
    if (index) { then(); return; }
    if (window.JOBDESC_SEARCH) { index = prepare(window.JOBDESC_SEARCH); then(); return; }
    waiting.push(then);
    if (loading) return;
    loading = true;
    status.textContent = input.getAttribute("data-loading");
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () {
      index = prepare(window.JOBDESC_SEARCH || []);
      status.textContent = "";
      var run = waiting; waiting = [];
      run.forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }

  var LATIN = /^[a-z0-9]+$/;

  // How well one term matches one entry: lower is better, -1 is no match.
  function termScore(e, term) {
    if (e.t === term) return 0;
    if (e.t.indexOf(term) >= 0) return 1;
    if (e.p.indexOf(term) >= 0) return 2;
    if (LATIN.test(term)) {
      for (var i = 0; i < e.words.length; i++) {
        var w = e.words[i];
        if (w[0].indexOf(term) === 0 || w[1].indexOf(term) === 0) return i === 0 ? 1.5 : 2.5;
      }
      for (var j = 0; j < e.words.length; j++) {
        if (term.length > 1 && e.words[j][1].indexOf(term) >= 0) return 3;
      }
    }
    if (e.s.indexOf(term) >= 0) return 4;
    if (e.b.indexOf(term) >= 0) return 5;
    return -1;
  }

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var found = [];
    if (!terms.length) return found;
    for (var i = 0; i < index.length; i++) {
      var total = 0;
      for (var k = 0; k < terms.length; k++) {
        var s = termScore(index[i], terms[k]);
        if (s < 0) { total = -1; break; }
        total += s;
      }
      if (total >= 0) found.push([total, i]);
    }
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return found.map(function (f) { return index[f[1]]; });
  }

  function show(query) {
    var started = performance.now();
    var found = search(query);
    var ms = performance.now() - started;
    list.textContent = "";
    found.slice(0, MAX_SHOWN).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.url;
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = e.title;
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = e.kind;
      a.appendChild(title);
      a.appendChild(kind);
      var more = [e.subtitle, e.people].filter(Boolean).join(" · ");
      if (more) {
        var sub = document.createElement("span");
        sub.className = "result-sub";
        sub.textContent = more;
        a.appendChild(sub);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = !query.trim();
    list.setAttribute("data-ms", ms.toFixed(2));
    list.setAttribute("data-count", String(found.length));
    status.textContent = !query.trim() ? "" : found.length
      ? input.getAttribute("data-count").replace("{count}", found.length)
      : input.getAttribute("data-none");
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  if (input) {
    var run = function () { loadIndex(function () { show(input.value); }); };
    input.addEventListener("focus", function () { loadIndex(function () {}); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      var found = links();
      if (ev.key === "ArrowDown" && found.length) { ev.preventDefault(); found[0].focus(); }
      else if (ev.key === "Enter" && found.length) { ev.preventDefault(); found[0].click(); }
      else if (ev.key === "Escape") { list.hidden = true; }
    });
    // The results close when the reader moves on (a click or Tab elsewhere), and come back on focus.
    var form = input.form;
    var away = function (ev) { if (!form.contains(ev.target)) list.hidden = true; };
    document.addEventListener("click", away);
    document.addEventListener("focusin", away);
    input.addEventListener("focus", function () { if (input.value.trim() && index) show(input.value); });
    list.addEventListener("keydown", function (ev) {
      var found = links();
      var at = found.indexOf(document.activeElement);
      if (ev.key === "ArrowDown" && at < found.length - 1) { ev.preventDefault(); found[at + 1].focus(); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? found[at - 1] : input).focus(); }
      else if (ev.key === "Escape") { input.focus(); list.hidden = true; }
    });
  }

  /* ------------------------------------------------------------ chart */

  var svg = document.getElementById("chart");
  if (!svg) return;
  var frame = document.getElementById("chart-frame");
  var pathStatus = document.getElementById("chart-path");
  var full = svg.viewBox.baseVal;
  var home = { x: full.x, y: full.y, w: full.width, h: full.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };
  var ox = parseFloat(svg.getAttribute("data-ox")), oy = parseFloat(svg.getAttribute("data-oy"));

  var boxes = {}, parent = {}, kids = {}, toggles = {};
  Array.prototype.forEach.call(svg.querySelectorAll(".box"), function (el) {
    var id = el.getAttribute("data-id");
    boxes[id] = el;
    var p = el.getAttribute("data-parent");
    if (p) { parent[id] = p; (kids[p] = kids[p] || []).push(id); }
  });
  Array.prototype.forEach.call(svg.querySelectorAll(".toggle"), function (el) { toggles[el.getAttribute("data-id")] = el; });
  var lines = Array.prototype.slice.call(svg.querySelectorAll(".line"));
  var folded = {};

  function apply() {
    svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
  }

  function zoom(factor, cx, cy) {
    var w = Math.min(Math.max(view.w / factor, home.w / 200), home.w * 4);
    var f = w / view.w;
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    view.x = cx - (cx - view.x) * f;
    view.y = cy - (cy - view.y) * f;
    view.w = w;
    view.h = view.h * f;
    apply();
  }

  function fit() { view = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }

  // A point of the screen in the chart's coordinates.
  function toChart(clientX, clientY) {
    var m = svg.getScreenCTM().inverse();
    var p = svg.createSVGPoint();
    p.x = clientX; p.y = clientY;
    p = p.matrixTransform(m);
    return p;
  }

  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toChart(ev.clientX, ev.clientY);
    zoom(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, { passive: false });

  var drag = null, dragged = false;
  svg.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0 || ev.target.closest(".toggle")) return;
    drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, scale: view.w / svg.getBoundingClientRect().width };
    dragged = false;
  });
  window.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) return;
    dragged = true;
    svg.classList.add("dragging");
    view.x = drag.vx - dx * drag.scale;
    view.y = drag.vy - dy * drag.scale;
    apply();
  });
  window.addEventListener("pointerup", function () { drag = null; svg.classList.remove("dragging"); });
  svg.addEventListener("click", function (ev) {
    if (dragged) { ev.preventDefault(); dragged = false; }  // the end of a drag is not a click on a box
  }, true);

  frame.addEventListener("keydown", function (ev) {
    if (ev.target !== frame) return;
    var step = view.w / 10, handled = true;
    if (ev.key === "+" || ev.key === "=") zoom(1.25);
    else if (ev.key === "-") zoom(0.8);
    else if (ev.key === "0") fit();
    else if (ev.key === "ArrowLeft") { view.x -= step; apply(); }
    else if (ev.key === "ArrowRight") { view.x += step; apply(); }
    else if (ev.key === "ArrowUp") { view.y -= step; apply(); }
    else if (ev.key === "ArrowDown") { view.y += step; apply(); }
    else handled = false;
    if (handled) ev.preventDefault();
  });

  /* folding */

  function hiddenSet() {
    var hidden = {};
    var stack = Object.keys(folded).filter(function (id) { return folded[id]; }).map(function (id) { return kids[id] || []; });
    while (stack.length) {
      var ids = stack.pop();
      for (var i = 0; i < ids.length; i++) {
        if (!hidden[ids[i]]) { hidden[ids[i]] = true; if (kids[ids[i]]) stack.push(kids[ids[i]]); }
      }
    }
    return hidden;
  }

  function refresh() {
    var hidden = hiddenSet();
    Object.keys(boxes).forEach(function (id) { boxes[id].style.display = hidden[id] ? "none" : ""; });
    Object.keys(toggles).forEach(function (id) {
      var t = toggles[id];
      t.style.display = hidden[id] ? "none" : "";
      var isFolded = !!folded[id];
      t.setAttribute("aria-expanded", isFolded ? "false" : "true");
      t.setAttribute("aria-label", t.getAttribute(isFolded ? "data-unfold" : "data-fold"));
      t.classList.toggle("folded", isFolded);
    });
    lines.forEach(function (line) {
      var gone = hidden[line.getAttribute("data-from")] || hidden[line.getAttribute("data-to")];
      line.style.display = gone ? "none" : "";
    });
  }

  function toggle(id) { folded[id] = !folded[id]; refresh(); }

  Object.keys(toggles).forEach(function (id) {
    var t = toggles[id];
    t.addEventListener("click", function (ev) { ev.preventDefault(); ev.stopPropagation(); toggle(id); });
    t.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); toggle(id); }
    });
  });

  /* where is this position: the path to the top, highlighted */

  function trace(id) {
    Array.prototype.forEach.call(svg.querySelectorAll(".on-path, .target"), function (el) {
      el.classList.remove("on-path");
      el.classList.remove("target");
    });
    if (!boxes[id]) { pathStatus.textContent = ""; return; }
    var chain = [id];
    while (parent[chain[0]]) chain.unshift(parent[chain[0]]);
    var onPath = {};
    chain.forEach(function (c, i) {
      onPath[c] = true;
      boxes[c].classList.add("on-path");
      if (i < chain.length - 1) folded[c] = false;  // open the way down to it
    });
    boxes[id].classList.add("target");
    lines.forEach(function (line) {
      var from = line.getAttribute("data-from"), to = line.getAttribute("data-to");
      if (!line.classList.contains("dotted") && onPath[to] && parent[to] === from) line.classList.add("on-path");
    });
    refresh();
    pathStatus.textContent = chain.map(function (c) { return boxes[c].getAttribute("data-title"); }).join(" › ");
    var b = boxes[id].getBBox();
    var w = Math.min(home.w, Math.max(b.width * 8, 700));
    var h = w * (home.h / home.w);
    view = { x: ox + b.x + b.width / 2 - w / 2, y: oy + b.y + b.height / 2 - h / 2, w: w, h: h };
    apply();
  }

  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id) trace(id);
  }

  document.querySelector(".chart-tools").addEventListener("click", function (ev) {
    var button = ev.target.closest("button");
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "in") zoom(1.25);
    else if (action === "out") zoom(0.8);
    else if (action === "fit") fit();
    else if (action === "expand") { folded = {}; refresh(); }
    else if (action === "collapse") {
      folded = {};
      Object.keys(toggles).forEach(function (id) { if (parent[id]) folded[id] = true; });
      refresh();
    }
  });
  // The chart opens fitted to its frame (on a phone too), the frame no taller than the fitted
  // chart. Only a chart so wide that, fitted, its boxes would be a few pixels (hundreds of
  // positions) opens readable at the top instead (the first box in the middle), from where
  // one pans, zooms out or searches.
  var TOO_WIDE_TO_FIT = 8;  // chart width / frame width
  function start() {
    var rect = svg.getBoundingClientRect();
    if (!rect.width) return;
    if (home.w / rect.width < TOO_WIDE_TO_FIT) {
      var fitted = rect.width * home.h / home.w;
      if (fitted < rect.height) frame.style.height = Math.ceil(fitted + 2) + "px";
      return;
    }
    var topBox = svg.querySelector(".box").getBBox();
    var w = rect.width * 1.25, h = w * rect.height / rect.width;
    view = { x: ox + topBox.x + topBox.width / 2 - w / 2, y: home.y, w: w, h: h };
    apply();
  }

  window.addEventListener("hashchange", fromHash);
  window.addEventListener("beforeprint", fit);
  start();
  fromHash();
})();
