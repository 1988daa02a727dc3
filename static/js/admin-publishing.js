// The publishing buttons: "Schemalägg…" opens the fieldset with the time. Without
// JavaScript the fieldset is simply shown, its "Schemalägg" button does the same.
(function () {
  "use strict";
  function init() {
    // A field the admin's JavaScript rebuilt after load (the two-box pickers of themes
    // and principles) has lost its id: its summary link goes to the box that took over.
    // Resolved on click, before js/error-summary.js moves the focus.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("[data-error-summary] a[href^='#']");
      if (!link) return;
      var id = decodeURIComponent(link.hash.slice(1));
      if (document.getElementById(id)) return;
      var other = document.getElementById(id + "_from") || document.getElementById(id + "_input");
      if (other) link.hash = "#" + other.id;
    }, true);
    var toggle = document.querySelector("[data-schedule-toggle]");
    var fieldset = document.querySelector("[data-schedule]");
    if (!toggle || !fieldset) return;
    toggle.hidden = false;
    var open = fieldset.hasAttribute("data-open");
    function show(value) {
      fieldset.hidden = !value;
      toggle.setAttribute("aria-expanded", value ? "true" : "false");
    }
    show(open);
    toggle.addEventListener("click", function () {
      var opening = fieldset.hidden;
      show(opening);
      if (opening) fieldset.querySelector("input[type='datetime-local']").focus();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
