/* Result views of the risk assessment, shared by the projector and the control page:
 * a check's answers per statement, the risk matrix, the prioritised hazard list and the
 * traffic lights. Everything is rendered from the snapshot's figures; nothing is computed
 * here but the order (the same rule as the report's: highest level first, then most raters). */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;

  function percent(share) {
    return share === null || share === undefined ? "–" : Math.round(100 * share) + " %";
  }

  function segment(cls, value, total, label) {
    var part = el("span", { class: "seg seg-" + cls, title: label + ": " + value });
    part.style.width = (100 * value / total) + "%";
    if (value) part.textContent = String(value);
    return part;
  }

  function ranked(items) {
    return items.map(function (item, index) { return { item: item, index: index }; })
      .sort(function (a, b) {
        var ra = a.item.result || {}, rb = b.item.result || {};
        var la = ra.figure !== undefined ? ra.figure : ra.level, lb = rb.figure !== undefined ? rb.figure : rb.level;
        if ((la === null || la === undefined) !== (lb === null || lb === undefined)) return (la === null || la === undefined) ? 1 : -1;
        if ((lb || 0) !== (la || 0)) return (lb || 0) - (la || 0);
        if ((rb.n || 0) !== (ra.n || 0)) return (rb.n || 0) - (ra.n || 0);
        return a.index - b.index;
      })
      .map(function (entry) { return entry.item; });
  }

  /* An item whose figures the server's disclosure gate withheld: one line saying why. */
  function tooFew(item, lang) {
    return el("li", { class: "check-row withheld" }, [
      el("p", { class: "item-text", text: L.itemText(item, lang) }),
      el("p", { class: "figures", text: t("too_few", { k: item.result.k }) })
    ]);
  }

  function withheld(item) {
    return Boolean(item.result && item.result.too_few);
  }

  function checkBars(items, lang) {
    var list = el("ul", { class: "check-results" });
    var lastArea = null;
    items.forEach(function (item) {
      var r = item.result || { yes: 0, no: 0, na: 0 };
      var area = L.localized(item.area, lang);
      if (area && area !== lastArea) { list.appendChild(el("li", { class: "area-head", text: area })); lastArea = area; }
      if (withheld(item)) { list.appendChild(tooFew(item, lang)); return; }
      var total = (r.yes + r.no + r.na) || 1;
      list.appendChild(el("li", { class: "check-row" + (r.flagged ? " flagged" : "") }, [
        el("p", { class: "item-text", text: L.itemText(item, lang) }),
        el("span", { class: "stack", "aria-hidden": "true" }, [
          segment("yes", r.yes, total, t("yes")), segment("no", r.no, total, t("no")),
          segment("na", r.na, total, t("not_applicable"))
        ]),
        el("p", { class: "figures", text: t("check_figures", { yes: r.yes, no: r.no, na: r.na, share: percent(r.no_share) }) }),
        r.flagged ? el("p", { class: "flag", text: t("unmet") }) : null
      ]));
    });
    return list;
  }

  function classIndex(matrix, figure) {
    for (var i = 0; i < matrix.classes.length; i++) {
      if (figure >= matrix.classes[i].min && figure <= matrix.classes[i].max) return i;
    }
    return 0;
  }

  function classLabel(matrix, key, lang) {
    var found = matrix.classes.filter(function (c) { return c.key === key; })[0];
    return found ? L.localized(found.label, lang) : "";
  }

  /* Likelihood upwards, severity to the right; each hazard placed by its medians, numbered by
   * its rank in the prioritised list. */
  function matrix(m, items, lang) {
    var placed = {};
    ranked(items).forEach(function (item, index) {
      var r = item.result || {};
      if (r.likelihood && r.severity) {
        var cell = r.likelihood.median + "-" + r.severity.median;
        (placed[cell] = placed[cell] || []).push(index + 1);
      }
    });
    var table = el("table", { class: "risk-matrix" }, [el("caption", { text: L.localized(m.name, lang) })]);
    var head = el("tr", {}, [el("th", { scope: "col", class: "corner", text: t("likelihood") + " \u2193 \u00b7 " + t("severity") + " \u2192" })]);
    m.severity.forEach(function (label, s) {
      head.appendChild(el("th", { scope: "col", text: (s + 1) + " \u00b7 " + L.localized(label, lang) }));
    });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    for (var l = m.likelihood.length; l >= 1; l--) {
      var row = el("tr", {}, [el("th", { scope: "row", text: l + " \u00b7 " + L.localized(m.likelihood[l - 1], lang) })]);
      for (var s = 1; s <= m.severity.length; s++) {
        var figure = m.table[l - 1][s - 1];
        var markers = (placed[l + "-" + s] || []).map(function (rank) {
          return el("span", { class: "marker", text: String(rank) });
        });
        row.appendChild(el("td", { class: "risk-" + classIndex(m, figure), "data-cell": l + "-" + s }, [el("span", { class: "figure", text: String(figure) })].concat(markers)));
      }
      body.appendChild(row);
    }
    table.appendChild(body);
    var legend = el("ul", { class: "risk-legend" });
    m.classes.forEach(function (c, index) {
      legend.appendChild(el("li", {}, [el("span", { class: "swatch risk-" + index }), el("span", { text: L.localized(c.label, lang) + " (" + c.min + "–" + c.max + ")" })]));
    });
    return el("div", { class: "matrix-box" }, [table, legend]);
  }

  function spreadText(spread) {
    if (!spread) return "–";
    return spread.median + " (" + spread.low + "–" + spread.high + ")";
  }

  function hazardList(step, items, lang) {
    var list = el("ol", { class: "hazards" });
    ranked(items).forEach(function (item) {
      if (withheld(item)) { list.appendChild(tooFew(item, lang)); return; }
      var r = item.result || {};
      var line = step.mode === "traffic_light"
        ? t("lights_line", { green: r.green || 0, yellow: r.yellow || 0, red: r.red || 0, n: r.n || 0 })
        : t("risk_line", {
          cls: r.risk_class ? classLabel(step.matrix, r.risk_class, lang) + " (" + r.figure + ")" : "–",
          l: spreadText(r.likelihood), s: spreadText(r.severity), n: r.n || 0
        });
      var cls = r.risk_class && step.matrix ? " risk-" + classIndex(step.matrix, r.figure) : "";
      list.appendChild(el("li", { class: "hazard" + (r.flagged ? " flagged" : "") }, [
        el("p", { class: "item-text", text: L.itemText(item, lang) }),
        el("p", { class: "figures" + cls, text: line }),
        r.disagreement ? el("p", { class: "flag", text: t("disagreement") }) : null
      ]));
    });
    return list;
  }

  function lights(items, lang, step) {
    var labels = L.lightLabels(step, lang);
    var list = el("ol", { class: "hazards lights" });
    ranked(items).forEach(function (item) {
      if (withheld(item)) { list.appendChild(tooFew(item, lang)); return; }
      var r = item.result || { green: 0, yellow: 0, red: 0, n: 0 };
      var total = (r.green + r.yellow + r.red) || 1;
      list.appendChild(el("li", { class: "hazard" + (r.flagged ? " flagged" : "") }, [
        el("p", { class: "item-text", text: L.itemText(item, lang) }),
        el("span", { class: "stack", "aria-hidden": "true" }, [
          segment("green", r.green, total, labels[0]), segment("yellow", r.yellow, total, labels[1]),
          segment("red", r.red, total, labels[2])
        ]),
        el("p", { class: "figures", text: t("lights_line", { green: r.green, yellow: r.yellow, red: r.red, n: r.n }) }),
        r.disagreement ? el("p", { class: "flag", text: t("disagreement") }) : null
      ]));
    });
    return list;
  }

  /* Per-group figures for the control page (groups below the threshold are pooled or left out
   * by the server). */
  function groupTable(step, item, lang) {
    var groups = (item.result && item.result.groups) || [];
    var reason = item.result && item.result.withheld;
    var note = reason ? el("p", { class: "withheld-note", tabindex: "0", title: t("withheld_" + reason, { k: item.result.k }), text: t("withheld_" + reason, { k: item.result.k }) }) : null;
    if (!groups.length) return note;
    var table = el("table", { class: "group-table" }, [el("caption", { text: t("by_group") })]);
    groups.forEach(function (g) {
      var name = g.name === "*" ? t("other_groups") : g.name;
      var text;
      if (step.answer === "yes_no") text = t("check_figures", { yes: g.yes, no: g.no, na: g.na, share: percent(g.no_share) });
      else if (step.answer === "likert" && step.nominal) text = step.labels.map(function (label, i) { return L.localized(label, lang) + ": " + (((g.scale || {}).answer || { distribution: [] }).distribution[i] || 0); }).join(" · ");
      else if (step.answer === "likert") text = Object.keys(g.scale || {}).map(function (v) { return t("mean", { m: decimal(g.scale[v].mean, lang), n: g.scale[v].n }) + variantLabel(step, v, lang); }).join("; ");
      else if (step.answer === "choice") text = step.options.map(function (o, i) { return L.localized(o.text, lang) + ": " + ((g.counts || [])[i] || 0); }).join(" · ");
      else if (step.mode === "traffic_light") text = t("lights_line", { green: g.green, yellow: g.yellow, red: g.red, n: g.n });
      else text = t("risk_line", { cls: g.risk_class ? classLabel(step.matrix, g.risk_class, lang) + " (" + g.figure + ")" : "–", l: spreadText(g.likelihood), s: spreadText(g.severity), n: g.n });
      table.appendChild(el("tr", {}, [el("th", { scope: "row", text: name }), el("td", { text: text })]));
    });
    return note ? el("div", {}, [table, note]) : table;
  }

  /* --- surveys, polls and quizzes ------------------------------------------------------- */

  function decimal(x, lang) {
    return x === null || x === undefined ? "–" : x.toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }

  /* A bar of a mean on the scale first … first + points - 1 (`first`: the number of the first
   * label, 1 unless the step says otherwise). */
  function meanBar(label, mean, n, points, lang, first) {
    var low = first === undefined || first === null ? 1 : first;
    var fill = el("span", { class: "bar-fill" });
    fill.style.width = mean === null || mean === undefined ? "0%" : Math.round(100 * (mean - low) / Math.max(1, points - 1)) + "%";
    return el("li", { class: "bar" }, [
      el("span", { class: "bar-label", text: label }),
      el("span", { class: "bar-track" }, [fill]),
      el("span", { class: "bar-value", text: decimal(mean, lang) })
    ]);
  }

  function dimensionTitle(step, key, lang) {
    var found = (step.dimensions || []).filter(function (d) { return d.key === key; })[0];
    return found ? L.localized(found.title, lang) : t("all_items");
  }

  function variantLabel(step, variant, lang) {
    if (!step.variants || variant === "answer") return "";
    return " · " + L.localized(step.variants[Number(variant.slice(1)) - 1], lang);
  }

  /* A scale's profile: the mean of every dimension (and variant) on the scale's numbers. */
  function profile(step, rows, lang) {
    if (step.nominal) return el("div");
    var list = el("ol", { class: "bars profile", "aria-label": t("profile") });
    (rows || []).forEach(function (row) {
      list.appendChild(meanBar(dimensionTitle(step, row.dimension, lang) + variantLabel(step, row.variant, lang), row.mean, row.n, step.points, lang, step.first_value));
    });
    return list;
  }

  function scaleItems(step, items, lang) {
    if (step.nominal) return distributions(step, items, lang);
    var list = el("ol", { class: "bars scale-items" });
    items.forEach(function (item) {
      if (withheld(item)) { list.appendChild(tooFew(item, lang)); return; }
      var scale = (item.result && item.result.scale) || {};
      Object.keys(scale).forEach(function (variant) {
        list.appendChild(meanBar(L.localized(item.text, lang) + variantLabel(step, variant, lang), scale[variant].mean, scale[variant].n, step.points, lang, step.first_value));
      });
    });
    return list;
  }

  /* Categories without an order: how many chose each, per item. */
  function distributions(step, items, lang) {
    var list = el("ul", { class: "check-results" });
    items.forEach(function (item) {
      if (withheld(item)) { list.appendChild(tooFew(item, lang)); return; }
      var scale = ((item.result && item.result.scale) || {}).answer || { distribution: [] };
      list.appendChild(el("li", { class: "check-row" }, [
        el("p", { class: "item-text", text: L.localized(item.text, lang) }),
        el("p", { class: "figures", text: step.labels.map(function (label, i) {
          return L.localized(label, lang) + ": " + (scale.distribution[i] || 0);
        }).join(" · ") })
      ]));
    });
    return list;
  }

  /* A poll's or quiz's bars; after a quiz's reveal the right options are marked. */
  function choices(step, item, state, lang) {
    if (item && withheld(item)) {
      /* no counts, but the options (and, once revealed, the right ones) stay readable */
      var plain = el("ul", { class: "options-plain" });
      step.options.forEach(function (option) {
        var right = step.correct && step.correct.indexOf(option.key) >= 0;
        plain.appendChild(el("li", { class: right ? "correct" : "", text: L.localized(option.text, lang) + (right ? " ✓ " + t("correct") : "") }));
      });
      var hidden = el("div", {}, [plain, el("p", { class: "figures withheld", text: t("too_few", { k: item.result.k }) })]);
      if (step.correct && step.explanation) hidden.appendChild(el("p", { text: L.localized(step.explanation, lang) }));
      return hidden;
    }
    var counts = (item && item.result && item.result.counts) || step.options.map(function () { return 0; });
    var top = Math.max.apply(null, [1].concat(counts));
    var list = el("ol", { class: "bars" });
    step.options.forEach(function (option, index) {
      var correct = step.correct && step.correct.indexOf(option.key) >= 0;
      var fill = el("span", { class: "bar-fill" });
      fill.style.width = Math.round(100 * counts[index] / top) + "%";
      list.appendChild(el("li", { class: "bar" + (correct ? " correct" : "") }, [
        el("span", { class: "bar-label", text: L.localized(option.text, lang) + (correct ? " ✓ " + t("correct") : "") }),
        el("span", { class: "bar-track" }, [fill]),
        el("span", { class: "bar-value", text: String(counts[index]) })
      ]));
    });
    var box = el("div", {}, [list]);
    if (step.correct) {
      if (state.chose_right !== null && state.chose_right !== undefined) box.appendChild(el("p", { class: "flag-ok", text: t("chose_right", { n: state.chose_right }) }));
      if (step.explanation) box.appendChild(el("p", { text: L.localized(step.explanation, lang) }));
    }
    return box;
  }

  /* A weighted decision: the criteria's weights, and the options by weighted score with the
   * spread of the respondents' own scores. */
  function decision(step, result, lang) {
    var box = el("div", { class: "decision" });
    if (!result) return box;
    if (result.too_few) { box.appendChild(el("p", { class: "figures withheld", text: t("too_few", { k: result.k }) })); return box; }
    var weights = el("ol", { class: "bars", "aria-label": t("weights") });
    step.criteria.forEach(function (criterion, index) {
      var share = result.weights[index] || 0;
      var fill = el("span", { class: "bar-fill" });
      fill.style.width = Math.round(100 * share) + "%";
      weights.appendChild(el("li", { class: "bar" }, [
        el("span", { class: "bar-label", text: L.localized(criterion.text, lang) }),
        el("span", { class: "bar-track" }, [fill]),
        el("span", { class: "bar-value", text: Math.round(100 * share) + " %" })
      ]));
    });
    box.appendChild(el("h2", { text: t("weights") }));
    box.appendChild(weights);
    var order = step.options.map(function (option, index) { return { option: option, score: result.options[index] }; })
      .sort(function (a, b) { return (b.score.score || 0) - (a.score.score || 0); });
    var list = el("ol", { class: "bars" });
    order.forEach(function (entry) {
      var s = entry.score;
      list.appendChild(meanBar(L.localized(entry.option.text, lang), s.score, s.raters, step.points, lang));
      list.appendChild(el("li", { class: "help", text: t("score_spread", { low: decimal(s.low, lang), high: decimal(s.high, lang), n: s.raters }) }));
    });
    box.appendChild(el("h2", { text: t("weighted_scores") }));
    box.appendChild(list);
    return box;
  }

  window.Assessment = {
    decision: decision,
    profile: profile, scaleItems: scaleItems, choices: choices, decimal: decimal,
    checkBars: checkBars, matrix: matrix, hazardList: hazardList, lights: lights,
    groupTable: groupTable, ranked: ranked
  };
})();
