/* The projector page: the current step large, results only once revealed, and always the whole
 * screen without scrolling. After every render `fit` scales the step's text down (not below a
 * size legible from the back of the room) and then splits long lists into pages that rotate
 * ("1/3"), or, for rankings, shows the top entries with "+ n more". */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var app = document.getElementById("app");
  var lang = app.dataset.lang;
  var head = document.getElementById("step-head");
  var body = document.getElementById("step");
  var count = document.getElementById("count");
  var timer = L.Timer(document.getElementById("timer"));

  var FIT_STEPS = [1, 0.94, 0.88, 0.82];  // the last: notes at 28 px on a 1080-pixel-high screen
  var ROTATE_MS = 8000;
  var pagers = [];   // this render's lists: {box, list, status, mode, starts}
  var tick = 0, paused = false, lastState = null, shownStep = null;

  L.connect({ onState: function (state) { lastState = state; render(state); } });

  function render(state) {
    var step = state.step;
    if (step.id !== shownStep) { shownStep = step.id; tick = 0; }  // a new step starts on page 1
    timer.update(state.timer);
    count.textContent = t("participants", { n: state.participants_total });
    var small = state.session.live && state.join_panel === "small";
    app.classList.toggle("join-small", small);
    app.classList.toggle("join-big", !small);
    head.textContent = "";
    body.textContent = "";
    pagers = [];
    if (!state.session.live) { head.appendChild(el("h1", { text: t("ended") })); fit(state); return; }
    head.appendChild(el("h1", { text: L.localized(step.title, lang) }));
    var prompt = L.paragraphs(L.localized(step.prompt, lang));
    if (step.input === "none") {
      body.appendChild(pager(el("div", { class: "info-text" }, prompt), "rotate"));
    } else {
      prompt.forEach(function (p) { p.classList.add("prompt"); head.appendChild(p); });
    }
    content(state, step);
    fit(state);
  }

  function meta(text, cls) {
    head.appendChild(el("p", { class: cls || "voters", text: text }));
  }

  function content(state, step) {
    if (step.view === "words") {
      if (step.results_visible) body.appendChild(pager(words(state.words || []), "top"));
      return;
    }
    if (step.input === "notes") {
      if (step.results_visible) body.appendChild(board(state));
      return;
    }
    var A = window.Assessment;
    if (step.input === "weights") {
      meta(t("respondents", { n: state.respondents || 0 }));
      if (!step.results_visible) body.appendChild(hiddenNote());
      else body.appendChild(pagedWithin(A.decision(step, state.decision, lang), "rotate"));
    }
    if (step.answer === "likert" || step.answer === "choice") {
      meta(t("respondents", { n: state.respondents || 0 }));
      if (!step.results_visible) body.appendChild(hiddenNote());
      else if (step.answer === "likert") {
        var profile = A.profile(step, state.profile, lang);
        var items = pager(A.scaleItems(step, state.items, lang), "rotate");
        body.appendChild(profile.childNodes.length
          ? el("div", { class: "stacked" }, [pager(profile, "rotate"), items])
          : items);
      } else body.appendChild(pagedWithin(A.choices(step, state.items[0], state, lang), "rotate"));
    }
    if (step.answer === "yes_no" || step.answer === "rating") {
      meta(t("respondents", { n: state.respondents || 0 }));
      if (!step.results_visible) body.appendChild(hiddenNote());
      else if (step.answer === "yes_no") body.appendChild(pager(A.checkBars(state.items, lang), "rotate"));
      else if (step.mode === "traffic_light") body.appendChild(pager(A.lights(state.items, lang, step), "rotate"));
      else {
        body.appendChild(el("div", { class: "matrix-layout" }, [
          A.matrix(step.matrix, state.items, lang),
          pager(A.hazardList(step, state.items, lang), "rotate")
        ]));
      }
    }
    var own = L.inputs[step.input];  /* an input drawn by its own script (Live.inputs) */
    if (own) {
      meta(own.count ? own.count(state) : t("respondents", { n: state.respondents || 0 }));
      if (!step.results_visible) body.appendChild(hiddenNote());
      else body.appendChild(own.projector(state, lang, pager, meta));
    }
    if (step.input === "dots") {
      meta(t("voters", { n: state.voters || 0 }));
      if (state.dots_withheld && step.results_visible) body.appendChild(el("p", { class: "figures withheld", text: t("too_few", { k: state.dots_withheld }) }));
      if (step.results_visible && !state.dots_withheld) body.appendChild(pager(bars(state), "top"));
      else body.appendChild(hiddenNote());
    }
  }

  function hiddenNote() {
    return el("p", { class: "help", text: t("results_hidden") });
  }

  /* A list that gets its own box: shown whole if it fits, else paged or cut to its top. */
  function pager(list, mode) {
    list.classList.add("pager-list");
    if (list.tagName === "OL") {  // numbers stay those of the whole list on every page
      Array.prototype.forEach.call(list.children, function (item, index) { item.value = index + 1; });
    }
    var status = el("p", { class: "pager-status", hidden: true });
    var box = el("div", { class: "pager pager-" + mode }, [list, status]);
    pagers.push({ box: box, list: list, status: status, mode: mode, starts: [0] });
    return box;
  }

  /* Every result list inside a rendered block becomes a pager, in place. */
  function pagedWithin(block, mode) {
    Array.prototype.slice.call(block.querySelectorAll("ol, ul")).forEach(function (list) {
      var parent = list.parentNode, next = list.nextSibling;
      parent.insertBefore(pager(list, mode), next);
    });
    block.classList.add("paged-block");
    return block;
  }

  /* A word cloud: the more often a word (case and plurals folded), the larger. */
  function words(list) {
    var top = Math.max.apply(null, [1].concat(list.map(function (w) { return w[1]; })));
    var cloud = el("ul", { class: "word-cloud", "aria-label": t("word_cloud") });
    list.forEach(function (w) {
      var item = el("li", { text: w[0], title: String(w[1]) });
      item.style.fontSize = (1 + 2.2 * w[1] / top).toFixed(2) + "em";
      cloud.appendChild(item);
    });
    return cloud;
  }

  function board(state) {
    var canvas = state.step.note_target === "field";
    if (!canvas && (state.step.note_target === "hazard" || state.columns.length > 4)) return grouped(state);
    var grid = el("div", { class: canvas ? "canvas-grid" : "wall-grid" });
    if (canvas) grid.style.gridTemplateColumns = "repeat(" + state.step.grid_columns + ", minmax(0, 1fr))";
    else grid.style.gridTemplateColumns = "repeat(" + Math.max(1, state.columns.length) + ", minmax(0, 1fr))";
    state.columns.forEach(function (column) {
      var list = el("ul", { class: "notes" });
      notesIn(state, column).forEach(function (item) { list.appendChild(item); });
      var field = el("section", { class: "wall-column" }, [
        el("h2", { text: L.localized(column.title, lang) }), pager(list, "rotate")
      ]);
      var cell = canvas && state.step.layout[column.key];
      if (cell) {
        field.style.gridColumn = "span " + cell.width;
        field.style.gridRow = "span " + cell.height;
      }
      grid.appendChild(field);
    });
    return grid;
  }

  function notesIn(state, column) {
    return state.notes.filter(function (n) { return n.column === column.key; }).map(function (note) {
      var item = el("li", { class: "note" }, [el("p", { class: "note-text", text: note.text })]);
      if (note.merged.length) item.appendChild(el("p", { class: "merged", text: "+" + note.merged.length }));
      return item;
    });
  }

  /* Many columns (an actions step's hazards): a card per column with its first notes. */
  var PER_CARD = 6;
  function grouped(state) {
    var list = el("ul", { class: "note-groups" });
    state.columns.forEach(function (column) {
      var notes = notesIn(state, column);
      if (!notes.length) return;
      list.appendChild(el("li", { class: "note-group" }, [
        el("h2", { text: L.localized(column.title, lang) }),
        el("ul", { class: "notes" }, notes.slice(0, PER_CARD)),
        notes.length > PER_CARD ? el("p", { class: "merged", text: t("more", { n: notes.length - PER_CARD }) }) : null
      ]));
    });
    return pager(list, "rotate");
  }

  function bars(state) {
    var notes = state.notes.slice().sort(function (a, b) { return a.rank - b.rank; });
    var max = Math.max.apply(null, [1].concat(notes.map(function (n) { return n.dots; })));
    var list = el("ol", { class: "bars" });
    notes.forEach(function (note) {
      var bar = el("span", { class: "bar-fill" });
      bar.style.width = Math.round(100 * note.dots / max) + "%";
      list.appendChild(el("li", { class: "bar column-" + (state.columns.findIndex(function (c) { return c.key === note.column; }) % 4) }, [
        el("span", { class: "bar-label", text: note.text }),
        el("span", { class: "bar-track" }, [bar]),
        el("span", { class: "bar-value", text: String(note.dots) })
      ]));
    });
    return list;
  }

  /* --- fitting ------------------------------------------------------------------------ */

  function overflowing() {
    var root = document.documentElement;
    if (root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth) return true;
    return pagers.some(function (p) { return p.list.scrollHeight > p.list.clientHeight + 1; });
  }

  function items(p) { return Array.prototype.slice.call(p.list.children); }

  function fit(state) {
    pagers.forEach(function (p) {
      items(p).forEach(function (item) { item.hidden = false; });
      p.status.hidden = true;
      p.starts = [0];
    });
    var i = 0;
    app.style.setProperty("--fit", String(FIT_STEPS[0]));
    while (overflowing() && i < FIT_STEPS.length - 1) {
      i += 1;
      app.style.setProperty("--fit", String(FIT_STEPS[i]));
    }
    pagers.forEach(function (p) {
      if (p.list.scrollHeight <= p.list.clientHeight + 1) return;
      p.status.hidden = false;  // its line is part of the box: measure without it
      p.status.textContent = p.mode === "top" ? t("more", { n: 0 }) : "1/1";
      p.starts = pageStarts(p);
    });
    show();
    app.dataset.fitted = (state ? state.revision : 0) + ":" + window.innerWidth + "x" + window.innerHeight;
  }

  /* Where each page begins: whole rows (a grid's or a wrapping list's line) per page, as many as
   * fit the list's box; an area heading never ends a page. */
  function pageStarts(p) {
    var list = items(p);
    if (!list.length) return [0];
    var rects = list.map(function (item) { return item.getBoundingClientRect(); });
    var box = p.list.getBoundingClientRect();
    var room = box.top + p.list.clientHeight - rects[0].top;
    var rows = [];
    rects.forEach(function (r, index) {
      var row = rows[rows.length - 1];
      if (row && r.top < row.bottom - 1 && r.left > rects[index - 1].left) {
        row.top = Math.min(row.top, r.top);
        row.bottom = Math.max(row.bottom, r.bottom);
      } else rows.push({ start: index, top: r.top, bottom: r.bottom });
    });
    var starts = [0], first = 0;
    for (var k = 1; k < rows.length; k++) {
      if (rows[k].bottom - rows[first].top <= room) continue;
      var cut = k;
      if (cut - 1 > first && list[rows[cut - 1].start].classList.contains("area-head")) cut -= 1;
      starts.push(rows[cut].start);
      first = cut;
    }
    return starts;
  }

  function show() {
    pagers.forEach(function (p) {
      var all = items(p);
      var pages = p.mode === "top" ? 1 : p.starts.length;
      var page = tick % pages;
      var from = p.starts[page], to = page + 1 < p.starts.length ? p.starts[page + 1] : all.length;
      all.forEach(function (item, index) { item.hidden = index < from || index >= to; });
      if (p.status.hidden) return;
      p.status.textContent = p.mode === "top"
        ? t("more", { n: all.length - to })
        : t("page_of", { n: page + 1, total: pages });
    });
  }

  setInterval(function () {
    if (paused || !pagers.some(function (p) { return p.mode === "rotate" && p.starts.length > 1; })) return;
    tick += 1;
    show();
  }, ROTATE_MS);

  /* The facilitator at the beamer's keyboard: arrows page, the space bar pauses the rotation. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight" || event.key === "PageDown") tick += 1;
    else if ((event.key === "ArrowLeft" || event.key === "PageUp") && tick > 0) tick -= 1;
    else if (event.key === " ") paused = !paused;
    else return;
    event.preventDefault();
    show();
  });

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending !== null || !lastState) return;
    pending = setTimeout(function () { pending = null; render(lastState); }, 50);
  });
})();
