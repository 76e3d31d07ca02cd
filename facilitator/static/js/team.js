/* The team box: when the team changes, refresh it; when one's own role changed, or someone was
 * removed (then the server closed the live room), reload the page: it is drawn anew for the
 * role one has now, or refused if one is no longer in the team. */
(function () {
  "use strict";
  /* A form this page submits itself (e.g. the owner's own team change) leaves the page: a
   * reload then would cancel that navigation and lose its answer. */
  var leaving = false;
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) leaving = true;
  });
  document.addEventListener("live:team:changed", function (event) {
    var box = document.getElementById("team");
    if (!box || leaving) return;
    var change = event.detail || {};
    var me = Number(box.dataset.me);
    if (change.revoked || (change.accounts || []).indexOf(me) >= 0) {
      window.location.reload();
      return;
    }
    fetch(box.dataset.url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { window.location.reload(); return null; }
      return response.text();
    }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("team");
      var current = document.getElementById("team");
      if (fresh && current) current.replaceWith(document.importNode(fresh, true));
    });
  });
})();
