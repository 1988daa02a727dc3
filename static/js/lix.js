/* LIX readability under a text field in admin, updated as the editor writes (the server
   computes it when the form is shown: forvaltningskultur/readability.py, the same rules).
   A field's figure is in <p data-lix-for="its id" data-lix-kind="html|text"><output>. */
(function () {
  "use strict";
  var LEVELS = [[30, "mycket lättläst"], [40, "lättläst"], [50, "medelsvår"], [60, "svår"], [1e9, "mycket svår"]];
  var BLOCK = /<\/?(p|h[1-6]|li|ul|ol|blockquote|div|tr|td|th|br|hr|table|caption)\b[^>]*>/gi;

  function plainText(value, kind) {
    if (kind === "html") {
      // An inert document: nothing in the text is loaded or run.
      var doc = new DOMParser().parseFromString(value.replace(BLOCK, "\n"), "text/html");
      value = doc.body ? doc.body.textContent || "" : "";
    }
    return value
      .split("\n")
      .map(function (line) { return line.split(/\s+/).filter(Boolean).join(" "); })
      .filter(Boolean)
      .join("\n");
  }

  function lix(value, kind) {
    var plain = plainText(value, kind).replace(/\u00a0/g, " ").replace(/\n/g, "\n\n");
    var words = plain.match(/\p{L}+/gu) || [];
    if (!words.length) {
      return null;
    }
    var sentences = plain.split(/[.!?:]+(?:\s|$)|\n\s*\n/).filter(function (s) { return /\p{L}/u.test(s); }).length;
    var long = words.filter(function (w) { return Array.from(w).length > 6; }).length;
    return Math.round((words.length / Math.max(1, sentences) + (long * 100) / words.length) * 10) / 10;
  }

  function describe(value) {
    if (value === null) {
      return "–";
    }
    // The level of the number shown: 39.9 and 40.1 both read "LIX 40 (medelsvår)".
    var shown = Math.floor(value + 0.5);
    var label = LEVELS.filter(function (l) { return shown < l[0]; })[0][1];
    return "LIX " + shown + " (" + label + ")";
  }

  // Delegated, so fields added later (an inline's new row) are covered too; the figure
  // changes when the writing pauses, so a screen reader is not told at every key.
  var timers = {};
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.id) {
      return;
    }
    var figure = document.querySelector('[data-lix-for="' + CSS.escape(field.id) + '"]');
    var output = figure && figure.querySelector("output");
    if (!output) {
      return;
    }
    clearTimeout(timers[field.id]);
    timers[field.id] = setTimeout(function () {
      output.textContent = describe(lix(field.value, figure.getAttribute("data-lix-kind")));
    }, 400);
  });
})();
