/* Merging duplicate notes on the control page: suggested groups (computed by the server on
 * request only), a search over the notes, and merging the ticked notes into one.
 * facilitate.js calls Merge.noteControls(note) for each shown note and Merge.update(state)
 * after each render. Rejected suggestions are kept in this tab's sessionStorage (per workshop):
 * a view preference of this page, not workshop content, so nothing about it is stored on the
 * server; note ids are unique, so a rejection never matches another step's notes. */
(function () {
  "use strict";
  var L = window.Live, el = L.el;
  var panel = document.getElementById("merge-panel");
  if (!panel) return;
  var root = document.getElementById("app");
  var strings = JSON.parse(document.getElementById("merge-strings").textContent);
  var status = document.getElementById("merge-status");
  var search = document.getElementById("note-search");
  var searchCount = document.getElementById("note-search-count");
  var box = document.getElementById("suggestions");
  var list = document.getElementById("suggestion-list");
  var selected = document.getElementById("merge-selected");
  var target = document.getElementById("merge-target");
  var title = document.getElementById("merge-title");
  var storeKey = "facilitator.rejected." + root.dataset.ws;

  var state = null;
  var ticked = {};        // note id -> true (survives re-renders)
  var clusters = null;    // the last suggestions, null until asked for
  var stepId = null;
  var memory = [];        // rejections, where the browser keeps no sessionStorage

  function t(key, values) {
    var text = strings[key] || key;
    if (typeof text === "object") text = values && values.n === 1 ? text.one : text.other;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
    return text;
  }

  function say(text, bad) {
    status.textContent = text;
    status.classList.toggle("status-bad", !!bad);
    status.classList.toggle("status-ok", !bad);
  }

  function rejected() {
    try { return JSON.parse(window.sessionStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }

  function reject(ids) {
    var all = rejected().concat([ids]).slice(-400);  // the server takes up to 500
    try { window.sessionStorage.setItem(storeKey, JSON.stringify(all)); } catch (e) { memory.push(ids); }
  }

  function shownNotes() {
    var byId = {};
    (state ? state.notes : []).forEach(function (note) { if (!note.hidden) byId[note.id] = note; });
    return byId;
  }

  function columnTitle(key) {
    var column = (state.columns || []).filter(function (c) { return c.key === key; })[0];
    return column ? L.localized(column.title, root.dataset.lang) : key;
  }

  function post(url, fields) {
    var data = new FormData();
    data.set("csrf_token", root.dataset.csrf);
    Object.keys(fields).forEach(function (name) {
      [].concat(fields[name]).forEach(function (value) { data.append(name, String(value)); });
    });
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); });
  }

  function merge(into, sources, newTitle, done) {
    return post(panel.dataset.merge, { into_id: into, note_id: sources, title: newTitle || "" }).then(function (result) {
      if (!result.ok) { say(result.message || t("error"), true); return; }
      say(t("merged", { n: sources.length + 1 }));
      if (done) done();
    }, function () { say(t("error"), true); });
  }

  /* --- per note: a checkbox to tick it, and undoing a whole group ------------------------- */

  function noteControls(note) {
    var parts = [];
    if (!note.hidden) {
      var id = "tick-" + note.id;
      var pick = el("input", { type: "checkbox", id: id, class: "merge-tick", value: String(note.id),
        checked: !!ticked[note.id], on: { change: function () {
          if (this.checked) ticked[note.id] = true; else delete ticked[note.id];
          renderSelected();
        } } });
      parts.push(el("label", { class: "choice merge-pick", for: id }, [pick, el("span", { class: "visually-hidden", text: t("tick", { text: note.text }) }), el("span", { "aria-hidden": "true", text: t("pick") })]));
    }
    if (note.merged.length > 1) {
      var ids = note.merged.map(function (child) { return child.id; });
      parts.push(el("button", { type: "button", class: "button small", text: t("undo_group", { n: ids.length }), on: { click: function () {
        post(panel.dataset.unmerge, { note_id: ids }).then(function (result) {
          say(result.ok ? t("undone") : result.message || t("error"), !result.ok);
        }, function () { say(t("error"), true); });
      } } }));
    }
    return parts;
  }

  /* --- merging the ticked notes ----------------------------------------------------------- */

  function renderSelected() {
    var shown = shownNotes();
    Object.keys(ticked).forEach(function (id) { if (!shown[id]) delete ticked[id]; });
    var ids = Object.keys(ticked).map(Number).sort(function (a, b) { return a - b; });
    selected.hidden = ids.length === 0;
    document.getElementById("merge-selected-count").textContent = t("ticked", { n: ids.length });
    var signature = ids.map(function (id) { return id + ":" + shown[id].text; }).join("|");
    if (signature === target.dataset.signature) return;  // an open list is not rebuilt under the pointer
    target.dataset.signature = signature;
    var keep = Number(target.value);
    target.textContent = "";
    ids.forEach(function (id) {
      target.appendChild(el("option", { value: String(id), text: shown[id].text }));
    });
    if (ticked[keep]) target.value = String(keep);
  }

  selected.addEventListener("submit", function (event) {
    event.preventDefault();
    var ids = Object.keys(ticked).map(Number);
    if (ids.length < 2) { say(t("too_few"), true); return; }
    var into = Number(target.value);
    merge(into, ids.filter(function (id) { return id !== into; }), title.value.trim(), function () {
      ticked = {};
      title.value = "";
      renderSelected();
    });
  });
  document.getElementById("merge-clear").addEventListener("click", function () {
    ticked = {};
    document.querySelectorAll(".merge-tick").forEach(function (box) { box.checked = false; });
    renderSelected();
  });

  /* --- search ----------------------------------------------------------------------------- */

  function fold(text) {
    return String(text).toLocaleLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }

  function applySearch() {
    var query = fold(search.value.trim());
    var items = document.querySelectorAll("#step .notes > li.note");
    var shown = 0;
    items.forEach(function (item) {
      var match = !query || fold(item.textContent).indexOf(query) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    searchCount.textContent = query ? t("matches", { n: shown, total: items.length }) : "";
  }
  search.addEventListener("input", applySearch);
  /* "/" jumps to the search (as on many sites), never while typing in a field; Escape empties it. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target === search && search.value) {
      search.value = "";
      applySearch();
      return;
    }
    if (event.key !== "/" || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || panel.hidden) return;
    if (event.target && event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    search.focus();
  });

  /* --- suggestions ------------------------------------------------------------------------ */

  function load() {
    say(t("loading"));
    var query = rejected().concat(memory).map(function (ids) { return "rejected=" + ids.join("."); }).join("&");
    fetch(panel.dataset.suggestions + (query ? "?" + query : ""), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); }).then(function (result) {
      if (!result.ok) { say(result.message || t("error"), true); return; }
      clusters = result.clusters;
      stepId = result.step_id;
      renderSuggestions(true);
      loadButton.textContent = t("refresh");
      say(clusters.length ? t("found", { n: clusters.length }) : t("none"));
    }, function () { say(t("error"), true); });
  }
  var loadButton = document.getElementById("load-suggestions");
  loadButton.dataset.label = loadButton.textContent;
  loadButton.addEventListener("click", load);

  var rendered = "";  // which suggestions with which notes are on screen

  /* Rebuilt only when a suggestion's notes change (merged, hidden elsewhere), so a re-render
   * of the page never loses a half-edited title or an unticked note (kept on the cluster too). */
  function renderSuggestions(force) {
    box.hidden = clusters === null;
    if (clusters === null) { list.textContent = ""; rendered = ""; return; }
    var shown = shownNotes();
    var live = clusters.map(function (cluster) {
      return { cluster: cluster, members: cluster.note_ids.filter(function (id) { return shown[id]; }) };
    }).filter(function (entry) { return entry.members.length >= 2; });  // merged or hidden since
    var signature = live.map(function (entry) { return entry.members.join("."); }).join("|");
    if (!force && signature === rendered) return;
    rendered = signature;
    list.textContent = "";
    live.forEach(function (entry, index) { list.appendChild(suggestion(entry.cluster, entry.members, index, shown)); });
  }

  function suggestion(cluster, members, index, shown) {
    var name = "suggestion-" + cluster.note_ids[0];
    cluster.off = cluster.off || {};
    var boxes = members.map(function (id) {
      var input = el("input", { type: "checkbox", name: name, value: String(id), on: { change: function () {
        if (this.checked) delete cluster.off[id]; else cluster.off[id] = true;
      } } });
      input.checked = !cluster.off[id];
      return el("label", { class: "choice" }, [input, el("span", { text: shown[id].text })]);
    });
    var titleId = name + "-title";
    var titleInput = el("input", { type: "text", id: titleId, maxlength: "1000", value: cluster.edited === undefined ? cluster.title : cluster.edited,
      on: { input: function () { cluster.edited = this.value; } } });
    var form = el("form", { class: "suggestion-form" }, [
      el("fieldset", {}, [el("legend", { id: name + "-legend", text: t("group", { column: columnTitle(cluster.column), n: members.length }) })].concat(boxes)),
      el("label", { for: titleId, text: t("title") }), titleInput,
      el("div", { class: "note-actions" }, [
        el("button", { type: "submit", class: "button primary", text: t("accept"), "aria-describedby": titleId }),
        el("button", { type: "button", class: "button", text: t("reject"), "aria-describedby": titleId, on: { click: function () {
          reject(cluster.note_ids);
          drop(cluster, index);
          say(t("rejected"));
        } } })
      ])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var ids = members.filter(function (id) { return !cluster.off[id]; });
      if (ids.length < 2) { say(t("too_few"), true); return; }
      var into = ids.indexOf(cluster.title_id) !== -1 ? cluster.title_id : ids[0];
      var wanted = titleInput.value.trim();
      merge(into, ids.filter(function (id) { return id !== into; }), wanted === shown[into].text.trim() ? "" : wanted, function () {
        drop(cluster, index);
      });
    });
    return el("li", { class: "suggestion card" }, [form]);
  }

  function drop(cluster, index) {
    clusters = clusters.filter(function (c) { return c !== cluster; });
    renderSuggestions(true);
    focusNext(index);
  }

  /* After an action the focus moves to the next suggestion (or the button that asks again). */
  function focusNext(index) {
    var forms = list.querySelectorAll(".suggestion-form");
    var next = forms[Math.min(index, forms.length - 1)];
    var focus = next ? next.querySelector("button[type=submit]") : document.getElementById("load-suggestions");
    if (focus) focus.focus();
  }

  /* --- from facilitate.js ------------------------------------------------------------------ */

  function update(newState) {
    state = newState;
    var hasNotes = !!(state.columns && state.columns.length);
    panel.hidden = !hasNotes;
    if (stepId !== null && stepId !== state.step.id) {  // another step: its own suggestions
      clusters = null; stepId = null; ticked = {};
      loadButton.textContent = loadButton.dataset.label;
    }
    renderSelected();
    renderSuggestions(false);
    applySearch();
  }

  window.Merge = { noteControls: noteControls, update: update };
})();
