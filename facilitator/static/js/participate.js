/* The participant's phone: renders the current step and sends notes and dots. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var root = document.getElementById("app");
  var lang = root.dataset.lang;
  var stepNode = document.getElementById("step");
  var timer = L.Timer(document.getElementById("timer"));
  var state = null, me = null, builtFor = null, parts = {};

  // Joining answers with this page at the join address: show (and reload) the live address.
  if (root.dataset.liveUrl && window.location.pathname !== root.dataset.liveUrl) {
    window.history.replaceState(null, "", root.dataset.liveUrl);
  }

  var live = L.connect({
    onState: function (next, nextMe) { state = next; if (nextMe) me = nextMe; render(); },
    onMe: function (next) { me = next; render(); }
  });

  function withFocusKept(fn) {
    var active = document.activeElement;
    var key = active && active.dataset ? active.dataset.focusKey : null;
    fn();
    if (key) {
      var again = stepNode.querySelector('[data-focus-key="' + key + '"]');
      if (again) again.focus();
    }
  }

  function showError(ack) {
    if (ack && ack.ok) { parts.error.textContent = ""; return true; }
    var message = (ack && ack.message) || t("error");
    if (ack && ack.errors) {
      message = Object.keys(ack.errors).map(function (k) { return ack.errors[k].join(" "); }).join(" ");
    }
    parts.error.textContent = message;
    if (parts.list && !parts.editing) {  // refused: nothing ticked may stay that was not saved
      parts.list.textContent = "";
      render();
    }
    return false;
  }

  function build() {
    var step = state.step;
    builtFor = step.id;
    parts = {};
    stepNode.textContent = "";
    stepNode.appendChild(el("p", { class: "eyebrow", text: t("step_of", { n: step.position + 1, total: step.count }) }));
    stepNode.appendChild(el("h1", { text: L.localized(step.title, lang) }));
    L.paragraphs(L.localized(step.prompt, lang)).forEach(function (p) { stepNode.appendChild(p); });
    if (step.link) {
      stepNode.appendChild(el("p", {}, [el("a", {
        href: step.link, rel: "noopener", class: "button",
        text: L.localized(step.link_label, lang) || t("open_link")
      })]));
    }
    parts.closed = el("p", { class: "notice", text: t("closed"), hidden: true });
    parts.error = el("p", { class: "error", role: "alert" });
    stepNode.appendChild(parts.closed);
    if (step.note_target) buildBoard(step);  /* every step that takes notes (or questions) */
    stepNode.appendChild(parts.error);
    parts.list = el("div", { class: "lists" });
    stepNode.appendChild(parts.list);
  }

  function buildBoard(step) {
    var form = el("form", { class: "note-form" });
    var fieldset;
    var qa = asks(step);
    if (step.note_target !== "column") {  /* hazards, fields or addressees: a list */
      var select = el("select", { id: "note-column", name: "column" });
      state.columns.forEach(function (column) {
        select.appendChild(el("option", { value: column.key, text: L.localized(column.title, lang) }));
      });
      fieldset = el("div", { class: "field" }, [el("label", { for: "note-column", text: t(step.note_target) }), select]);
      if (step.note_target === "field") {
        var hint = el("p", { class: "help", id: "note-column-hint" });
        var showHint = function () {
          var chosen = state.columns.filter(function (c) { return c.key === select.value; })[0];
          hint.textContent = chosen && chosen.hint ? L.localized(chosen.hint, lang) : "";
        };
        select.addEventListener("change", showHint);
        select.setAttribute("aria-describedby", "note-column-hint");
        fieldset.appendChild(hint);
        showHint();
      }
    } else {
      fieldset = el("fieldset", {}, [el("legend", { text: t("column") })]);
      state.columns.forEach(function (column, index) {
        fieldset.appendChild(el("label", { class: "choice" }, [
          el("input", { type: "radio", name: "column", value: column.key, checked: index === 0 }),
          el("span", { text: L.localized(column.title, lang) })
        ]));
      });
    }
    var area = el("textarea", {
      id: "note-text", name: "text", rows: "3", maxlength: String(step.max_note_length), required: true
    });
    var counter = el("p", { class: "help", id: "note-count" });
    area.setAttribute("aria-describedby", "note-count");
    function count() { counter.textContent = t("characters_left", { n: step.max_note_length - area.value.length }); }
    area.addEventListener("input", count);
    count();
    var submit = el("button", { type: "submit", class: "button primary wide", text: t(qa ? "ask" : "add_note") });
    form.appendChild(fieldset);
    form.appendChild(el("label", { for: "note-text", text: t(qa ? "your_question" : "your_note") }));
    form.appendChild(area);
    form.appendChild(counter);
    parts.moderated = el("p", { class: "help", text: t("moderated_hint"), hidden: !step.moderated });
    form.appendChild(parts.moderated);
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = area.value.trim();
      if (!text) { area.focus(); return; }
      var column = form.querySelector("input[name=column]:checked, select[name=column]");
      submit.disabled = true;
      live.send("note:add", { step_id: state.step.id, column: column ? column.value : "", text: text })
        .then(function (ack) {
          submit.disabled = false;
          if (showError(ack)) { area.value = ""; count(); area.focus(); }
        });
    });
    parts.form = form;
    stepNode.appendChild(form);
  }

  function columnTitle(key) {
    var column = state.columns.filter(function (c) { return c.key === key; })[0];
    return column ? L.localized(column.title, lang) : key;
  }

  /* Notes addressed to someone are questions: the note form and one's own list say so. */
  function asks(step) {
    return step.note_target === "addressee";
  }

  function ownNotes() {
    var qa = asks(state.step);
    var box = el("section", { class: "own-notes" }, [el("h2", { text: t(qa ? "your_questions" : "your_notes") })]);
    var notes = me && me.step_id === state.step.id ? me.notes : [];
    if (!notes.length) box.appendChild(el("p", { class: "help", text: t(qa ? "no_questions" : "no_notes") }));
    var list = el("ul", { class: "notes" });
    notes.forEach(function (note) { list.appendChild(ownNote(note)); });
    box.appendChild(list);
    return box;
  }

  function ownNote(note) {
    var item = el("li", { class: "note" + (note.hidden ? " note-hidden" : "") + (note.pending ? " note-pending" : ""), "data-key": "own-" + note.id }, [
      el("span", { class: "note-column", text: columnTitle(note.column) }),
      el("p", { class: "note-text", text: note.text })
    ]);
    if (note.hidden) item.appendChild(el("p", { class: "help", text: t("hidden_by_moderation") }));
    if (note.pending) item.appendChild(el("p", { class: "help pending-mark", text: t("waiting_for_approval") }));
    if (state.step.open) {
      item.appendChild(el("div", { class: "note-actions" }, [
        el("button", { type: "button", class: "button small", text: t("edit"), "data-focus-key": "edit-" + note.id,
          on: { click: function (event) { editNote(event.currentTarget.closest("li"), note); } } }),
        el("button", { type: "button", class: "button small", text: t("delete"), "data-focus-key": "del-" + note.id,
          on: { click: function () {
            live.send("note:delete", { note_id: note.id }).then(showError);
          } } })
      ]));
    }
    return item;
  }

  function editNote(item, note) {
    var id = "edit-text-" + note.id;
    var area = el("textarea", { id: id, rows: "3", maxlength: String(state.step.max_note_length) });
    area.value = note.text;
    var form = el("form", { class: "note-form" }, [
      el("label", { for: id, text: t("your_note") }), area,
      el("div", { class: "note-actions" }, [
        el("button", { type: "submit", class: "button primary small", text: t("save") }),
        el("button", { type: "button", class: "button small", text: t("cancel"), on: { click: render } })
      ])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      live.send("note:edit", { note_id: note.id, text: area.value.trim() }).then(showError);
    });
    item.textContent = "";
    item.appendChild(form);
    parts.editing = true;
    area.focus();
  }

  function wall(notes, withVoting) {
    var box = el("section", { class: "wall" });
    if (!withVoting) box.appendChild(el("h2", { text: t("wall") }));
    state.columns.forEach(function (column) {
      // in the server's order: writing order while a vote is open, ranked once it is closed
      var inColumn = notes.filter(function (n) { return n.column === column.key; });
      var list = el("ul", { class: "notes" });
      inColumn.forEach(function (note) { list.appendChild(wallNote(note, withVoting)); });
      box.appendChild(el("h3", { text: L.localized(column.title, lang) }));
      box.appendChild(inColumn.length ? list : el("p", { class: "help", text: t("no_notes") }));
    });
    return box;
  }

  function wallNote(note, withVoting) {
    var item = el("li", { class: "note", "data-key": "note-" + note.id }, [el("p", { class: "note-text", text: note.text })]);
    if (note.merged.length) {
      item.appendChild(el("p", { class: "merged", text: t("merged") + " " + note.merged.map(function (m) { return m.text; }).join(" · ") }));
    }
    if (note.dots !== undefined) item.appendChild(el("p", { class: "dots-total", text: t("dots", { n: note.dots }) }));
    if (withVoting) {
      var mine = (me && me.dots && me.dots[String(note.id)]) || 0;
      var open = state.step.open;
      item.appendChild(el("div", { class: "vote-row" }, [
        el("button", { type: "button", class: "button vote", text: "−", "data-focus-key": "minus-" + note.id,
          "aria-label": t("remove_dot", { text: note.text }), disabled: !open || mine === 0,
          on: { click: function () { live.send("vote:retract", { note_id: note.id }).then(showError); } } }),
        el("span", { class: "my-dots", text: t("my_dots", { n: mine }) }),
        el("button", { type: "button", class: "button vote primary", text: "+", "data-focus-key": "plus-" + note.id,
          "aria-label": t("add_dot", { text: note.text }),
          disabled: !open || !me || me.dots_left === 0 || mine >= state.step.max_per_note,
          on: { click: function () { live.send("vote:cast", { note_id: note.id }).then(showError); } } })
      ]));
    }
    return item;
  }

  function render() {
    if (!state) return;
    timer.update(state.timer);
    if (!state.session.live) {
      builtFor = null;
      stepNode.textContent = "";
      stepNode.appendChild(el("h1", { text: t("ended") }));
      return;
    }
    if (builtFor !== state.step.id) build();
    if (parts.editing && stepNode.querySelector(".note-form textarea[id^=edit-text]")) return;
    parts.editing = false;
    var step = state.step;
    parts.closed.hidden = step.open || step.input === "none";
    if (parts.form) parts.form.hidden = !step.open;
    if (parts.moderated) parts.moderated.hidden = !step.moderated;
    var list = el("div");
    withFocusKept(function () {
      if (step.note_target) list.appendChild(ownNotes());  /* one's own notes or questions */
      if (step.input === "notes") {
        if (state.notes.length) list.appendChild(wall(state.notes, false));
      } else if (step.input === "dots") {
        var left = me && me.step_id === step.id ? me.dots_left : step.budget;
        list.appendChild(el("p", { class: "dots-left", role: "status", text: t("dots_left", { n: left }) }));
        if (!step.results_visible) list.appendChild(el("p", { class: "help", text: t("results_hidden") }));
        list.appendChild(wall(state.notes, true));
      } else if (step.input === "items") {
        list.appendChild(itemsView(step));
      } else if (step.input === "weights") {
        list.appendChild(decisionView(step));
      } else if (L.inputs[step.input]) {  /* an input drawn by its own script (Live.inputs) */
        list.appendChild(L.inputs[step.input].phone(state, me, lang, live.send, showError));
      }
      L.morph(parts.list, list);
    });
  }

  /* --- a weighted decision: points on criteria, then every option rated per criterion ----- */

  function decisionView(step) {
    var mine = (me && me.step_id === step.id && me.answers) || {};
    var items = state.items || [];
    var used = items.reduce(function (sum, item) { return sum + ((mine[String(item.id)] || {}).weight || 0); }, 0);
    var box = el("div", { class: "items" }, [
      el("h2", { text: t("weights") }),
      el("p", { class: "dots-left", role: "status", text: t("points_left", { n: step.budget - used }) })
    ]);
    items.forEach(function (item) {
      var points = (mine[String(item.id)] || {}).weight || 0;
      var text = L.localized(item.text, lang);
      box.appendChild(el("div", { class: "item vote-row", "data-key": "weight-" + item.id }, [
        el("button", { type: "button", class: "button vote", text: "−", "data-focus-key": "wminus-" + item.id,
          "aria-label": t("remove_point", { text: text }), disabled: !step.open || points === 0,
          on: { click: function () {
            var send = points === 1
              ? live.send("answer:skip", { step_id: step.id, item_id: item.id, dimension: "weight" })
              : live.send("answer:set", { step_id: step.id, item_id: item.id, dimension: "weight", value: points - 1 });
            send.then(showError);
          } } }),
        el("span", { class: "my-dots", text: text + ": " + points }),
        el("button", { type: "button", class: "button vote primary", text: "+", "data-focus-key": "wplus-" + item.id,
          "aria-label": t("add_point", { text: text }), disabled: !step.open || used >= step.budget,
          on: { click: function () {
            live.send("answer:set", { step_id: step.id, item_id: item.id, dimension: "weight", value: points + 1 }).then(showError);
          } } })
      ]));
    });
    var scale = step.labels.map(function (label, index) { return { value: index + 1, label: (index + 1) + " · " + L.localized(label, lang) }; });
    step.options.forEach(function (option, index) {
      box.appendChild(el("h2", { text: t("rate_option", { option: L.localized(option.text, lang) }) }));
      var dims = [{ name: "o" + (index + 1), label: L.localized(option.text, lang), options: scale }];
      items.forEach(function (item) {
        var card = itemCard(step, item, mine[String(item.id)] || {}, dims);
        box.appendChild(card);
      });
    });
    return box;
  }

  /* --- check and risk steps: answer statements, rate hazards ------------------------------ */

  function dimensions(step) {
    if (step.answer === "likert") {
      var points = step.labels.map(function (label, index) {
        return { value: index + 1, label: (step.nominal ? "" : (index + 1) + " · ") + L.localized(label, lang) };
      });
      if (step.no_answer) points.push({ value: step.labels.length + 1, label: t("no_answer"), cls: "no-answer" });
      if (!step.variants) return [{ name: "answer", label: t("your_answer"), options: points }];
      return step.variants.map(function (label, index) {
        return { name: "v" + (index + 1), label: L.localized(label, lang), options: points };
      });
    }
    if (step.answer === "choice") {
      var options = step.options.map(function (option, index) {
        var correct = step.correct && step.correct.indexOf(option.key) >= 0;
        return { value: index + 1, label: L.localized(option.text, lang) + (correct ? " ✓ " + t("correct") : ""), cls: correct ? "correct" : "" };
      });
      if (!step.multiple) return [{ name: "choice", label: t("your_choice"), options: options }];
      return [{ name: "multi", label: t("choose_up_to", { n: step.max_choices }), options: options, multiple: true }];
    }
    if (step.answer === "yes_no") {
      return [{ name: "answer", label: t("your_answer"), options: [
        { value: 1, label: t("yes") }, { value: 2, label: t("no") }, { value: 3, label: t("not_applicable") }
      ] }];
    }
    if (step.mode === "traffic_light") {
      /* The template's question and labels fit its hazards' wording (a hazard: "how much?",
         a goal: "how well met?"); the defaults ask about a hazard. */
      var lights = L.lightLabels(step, lang);
      return [{ name: "light", label: step.question ? L.localized(step.question, lang) : t("rating_question"), options: [
        { value: 1, label: lights[0], cls: "light-green" },
        { value: 2, label: lights[1], cls: "light-yellow" },
        { value: 3, label: lights[2], cls: "light-red" }
      ] }];
    }
    function scale(labels) {
      return labels.map(function (label, index) {
        return { value: index + 1, label: (index + 1) + " · " + L.localized(label, lang) };
      });
    }
    return [
      { name: "likelihood", label: t("likelihood"), options: scale(step.matrix.likelihood) },
      { name: "severity", label: t("severity"), options: scale(step.matrix.severity) }
    ];
  }

  function itemsView(step) {
    var box = el("div", { class: "items" });
    var mine = (me && me.step_id === step.id && me.answers) || {};
    var dims = dimensions(step);
    var items = state.items || [];
    var done = items.filter(function (item) {
      var given = mine[String(item.id)] || {};
      return dims.every(function (dim) {
        return dim.multiple ? Object.keys(given).length > 0 : given[dim.name] !== undefined;
      });
    }).length;
    var single = step.answer === "choice";
    if (!single) box.appendChild(el("p", { class: "dots-left", role: "status", text: t("answered", { n: done, total: items.length }) }));
    if (step.correct) {
      if (state.chose_right !== null && state.chose_right !== undefined) box.appendChild(el("p", { class: "flag-ok", role: "status", text: t("chose_right", { n: state.chose_right }) }));
      if (step.explanation) box.appendChild(el("p", { text: L.localized(step.explanation, lang) }));
    }
    var lastArea = null;
    items.forEach(function (item) {
      var area = L.localized(item.area, lang);
      if (area && area !== lastArea) { box.appendChild(el("h2", { class: "area", text: area })); lastArea = area; }
      box.appendChild(itemCard(step, item, mine[String(item.id)] || {}, dims));
    });
    return box;
  }

  function itemCard(step, item, given, dims) {
    var textId = "item-" + item.id;
    var question = step.answer === "choice";  /* the prompt is the question */
    var card = el("section", { class: "item", "aria-labelledby": textId, "data-key": "card-" + item.id + "-" + dims.map(function (d) { return d.name; }).join("-") }, [
      el("p", { class: "item-text" + (question ? " visually-hidden" : ""), id: textId, text: L.itemText(item, lang) })
    ]);
    dims.forEach(function (dim) {
      var group = el("fieldset", { class: "scale scale-" + dim.name + (question ? " choices" : "") }, [el("legend", { text: dim.label })]);
      dim.options.forEach(function (option) {
        var id = "a-" + item.id + "-" + dim.name + "-" + option.value;
        var mark = dim.multiple ? "c" + option.value : dim.name;
        var input = el("input", {
          type: dim.multiple ? "checkbox" : "radio", id: id, name: "a-" + item.id + "-" + mark, value: String(option.value),
          checked: dim.multiple ? given[mark] === 1 : given[dim.name] === option.value,
          disabled: !step.open, "data-focus-key": id,
          on: { change: function (event) {
            var send = dim.multiple && !event.target.checked
              ? live.send("answer:skip", { step_id: step.id, item_id: item.id, dimension: mark })
              : live.send("answer:set", { step_id: step.id, item_id: item.id, dimension: mark, value: dim.multiple ? 1 : option.value });
            send.then(showError);
          } }
        });
        group.appendChild(el("label", { class: "choice " + (option.cls || ""), for: id }, [input, el("span", { text: option.label })]));
      });
      card.appendChild(group);
    });
    if (step.answer === "rating" && Object.keys(given).length && step.open) {
      card.appendChild(el("button", {
        type: "button", class: "button small", "data-focus-key": "skip-" + item.id, text: t("skip_clear"),
        "aria-describedby": textId,
        on: { click: function () { live.send("answer:skip", { step_id: step.id, item_id: item.id }).then(showError); } }
      }));
    }
    return card;
  }
})();
