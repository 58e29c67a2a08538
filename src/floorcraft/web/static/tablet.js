/* floorcraft judges' tablets (TV scores and DanceSport cards) and the voter phone page share
 * floorcraft.send(): POST JSON with the session's CSRF token and an idempotency key, retried with
 * exponential backoff while the network fails or the server is unavailable (5xx, 429), so a flaky hall
 * Wi-Fi loses nothing. "Stored" is reported only after a 2xx answer; a 4xx refusal is shown as it is
 * (the one error shape's message) and not retried. Served from the package, no CDN. */
(function () {
  "use strict";
  var fc = window.floorcraft = window.floorcraft || {};

  fc.newKey = function () {  // crypto.randomUUID needs a secure context; plain http on a LAN is not one
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  };

  fc.send = function (url, body, key, on) {
    var attempt = 0;
    function retry(why) {
      var delay = Math.min(300 * Math.pow(2, attempt), 5000);
      attempt += 1;
      if (on.retrying) { on.retrying(why, attempt, delay); }
      setTimeout(go, delay);
    }
    function go() {
      var headers = { "Content-Type": "application/json", "Accept": "application/json",
                      "X-CSRF-Token": fc.csrfToken ? fc.csrfToken() : "" };
      if (key) { headers["Idempotency-Key"] = key; }
      var controller = new AbortController();
      var timer = setTimeout(function () { controller.abort(); }, 8000);
      fetch(url, { method: "POST", headers: headers, body: JSON.stringify(body), credentials: "same-origin",
                   signal: controller.signal })
        .then(function (r) {
          clearTimeout(timer);
          if (r.status >= 500 || r.status === 429) { retry("server busy (" + r.status + ")"); return; }
          return r.json().then(function (data) {
            if (r.ok) { on.stored(data); }
            else { on.refused((data && data.error && data.error.message) || ("refused (" + r.status + ")"), r.status); }
          });
        })
        .catch(function () { clearTimeout(timer); retry("no network"); });
    }
    go();
  };

  fc.getJSON = function (url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  };

  function setStatus(el, status, text) {
    el.setAttribute("data-status", status);
    el.textContent = text;
  }
  fc.setStatus = setStatus;

  var root = document.querySelector("[data-tablet]");
  if (!root) { return; }
  var statusEl = document.getElementById("send-status");
  var POLL_MS = 1500;

  // -- TV: one performance at a time, choose a score, confirm, send ------------------------------------
  function tv() {
    var scores = document.querySelectorAll("#scores .score");
    var confirm = document.getElementById("confirm");
    var chosen = document.getElementById("chosen");
    var perfEl = document.getElementById("performance");
    var phaseEl = document.getElementById("phase-msg");
    var state = null, choice = null, sending = false;

    function enable(on) { scores.forEach(function (b) { b.disabled = !on; }); }

    function render(s) {
      var previous = state && state.performance ? state.performance.id : perfEl.getAttribute("data-performance");
      state = s;
      var perf = s.performance;
      var changed = (perf ? perf.id : "") !== (previous || "");
      perfEl.setAttribute("data-performance", perf ? perf.id : "");
      document.getElementById("perf-couple").textContent = perf ? perf.couples.join(" and ") : "Waiting for the next couple";
      document.getElementById("perf-dance").textContent = perf ? perf.dance : "";
      document.getElementById("week").textContent = s.week || "–";
      phaseEl.setAttribute("data-phase", s.phase);
      phaseEl.textContent = !s.on_panel ? "You are not on tonight's panel."
        : s.judging_open ? (s.my_score ? "Your score is stored." : "Judging is open: choose your score.")
        : "Judging is not open (" + s.phase + ").";
      if (sending) { return; }
      if (changed) { choice = null; confirm.hidden = true; setStatus(statusEl, "idle", ""); }
      if (s.my_score) {
        confirm.hidden = true;
        setStatus(statusEl, "sent", "Sent: " + s.my_score + " (stored)");
      }
      enable(s.judging_open && !s.my_score && choice === null);
    }

    function poll() {
      fc.getJSON(root.getAttribute("data-state")).then(render).catch(function () { /* offline: keep showing */ })
        .then(function () { setTimeout(poll, POLL_MS); });
    }

    scores.forEach(function (b) {
      b.addEventListener("click", function () {
        choice = b.getAttribute("data-score");
        scores.forEach(function (o) { o.classList.toggle("chosen", o === b); });
        chosen.textContent = choice;
        confirm.hidden = false;
        enable(false);
      });
    });
    document.getElementById("confirm-change").addEventListener("click", function () {
      choice = null; confirm.hidden = true;
      scores.forEach(function (o) { o.classList.remove("chosen"); });
      enable(state ? state.judging_open && !state.my_score : true);
    });
    document.getElementById("confirm-send").addEventListener("click", function () {
      if (choice === null || sending) { return; }
      var perf = perfEl.getAttribute("data-performance");
      var body = { performance: perf, judge: root.getAttribute("data-judge"), score: choice };
      sending = true;
      confirm.hidden = true;
      setStatus(statusEl, "sending", "Sending " + choice + "…");
      fc.send(root.getAttribute("data-submit"), body, fc.newKey(), {
        retrying: function (why) { setStatus(statusEl, "retrying", "Not sent yet (" + why + "), retrying…"); },
        stored: function (data) {
          sending = false;
          if (state) { state.my_score = data.score; }
          setStatus(statusEl, "sent", "Sent: " + data.score + " (stored)");
          enable(false);
        },
        refused: function (message) {
          sending = false; choice = null;
          scores.forEach(function (o) { o.classList.remove("chosen"); });
          setStatus(statusEl, "refused", "Not stored: " + message);
          enable(state ? state.judging_open && !state.my_score : false);
        }
      });
    });
    poll();
  }

  // -- DanceSport: the judge's card for the round, exact before it can be sent -----------------------
  function dancesport() {
    var host = document.getElementById("dances");
    var sendBtn = document.getElementById("send-card");
    var state = null, marks = {}, sending = false;

    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      return e;
    }

    function problem(dance) {  // why this dance's card is not exact yet, or ""
      var card = marks[dance] || {}, n = state.couples.length;
      if (state.round.final) {
        var seen = {};
        var places = state.couples.map(function (c) { return card[c.number]; });
        for (var i = 0; i < places.length; i++) {
          if (!places[i]) { return "place every couple"; }
          if (seen[places[i]]) { return "place " + places[i] + " is given twice"; }
          seen[places[i]] = true;
        }
        return places.length === n ? "" : "place every couple";
      }
      var crossed = state.couples.filter(function (c) { return card[c.number] === 1; }).length;
      return crossed === state.round.recall ? "" : crossed + " of " + state.round.recall + " marked";
    }

    function refresh() {
      var ok = state.open && state.on_panel;
      state.round.dances.forEach(function (d) {
        var p = problem(d), note = host.querySelector('[data-dance-status="' + d + '"]');
        note.textContent = p || (state.round.final ? "complete" : state.round.recall + " of " + state.round.recall + " marked");
        note.setAttribute("data-ok", p ? "no" : "yes");
        if (p) { ok = false; }
        state.couples.forEach(function (c) {
          host.querySelectorAll('[data-dance="' + d + '"][data-couple="' + c.number + '"]').forEach(function (b) {
            var v = Number(b.getAttribute("data-value"));
            b.classList.toggle("chosen", (marks[d] || {})[c.number] === v);
            b.setAttribute("aria-pressed", (marks[d] || {})[c.number] === v ? "true" : "false");
          });
        });
      });
      sendBtn.disabled = !ok || sending;
    }

    function build() {
      host.textContent = "";
      state.round.dances.forEach(function (d) {
        marks[d] = marks[d] || {};
        var box = el("section", { "class": "dance-card", "data-dance-card": d });
        var head = el("h2", {}, d);
        head.appendChild(el("span", { "class": "dance-status", "data-dance-status": d }));
        box.appendChild(head);
        state.couples.forEach(function (c) {
          var row = el("div", { "class": "couple-row" });
          row.appendChild(el("span", { "class": "couple-no" }, c.number));
          row.appendChild(el("span", { "class": "couple-name" }, c.name));
          var values = state.round.final ? state.couples.map(function (_c, i) { return i + 1; }) : [1];
          values.forEach(function (v) {
            var b = el("button", { type: "button", "class": "mark", "data-dance": d, "data-couple": c.number,
                                   "data-value": String(v) }, state.round.final ? String(v) : "X");
            b.addEventListener("click", function () {
              var card = marks[d];
              card[c.number] = (card[c.number] === v) ? (state.round.final ? undefined : 0) : v;
              refresh();
            });
            row.appendChild(b);
          });
          box.appendChild(row);
        });
        host.appendChild(box);
      });
      refresh();
    }

    sendBtn.addEventListener("click", function () {
      if (sendBtn.disabled) { return; }
      var card = {};
      state.round.dances.forEach(function (d) {
        card[d] = {};
        state.couples.forEach(function (c) { card[d][c.number] = marks[d][c.number] || 0; });
      });
      sending = true; sendBtn.disabled = true;
      setStatus(statusEl, "sending", "Sending your card…");
      fc.send(root.getAttribute("data-submit"),
              { round: state.round.number, judge: root.getAttribute("data-judge"), marks: card }, null, {
        retrying: function (why) { setStatus(statusEl, "retrying", "Not sent yet (" + why + "), retrying…"); },
        stored: function () { sending = false; setStatus(statusEl, "sent", "Card sent (stored)"); refresh(); },
        refused: function (message) { sending = false; setStatus(statusEl, "refused", "Not stored: " + message); refresh(); }
      });
    });

    fc.getJSON(root.getAttribute("data-state")).then(function (s) {
      state = s;
      Object.keys(s.marks).forEach(function (d) { marks[d] = s.marks[d]; });
      build();
    });
  }

  if (root.getAttribute("data-tablet") === "tv") { tv(); } else { dancesport(); }
})();
