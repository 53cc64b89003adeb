/* Draws every Plotly chart on the page from its JSON block (built on the server).
   <div data-chart="ID-data"> names a <script type="application/json" id="ID-data"> holding
   {figure, config, click?}. With `click`, a click on a heatmap cell opens
   click.url with the cell's learner and competency ids in place of the two placeholders.
   Without JavaScript (or without Plotly) the tables beside the charts carry the same numbers. */
(function () {
  "use strict";
  if (!window.Plotly) { return; }

  function openCell(click, point) {
    if (!point.data || point.data.type !== "heatmap") { return; }
    var index = point.pointIndex;
    if (!index || index.length !== 2) { return; }
    var learner = click.rows[index[0]];
    var competency = click.columns[index[1]];
    if (learner === undefined || competency === undefined) { return; }
    window.location.href = click.url.replace(click.learner_placeholder, String(learner))
      .replace(click.competency_placeholder, String(competency));
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    element.classList.add("chart__plot--drawn");
    window.Plotly.newPlot(element, spec.figure.data, spec.figure.layout, spec.config).then(function () {
      if (spec.click) {
        element.on("plotly_click", function (event) {
          if (event && event.points && event.points.length) { openCell(spec.click, event.points[0]); }
        });
      }
    });
  }

  var charts = document.querySelectorAll("[data-chart]");
  for (var i = 0; i < charts.length; i += 1) { draw(charts[i]); }
})();
