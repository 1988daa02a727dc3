/* A small formatting toolbar for rich-text fields in admin. Without JavaScript the
   field is a plain textarea that accepts the same HTML; it is sanitised on save. */
(function () {
  "use strict";
  var BUTTONS = [
    ["Stycke", "<p>", "</p>"],
    ["Rubrik", "<h2>", "</h2>"],
    ["Underrubrik", "<h3>", "</h3>"],
    ["Fet", "<strong>", "</strong>"],
    ["Kursiv", "<em>", "</em>"],
    ["Punktlista", "<ul>\n  <li>", "</li>\n</ul>"],
    ["Numrerad lista", "<ol>\n  <li>", "</li>\n</ol>"],
    ["Citat", "<blockquote>", "</blockquote>"],
  ];

  function wrap(area, before, after) {
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    area.value = text.slice(0, start) + before + text.slice(start, end) + after + text.slice(end);
    area.focus();
    area.selectionStart = start + before.length;
    area.selectionEnd = end + before.length;
  }

  function toolbar(area) {
    var bar = document.createElement("div");
    bar.className = "richtext-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatering");
    BUTTONS.forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b[0];
      button.addEventListener("click", function () { wrap(area, b[1], b[2]); });
      bar.appendChild(button);
    });
    var link = document.createElement("button");
    link.type = "button";
    link.textContent = "Länk";
    link.addEventListener("click", function () {
      var url = window.prompt("Länkadress (https://…)");
      if (url && /^(https?:|mailto:|tel:|\/)/.test(url)) {
        wrap(area, '<a href="' + url.replace(/"/g, "%22") + '">', "</a>");
      }
    });
    bar.appendChild(link);
    area.parentNode.insertBefore(bar, area);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea.richtext").forEach(toolbar);
  });
})();

/* LIX readability, updated while the editor types (the server shows it on load). */
(function () {
  "use strict";
  var LEVELS = [[30, "mycket lättläst"], [40, "lättläst"], [50, "medelsvår"], [60, "svår"], [1e9, "mycket svår"]];
  function lix(html) {
    var div = document.createElement("div");
    div.innerHTML = html.replace(/<\/(p|h\d|li|blockquote)>/gi, ".\n");
    var text = div.textContent || "";
    var words = text.match(/[A-Za-zÅÄÖåäöÉéÜü]+/g) || [];
    if (!words.length) { return null; }
    var sentences = text.split(/[.!?:]+(?:\s|$)/).filter(function (s) { return /[A-Za-zÅÄÖåäö]/.test(s); }).length || 1;
    var long = words.filter(function (w) { return w.length > 6; }).length;
    return words.length / sentences + long * 100 / words.length;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-lix-for]").forEach(function (p) {
      var area = document.getElementById(p.getAttribute("data-lix-for"));
      var out = p.querySelector("output");
      if (!area || !out) { return; }
      area.addEventListener("input", function () {
        var value = lix(area.value);
        if (value === null) { out.textContent = "–"; return; }
        // The level of the number shown: 39.9 and 40.1 both read "LIX 40 (medelsvår)".
        var shown = Math.round(value);
        var label = LEVELS.filter(function (l) { return shown < l[0]; })[0][1];
        out.textContent = "LIX " + shown + " (" + label + ")";
      });
    });
  });
})();
