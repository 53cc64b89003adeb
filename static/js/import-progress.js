/* Import progress: polls the job's JSON status and moves the <progress> bar.
   When the job ends the page reloads once, so the server renders the full report. */
(function () {
  "use strict";
  var panel = document.getElementById("import-progress");
  if (!panel || panel.getAttribute("data-finished") === "true") { return; }
  var url = panel.getAttribute("data-status-url");
  var messages = JSON.parse(panel.getAttribute("data-messages") || "{}");
  var bar = document.getElementById("import-bar");
  var message = panel.querySelector("[data-role=message]");
  var count = panel.querySelector("[data-role=count]");
  var delay = 500;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    if (messages[state.status]) { message.textContent = messages[state.status]; }
    count.textContent = state.total ? state.done + " / " + state.total : "";
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
        delay = Math.min(delay * 1.25, 3000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 300);
}());
