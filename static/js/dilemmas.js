/* Dilemmas: print buttons on a case, and meeting mode (one question at a time, moved
   with the buttons or the left and right arrow keys; every other key scrolls as usual).
   Without JavaScript every question is shown in order. */
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
    setUpMeetingFrame();
    var questions = Array.prototype.slice.call(root.querySelectorAll("[data-question]"));
    if (questions.length < 2) return;
    var controls = root.querySelector("[data-meeting-controls]");
    var status = root.querySelector("[data-meeting-status]");
    var prev = root.querySelector("[data-meeting-prev]");
    var next = root.querySelector("[data-meeting-next]");
    var hint = root.querySelector("[data-meeting-hint]");
    var total = questions.length;
    // 0 … total - 1 is one question; `total` is every question at once, where the last
    // question's "Nästa" leads, so that button never dies under the keyboard focus.
    var current = 0;

    function show(index) {
      current = Math.max(0, Math.min(total, index));
      var stepping = current < total;
      root.classList.toggle("is-stepping", stepping);
      questions.forEach(function (question, i) {
        question.hidden = stepping && i !== current;
        if (stepping && i === current) question.setAttribute("aria-current", "step");
        else question.removeAttribute("aria-current");
      });
      // The status is a live region: it says which question, then the question itself
      // (for the eyes the question is already large above it).
      var count = document.createElement("span");
      status.textContent = "";
      status.appendChild(count);
      if (stepping) {
        count.textContent = status.getAttribute("data-template")
          .replace("{n}", String(current + 1))
          .replace("{total}", String(total));
        var spoken = document.createElement("span");
        spoken.className = "visually-hidden";
        spoken.textContent = ": " + questions[current].textContent.trim();
        status.appendChild(spoken);
      } else {
        count.textContent = status.getAttribute("data-template-all")
          .replace("{total}", String(total));
      }
      next.textContent = next.getAttribute(
        current < total - 1 ? "data-label-next" : stepping ? "data-label-all" : "data-label-restart"
      );
      // Only the first question has nothing before it; focus moves on before the
      // button is disabled, so it never falls back to the page.
      if (current === 0 && document.activeElement === prev) next.focus();
      prev.disabled = current === 0;
    }

    controls.hidden = false;
    if (hint) hint.hidden = false;
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current < total ? current + 1 : 0); });
    // Left and right arrows step; Page Up/Down, Home, End and Space stay the browser's,
    // so a zoomed page still scrolls. Not while typing, nor with a modifier.
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      var target = event.target;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (event.key === "ArrowRight" && current < total - 1) {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft" && current > 0) {
        event.preventDefault();
        show(current - 1);
      }
    });
    show(0);
  }

  // Meeting mode on a projector: hide the site's header, breadcrumbs and footer, and
  // go full screen where the browser allows it (leaving full screen, by Escape or the
  // button, brings back the frame as it was).
  function setUpMeetingFrame() {
    var tools = document.querySelector("[data-meeting-tools]");
    if (!tools) return;
    var frame = tools.querySelector("[data-meeting-frame]");
    var fullscreen = tools.querySelector("[data-meeting-fullscreen]");
    var frameless = false;
    var framelessBefore = false;

    function setFrameless(value) {
      frameless = value;
      document.body.classList.toggle("is-frameless", value);
      frame.textContent = frame.getAttribute(value ? "data-label-show" : "data-label-hide");
    }

    tools.hidden = false;
    frame.addEventListener("click", function () { setFrameless(!frameless); });
    var root = document.documentElement;
    if (!document.fullscreenEnabled || typeof root.requestFullscreen !== "function") return;
    fullscreen.hidden = false;
    fullscreen.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(function () { /* refused: the page stays as it is */ });
    });
    document.addEventListener("fullscreenchange", function () {
      var on = Boolean(document.fullscreenElement);
      fullscreen.textContent = fullscreen.getAttribute(on ? "data-label-exit" : "data-label-enter");
      if (on) {
        framelessBefore = frameless;
        setFrameless(true);
      } else {
        setFrameless(framelessBefore);
      }
    });
  }

  setUpPrint();
  setUpMeeting();
})();
