/* Check-in at the door: the list filters as one types (the search form works without
   this too), a tap keeps the search, and after a tap the person's button has focus. */
(function () {
  "use strict";
  var input = document.getElementById("checkin-q");
  var list = document.querySelector(".checkin-list");
  if (!input || !list) return;
  var shown = document.getElementById("checkin-shown");
  var empty = document.getElementById("checkin-empty");
  var people = Array.prototype.slice.call(list.querySelectorAll(".checkin-person"));

  function fold(text) {
    return (text || "").toLocaleLowerCase("sv").replace(/\s+/g, " ").trim();
  }

  function filter() {
    var wanted = fold(input.value);
    var count = 0;
    people.forEach(function (person) {
      var match = !wanted || fold(person.getAttribute("data-search")).indexOf(wanted) !== -1;
      person.hidden = !match;
      if (match) count += 1;
    });
    empty.hidden = count > 0;
    if (wanted) {
      shown.textContent = count === 1 ? "1 träff." : count + " träffar.";
    } else if (!input.defaultValue) {
      shown.textContent = "";
    }
  }

  input.addEventListener("input", filter);
  // A tap reloads the page: it comes back with the same search.
  list.addEventListener("submit", function (event) {
    var next = event.target.querySelector("input[name=next]");
    if (next && input.value.trim()) {
      next.value = window.location.pathname + "?q=" + encodeURIComponent(input.value.trim());
    }
  });
  // After the browser has scrolled to the person (#anmalan-<id>), which would move
  // focus back to the page: the person's button, so the next tap or key is theirs.
  window.addEventListener("load", function () {
    if (window.location.hash.indexOf("#anmalan-") !== 0) return;
    var row = document.getElementById(window.location.hash.slice(1));
    var button = row && row.querySelector("button");
    if (button) button.focus();
  });
})();
