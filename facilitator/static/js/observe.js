/* An observer's page: the control page's script draws the live view; this takes out every
 * control it draws (forms, buttons, fields, links to editing pages) the moment they appear,
 * so an observer sees the facilitator's view without a single control. The server refuses
 * any change from an observer anyway. */
(function () {
  "use strict";
  var root = document.getElementById("app");
  if (!root || !root.classList.contains("read-only")) return;
  var CONTROLS = "form, button, input, select, textarea, [data-control], a[href$='/action-plan']";

  function strip(node) {
    if (node.nodeType !== 1) return;
    if (node.matches(CONTROLS)) { node.remove(); return; }
    node.querySelectorAll(CONTROLS).forEach(function (control) { control.remove(); });
  }

  strip(root);
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(strip); });
  }).observe(root, { childList: true, subtree: true });
})();
