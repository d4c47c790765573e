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

  // Bands come with every edge spelled out: [min, max, min included, max included, points].
  function bandPoints(bands, rate) {
    for (var i = 0; i < bands.length; i++) {
      var b = bands[i], low = Number(b[0]), high = Number(b[1]);
      var above = rate > low || (b[2] && rate === low);
      var below = rate < high || (b[3] && rate === high);
      if (above && below) { return Number(b[4]); }
    }
    return null;
  }

  function countsPoints(rule, inputs) {
    var done = parse(inputs[0].value), total = parse(inputs[1].value);
    if (done === null || total === null || done < 0 || done > total) { return null; }
    if (done !== Math.floor(done) || total !== Math.floor(total)) { return null; }
    if (total === 0) { return Number(rule.if_none); }
    var rate = done * 100 / total;
    if (rule.floor !== null && rate < Number(rule.floor)) { return 0; }
    if (rule.bands) { return bandPoints(rule.bands, rate); }
    return round2(rate * Number(rule.max) / 100);
  }

  function pointsFor(rule, inputs) {
    var max = Number(rule.max);
    if (rule.kind === "counts") { return countsPoints(rule, inputs); }
    var input = inputs[0];
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
      if (rule.bands) { return bandPoints(rule.bands, number); }
      return round2(Math.min(number * max / 100, max));
    }
    if (rule.kind === "count") {
      if (number < 0 || number !== Math.floor(number)) { return null; }
      var earned = number * Number(rule.per_item), cap = Number(rule.cap);
      // A bonus count stops at its cap from below, a deduction count (negative) from above.
      return round2(cap < 0 ? Math.max(earned, cap) : Math.min(earned, cap));
    }
    if (number < Number(rule.min || 0) || number > max) { return null; }
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

  // A formula is evaluated by the server (the same code that saves it), a moment after
  // the official stops typing; the answer is shown only if the inputs have not changed.
  function previewOnServer(id, rule, output) {
    var prefix = "leaf-" + id + "-";
    var inputs = Array.prototype.slice.call(document.querySelectorAll('[name^="' + prefix + 'value_"]'));
    var token = document.querySelector('[name="csrfmiddlewaretoken"]');
    var timer = null, asked = 0;
    function ask() {
      var body = new URLSearchParams(), mine = ++asked;
      inputs.forEach(function (input) { body.append(input.name.slice(prefix.length), input.value); });
      fetch(rule.preview_url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: {"X-CSRFToken": token ? token.value : ""}
      }).then(function (response) { return response.json(); }).then(function (data) {
        if (mine !== asked) { return; }
        var points = data.points === undefined || data.points === null ? null : Number(data.points);
        output.textContent = points === null ? "—" : show(points);
        output.title = data.error || "";
        output.setAttribute("data-live", points === null ? "0" : String(points));
        refreshTotals();
      }).catch(function () { output.textContent = "—"; });
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(ask, 300); });
    });
  }

  Object.keys(rules).forEach(function (id) {
    var output = document.querySelector('[data-points-for="' + id + '"]');
    if (rules[id].kind === "inputs") {
      if (output) { previewOnServer(id, rules[id], output); }
      return;
    }
    var names = rules[id].kind === "counts" ? ["value_numerator", "value_denominator"] : ["value"];
    var inputs = names.map(function (name) {
      return document.querySelector('[name="leaf-' + id + "-" + name + '"]');
    });
    if (inputs.indexOf(null) >= 0 || !output) { return; }
    function update() {
      var points = pointsFor(rules[id], inputs);
      output.textContent = show(points);
      if (rules[id].kind === "counts") {
        // Two counts: show the rate they give beside the points, as the rule reads it.
        var done = parse(inputs[0].value), total = parse(inputs[1].value);
        if (points !== null && total) { output.textContent += " (" + show(done * 100 / total) + " %)"; }
      }
      output.setAttribute("data-live", points === null ? "0" : String(points));
      refreshTotals();
    }
    inputs.forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
  });
})();
