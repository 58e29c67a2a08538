/* floorcraft voter phone: split the allowed votes between couples, the remaining count live; send with
 * an idempotency key (retried through floorcraft.send, see tablet.js) and show the receipt. */
(function () {
  "use strict";
  var root = document.querySelector("[data-phone]");
  if (!root) { return; }
  var fc = window.floorcraft;
  if (!document.getElementById("choices")) {  // no poll yet: wait for one, then show it
    (function wait() {
      fc.getJSON(root.getAttribute("data-state"))
        .then(function (s) { if (s.poll) { location.reload(); } else { setTimeout(wait, 3000); } })
        .catch(function () { setTimeout(wait, 3000); });
    })();
    return;
  }
  var statusEl = document.getElementById("send-status");
  var castBtn = document.getElementById("cast");
  var state = null, counts = {}, sending = false;

  function total() { return Object.keys(counts).reduce(function (s, k) { return s + counts[k]; }, 0); }

  function remaining() {  // null: no cap
    var lim = state.limit;
    if (lim.cap === null) { return null; }
    if (lim.scope === "per_couple_per_method") { return lim.cap; }  // each couple has its own cap
    return lim.cap - lim.used - total();
  }

  function render() {
    var open = state.open, left = remaining();
    var msg = document.getElementById("vote-message");
    msg.textContent = state.message;
    msg.setAttribute("data-open", open ? "yes" : "no");
    var remEl = document.getElementById("remaining");
    if (remEl) { remEl.textContent = left === null ? "" : String(Math.max(0, left)); }
    root.setAttribute("data-remaining", left === null ? "" : String(left));
    state.choices.forEach(function (c) {
      var n = counts[c.id] || 0;
      var perCouple = state.limit.scope === "per_couple_per_method" && state.limit.cap !== null;
      document.querySelector('[data-count="' + c.id + '"]').textContent = String(n);
      document.querySelector('[data-less="' + c.id + '"]').disabled = !open || sending || n === 0;
      document.querySelector('[data-more="' + c.id + '"]').disabled =
        !open || sending || (perCouple ? n >= state.limit.cap : left !== null && left <= 0);
    });
    castBtn.disabled = !open || sending || total() === 0;
    if (open && left !== null && left <= 0 && !sending && statusEl.getAttribute("data-status") !== "sent") {
      setHint("All your votes are placed.");
    }
  }

  function setHint(text) {
    if (statusEl.getAttribute("data-status") === "idle" || statusEl.getAttribute("data-status") === "hint") {
      fc.setStatus(statusEl, "hint", text);
    }
  }

  function load(s) {
    var first = state === null;
    state = s;
    if (first || sending === false && statusEl.getAttribute("data-status") === "sent") {
      counts = {};
      if (s.limit && s.limit.reassignable) {
        Object.keys(s.mine || {}).forEach(function (k) { counts[k] = s.mine[k]; });
      }
    }
    render();
  }

  root.addEventListener("click", function (e) {
    var t = e.target;
    if (!t.matches || t.disabled) { return; }
    if (t.matches("[data-more]")) { var m = t.getAttribute("data-more"); counts[m] = (counts[m] || 0) + 1; }
    else if (t.matches("[data-less]")) { var l = t.getAttribute("data-less"); counts[l] = Math.max(0, (counts[l] || 0) - 1); }
    else { return; }
    if (statusEl.getAttribute("data-status") !== "sending") { fc.setStatus(statusEl, "idle", ""); }
    render();
  });

  castBtn.addEventListener("click", function () {
    var votes = {};
    Object.keys(counts).forEach(function (k) { if (counts[k] > 0) { votes[k] = counts[k]; } });
    sending = true; render();
    fc.setStatus(statusEl, "sending", "Sending your votes…");
    var key = fc.newKey();
    fc.send(root.getAttribute("data-submit"), { votes: votes, key: key }, key, {
      retrying: function (why) { fc.setStatus(statusEl, "retrying", "Not sent yet (" + why + "), retrying…"); },
      stored: function (data) {
        sending = false;
        fc.setStatus(statusEl, "sent", "Thank you: " + data.votes + " vote" + (data.votes === 1 ? "" : "s") + " counted.");
        document.getElementById("receipt").hidden = false;
        document.getElementById("receipt-code").textContent = data.receipt;
        document.getElementById("receipt-link").setAttribute("href", data.check);
        load(data.state);
      },
      refused: function (message) {
        sending = false;
        fc.setStatus(statusEl, "refused", message);
        render();
      }
    });
  });

  function poll() {
    fc.getJSON(root.getAttribute("data-state")).then(load).catch(function () { /* offline: keep showing */ })
      .then(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
