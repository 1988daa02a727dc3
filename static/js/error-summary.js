// Error summary: take focus when the page loads; its links move focus to the field.
(function () {
  "use strict";
  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      // A field takes focus; a group of fields (an inline) is simply scrolled to.
      if (!input || !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(input.tagName)) return;
      event.preventDefault();
      var label = document.querySelector("label[for='" + input.id + "']");
      (label || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
