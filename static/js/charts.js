/* Draws every Plotly chart on the page from its JSON block (built on the server).
   <div data-chart="ID-data"> names a <script type="application/json" id="ID-data"> holding
   {figure, config, click?, grid?}. With `click`, a click on a heatmap cell opens
   click.url with the cell's learner and competency ids in place of the two placeholders.
   With `grid` (a large heatmap), the cells come packed (dashboards/heatmap_codec.py): they are
   unpacked into the heatmap's z and hover data and the mastery dots (one path shape) before drawing.
   Without JavaScript (or without Plotly) the tables beside the charts carry the same numbers.
   Plotly (1.5 MB) is fetched only when the first chart comes near the screen: a page whose chart
   is further down (the pace chart on a phone) is ready to use before the library has loaded. */
(function () {
  "use strict";
  var script = document.currentScript;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function unpackGrid(figure, grid) {
    var value = {}, i;
    for (i = 0; i < ALPHABET.length; i += 1) { value[ALPHABET.charAt(i)] = i; }
    var heat = figure.data[0];
    var dots = (figure.layout.shapes || []).filter(function (s) { return s.name === "mastery-dots"; })[0];
    var columns = heat.x.length, rows = heat.y.length, text = grid.cells, widths = grid.widths, at = 0;
    var z = [], custom = [], path = [];
    for (var r = 0; r < rows; r += 1) {
      var zRow = [], customRow = [];
      for (var c = 0; c < columns; c += 1) {
        var numbers = [];
        for (var k = 0; k < 3; k += 1) {
          var n = 0;
          for (var w = 0; w < widths[k]; w += 1) { n = n * 64 + value[text.charAt(at)]; at += 1; }
          numbers.push(n);
        }
        var code = Math.floor(numbers[0] / 3), outcome = numbers[0] % 3;
        zRow.push(code ? (code - 1 + grid.base) / 10 : null);
        customRow.push([numbers[1], numbers[2] ? grid.days[numbers[2] - 1] : "", grid.words[outcome]]);
        // a small square in the middle of the cell (cell c spans c - 0.5 to c + 0.5)
        if (outcome === 1) {
          path.push("M" + (c - 0.15) + "," + (r - 0.15) + "H" + (c + 0.15) + "V" + (r + 0.15) + "H" + (c - 0.15) + "Z");
        }
      }
      z.push(zRow);
      custom.push(customRow);
    }
    heat.z = z;
    heat.customdata = custom;
    if (dots) { dots.path = path.join(""); }
  }

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
    if (window.performance && performance.mark) { performance.mark("chart-start:" + element.getAttribute("data-chart")); }
    var spec = JSON.parse(source.textContent);
    if (spec.grid) { unpackGrid(spec.figure, spec.grid); }
    element.classList.add("chart__plot--drawn");
    window.Plotly.newPlot(element, spec.figure.data, spec.figure.layout, spec.config).then(function () {
      // For the benchmark (tracker/bench/draw.py): when this chart was drawn, from the page's start.
      if (window.performance && performance.mark) { performance.mark("chart-drawn:" + element.getAttribute("data-chart")); }
      if (spec.click) {
        element.on("plotly_click", function (event) {
          if (event && event.points && event.points.length) { openCell(spec.click, event.points[0]); }
        });
      }
    });
  }

  function drawAll() {
    var charts = document.querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i += 1) { draw(charts[i]); }
  }

  var requested = false;
  function loadPlotly() {
    if (requested) { return; }
    requested = true;
    if (window.Plotly) { drawAll(); return; }
    var library = document.createElement("script");
    library.src = script.getAttribute("data-plotly");
    library.onload = drawAll;
    document.head.appendChild(library);
  }

  var charts = document.querySelectorAll("[data-chart]");
  if (!charts.length || !script || !script.getAttribute("data-plotly")) { return; }
  if (!("IntersectionObserver" in window)) { loadPlotly(); return; }
  var watcher = new IntersectionObserver(function (entries) {
    for (var i = 0; i < entries.length; i += 1) {
      if (entries[i].isIntersecting) { watcher.disconnect(); loadPlotly(); return; }
    }
  }, {rootMargin: "300px 0px"});
  for (var i = 0; i < charts.length; i += 1) { watcher.observe(charts[i]); }
})();
