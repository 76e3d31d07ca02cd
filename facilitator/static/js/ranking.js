/* Rank-order steps: on the phone, put the options in order with "up" and "down" buttons (no
 * dragging: one thumb, a screen reader or a keyboard all work the same) and save the whole
 * order at once; on the projector and the control page, the options by mean rank with their
 * Borda points, as far as the server's gate released them. Nothing is computed here but the
 * phone's unsaved order. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var draft = null;  // the phone's order being arranged: {step, order: [item ids], dirty}

  function decimal(x, lang) {
    return x === null || x === undefined ? "–" : x.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  /* The order this person saved (every option has a place), else null. */
  function savedOrder(items, mine) {
    var places = items.map(function (item) { return ((mine[String(item.id)] || {}).rank); });
    if (places.some(function (p) { return p === undefined; })) return null;
    return items.map(function (item, i) { return { id: item.id, place: places[i] }; })
      .sort(function (a, b) { return a.place - b.place; })
      .map(function (entry) { return entry.id; });
  }

  function same(a, b) {
    return a.length === b.length && a.every(function (id, i) { return id === b[i]; });
  }

  /* The phone: the options in the person's order, each with its place and two buttons, a
   * status line saying whether this order is saved, and the save button. `send(event,
   * payload)` returns the server's ack as a promise; `showError(ack)` shows a refusal. */
  function phone(state, me, lang, send, showError) {
    var step = state.step;
    var items = state.items || [];
    var mine = (me && me.step_id === step.id && me.answers) || {};
    var saved = savedOrder(items, mine);
    var ids = items.map(function (item) { return item.id; });
    if (!draft || draft.step !== step.id) draft = { step: step.id, order: null, dirty: false };
    if (!draft.dirty || !step.open) draft.order = (saved || ids).slice();
    // options switched on or off meanwhile: keep the arranged ones, add new ones at the end
    draft.order = draft.order.filter(function (id) { return ids.indexOf(id) >= 0; })
      .concat(ids.filter(function (id) { return draft.order.indexOf(id) < 0; }));
    var byId = {};
    items.forEach(function (item) { byId[item.id] = item; });

    // data-whole: the handlers below keep references to these nodes, so a redraw replaces them
    var box = el("section", { class: "rank-order", "aria-labelledby": "rank-heading", "data-whole": true });
    box.appendChild(el("h2", { id: "rank-heading", text: t("rank_heading") }));
    box.appendChild(el("p", { class: "help", id: "rank-help", text: t("rank_help") }));
    var announce = el("p", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    var list = el("ol", { class: "rank-list", "aria-describedby": "rank-help" });
    var status = el("p", { class: "rank-status", role: "status" });
    var save = el("button", { type: "button", class: "button primary wide", "data-focus-key": "rank-save", text: t("rank_save") });

    function textOf(id) { return L.localized(byId[id].text, lang); }

    function showStatus() {
      var isSaved = saved && same(saved, draft.order);
      status.textContent = isSaved ? t("rank_saved") : (saved ? t("rank_changed") : t("rank_unsaved"));
      status.classList.toggle("flag-ok", Boolean(isSaved));
      save.disabled = !step.open || Boolean(isSaved);
    }

    function move(id, by, focusKey) {
      var at = draft.order.indexOf(id), to = at + by;
      if (to < 0 || to >= draft.order.length) return;
      draft.order.splice(at, 1);
      draft.order.splice(to, 0, id);
      draft.dirty = true;
      fill();
      announce.textContent = t("rank_moved", { text: textOf(id), n: to + 1, total: draft.order.length });
      var again = list.querySelector('[data-focus-key="' + focusKey + '"]');
      if (again && again.disabled) {  // at the top or the bottom now: the other button
        again = list.querySelector('[data-focus-key="' + (by < 0 ? "rank-down-" : "rank-up-") + id + '"]');
      }
      if (again) again.focus();
    }

    function fill() {
      list.textContent = "";
      draft.order.forEach(function (id, index) {
        var text = textOf(id);
        var last = index === draft.order.length - 1;
        list.appendChild(el("li", { class: "rank-row" }, [
          el("span", { class: "rank-place", "aria-hidden": "true", text: String(index + 1) }),
          el("span", { class: "rank-text", text: text }),
          el("span", { class: "rank-moves" }, [
            el("button", {
              type: "button", class: "button rank-move", "data-focus-key": "rank-up-" + id,
              "aria-label": t("rank_up_label", { text: text }), disabled: !step.open || index === 0,
              on: { click: function () { move(id, -1, "rank-up-" + id); } }
            }, [el("span", { "aria-hidden": "true", text: "▲ " }), el("span", { text: t("rank_up") })]),
            el("button", {
              type: "button", class: "button rank-move", "data-focus-key": "rank-down-" + id,
              "aria-label": t("rank_down_label", { text: text }), disabled: !step.open || last,
              on: { click: function () { move(id, 1, "rank-down-" + id); } }
            }, [el("span", { "aria-hidden": "true", text: "▼ " }), el("span", { text: t("rank_down") })])
          ])
        ]));
      });
      showStatus();
    }

    save.addEventListener("click", function () {
      var order = draft.order.slice();
      save.disabled = true;
      send("rank:set", { step_id: step.id, order: order.join(",") }).then(function (ack) {
        if (showError(ack)) {
          draft.dirty = false;
          saved = order;
          announce.textContent = t("rank_saved");
        }
        showStatus();
      });
    });

    fill();
    box.appendChild(list);
    box.appendChild(announce);
    box.appendChild(status);
    if (step.open) box.appendChild(save);
    return box;
  }

  function tooFew(text, result) {
    return el("li", { class: "bar withheld" }, [
      el("span", { class: "bar-label", text: text }),
      el("span", { class: "figures", text: t("too_few", { k: result.k }) })
    ]);
  }

  function textOf(state, id, lang) {
    var item = (state.items || []).filter(function (i) { return i.id === id; })[0];
    return item ? L.localized(item.text, lang) : "";
  }

  /* The projector: the options by mean rank as bars of their Borda points. */
  function projector(state, lang) {
    var rows = state.ranks || [];
    var top = Math.max.apply(null, [1].concat(rows.map(function (r) { return r.result.borda || 0; })));
    var list = el("ol", { class: "bars rank-bars" });
    rows.forEach(function (row) {
      var text = textOf(state, row.item_id, lang);
      if (row.result.too_few) { list.appendChild(tooFew(text, row.result)); return; }
      var fill = el("span", { class: "bar-fill" });
      fill.style.width = Math.round(100 * row.result.borda / top) + "%";
      list.appendChild(el("li", { class: "bar" }, [
        el("span", { class: "bar-label" }, [
          el("span", { text: text }),
          el("span", { class: "rank-figures", text: t("rank_figures", { mean: decimal(row.result.mean, lang), borda: row.result.borda }) })
        ]),
        el("span", { class: "bar-track" }, [fill]),
        el("span", { class: "bar-value", text: String(row.result.borda) })
      ]));
    });
    return list;
  }

  /* The control page: the projector's list, and per option its mean rank in each released
   * group (or why the groups are withheld). */
  function control(state, lang) {
    var box = el("div", { class: "rank-control" });
    box.appendChild(projector(state, lang));
    var rows = (state.ranks || []).filter(function (row) { return !row.result.too_few; });
    var first = rows[0];
    if (!first) return box;
    var groups = first.result.groups || [];
    if (!groups.length) {
      if (first.result.withheld) box.appendChild(el("p", { class: "withheld-note", text: t("withheld_" + first.result.withheld, { k: first.result.k }) }));
      return box;
    }
    var table = el("table", { class: "group-table" }, [el("caption", { text: t("rank_by_group") })]);
    var head = el("tr", {}, [el("th", { scope: "col", text: t("rank_option") })]);
    groups.forEach(function (g) { head.appendChild(el("th", { scope: "col", text: g.name === "*" ? t("other_groups") : g.name })); });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    rows.forEach(function (row) {
      var line = el("tr", {}, [el("th", { scope: "row", text: textOf(state, row.item_id, lang) })]);
      (row.result.groups || []).forEach(function (g) { line.appendChild(el("td", { text: decimal(g.mean, lang) })); });
      body.appendChild(line);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  L.inputs.order = {  // the input `rank_order` steps declare
    phone: phone,
    projector: function (state, lang, pager) { return pager(projector(state, lang), "top"); },
    control: control
  };
})();
