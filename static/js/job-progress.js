/* Progress of a background job (a CASE import, a OneRoster import): polls the job's JSON status
   and moves the panel's <progress> bar and words. When the job ends the page reloads once, so the
   server renders the full report. Without JavaScript the pages refresh themselves or link to it.

   The panel: data-status-url (the JSON status), data-labels (a JSON map of words), data-label-from
   (the status field those words are chosen by: "status" or "phase"), data-finished="true" to stop;
   inside it a <progress>, [data-role=label] and [data-role=count]. */
(function () {
  "use strict";
  var panels = document.querySelectorAll("[data-status-url][data-labels]");
  Array.prototype.forEach.call(panels, function (panel) {
    if (panel.getAttribute("data-finished") === "true") { return; }
    var url = panel.getAttribute("data-status-url");
    var labels = JSON.parse(panel.getAttribute("data-labels") || "{}");
    var labelFrom = panel.getAttribute("data-label-from") || "status";
    var bar = panel.querySelector("progress");
    var label = panel.querySelector("[data-role=label]");
    var count = panel.querySelector("[data-role=count]");
    var delay = 500;

    function show(state) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
      if (label && labels[state[labelFrom]]) { label.textContent = labels[state[labelFrom]]; }
      if (count) {
        count.textContent = state.total ? state.done.toLocaleString() + " / " + state.total.toLocaleString() : "";
      }
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
  });
}());
