/* Live points preview on the self-assessment and explanation forms.
   Progressive enhancement: the server computes and shows the same points after saving;
   this only shows them while typing. Rules come from the page via json_script. */
(function () {
  "use strict";
  var source = document.getElementById("leaf-rules");
  if (!source) { return; }
  var rules = JSON.parse(source.textContent);
  // The page's decimal and thousands marks (the `points` filter's); a page without them
  // falls back on the language.
  var marked = document.querySelector("[data-decimal]");
  var vi = (document.documentElement.lang || "vi").indexOf("vi") === 0;
  var decimalMark = marked ? marked.getAttribute("data-decimal") : (vi ? "," : ".");
  var thousandsMark = marked ? marked.getAttribute("data-thousands") : (vi ? "." : ",");

  function parse(text) {
    text = String(text || "").trim();
    if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) { return null; }
    return Number(text.replace(",", "."));
  }
  function round2(x) { return Math.round(x * 100 + 1e-9) / 100; }
  // Totals are added in hundredths of a point, whole numbers, so that the sum is exact
  // as the server's Decimal sum is; points have at most two decimals.
  function cents(text) {
    if (text === null || text === "") { return 0; }
    var number = Number(text);
    return isNaN(number) ? null : Math.round(number * 100);
  }
  function showCents(value) {
    if (value === null || isNaN(value)) { return "—"; }
    var sign = value < 0 ? "-" : "", size = Math.abs(value);
    var whole = String(Math.floor(size / 100)), part = String(size % 100);
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousandsMark);
    return sign + whole + decimalMark + (part.length < 2 ? "0" + part : part);
  }
  function show(x) {
    if (x === null || isNaN(x)) { return "—"; }
    return showCents(Math.round(x * 100));
  }
  // scoring.percent: points × 100 / max, two places, half up (away from zero).
  function percentCents(points, max) {
    if (max === 0) { return null; }
    var size = Math.floor((2 * Math.abs(points) * 10000 + max) / (2 * max));
    return points < 0 ? -size : size;
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

  // The server's roll-up (scoring.rollup_groups): the sum of the counted points of the
  // leaves that apply, kept within 0 and the maximum unless the set allows more. The
  // sticky total counts the leaves the unit enters (counting.enterable_totals), a field's
  // subtotal every leaf that applies to the unit; the page marks which is which.
  var bar = document.querySelector(".total-bar");
  var mayExceed = bar && bar.getAttribute("data-may-exceed-max") === "1";
  var mayFall = bar && bar.getAttribute("data-may-fall-below-zero") === "1";
  function keep(points, max) {
    if (!mayExceed) { points = Math.min(points, max); }
    if (!mayFall) { points = Math.max(points, 0); }
    return points;
  }

  function currentCents(article) {
    var output = article.querySelector("[data-points-for]");
    var live = output ? output.getAttribute("data-live") : null;
    return cents(live !== null ? live : article.getAttribute("data-saved")) || 0;
  }

  function refreshTotals() {
    var fields = {}, total = 0;
    document.querySelectorAll("article[data-counts]").forEach(function (article) {
      var points = currentCents(article), field = article.getAttribute("data-field");
      fields[field] = (fields[field] || 0) + points;
      if (article.hasAttribute("data-enterable")) { total += points; }
    });
    document.querySelectorAll("[data-subtotal]").forEach(function (node) {
      var max = cents(node.getAttribute("data-max"));
      if (max === null) { return; }
      var points = keep(fields[node.getAttribute("data-subtotal")] || 0, max);
      node.textContent = showCents(points) + " / " + showCents(max);
    });
    var totalNode = document.querySelector("[data-total]");
    var max = totalNode ? cents(totalNode.getAttribute("data-max")) : null;
    if (max === null) { return; }
    var points = keep(total, max);
    totalNode.textContent = showCents(points) + " / " + showCents(max);
    var pctNode = document.querySelector("[data-total-pct]");
    var pct = percentCents(points, max);
    if (pctNode) { pctNode.textContent = "(" + (pct === null ? "—" : showCents(pct) + " %") + ")"; }
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
