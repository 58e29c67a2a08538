/* floorcraft live screens: follow the SSE feed named by [data-live] and fill [data-live-field] elements.
 * A field "kind.key" shows data[key] of the latest event of that kind ("kind.id" shows its event id).
 * The browser's EventSource reconnects by itself and sends Last-Event-ID, so missed events are replayed;
 * on a "reset" event (too far behind) the page state is reloaded from the JSON twin named by [data-state].
 * The first connection resumes from [data-last-event-id], the last event the rendered page includes.
 * Served from the package, no CDN; see docs/live-feed.md. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) { return; }
  var status = document.querySelector("[data-live-status]");
  var kinds = {};
  document.querySelectorAll("[data-live-field]").forEach(function (el) {
    kinds[el.getAttribute("data-live-field").split(".")[0]] = true;
  });

  function setStatus(text, live) {
    if (status) { status.textContent = text; }
    document.body.setAttribute("data-live-connected", live ? "yes" : "no");
  }

  function show(kind, id, data) {
    document.querySelectorAll('[data-live-field^="' + kind + '."]').forEach(function (el) {
      var key = el.getAttribute("data-live-field").slice(kind.length + 1);
      var value = key === "id" ? id : (data || {})[key];
      el.textContent = value === undefined || value === null ? "" : String(value);
    });
    root.setAttribute("data-last-event-id", String(id));
  }

  function reload() {
    fetch(root.getAttribute("data-state"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        Object.keys(kinds).forEach(function (kind) {
          var latest = state[kind];
          if (latest) { show(kind, latest.id, latest.data); }
        });
      });
  }

  // The page was rendered at data-last-event-id: resume from there, so nothing published between the
  // render and the connection is lost (after the first event the browser's Last-Event-ID header wins).
  var url = root.getAttribute("data-live");
  var since = root.getAttribute("data-last-event-id");
  var source = new EventSource(since ? url + (url.indexOf("?") < 0 ? "?" : "&") + "last_event_id=" + since : url);
  source.onopen = function () { setStatus("live", true); };
  source.onerror = function () { setStatus("reconnecting…", false); };
  source.addEventListener("reset", reload);
  Object.keys(kinds).forEach(function (kind) {
    source.addEventListener(kind, function (e) { show(kind, e.lastEventId, JSON.parse(e.data)); });
  });
})();
