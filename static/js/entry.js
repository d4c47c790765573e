/* Live points preview on the self-assessment and explanation forms.
   Progressive enhancement: the server computes and shows the same points after saving;
   this only shows them while typing. Rules come from the page via json_script. */
(function () {
  "use strict";
  var source = document.getElementById("leaf-rules");
  if (!source) { return; }
  var rules = JSON.parse(source.textContent);
  var comma = (document.documentElement.lang || "vi").indexOf("vi") === 0;

  function parse(text) {
    text = String(text || "").trim();
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) { return null; }
    return Number(text.replace(",", "."));
  }
  function round2(x) { return Math.round(x * 100 + 1e-9) / 100; }
  function show(x) {
    if (x === null || isNaN(x)) { return "—"; }
    var text = x.toFixed(2);
    return comma ? text.replace(".", ",") : text;
  }

  function pointsFor(rule, input) {
    var max = Number(rule.max);
    var value = input.value;
    if (value === "") { return null; }
    if (rule.kind === "level") {
      var level = rule.levels[Number(value)];
      return level === undefined ? null : Number(level);
    }
    if (rule.kind === "done") { return value === "yes" ? Number(rule.true_points) : 0; }
    var number = parse(value);
    if (number === null) { return null; }
    if (rule.kind === "rate") {
      if (number < 0 || number > 100) { return null; }
      if (rule.bands) {
        for (var i = 0; i < rule.bands.length; i++) {
          if (number >= Number(rule.bands[i][0])) { return Number(rule.bands[i][1]); }
        }
        return 0;
      }
      return round2(Math.min(number * max / 100, max));
    }
    if (rule.kind === "count") {
      if (number < 0 || number !== Math.floor(number)) { return null; }
      return round2(Math.min(number * Number(rule.per_item), Number(rule.cap)));
    }
    if (number < 0 || number > max) { return null; }
    return number;
  }

  function savedOf(article) {
    var saved = article.getAttribute("data-saved");
    return saved === "" || saved === null ? 0 : Number(saved);
  }

  function refreshTotals() {
    var deltas = {}, total = 0;
    Object.keys(rules).forEach(function (id) {
      var article = document.getElementById("leaf-" + id);
      var output = document.querySelector('[data-points-for="' + id + '"]');
      if (!article || !output || output.getAttribute("data-live") === null) { return; }
      var live = Number(output.getAttribute("data-live") || 0);
      var delta = live - savedOf(article);
      var field = article.getAttribute("data-field");
      deltas[field] = (deltas[field] || 0) + delta;
      total += delta;
    });
    document.querySelectorAll("[data-subtotal]").forEach(function (node) {
      var base = Number(node.getAttribute("data-points") || 0);
      var delta = deltas[node.getAttribute("data-subtotal")] || 0;
      node.textContent = show(round2(base + delta)) + " / " + show(Number(node.getAttribute("data-max") || 0));
    });
    var totalNode = document.querySelector("[data-total]");
    if (totalNode && totalNode.getAttribute("data-points") !== null) {
      var base = Number(totalNode.getAttribute("data-points"));
      totalNode.textContent = show(round2(base + total)) + " / " + show(Number(totalNode.getAttribute("data-max")));
    }
  }

  Object.keys(rules).forEach(function (id) {
    var input = document.querySelector('[name="leaf-' + id + '-value"]');
    var output = document.querySelector('[data-points-for="' + id + '"]');
    if (!input || !output) { return; }
    function update() {
      var points = pointsFor(rules[id], input);
      output.textContent = show(points);
      output.setAttribute("data-live", points === null ? "0" : String(points));
      refreshTotals();
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  });
})();
