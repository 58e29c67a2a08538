/* floorcraft control room: reload the page when the night changes (another producer's step, a judge's
 * score), so the running order and the judges' status stay live. Never while the producer is typing
 * (a correction or a save vote): then the reload waits until the field loses focus.
 * Never once the producer has sent a form: the answer to it is the fresh page, and a reload fired by the
 * step's own event would cancel that answer, or land on the new page and swallow the producer's next
 * click (seen in the acceptance test on a loaded machine).
 * Served from the package, no CDN. */
(function () {
  "use strict";
  var root = document.querySelector("[data-control-live]");
  if (!root || !window.EventSource) { return; }
  var version = Number(root.getAttribute("data-version"));
  var pending = false;
  var leaving = false;

  function busy() {
    var el = document.activeElement;
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA");
  }
  function refresh() {
    if (leaving) { return; }
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
  // Bubbling to the document, a submit that htmx (or any handler) took over arrives defaultPrevented.
  document.addEventListener("submit", function (e) {
    if (!e.defaultPrevented) { leaving = true; source.close(); }
  });
})();
