/* floorcraft page helpers (served from the package, no CDN).
 * Every htmx request carries the session's CSRF token in X-CSRF-Token, read from
 * <meta name="csrf-token">, so pages can use hx-post without hidden fields; fetch() callers use
 * floorcraft.csrfToken(). See docs/web-security.md. */
(function () {
  "use strict";
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  window.floorcraft = { csrfToken: csrfToken };
  document.addEventListener("htmx:config:request", function (e) {
    var ctx = e.detail && e.detail.ctx;
    if (ctx && ctx.request && ctx.request.headers) {
      ctx.request.headers["X-CSRF-Token"] = csrfToken();
    }
  });
})();
