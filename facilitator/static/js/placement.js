/* 2x2 placements: on the phone, place every item on two axes (two rows of large choices, one per
 * axis, changeable while input is open); on the projector, the cloud of the items' medians in
 * the four labelled quadrants with a numbered key; on the control page, the medians per group.
 * Every figure comes from the server's snapshot, after its gate. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var SVG = "http://www.w3.org/2000/svg";
  var QUADRANTS = ["top_left", "top_right", "bottom_left", "bottom_right"];

  function decimal(x, lang) {
    return x === null || x === undefined ? "–" : x.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  function axisChoices(step, axis, lang) {
    var spec = step[axis + "_axis"];
    var choices = [];
    for (var value = 1; value <= step.points; value++) {
      var end = value === 1 ? spec.low : (value === step.points ? spec.high : null);
      choices.push({ value: value, label: end ? value + " · " + L.localized(end, lang) : String(value) });
    }
    return { name: axis, title: L.localized(spec.title, lang), options: choices };
  }

  /* The phone: one card per item, each with a row of choices per axis. `send(event, payload)`
   * returns the server's ack as a promise; `showError(ack)` shows a refusal. */
  function phone(state, me, lang, send, showError) {
    var step = state.step;
    var items = state.items || [];
    var mine = (me && me.step_id === step.id && me.answers) || {};
    var axes = [axisChoices(step, "x", lang), axisChoices(step, "y", lang)];
    var done = items.filter(function (item) {
      var given = mine[String(item.id)] || {};
      return given.x !== undefined && given.y !== undefined;
    }).length;
    var box = el("div", { class: "items quadrant-items" }, [
      el("p", { class: "dots-left", role: "status", text: t("answered", { n: done, total: items.length }) })
    ]);
    items.forEach(function (item) {
      var given = mine[String(item.id)] || {};
      var textId = "item-" + item.id;
      var card = el("section", { class: "item", "aria-labelledby": textId }, [
        el("p", { class: "item-text", id: textId, text: L.itemText(item, lang) })
      ]);
      axes.forEach(function (axis) {
        var group = el("fieldset", { class: "scale scale-" + axis.name }, [el("legend", { text: axis.title })]);
        axis.options.forEach(function (option) {
          var id = "a-" + item.id + "-" + axis.name + "-" + option.value;
          var input = el("input", {
            type: "radio", id: id, name: "a-" + item.id + "-" + axis.name, value: String(option.value),
            checked: given[axis.name] === option.value, disabled: !step.open, "data-focus-key": id,
            on: { change: function () {
              send("answer:set", { step_id: step.id, item_id: item.id, dimension: axis.name, value: option.value }).then(showError);
            } }
          });
          group.appendChild(el("label", { class: "choice", for: id }, [input, el("span", { text: option.label })]));
        });
        card.appendChild(group);
      });
      if (step.open && Object.keys(given).length) {
        card.appendChild(el("button", {
          type: "button", class: "button small", "data-focus-key": "skip-" + item.id, text: t("skip_clear"),
          "aria-describedby": textId,
          on: { click: function () { send("answer:skip", { step_id: step.id, item_id: item.id }).then(showError); } }
        }));
      }
      box.appendChild(card);
    });
    return box;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The cloud: the square with its middle lines, the quadrants' labels in the corners, each
   * released item a numbered dot at its medians (items at the same place side by side). */
  function cloud(step, rows, lang) {
    var size = 440, pad = 34, span = size - 2 * pad, steps = Math.max(1, step.points - 1);
    function at(value, flip) {
      var share = (value - 1) / steps;
      return pad + span * (flip ? 1 - share : share);
    }
    var title = L.localized(step.title, lang);
    var picture = svg("svg", { viewBox: "0 0 " + size + " " + size, class: "quadrant-cloud", role: "img", "aria-label": title });
    picture.appendChild(svg("rect", { x: 1, y: 1, width: size - 2, height: size - 2, rx: 8, class: "quadrant-frame" }));
    var middle = at((step.points + 1) / 2, false);
    picture.appendChild(svg("line", { x1: middle, y1: 0, x2: middle, y2: size, class: "quadrant-line" }));
    picture.appendChild(svg("line", { x1: 0, y1: middle, x2: size, y2: middle, class: "quadrant-line" }));
    var corners = { top_left: [10, 24, "start"], top_right: [size - 10, 24, "end"], bottom_left: [10, size - 12, "start"], bottom_right: [size - 10, size - 12, "end"] };
    QUADRANTS.forEach(function (name) {
      var c = corners[name];
      picture.appendChild(svg("text", { x: c[0], y: c[1], "text-anchor": c[2], class: "quadrant-label" }, L.localized(step.quadrants[name], lang)));
    });
    var placed = {};
    rows.forEach(function (row) {
      var r = row.result;
      if (r.too_few || !r.x || !r.y) return;
      var key = r.x.median + "-" + r.y.median;
      (placed[key] = placed[key] || { x: r.x.median, y: r.y.median, numbers: [] }).numbers.push(row.number);
    });
    Object.keys(placed).forEach(function (key) {
      var spot = placed[key], count = spot.numbers.length;
      var columns = Math.ceil(Math.sqrt(count)), rows = Math.ceil(count / columns);
      spot.numbers.forEach(function (number, index) {  // items at one place: a small block
        var column = index % columns, row = Math.floor(index / columns);
        var cx = at(spot.x, false) + (column - (columns - 1) / 2) * 26;
        var cy = at(spot.y, true) + (row - (rows - 1) / 2) * 26;
        picture.appendChild(svg("circle", { cx: cx, cy: cy, r: 12.5, class: "quadrant-dot" }));
        picture.appendChild(svg("text", { x: cx, y: cy + 5, "text-anchor": "middle", class: "quadrant-number" }, String(number)));
      });
    });
    return picture;
  }

  function keyLine(step, row, lang) {
    var r = row.result;
    if (r.too_few) return t("too_few", { k: r.k });
    var where = r.quadrant ? L.localized(step.quadrants[r.quadrant], lang) : t("quadrant_between");
    return t("quadrant_figures", {
      x: decimal(r.x && r.x.median, lang), y: decimal(r.y && r.y.median, lang), where: where, n: r.n
    });
  }

  function textOf(state, id, lang) {
    var item = (state.items || []).filter(function (i) { return i.id === id; })[0];
    return item ? L.itemText(item, lang) : "";
  }

  /* The numbered key beside the cloud: each item with its medians and quadrant. */
  function key(state, lang) {
    var step = state.step;
    var list = el("ol", { class: "hazards quadrant-key" });
    (state.placements || []).forEach(function (row) {
      list.appendChild(el("li", { class: "hazard" + (row.result.too_few ? " withheld" : "") }, [
        el("p", { class: "item-text", text: textOf(state, row.item_id, lang) }),
        el("p", { class: "figures", text: keyLine(step, row, lang) })
      ]));
    });
    return list;
  }

  /* The projector: the cloud and, beside it, the key (projector.js pages the key). */
  function projector(state, lang) {
    var step = state.step;
    var axes = el("p", { class: "quadrant-axes", text: t("quadrant_axes", {
      x: L.localized(step.x_axis.title, lang), y: L.localized(step.y_axis.title, lang)
    }) });
    return { cloud: el("div", { class: "quadrant-box" }, [cloud(step, state.placements || [], lang), axes]), key: key(state, lang) };
  }

  /* The control page: the cloud, the key and per item the medians of each released group. */
  function control(state, lang) {
    var step = state.step;
    var parts = projector(state, lang);
    var box = el("div", { class: "quadrant-control" }, [parts.cloud, parts.key]);
    (state.placements || []).forEach(function (row) {
      var r = row.result;
      var groups = r.groups || [];
      if (!groups.length) {
        if (r.withheld && !r.too_few) box.appendChild(el("p", { class: "withheld-note", text: row.number + ": " + t("withheld_" + r.withheld, { k: r.k }) }));
        return;
      }
      var table = el("table", { class: "group-table" }, [el("caption", { text: row.number + ". " + textOf(state, row.item_id, lang) + " · " + t("by_group") })]);
      groups.forEach(function (g) {
        table.appendChild(el("tr", {}, [
          el("th", { scope: "row", text: g.name === "*" ? t("other_groups") : g.name }),
          el("td", { text: keyLine(step, { result: g }, lang) })
        ]));
      });
      box.appendChild(table);
    });
    return box;
  }

  L.inputs.placement = {  // the input `matrix2x2` steps declare
    phone: phone,
    projector: function (state, lang, pager) {  // the cloud, and beside it the key, paged
      var parts = projector(state, lang);
      return el("div", { class: "matrix-layout" }, [parts.cloud, pager(parts.key, "rotate")]);
    },
    control: control
  };
})();
