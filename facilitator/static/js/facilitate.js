/* The facilitator's control page: live state, step controls and note moderation. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var root = document.getElementById("app");
  var lang = root.dataset.lang;
  var base = root.dataset.base;
  var stepHome = document.getElementById("step");
  var stepNode = stepHome;  // while drawing: a fresh node, then morphed into the page (render)
  var participants = document.getElementById("participants");
  var notesHelp = document.getElementById("facilitator-notes");
  var timer = L.Timer(document.getElementById("timer"));
  var status = document.getElementById("status");
  var queueBox = document.getElementById("moderation");
  var queueList = document.getElementById("moderation-list");
  var queueCount = document.getElementById("moderation-count");

  var chosenStop = {};  // note id -> STOP type picked before handing over (survives re-renders)

  L.connect({ onState: render });

  /* Keyboard: → next step, ← previous, O open/close input, R reveal/hide results, T timer,
   * A approve the first waiting note. Each key presses the button that is shown; never while
   * typing in a field. */
  var KEYS = {
    ArrowRight: ['[data-move="next"]'],
    ArrowLeft: ['[data-move="previous"]'],
    o: ['[data-toggle="input-open"]', '[data-toggle="input-close"]'],
    r: ['[data-toggle="results-reveal"]', '[data-toggle="results-hide"]'],
    t: ['[data-toggle="timer-start"]', '[data-toggle="timer-stop"]'],
    a: ['[data-toggle="approve-first"]']
  };
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    var selectors = KEYS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
    if (!selectors) return;
    var form = null;
    selectors.forEach(function (selector) {
      var candidate = document.querySelector("form" + selector);
      if (candidate && !candidate.hidden) form = candidate;
    });
    var button = form && form.querySelector("button[type=submit]");
    if (!button || button.disabled) return;
    event.preventDefault();
    form.requestSubmit(button);
  });

  /* Show the one button of each pair that applies now (open or close, reveal or hide …). */
  function showToggles(state) {
    var step = state.step, live = state.session.live;
    var running = !!(state.timer && state.timer.ends_at);
    var moderation = state.moderation;
    var shown = {
      "moderation-on": live && !!moderation && !moderation.on,
      "moderation-off": live && !!moderation && moderation.on,
      "input-open": live && step.has_input && !step.open,
      "input-close": step.has_input && step.open,
      "results-reveal": !step.results_visible,
      "results-hide": step.results_visible,
      "timer-start": live && !running,
      "timer-stop": running,
      "end": live,
      "reopen": !live
    };
    Object.keys(shown).forEach(function (name) {
      var form = document.querySelector('[data-toggle="' + name + '"]');
      if (form) form.hidden = !shown[name];
    });
    document.getElementById("ended-note").hidden = live;
    if (!live) document.querySelectorAll('[data-toggle="end"] input[type=checkbox]').forEach(function (box) { box.checked = false; });
    document.querySelectorAll("form[data-move]").forEach(function (form) {
      var target = step.position + (form.dataset.move === "next" ? 1 : -1);
      form.querySelector("input[name=position]").value = String(Math.max(target, 0));
      form.querySelector("button").disabled = !live || target < 0 || target >= step.count;
    });
  }

  /* Every control form posts in the background; the new state arrives over the socket. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-control")) return;
    event.preventDefault();
    var submitter = event.submitter;
    var extra = {};
    if (submitter && submitter.name) extra[submitter.name] = submitter.value;
    L.postForm(form, extra).then(function (result) {
      if (!result.ok) { status.textContent = result.message || t("error"); status.classList.add("status-bad"); }
      else form.reset();  // done: what was typed or ticked for it is used up
    }, function () { status.textContent = t("error"); status.classList.add("status-bad"); });
  });

  function controlForm(path, fields, label, cls) {
    // its key: what it does to what (the same form on the next snapshot, never another note's)
    var form = el("form", { method: "post", action: base + path, class: "inline-form", "data-control": true,
      "data-key": path + " " + JSON.stringify(fields) }, [
      el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf })
    ]);
    Object.keys(fields).forEach(function (name) {
      form.appendChild(el("input", { type: "hidden", name: name, value: String(fields[name]) }));
    });
    form.appendChild(el("button", { type: "submit", class: cls || "button small", text: label }));
    return form;
  }

  /* A proposal into the action plan, with its STOP type (preselected from an "S:/T:/O:/P:"
   * prefix, else O); the server takes each proposal over once. */
  function toActionForm(note) {
    var id = "stop-" + note.id;
    var select = el("select", { id: id, name: "stop_type", on: { change: function (event) { chosenStop[note.id] = event.target.value; } } });
    ["S", "T", "O", "P"].forEach(function (type) {
      select.appendChild(el("option", { value: type, text: t("stop_" + type) }));
    });
    select.value = chosenStop[note.id] || note.stop_type || "O";
    return el("form", { method: "post", action: base + "/notes/to-action", class: "inline-form to-action", "data-control": true, "data-key": "to-action-" + note.id }, [
      el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
      el("input", { type: "hidden", name: "note_id", value: String(note.id) }),
      el("label", { for: id, text: t("stop_type") }), select,
      el("button", { type: "submit", class: "button small", text: t("to_action_plan") })
    ]);
  }

  /* The moderation queue: notes waiting for approval, oldest first. Real buttons in reading
   * order (approve, hide per note; approve all first); focus stays where it was, or moves to
   * the next note's button when the focused note has left the queue. */
  function queueButton(form, key, index, label) {
    var button = form.querySelector("button");
    button.setAttribute("data-focus-key", key);
    button.setAttribute("data-index", String(index));
    if (label) button.setAttribute("aria-label", label);
    return form;
  }

  function renderModeration(state) {
    if (!queueBox) return;  // a page without the queue
    var moderation = state.moderation;
    var queue = moderation ? moderation.queue : [];
    queueBox.hidden = !moderation || (!moderation.on && !queue.length);
    var active = document.activeElement;
    var inQueue = active && queueList.contains(active) && active.dataset.focusKey;
    var focusKey = inQueue ? active.dataset.focusKey : null;
    var focusIndex = inQueue ? Number(active.dataset.index) : -1;
    var counted = queue.length ? t("queue_count", { n: queue.length }) : t("queue_empty");
    if (moderation && !moderation.on && queue.length) counted = t("queue_off") + " " + counted;
    if (queueCount.textContent !== counted) queueCount.textContent = counted;
    queueList.textContent = "";
    if (!queue.length) {
      if (inQueue) document.getElementById("moderation-title").focus();
      return;
    }
    var newest = Math.max.apply(null, queue.map(function (note) { return note.id; }));
    queueList.appendChild(queueButton(controlForm("/notes/approve-all", { step_id: state.step.id, up_to: newest }, t("approve_all"), "button small primary"), "approve-all", -1));
    var titles = {};
    state.columns.forEach(function (column) { titles[column.key] = L.localized(column.title, lang); });
    var list = el("ol", { class: "notes queue" });
    queue.forEach(function (note, index) {
      var short = note.text.length > 60 ? note.text.slice(0, 60) + "…" : note.text;
      var approve = queueButton(controlForm("/notes/approve", { note_id: note.id }, t("approve"), "button small primary"), "approve-" + note.id, index, t("approve_note", { text: short }));
      if (index === 0) approve.setAttribute("data-toggle", "approve-first");
      list.appendChild(el("li", { class: "note note-pending" }, [
        el("span", { class: "note-column", text: titles[note.column] || "" }),
        el("p", { class: "note-text", text: note.text }),
        el("div", { class: "note-actions" }, [
          approve,
          queueButton(controlForm("/notes/hide", { note_id: note.id }, t("hide")), "hide-" + note.id, index, t("hide_note", { text: short }))
        ])
      ]));
    });
    queueList.appendChild(list);
    if (!focusKey) return;
    var again = queueList.querySelector('[data-focus-key="' + focusKey + '"]');
    if (!again && focusIndex >= 0) {
      var approvals = queueList.querySelectorAll('[data-focus-key^="approve-"]:not([data-focus-key="approve-all"])');
      again = approvals[Math.min(focusIndex, approvals.length - 1)];
    }
    (again || document.getElementById("moderation-title")).focus();
  }

  function render(state) {
    var step = state.step;
    timer.update(state.timer);
    showToggles(state);
    renderModeration(state);
    document.querySelectorAll("#steps .step-button").forEach(function (button) {
      if (Number(button.value) === step.position) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    /* the projector's join panel: offer the change that applies */
    document.getElementById("join-panel-big").hidden = state.join_panel === "big";
    document.getElementById("join-panel-small").hidden = state.join_panel !== "big";
    participants.textContent = "";
    participants.appendChild(el("p", { text: t("participants", { n: state.participants.total }) }));
    var list = el("ul", { class: "group-counts" });
    var k = state.participants.threshold;
    state.participants.groups.forEach(function (g) {
      var count = g.count !== null ? String(g.count) : g.pooled ? t("in_pool") : t("fewer_than", { k: k });
      list.appendChild(el("li", { text: g.name + ": " + count }));
    });
    if (state.participants.pool !== null) {
      list.appendChild(el("li", { text: t("other_groups") + ": " + state.participants.pool }));
    }
    participants.appendChild(list);
    var notesText = L.localized(state.facilitator_notes, lang);
    notesHelp.hidden = !notesText;
    notesHelp.querySelector("p").textContent = notesText;

    stepNode = el("div");  // drawn afresh, then the page keeps every node still the same
    stepNode.appendChild(el("h2", { text: L.localized(step.title, lang) }));
    stepNode.appendChild(el("p", { class: "state-line" }, [
      el("span", { class: "badge" + (step.open ? " badge-on" : ""), text: t(step.open ? "input_open" : "input_closed") }),
      el("span", { class: "badge" + (step.results_visible ? " badge-on" : ""), text: t(step.results_visible ? "results_shown" : "results_not_shown") }),
      state.moderation && state.moderation.on ? el("span", { class: "badge badge-on", text: t("moderation_on") }) : null,
      state.session.live ? null : el("span", { class: "badge", text: t("ended") })
    ]));
    if (state.source_pending) stepNode.appendChild(el("p", { class: "help", text: t("source_pending", { n: state.source_pending }) }));
    L.paragraphs(L.localized(step.prompt, lang)).forEach(function (p) { stepNode.appendChild(p); });
    var own = L.inputs[step.input];  /* an input drawn by its own script (Live.inputs) */
    if (own) {
      stepNode.appendChild(el("p", { class: "voters", text: own.count ? own.count(state) : t("respondents_of", { n: state.respondents || 0, total: state.participants.total }) }));
    } else if (state.voters !== undefined) {
      stepNode.appendChild(el("p", { class: "voters", text: t("voters", { n: state.voters }) }));
    }
    if (state.dots_withheld) stepNode.appendChild(el("p", { class: "figures withheld", text: t("too_few", { k: state.dots_withheld }) }));
    if (own) stepNode.appendChild(own.control(state, lang, controlForm, window.Merge ? window.Merge.noteControls : null));
    else state.columns.forEach(function (column) {
      var inColumn = state.notes.filter(function (n) { return n.column === column.key; });
      if (step.input === "dots") inColumn.sort(function (a, b) { return a.rank - b.rank; });
      var ul = el("ul", { class: "notes" });
      inColumn.forEach(function (note) {
        var item = el("li", { class: "note" + (note.hidden ? " note-hidden" : ""), "data-key": "note-" + note.id }, [
          el("p", { class: "note-text", text: note.text })
        ]);
        if (note.hidden) item.appendChild(el("p", { class: "help", text: t("hidden") }));
        if (note.dots !== undefined) item.appendChild(el("p", { class: "dots-total", text: t("dots", { n: note.dots }) }));
        note.merged.forEach(function (child) {
          item.appendChild(el("div", { class: "merged-child" }, [
            el("span", { class: "merged", text: t("merged") + " " + child.text }),
            controlForm("/notes/unmerge", { note_id: child.id }, t("unmerge"))
          ]));
        });
        var actions = el("div", { class: "note-actions" }, [
          controlForm(note.hidden ? "/notes/show" : "/notes/hide", { note_id: note.id }, note.hidden ? t("show") : t("hide")),
          step.action_plan && note.in_plan ? el("span", { class: "badge badge-on", text: t("in_plan") }) : null,
          step.action_plan && !note.hidden && !note.in_plan ? toActionForm(note) : null
        ]);
        if (window.Merge) window.Merge.noteControls(note).forEach(function (part) { actions.appendChild(part); });  // merge.js
        item.appendChild(actions);
        ul.appendChild(item);
      });
      stepNode.appendChild(el("h3", { text: L.localized(column.title, lang) + " (" + inColumn.length + ")" }));
      stepNode.appendChild(ul);
    });
    if (state.words) {
      stepNode.appendChild(el("h3", { text: t("word_cloud") }));
      stepNode.appendChild(el("p", { class: "figures", text: state.words.map(function (w) { return w[0] + " (" + w[1] + ")"; }).join(" · ") }));
    }
    if (step.answer === "yes_no" || step.answer === "rating") renderItems(state);
    if (step.answer === "likert") renderScale(state);
    if (step.answer === "choice") renderChoices(state);
    if (step.input === "weights") {
      stepNode.appendChild(el("p", { class: "voters", text: t("respondents_of", { n: state.respondents || 0, total: state.participants.total }) }));
      stepNode.appendChild(window.Assessment.decision(step, state.decision, lang));
    }
    if (step.action_plan) {
      stepNode.appendChild(el("p", {}, [el("a", { class: "button", href: base + "/action-plan", text: t("open_action_plan") })]));
    }
    if (state.candidates && state.candidates.length) stepNode.appendChild(candidates(state));
    if (step.breakdown === "reopened") stepNode.appendChild(clearAnswersForm());
    L.morph(stepHome, stepNode);  // a click or typing under way survives the snapshot
    stepNode = stepHome;
    if (window.Merge) window.Merge.update(state);  // merge.js: suggestions, search, ticked notes
  }

  /* After a reopening the figures by group stay withheld; deleting the step's answers is the
   * way to start over (the server asks for the tick too). */
  function clearAnswersForm() {
    var form = el("form", { method: "post", action: base + "/answers/clear", class: "card delete-box", "data-control": true }, [
      el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
      el("p", { text: t("withheld_reopened", {}) }),
      el("label", { class: "choice" }, [
        el("input", { type: "checkbox", name: "confirm", value: "y", required: true }),
        el("span", { text: t("clear_answers_confirm") })
      ]),
      el("button", { type: "submit", class: "button danger", text: t("clear_answers") })
    ]);
    return form;
  }

  /* --- check and risk steps: statements and hazards, their results, switching, adding ---- */

  function resultLine(step, r) {
    if (!r) return "";
    if (r.too_few) return t("too_few", { k: r.k });
    if (step.answer === "yes_no") return t("check_figures", { yes: r.yes, no: r.no, na: r.na, share: r.no_share === null ? "–" : Math.round(100 * r.no_share) + " %" });
    if (step.mode === "traffic_light") return t("lights_line", { green: r.green, yellow: r.yellow, red: r.red, n: r.n });
    var cls = step.matrix.classes.filter(function (c) { return c.key === r.risk_class; })[0];
    function spread(x) { return x ? x.median + " (" + x.low + "–" + x.high + ")" : "–"; }
    return t("risk_line", { cls: cls ? L.localized(cls.label, lang) + " (" + r.figure + ")" : "–", l: spread(r.likelihood), s: spread(r.severity), n: r.n });
  }

  function renderItems(state) {
    var step = state.step, A = window.Assessment;
    var on = state.items.filter(function (item) { return item.enabled; });
    var off = state.items.filter(function (item) { return !item.enabled; });
    stepNode.appendChild(el("p", { class: "voters", text: t("respondents_of", { n: state.respondents || 0, total: state.participants.total }) }));
    if (step.answer === "rating" && step.mode === "matrix" && on.length) stepNode.appendChild(A.matrix(step.matrix, on, lang));
    var ordered = (step.answer === "rating" ? A.ranked(on) : on).concat(off);
    var list = el("ol", { class: "items-control" });
    ordered.forEach(function (item) {
      var r = item.result;
      list.appendChild(el("li", { class: "item" + (item.enabled ? "" : " item-off") + (r && r.flagged ? " flagged" : ""), "data-key": "item-" + item.id }, [
        el("p", { class: "item-text", text: L.itemText(item, lang) }),
        el("p", { class: "help", text: [L.localized(item.area, lang), t("origin_" + item.origin), item.enabled ? "" : t("switched_off")].filter(Boolean).join(" · ") }),
        el("p", { class: "figures", text: resultLine(step, r) }),
        r && r.flagged ? el("p", { class: "flag", text: t(step.answer === "yes_no" ? "unmet" : "prioritised") }) : null,
        r && r.disagreement ? el("p", { class: "flag", text: t("disagreement") }) : null,
        A.groupTable(step, item, lang),
        el("div", { class: "note-actions" }, [
          controlForm(item.enabled ? "/items/disable" : "/items/enable", { item_id: item.id }, t(item.enabled ? "switch_off" : "switch_on"))
        ])
      ]));
    });
    stepNode.appendChild(list);
    stepNode.appendChild(addItemForm(step));
  }

  function renderScale(state) {
    var step = state.step, A = window.Assessment;
    stepNode.appendChild(el("p", { class: "voters", text: t("respondents_of", { n: state.respondents || 0, total: state.participants.total }) }));
    stepNode.appendChild(el("h3", { text: t("profile") }));
    stepNode.appendChild(A.profile(step, state.profile, lang));
    var list = el("ol", { class: "items-control" });
    state.items.forEach(function (item) {
      var scale = (item.result && item.result.scale) || {};
      var tooFew = item.result && item.result.too_few;
      list.appendChild(el("li", { class: "item" + (item.enabled ? "" : " item-off"), "data-key": "item-" + item.id }, [
        el("p", { class: "item-text", text: L.localized(item.text, lang) }),
        el("p", { class: "figures", text: tooFew ? t("too_few", { k: item.result.k }) : Object.keys(scale).map(function (v) { return t("mean", { m: A.decimal(scale[v].mean, lang), n: scale[v].n }); }).join(" · ") }),
        A.groupTable(step, item, lang),
        el("div", { class: "note-actions" }, [
          controlForm(item.enabled ? "/items/disable" : "/items/enable", { item_id: item.id }, t(item.enabled ? "switch_off" : "switch_on"))
        ])
      ]));
    });
    stepNode.appendChild(list);
    stepNode.appendChild(addItemForm(step));
  }

  function renderChoices(state) {
    var step = state.step, A = window.Assessment, item = state.items[0];
    stepNode.appendChild(el("p", { class: "voters", text: t("respondents_of", { n: state.respondents || 0, total: state.participants.total }) }));
    stepNode.appendChild(A.choices(step, item, state, lang));
    if (item) {
      var groups = A.groupTable(step, item, lang);
      if (groups) stepNode.appendChild(groups);
    }
  }

  function addItemForm(step) {
    var textId = "own-item-text", areaId = "own-item-area";
    return el("form", { method: "post", action: base + "/items/add", class: "note-form own-item", "data-control": true }, [
      el("input", { type: "hidden", name: "csrf_token", value: root.dataset.csrf }),
      el("input", { type: "hidden", name: "step_id", value: String(step.id) }),
      el("label", { for: textId, text: t({ yes_no: "own_statement", likert: "own_item" }[step.answer] || "own_hazard") }),
      el("textarea", { id: textId, name: "text", rows: "2", maxlength: "500", required: true }),
      el("label", { for: areaId, text: t("area_optional") }),
      el("input", { id: areaId, name: "area", maxlength: "120" }),
      el("button", { type: "submit", class: "button small", text: t("add") })
    ]);
  }

  function candidates(state) {
    var box = el("section", { class: "candidates" }, [el("h3", { text: t("candidates") })]);
    ["check", "note", "risk"].forEach(function (origin) {
      var found = state.candidates.filter(function (c) { return c.origin === origin; });
      if (!found.length) return;
      box.appendChild(el("h4", { text: t("from_" + origin) }));
      var list = el("ul", { class: "notes" });
      found.forEach(function (c) {
        var r = c.result;
        list.appendChild(el("li", { class: "note" + (r && r.flagged ? " flagged" : ""), "data-key": origin + "-" + c.id }, [
          el("p", { class: "note-text", text: L.localized(c.text, lang) }),
          r ? el("p", { class: "figures", text: resultLine(origin === "check" ? { answer: "yes_no" } : { answer: "rating", mode: r.figure === undefined ? "traffic_light" : "matrix", matrix: sourceMatrix(state) }, r) }) : null,
          r && r.flagged ? el("p", { class: "flag", text: t(origin === "check" ? "unmet" : "prioritised") }) : null,
          c.taken ? el("p", { class: "badge badge-on", text: t("taken") })
            : controlForm("/items/take", { step_id: state.step.id, origin: origin, source_id: c.id }, t("take_over"))
        ]));
      });
      box.appendChild(list);
    });
    return box;
  }

  function sourceMatrix(state) {
    return state.source_matrix || { classes: [] };
  }
})();
