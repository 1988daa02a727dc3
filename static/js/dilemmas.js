/* Dilemmas: print buttons on a case, and meeting mode (one question at a time, moved
   with the left and right arrow keys, Page Up/Down or the buttons; up and down still
   scroll). Without JavaScript every question is shown in order. */
(function () {
  "use strict";

  function setUpPrint() {
    // Paper cannot open a disclosure, so print.css shows every closed one's content
    // (::details-content). A browser without that pseudo-element gets them opened for
    // the print and closed again after.
    var opened = [];
    var cssOpens = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    window.addEventListener("beforeprint", function () {
      if (cssOpens) return;
      document.querySelectorAll("main details:not([open])").forEach(function (details) {
        if (details.closest(".no-print")) return;
        details.open = true;
        opened.push(details);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (details) { details.open = false; });
      opened = [];
      document.body.classList.remove("print-without-guide");
    });

    var items = document.querySelectorAll(".js-print-actions");
    if (!items.length || typeof window.print !== "function") return;
    items.forEach(function (item) {
      item.hidden = false;
      item.querySelectorAll(".js-print").forEach(function (button) {
        button.addEventListener("click", function () {
          var without = button.hasAttribute("data-without-guide");
          document.body.classList.toggle("print-without-guide", without);
          window.print();
        });
      });
    });
  }

  function setUpMeeting() {
    var root = document.querySelector("[data-meeting]");
    if (!root) return;
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));
    if (questions.length < 2) return;
    var controls = root.querySelector("[data-meeting-controls]");
    var status = root.querySelector("[data-meeting-status]");
    var prev = root.querySelector("[data-meeting-prev]");
    var next = root.querySelector("[data-meeting-next]");
    var hint = root.querySelector("[data-meeting-hint]");
    var current = 0;

    function show(index) {
      current = Math.max(0, Math.min(questions.length - 1, index));
      questions.forEach(function (question, i) {
        question.hidden = i !== current;
        if (i === current) question.setAttribute("aria-current", "step");
        else question.removeAttribute("aria-current");
      });
      status.textContent = status.getAttribute("data-template")
        .replace("{n}", String(current + 1))
        .replace("{total}", String(questions.length));
      prev.disabled = current === 0;
      next.disabled = current === questions.length - 1;
    }

    root.classList.add("is-stepping");
    controls.hidden = false;
    if (hint) hint.hidden = false;
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      if (event.key === "ArrowRight" || event.key === "PageDown") {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        event.preventDefault();
        show(current - 1);
      } else if (event.key === "Home") {
        event.preventDefault();
        show(0);
      } else if (event.key === "End") {
        event.preventDefault();
        show(questions.length - 1);
      }
    });
    show(0);
  }

  setUpPrint();
  setUpMeeting();
})();
