/* Live connection shared by the participant, facilitator and projector pages.
 * Renders only from snapshots the server sends; drops stale ones by revision; resends
 * unacknowledged actions with the same idempotency key after a reconnect. */
(function () {
  "use strict";

  var strings = JSON.parse(document.getElementById("strings").textContent);

  function t(key, values) {
    var text = strings[key] || key;
    if (typeof text === "object") text = values && values.n === 1 ? text.one : text.other;  // a count
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* el("p", {class: "x", text: "..."}, [children]) – text always via textContent. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "on") {
        Object.keys(value).forEach(function (ev) { node.addEventListener(ev, value[ev]); });
        node.liveOn = value;  // kept for morph(), which moves a redrawn node's handlers over
      }
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* Make the children of `live` (on the page) look like those of `fresh` (just drawn), keeping
   * every node that is still the same kind of node with the same key (see keyOf), moved to its
   * new place if the list was reordered.
   * A redraw then leaves the nodes under a finger in place: a tap that began before a snapshot
   * arrived still ends on the same label and counts, focus stays where it was, and text being
   * typed stays. Attributes, text and the handlers are taken from the fresh node (handlers
   * attached by el()'s "on", so a kept node acts on the newest snapshot). A box or radio
   * button follows the fresh node only where the snapshot changed it (its `checked`
   * attribute); a tick the person just set waits for the server's answer instead of
   * flickering back. A fresh node marked data-whole (a part that keeps references to its own
   * nodes) replaces the old one. */
  function morph(live, fresh) {
    var keyed = {};  // the old children with a key, by kind of node and key
    Array.prototype.forEach.call(live.childNodes, function (node) {
      var key = keyOf(node);
      if (key) keyed[node.nodeName + "#" + key] = node;
    });
    var index = 0;
    while (fresh.firstChild) {
      var next = fresh.firstChild, key = keyOf(next);
      fresh.removeChild(next);
      // a keyed node is kept only as itself (a note's row never becomes another note's row,
      // so a click never lands on another note's button); others by their place
      var old = key ? keyed[next.nodeName + "#" + key] : live.childNodes[index];
      if (old && key) delete keyed[next.nodeName + "#" + key];
      var here = live.childNodes[index] || null;
      if (old && sameNode(old, next)) {
        if (old !== here) live.insertBefore(old, here);
        update(old, next);
      } else {
        live.insertBefore(next, here);
      }
      index += 1;
    }
    while (live.childNodes.length > index) live.removeChild(live.lastChild);
  }

  /* What makes an element the same one on the next snapshot: its key (data-key, the focus key
   * or its id); none for text and for elements without one. */
  function keyOf(node) {
    if (node.nodeType !== 1) return "";
    return node.getAttribute("data-key") || node.getAttribute("data-focus-key") || node.id || "";
  }

  function sameNode(old, next) {
    if (old.nodeType !== next.nodeType || old.nodeName !== next.nodeName) return false;
    if (old.nodeType !== 1) return true;
    return !next.hasAttribute("data-whole") && keyOf(old) === keyOf(next);
  }

  function update(old, next) {
    if (old.nodeType !== 1) {
      if (old.nodeValue !== next.nodeValue) old.nodeValue = next.nodeValue;
      return;
    }
    var wasChecked = old.hasAttribute("checked");
    Array.prototype.slice.call(old.attributes).forEach(function (attr) {
      if (!next.hasAttribute(attr.name)) old.removeAttribute(attr.name);
    });
    Array.prototype.forEach.call(next.attributes, function (attr) {
      if (old.getAttribute(attr.name) === attr.value) return;
      // a style through the CSSOM, as the fresh node got it: the CSP refuses style attributes
      if (attr.name === "style") old.style.cssText = next.style.cssText;
      else old.setAttribute(attr.name, attr.value);
    });
    if (old.nodeName === "INPUT" && wasChecked !== next.hasAttribute("checked")) old.checked = next.checked;
    Object.keys(old.liveOn || {}).forEach(function (ev) { old.removeEventListener(ev, old.liveOn[ev]); });
    Object.keys(next.liveOn || {}).forEach(function (ev) { old.addEventListener(ev, next.liveOn[ev]); });
    old.liveOn = next.liveOn;
    morph(old, next);
  }

  function localized(text, lang) {
    if (!text) return "";
    return text[lang] || text.de || text.en || "";
  }

  /* A statement or hazard as shown: an unmet check statement taken over as a hazard says so. */
  function itemText(item, lang) {
    var text = localized(item.text, lang);
    return item.origin === "check" ? t("not_met", { text: text }) : text;
  }

  /* Green, yellow and red as a traffic-light step labels them (the template's, else the default). */
  function lightLabels(step, lang) {
    if (step && step.lights && step.lights.length === 3) {
      return step.lights.map(function (label) { return localized(label, lang); });
    }
    return [t("green"), t("yellow"), t("red")];
  }

  function paragraphs(text) {
    return String(text || "").split(/\n{2,}/).filter(Boolean).map(function (part) {
      return el("p", { text: part.trim() });
    });
  }

  function formatSeconds(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  /* Countdown from the snapshot's timer, corrected for the clock difference to the server. */
  function Timer(node) {
    var endsAt = null, offset = 0, handle = null;
    function tick() {
      if (endsAt === null) { node.hidden = true; return; }
      var left = Math.max(0, Math.round((endsAt - (Date.now() + offset)) / 1000));
      node.hidden = false;
      node.textContent = left > 0 ? t("time_left", { t: formatSeconds(left) }) : t("time_up");
      node.classList.toggle("timer-up", left === 0);
    }
    return {
      update: function (timer) {
        endsAt = timer && timer.ends_at;
        offset = timer ? timer.now - Date.now() : 0;
        if (handle === null) handle = setInterval(tick, 1000);
        tick();
      }
    };
  }

  function connect(options) {
    var root = document.getElementById("app");
    var status = document.getElementById("status");
    var pending = {};      // idempotency key -> {event, payload, resolve}
    var stateRevision = 0, meRevision = 0, meRode = false;  // meRode: the shown own state rode along
    var socket = io({
      transports: ["websocket"],
      auth: { ws: Number(root.dataset.ws), view: root.dataset.view, csrf: root.dataset.csrf },
      reconnectionDelayMax: 5000
    });

    function setStatus(key, bad) {
      status.textContent = t(key);
      status.classList.toggle("status-bad", !!bad);
      status.classList.toggle("status-ok", !bad);
    }

    function flushPending() {
      Object.keys(pending).forEach(function (key) { transmit(key); });
    }

    function transmit(key) {
      var item = pending[key];
      if (!item || !socket.connected) return;
      socket.timeout(10000).emit(item.event, item.payload, function (err, ack) {
        if (err) {  // no answer in time: resend with the same key (the server acts once)
          item.waits = (item.waits || 0) + 1;
          if (socket.connected && item.waits < 6) setTimeout(function () { transmit(key); }, 1000);
          else setStatus("retry", true);  // and again after the next reconnect
          return;
        }
        if (ack && ack.error === "TryAgain" && (item.tries = (item.tries || 0) + 1) < 5) {
          setTimeout(function () { transmit(key); }, 500 * item.tries);  // busy: same key again
          return;
        }
        delete pending[key];
        item.resolve(ack);
        if (!Object.keys(pending).length && socket.connected) setStatus("connected");
      });
    }

    socket.on("connect", function () { setStatus("connected"); flushPending(); });
    socket.on("disconnect", function () { setStatus("offline", true); });
    socket.on("connect_error", function (error) {
      setStatus("offline", true);
      if (error && error.message === "not-joined" && root.dataset.joinUrl) {
        window.location.href = root.dataset.joinUrl;
      }
    });
    /* The workshop was deleted: reload, and the page says what it says of a gone workshop. */
    socket.on("session:gone", function () { window.location.reload(); });
    socket.on("session:state", function (state) {
      // stale, out of order, or no newer than what is shown (a full snapshot sent on connect
      // carries the last flush's revision and may hold more than that flush sent)
      if (state.revision <= stateRevision) return;
      stateRevision = state.revision;
      var me = state.me;  // a phone's own state may ride along (one message, one render)
      if (me && me.revision >= meRevision) { meRevision = me.revision; meRode = true; } else me = null;
      options.onState(state, me);
    });
    /* Events for a page's own scripts (team.js): passed on as DOM events named "live:…". */
    ["team:changed"].forEach(function (name) {
      socket.on(name, function (payload) {
        document.dispatchEvent(new CustomEvent("live:" + name, { detail: payload }));
      });
    });
    socket.on("me:state", function (me) {
      // a phone's own state sent after the shared view of the same flush (same revision)
      // replaces the blank one that rode along with that view; otherwise only a newer one counts
      if (me.revision < meRevision || (me.revision === meRevision && !meRode)) return;
      meRevision = me.revision;
      meRode = Boolean(me.blank);  // the blank state sent to every phone: the same holds
      if (options.onMe) options.onMe(me);
    });

    return {
      /* Send an action with an idempotency key; resolves with the server's ack. */
      send: function (event, payload) {
        var key = newKey();
        payload.key = key;
        return new Promise(function (resolve) {
          pending[key] = { event: event, payload: payload, resolve: resolve };
          if (socket.connected) transmit(key); else setStatus("retry", true);
        });
      }
    };
  }

  /* Facilitator controls: POST a form with fetch and stay on the page. */
  function postForm(form, extra) {
    var data = new FormData(form);
    Object.keys(extra || {}).forEach(function (name) { data.set(name, extra[name]); });
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) { return response.json(); });
  }

  window.Live = {
    t: t, el: el, morph: morph, localized: localized, itemText: itemText, lightLabels: lightLabels, paragraphs: paragraphs,
    connect: connect,
    Timer: Timer, postForm: postForm,
    /* A kind's own input, drawn by its own script (listed by the kind, `StepKind.scripts`),
     * under the value its step header declares as `input`: {phone, projector, control}.
     * phone(state, me, lang, send, showError) returns the phone's part (below one's own notes
     * if the step takes notes, which the phone page draws for every such step);
     * projector(state, lang, pager, meta) returns what the projector shows once results are
     * revealed (a node or a fragment; meta(text, cls) adds a line to the step's head);
     * control(state, lang, form, noteControls) returns the control page's part (form: a
     * button posting to the workshop, noteControls: merge.js's controls for a note, if any).
     * Optional count(state): the line of how many took part (else the respondents).
     * The pages know no input by name. */
    inputs: {}
  };
})();
