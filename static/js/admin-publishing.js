// The publishing buttons: "Schemalägg…" opens the fieldset with the time. Without
// JavaScript the fieldset is simply shown, its "Schemalägg" button does the same.
(function () {
  "use strict";
  function init() {
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
