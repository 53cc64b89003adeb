/* OneRoster import progress: polls the import's JSON status and moves the <progress> bar.
   When the import ends the page reloads once, so the server renders the report.
   Without JavaScript the page refreshes itself (a <noscript> meta refresh) and has a link. */
(function () {
  "use strict";
  var panel = document.getElementById("oneroster-progress");
  if (!panel) { return; }
  var url = panel.getAttribute("data-status-url");
  var phases = JSON.parse(panel.getAttribute("data-phases") || "{}");
  var bar = document.getElementById("oneroster-bar");
  var phase = panel.querySelector("[data-role=phase]");
  var count = panel.querySelector("[data-role=count]");
  var delay = 500;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    if (phases[state.phase]) { phase.textContent = phases[state.phase]; }
    count.textContent = state.total ? state.done.toLocaleString() + " / " + state.total.toLocaleString() : "";
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) { window.location.reload(); return; }
        delay = Math.min(delay * 1.2, 2000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 300);
}());
