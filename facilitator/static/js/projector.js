/* The projector page: the current step large, results only once revealed. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var root = document.getElementById("app");
  var lang = root.dataset.lang;
  var stepNode = document.getElementById("step");
  var count = document.getElementById("count");
  var timer = L.Timer(document.getElementById("timer"));

  L.connect({ onState: render });

  function render(state) {
    var step = state.step;
    timer.update(state.timer);
    count.textContent = t("participants", { n: state.participants_total });
    stepNode.textContent = "";
    if (!state.session.live) { stepNode.appendChild(el("h1", { text: t("ended") })); return; }
    stepNode.appendChild(el("h1", { text: L.localized(step.title, lang) }));
    L.paragraphs(L.localized(step.prompt, lang)).forEach(function (p) { stepNode.appendChild(p); });
    if (step.view === "words" && step.results_visible) stepNode.appendChild(words(state.words || []));
    else if ((step.kind === "board" || step.kind === "actions" || step.kind === "canvas") && step.results_visible) stepNode.appendChild(board(state));
    if (step.kind === "weighted") {
      stepNode.appendChild(el("p", { class: "voters", text: t("respondents", { n: state.respondents || 0 }) }));
      if (!step.results_visible) stepNode.appendChild(el("p", { class: "help", text: t("results_hidden") }));
      else stepNode.appendChild(window.Assessment.decision(step, state.decision, lang));
    }
    if (step.kind === "scale" || step.kind === "poll" || step.kind === "quiz") {
      stepNode.appendChild(el("p", { class: "voters", text: t("respondents", { n: state.respondents || 0 }) }));
      if (!step.results_visible) stepNode.appendChild(el("p", { class: "help", text: t("results_hidden") }));
      else if (step.kind === "scale") {
        stepNode.appendChild(window.Assessment.profile(step, state.profile, lang));
        stepNode.appendChild(window.Assessment.scaleItems(step, state.items, lang));
      } else stepNode.appendChild(window.Assessment.choices(step, state.items[0], state, lang));
    }
    if (step.kind === "check" || step.kind === "risk") {
      stepNode.appendChild(el("p", { class: "voters", text: t("respondents", { n: state.respondents || 0 }) }));
      if (!step.results_visible) stepNode.appendChild(el("p", { class: "help", text: t("results_hidden") }));
      else if (step.kind === "check") stepNode.appendChild(window.Assessment.checkBars(state.items, lang));
      else if (step.mode === "traffic_light") stepNode.appendChild(window.Assessment.lights(state.items, lang, step));
      else {
        stepNode.appendChild(window.Assessment.matrix(step.matrix, state.items, lang));
        stepNode.appendChild(window.Assessment.hazardList(step, state.items, lang));
      }
    }
    if (step.kind === "dot_vote") {
      stepNode.appendChild(el("p", { class: "voters", text: t("voters", { n: state.voters || 0 }) }));
      if (state.dots_withheld && state.step.results_visible) stepNode.appendChild(el("p", { class: "figures withheld", text: t("too_few", { k: state.dots_withheld }) }));
      if (step.results_visible && !state.dots_withheld) stepNode.appendChild(bars(state));
      else stepNode.appendChild(el("p", { class: "help", text: t("results_hidden") }));
    }
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
    var canvas = state.step.kind === "canvas";
    var grid = el("div", { class: canvas ? "canvas-grid" : "wall-grid" });
    if (canvas) grid.style.gridTemplateColumns = "repeat(" + state.step.grid_columns + ", minmax(0, 1fr))";
    state.columns.forEach(function (column) {
      var list = el("ul", { class: "notes" });
      state.notes.filter(function (n) { return n.column === column.key; }).forEach(function (note) {
        var item = el("li", { class: "note" }, [el("p", { class: "note-text", text: note.text })]);
        if (note.merged.length) item.appendChild(el("p", { class: "merged", text: "+" + note.merged.length }));
        list.appendChild(item);
      });
      var field = el("section", { class: "wall-column" }, [
        el("h2", { text: L.localized(column.title, lang) }), list
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
})();
