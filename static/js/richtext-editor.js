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
