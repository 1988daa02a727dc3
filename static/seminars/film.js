// Click-to-load for external players: nothing is fetched from the video host until the
// visitor presses the button. Without JavaScript the link to the film remains.
(function () {
  "use strict";
  document.querySelectorAll("[data-film-facade]").forEach(function (facade) {
    var button = facade.querySelector("[data-film-play]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("div");
      frame.className = "film-frame";
      var iframe = document.createElement("iframe");
      iframe.src = facade.dataset.playerUrl;
      iframe.title = facade.dataset.filmTitle;
      iframe.allow = "autoplay; fullscreen; picture-in-picture";
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.appendChild(iframe);
      facade.replaceWith(frame);
      iframe.focus();
    });
  });
})();
