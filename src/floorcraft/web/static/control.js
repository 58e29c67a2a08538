/* floorcraft control room: reload the page when the night changes (another producer's step, a judge's
 * score), so the running order and the judges' status stay live. Never while the producer is typing
 * (a correction or a save vote): then the reload waits until the field loses focus.
 * Served from the package, no CDN. */
(function () {
  "use strict";
  var root = document.querySelector("[data-control-live]");
  if (!root || !window.EventSource) { return; }
  var version = Number(root.getAttribute("data-version"));
  var pending = false;

  function busy() {
    var el = document.activeElement;
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");
  }
  function refresh() {
    if (busy()) { pending = true; return; }
    window.location.reload();
  }
  document.addEventListener("focusout", function () {
    if (pending) { setTimeout(function () { if (!busy()) { refresh(); } }, 50); }
  });
  var source = new EventSource(root.getAttribute("data-control-live"));
  source.addEventListener("control", function (e) {
    var data = JSON.parse(e.data);
    if (data.version !== version) { version = data.version; refresh(); }
  });
})();
