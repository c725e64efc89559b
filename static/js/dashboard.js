/* Draws the sales dashboard's charts from the figures the page carries in a
   JSON data block (#dashboard-data). The tables under each chart hold the
   same numbers, so the page says everything without JavaScript. */
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var figures = JSON.parse(source.textContent);
  var css = window.getComputedStyle(document.documentElement);

  function colour(name, fallback) {
    return css.getPropertyValue(name).trim() || fallback;
  }

  var primary = colour("--bs-primary", "#0d6efd");
  var success = colour("--bs-success", "#198754");
  var danger = colour("--bs-danger", "#dc3545");
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function labelsOf(rows) {
    return rows.map(function (row) { return row.label; });
  }

  function counts(rows, key) {
    return rows.map(function (row) { return row[key]; });
  }

  // Long labels (briefing titles) are cut short on the axis; the tooltip and
  // the table give them in full.
  function shortLabel(value) {
    var label = String(this.getLabelForValue(value));
    return label.length > 28 ? label.slice(0, 27) + "\u2026" : label;
  }

  function config(canvas, rows) {
    var kind = canvas.dataset.chart;
    var horizontal = canvas.dataset.axis === "y";
    var stacked = kind === "stacked";
    var countAxis = { beginAtZero: true, stacked: stacked, ticks: { precision: 0 } };
    var labelAxis = { stacked: stacked, ticks: { callback: shortLabel } };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? "y" : "x",
      animation: reducedMotion ? false : { duration: 400 },
      plugins: { legend: { display: stacked } },
      scales: horizontal
        ? { x: countAxis, y: labelAxis }
        : { x: labelAxis, y: countAxis }
    };
    if (stacked) {
      return {
        type: "bar",
        data: {
          labels: labelsOf(rows),
          datasets: [
            { label: canvas.dataset.wonLabel, data: counts(rows, "won"), backgroundColor: success },
            { label: canvas.dataset.lostLabel, data: counts(rows, "lost"), backgroundColor: danger }
          ]
        },
        options: options
      };
    }
    return {
      type: kind,
      data: {
        labels: labelsOf(rows),
        datasets: [{
          label: canvas.dataset.label,
          data: counts(rows, "count"),
          backgroundColor: primary,
          borderColor: primary
        }]
      },
      options: options
    };
  }

  document.querySelectorAll("canvas[data-figure]").forEach(function (canvas) {
    var rows = figures[canvas.dataset.figure] || [];
    if (!rows.length) {
      canvas.parentElement.hidden = true;
      return;
    }
    new window.Chart(canvas, config(canvas, rows));
  });
})();
