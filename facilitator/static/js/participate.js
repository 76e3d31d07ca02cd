/* The participant's phone: renders the current step and sends notes and dots. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;
  var root = document.getElementById("app");
  var lang = root.dataset.lang;
  var stepNode = document.getElementById("step");
  var timer = L.Timer(document.getElementById("timer"));
  var state = null, me = null, builtFor = null, parts = {};

  var live = L.connect({
    onState: function (next) { state = next; render(); },
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
    if (step.kind === "info" && step.link) {
      stepNode.appendChild(el("p", {}, [el("a", {
        href: step.link, rel: "noopener", class: "button",
        text: L.localized(step.link_label, lang) || t("open_link")
      })]));
    }
    parts.closed = el("p", { class: "notice", text: t("closed"), hidden: true });
    parts.error = el("p", { class: "error", role: "alert" });
    stepNode.appendChild(parts.closed);
    if (step.kind === "board") buildBoard(step);
    stepNode.appendChild(parts.error);
    parts.list = el("div", { class: "lists" });
    stepNode.appendChild(parts.list);
  }

  function buildBoard(step) {
    var form = el("form", { class: "note-form" });
    var fieldset = el("fieldset", {}, [el("legend", { text: t("column") })]);
    state.columns.forEach(function (column, index) {
      fieldset.appendChild(el("label", { class: "choice" }, [
        el("input", { type: "radio", name: "column", value: column.key, checked: index === 0 }),
        el("span", { text: L.localized(column.title, lang) })
      ]));
    });
    var area = el("textarea", {
      id: "note-text", name: "text", rows: "3", maxlength: String(step.max_note_length), required: true
    });
    var counter = el("p", { class: "help", id: "note-count" });
    area.setAttribute("aria-describedby", "note-count");
    function count() { counter.textContent = t("characters_left", { n: step.max_note_length - area.value.length }); }
    area.addEventListener("input", count);
    count();
    var submit = el("button", { type: "submit", class: "button primary wide", text: t("add_note") });
    form.appendChild(fieldset);
    form.appendChild(el("label", { for: "note-text", text: t("your_note") }));
    form.appendChild(area);
    form.appendChild(counter);
    form.appendChild(submit);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = area.value.trim();
      if (!text) { area.focus(); return; }
      var column = form.querySelector("input[name=column]:checked");
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

  function ownNotes() {
    var box = el("section", { class: "own-notes" }, [el("h2", { text: t("your_notes") })]);
    var notes = me && me.step_id === state.step.id ? me.notes : [];
    if (!notes.length) box.appendChild(el("p", { class: "help", text: t("no_notes") }));
    var list = el("ul", { class: "notes" });
    notes.forEach(function (note) { list.appendChild(ownNote(note)); });
    box.appendChild(list);
    return box;
  }

  function ownNote(note) {
    var item = el("li", { class: "note" + (note.hidden ? " note-hidden" : "") }, [
      el("span", { class: "note-column", text: columnTitle(note.column) }),
      el("p", { class: "note-text", text: note.text })
    ]);
    if (note.hidden) item.appendChild(el("p", { class: "help", text: t("hidden_by_moderation") }));
    if (state.step.open) {
      item.appendChild(el("div", { class: "note-actions" }, [
        el("button", { type: "button", class: "button small", text: t("edit"), "data-focus-key": "edit-" + note.id,
          on: { click: function () { editNote(item, note); } } }),
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
      var inColumn = notes.filter(function (n) { return n.column === column.key; });
      if (state.step.kind === "dot_vote" && state.step.results_visible) {
        inColumn.sort(function (a, b) { return a.rank - b.rank; });
      }
      var list = el("ul", { class: "notes" });
      inColumn.forEach(function (note) { list.appendChild(wallNote(note, withVoting)); });
      box.appendChild(el("h3", { text: L.localized(column.title, lang) }));
      box.appendChild(inColumn.length ? list : el("p", { class: "help", text: t("no_notes") }));
    });
    return box;
  }

  function wallNote(note, withVoting) {
    var item = el("li", { class: "note" }, [el("p", { class: "note-text", text: note.text })]);
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
    parts.closed.hidden = step.open || step.kind === "info";
    if (parts.form) parts.form.hidden = !step.open;
    withFocusKept(function () {
      parts.list.textContent = "";
      if (step.kind === "board") {
        parts.list.appendChild(ownNotes());
        if (state.notes.length) parts.list.appendChild(wall(state.notes, false));
      } else if (step.kind === "dot_vote") {
        var left = me && me.step_id === step.id ? me.dots_left : step.budget;
        parts.list.appendChild(el("p", { class: "dots-left", role: "status", text: t("dots_left", { n: left }) }));
        if (!step.results_visible) parts.list.appendChild(el("p", { class: "help", text: t("results_hidden") }));
        parts.list.appendChild(wall(state.notes, true));
      }
    });
  }
})();
