/* floorcraft big screen: draw the live night's board (JSON from [data-board-state]) and redraw it on every
 * "show" event of the public live feed. Text only (textContent), no HTML from the server's data.
 * The browser's EventSource reconnects and resumes with Last-Event-ID; a "reset" reloads the JSON twin.
 * Served from the package, no CDN; see docs/live-show.md. */
(function () {
  "use strict";
  var root = document.getElementById("board");
  if (!root) { return; }
  var version = -1;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function fill(id, children) {
    var node = document.getElementById(id);
    while (node.firstChild) { node.removeChild(node.firstChild); }
    children.forEach(function (c) { node.appendChild(c); });
    return node;
  }
  function text(id, value) { document.getElementById(id).textContent = value || ""; }

  var OUTCOMES = { eliminated: "leaves the competition", saved: "saved by the judges", withdrawn: "withdraws",
                   winner: "wins the season", placed: "placed", bottom: "in the bottom", tied: "tied" };

  function draw(b) {
    if (!b || b.version < version) { return; }
    version = b.version;
    root.setAttribute("data-version", String(b.version));
    root.setAttribute("data-phase", b.phase);
    text("board-title", b.title);
    text("board-week", b.week ? "Week " + b.week + " · " + b.week_title : "");
    text("board-vote", b.vote.open ? "VOTE NOW — lines are open" : (b.vote.poll ? "Lines are closed" : ""));
    document.getElementById("board-vote").className = "board-vote" + (b.vote.open ? " open" : "");
    var p = b.result ? null : b.performance;  // once confirmed, the result takes the stage
    var revealed = b.result ? [] : b.revealed;
    text("board-dance", p ? p.dance : "");
    text("board-couple", b.result ? "Week " + b.result.week + " result" : (p ? p.title : (b.week ? "Coming up next…" : "")));
    fill("board-scores", revealed.map(function (r) {
      var li = el("li", "score-card");
      li.appendChild(el("span", "score-value", r.score));
      li.appendChild(el("span", "score-judge", r.name));
      return li;
    }));
    text("board-total", revealed.length ? "Total " + b.revealed_total + (revealed.length < b.panel_size ? " so far" : "") : "");
    fill("board-leaders", b.leaderboard.map(function (l) {
      var li = el("li", "leader");
      li.appendChild(el("span", "leader-rank", l.rank));
      li.appendChild(el("span", "leader-name", l.name));
      li.appendChild(el("span", "leader-total", l.dances ? l.total : "–"));
      return li;
    }));
    var result = b.result ? b.result.outcomes : [];
    fill("board-result", result.map(function (o) {
      return el("p", "result-line result-" + o.outcome, o.name + " " + (OUTCOMES[o.outcome] || o.outcome));
    }));
  }

  function reload() {
    fetch(root.getAttribute("data-board-state"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) { if (state.board) { version = -1; draw(state.board); } });
  }

  reload();
  var source = new EventSource(root.getAttribute("data-board-live"));
  source.addEventListener("show", function (e) { draw(JSON.parse(e.data)); });
  source.addEventListener("reset", reload);
})();
