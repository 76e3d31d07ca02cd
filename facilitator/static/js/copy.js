/* Copy buttons: a button with data-copy="<id of a field>" copies that field's text. Without
 * JavaScript the button stays hidden and the field can be selected and copied by hand. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    var status = button.closest("div").parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() { if (status) status.textContent = button.getAttribute("data-copied"); }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");  // plain http in the room's LAN: no Clipboard API there
        done();
      }
    });
  });
})();
