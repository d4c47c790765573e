/* Draws every dashboard chart from the figure JSON the page carries (json_script),
   with the plotly.js the app serves itself. No inline scripts, nothing from a CDN.
   A chart container names its data: <div data-chart-source="ID"> + <script id="ID">. */
(function () {
  "use strict";

  var PRINT_WIDTH = 680; // px: an A4 page's text width at 96 dpi, less the margins
  var drawn = [];

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart-source"));
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    // A dense chart keeps the width it needs to stay readable (charts.py, meta.min_width);
    // on a phone its box (.chart-scroll) scrolls sideways instead of the page.
    var meta = figure.layout && figure.layout.meta;
    if (meta && meta.min_width) {
      container.style.minWidth = meta.min_width + "px";
    }
    // The toolbar stays off whatever the figure says: the drawing is aria-hidden, so nothing
    // in it may take the keyboard's focus (dashboards/charts.py, CONFIG).
    var config = Object.assign({ responsive: true }, figure.config || {}, {
      displaylogo: false,
      displayModeBar: false,
    });
    window.Plotly.newPlot(container, figure.data, figure.layout, config).then(function () {
      container.setAttribute("data-chart-drawn", "true");
    });
    drawn.push(container);
  }

  function resizeAll(width) {
    drawn.forEach(function (container) {
      var w = width || container.parentNode.clientWidth || null;
      window.Plotly.relayout(container, { width: w, autosize: !width });
    });
  }

  function init() {
    var containers = document.querySelectorAll("[data-chart-source]");
    Array.prototype.forEach.call(containers, draw);
    // Charts are drawn for the screen; give them the page's width while printing.
    window.addEventListener("beforeprint", function () { resizeAll(PRINT_WIDTH); });
    window.addEventListener("afterprint", function () { resizeAll(null); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
