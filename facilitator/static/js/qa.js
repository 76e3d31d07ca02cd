/* Q&A steps on the phone, the projector and the control page: questions addressed to someone,
 * upvoted once per person, ranked by upvotes once the server's gate releases the counts (before
 * that: oldest first, counts withheld). The order and every figure come from the snapshot. */
(function () {
  "use strict";
  var L = window.Live, el = L.el, t = L.t;

  function addressee(state, key, lang) {
    var column = state.columns.filter(function (c) { return c.key === key; })[0];
    return column ? L.localized(column.title, lang) : key;
  }

  function statusLine(question) {
    if (question.status === "open") return null;
    return el("p", { class: "question-status", text: t("qa_" + question.status) });
  }

  function votesLine(question) {
    if (question.votes === undefined) return null;
    return el("p", { class: "dots-total", text: t("upvotes", { n: question.votes }) });
  }

  function withheldText(state) {
    return t("upvotes_withheld", { k: state.dots_withheld });
  }

  function withheldLine(state) {
    if (!state.dots_withheld) return null;
    return el("p", { class: "help figures withheld", text: withheldText(state) });
  }

  /* The phone: every shown question with an upvote toggle (not on one's own question); the
   * phone page draws one's own questions above it (the shared own notes). `send(event,
   * payload)` returns the server's ack as a promise; `showError(ack)` shows a refusal. */
  function phone(state, me, lang, send, showError) {
    var step = state.step;
    var box = el("section", { class: "questions-box" }, [el("h2", { text: t("questions") })]);
    if (!step.results_visible) {
      box.appendChild(el("p", { class: "help", text: t("results_hidden") }));
      return box;
    }
    var current = me && me.step_id === step.id;
    var own = current ? me.notes.map(function (n) { return n.id; }) : [];
    var upvoted = current && me.upvoted ? me.upvoted : [];
    var withheld = withheldLine(state);
    if (withheld) box.appendChild(withheld);
    if (!state.questions.length) box.appendChild(el("p", { class: "help", text: t("no_questions") }));
    var list = el("ol", { class: "notes questions" });
    state.questions.forEach(function (question) {
      var textId = "question-" + question.id;
      var item = el("li", { class: "note question question-" + question.status }, [
        el("p", { class: "note-column", text: t("to_addressee", { to: addressee(state, question.column, lang) }) }),
        el("p", { class: "note-text", id: textId, text: question.text }),
        statusLine(question),
        votesLine(question)
      ]);
      if (own.indexOf(question.id) >= 0) {
        item.appendChild(el("p", { class: "help", text: t("own_question") }));
      } else {
        var pressed = upvoted.indexOf(question.id) >= 0;
        item.appendChild(el("button", {
          type: "button", class: "button upvote" + (pressed ? " primary" : ""),
          "aria-pressed": pressed ? "true" : "false", "aria-describedby": textId,
          "data-focus-key": "upvote-" + question.id,
          disabled: !step.open || (question.status === "answered" && !pressed),
          on: { click: function () {
            send(pressed ? "question:withdraw" : "question:upvote", { note_id: question.id }).then(showError);
          } }
        }, [el("span", { "aria-hidden": "true", text: "▲ " }), el("span", { text: t("upvote") })]));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  /* The projector: the question being answered big, then the others by upvotes (the pager
   * shows their top and "+ n more"); while too few upvoted, a line in the head says so. */
  function projector(state, lang, pager, meta) {
    var now = state.questions.filter(function (q) { return q.status === "answering"; })[0];
    var list = el("ol", { class: "notes questions" });
    state.questions.forEach(function (question) {
      if (now && question.id === now.id) return;
      list.appendChild(el("li", { class: "note question question-" + question.status }, [
        el("p", { class: "note-text", text: question.text }),
        el("p", { class: "question-meta" }, [
          el("span", { text: addressee(state, question.column, lang) }),
          question.votes !== undefined ? el("span", { class: "question-votes", text: t("upvotes", { n: question.votes }) }) : null,
          question.status === "answered" ? el("span", { class: "question-status", text: t("qa_answered") }) : null
        ])
      ]));
    });
    var big = null;
    if (now) {
      big = el("section", { class: "question-now", "aria-label": t("qa_answering") }, [
        el("p", { class: "question-status", text: t("qa_answering") + " · " + addressee(state, now.column, lang) }),
        el("p", { class: "question-now-text", text: now.text }),
        votesLine(now)
      ]);
    }
    if (state.dots_withheld) meta(withheldText(state), "help figures withheld");
    var parts = document.createDocumentFragment();  /* the body's parts, without a wrapper */
    if (big) parts.appendChild(big);
    parts.appendChild(pager(list, "top"));
    return parts;
  }

  /* The control page: every question (hidden ones too) with its status buttons; merging
   * duplicates (ticking, undoing) through merge.js's controls, as on a board. */
  function control(state, lang, form, mergeControls) {
    var box = el("section", { class: "questions-control" });  /* "too few" is said above it */
    if (!state.questions.length) box.appendChild(el("p", { class: "help", text: t("no_questions") }));
    var list = el("ol", { class: "notes questions" });
    state.questions.forEach(function (question) {
      var item = el("li", { class: "note question question-" + question.status + (question.hidden ? " note-hidden" : "") }, [
        el("p", { class: "note-column", text: t("to_addressee", { to: addressee(state, question.column, lang) }) }),
        el("p", { class: "note-text", text: question.text }),
        question.hidden ? el("p", { class: "help", text: t("hidden") }) : null,
        statusLine(question),
        votesLine(question)
      ]);
      question.merged.forEach(function (child) {
        item.appendChild(el("div", { class: "merged-child" }, [
          el("span", { class: "merged", text: t("merged") + " " + child.text }),
          form("/notes/unmerge", { note_id: child.id }, t("unmerge"))
        ]));
      });
      var actions = el("div", { class: "note-actions" });
      ["answering", "answered", "open"].forEach(function (status) {
        if (status === question.status) return;
        actions.appendChild(form("/questions/status", { note_id: question.id, status: status }, t("qa_mark_" + status)));
      });
      actions.appendChild(form(question.hidden ? "/notes/show" : "/notes/hide", { note_id: question.id }, question.hidden ? t("show") : t("hide")));
      if (mergeControls) mergeControls(question).forEach(function (part) { actions.appendChild(part); });
      item.appendChild(actions);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  L.inputs.questions = {  // the input `qa` steps declare
    count: function (state) { return t("upvoters", { n: state.voters || 0 }); },
    phone: phone,
    projector: projector,
    control: control
  };
})();
