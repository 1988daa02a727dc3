// Filmed lectures on a seminar page. Without JavaScript every link still works.
//
// Click-to-load for external players: nothing is fetched from the video host until the
// visitor presses the button.
//
// A moment in a film: an address ending in #film-<pk>&t=<seconds> (or #t=<seconds> for
// the first film) brings that film into view, starts it there (an uploaded film is
// wound on; an external player is told where to start, but still loads only on the
// click, and the facade says "Startar vid 12.34"), and opens the timed transcript with
// that moment's line marked. The times in the transcript are links to such addresses.
(function () {
  "use strict";

  var MOMENT = /^#(?:film-(\d+)&)?t=(\d+(?:\.\d+)?)$/;

  // "0.05", "12.34", "1.02.34": as seminars.captions.moment_label.
  function label(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor(seconds / 60) % 60;
    var s = seconds % 60;
    var ss = (s < 10 ? "0" : "") + s;
    if (!h) return m + "." + ss;
    return h + "." + (m < 10 ? "0" : "") + m + "." + ss;
  }

  // The player's or the host's address, starting at `seconds`.
  function startingAt(address, provider, seconds, player) {
    var url;
    try {
      url = new URL(address, document.baseURI);
    } catch (error) {
      return address;
    }
    if (provider === "YouTube") {
      url.searchParams.delete(player ? "start" : "t");
      if (seconds) url.searchParams.set(player ? "start" : "t", player ? seconds : seconds + "s");
    } else if (provider === "Vimeo") {
      url.hash = seconds ? "t=" + seconds + "s" : "";
    }
    return url.href;
  }

  function moment() {
    var hash = location.hash;
    try {
      hash = decodeURIComponent(hash);
    } catch (error) {
      return null;
    }
    var match = MOMENT.exec(hash);
    if (!match) return null;
    var film = match[1]
      ? document.getElementById("film-" + match[1])
      : document.querySelector("[data-film]");
    if (!film || !film.hasAttribute("data-film")) return null;
    return { film: film, seconds: Math.floor(parseFloat(match[2])) };
  }

  // --- External players behind a facade -------------------------------------

  // The player, starting at `seconds`. A new frame each time: a Vimeo start is in the
  // address's fragment, which an existing frame would not load again for.
  function player(frame, seconds) {
    var iframe = document.createElement("iframe");
    iframe.src = startingAt(frame.dataset.playerUrl, frame.dataset.provider, seconds, true);
    iframe.title = frame.dataset.filmTitle;
    iframe.allow = "autoplay; fullscreen; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChildren(iframe);
    return iframe;
  }

  function load(facade) {
    var frame = document.createElement("div");
    frame.className = "film-frame";
    frame.dataset.playerUrl = facade.dataset.playerUrl;
    frame.dataset.provider = facade.dataset.provider;
    frame.dataset.filmTitle = facade.dataset.filmTitle;
    var iframe = player(frame, Number(facade.dataset.start || 0));
    facade.replaceWith(frame);
    iframe.focus();
  }

  document.querySelectorAll("[data-film-facade]").forEach(function (facade) {
    var button = facade.querySelector("[data-film-play]");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      load(facade);
    });
  });

  // --- Going to a moment ------------------------------------------------------

  function wind(video, seconds) {
    video.filmStart = seconds;
    if (video.readyState >= HTMLMediaElement.HAVE_METADATA) {
      video.currentTime = seconds;
      return;
    }
    if (!video.filmWaiting) {
      video.filmWaiting = true;
      video.addEventListener(
        "loadedmetadata",
        function () {
          video.filmWaiting = false;
          video.currentTime = video.filmStart;
        },
        { once: true }
      );
    }
    if (video.preload === "none") video.preload = "metadata"; // fetches the film's head
  }

  function tellFacade(facade, seconds) {
    facade.dataset.start = seconds;
    var note = facade.querySelector("[data-film-start]");
    if (note) {
      note.textContent = note.dataset.text.replace("%(tid)s", label(seconds));
      note.hidden = false;
    }
    var link = facade.querySelector("[data-film-external]");
    if (link) {
      link.dataset.href = link.dataset.href || link.getAttribute("href");
      link.href = startingAt(link.dataset.href, facade.dataset.provider, seconds, false);
    }
  }

  // The player: the video, the facade, or the frame a click has already loaded.
  function start(film, seconds) {
    var video = film.querySelector("[data-film-video]");
    if (video) {
      wind(video, seconds);
      return video;
    }
    var facade = film.querySelector("[data-film-facade]");
    if (facade) {
      tellFacade(facade, seconds);
      return facade.querySelector("[data-film-play]");
    }
    var frame = film.querySelector(".film-frame[data-player-url]");
    if (frame) {
      // The visitor has already chosen to load this player: it may start elsewhere.
      return player(frame, seconds);
    }
    return null;
  }

  // Marks the line being said at `seconds` and scrolls the list to it; returns it.
  function mark(film, seconds) {
    var details = film.querySelector("[data-film-cues]");
    if (!details) return null;
    var list = details.querySelector("[data-film-cue-list]");
    var lines = list.querySelectorAll("li[data-t]");
    var current = null;
    lines.forEach(function (line) {
      line.removeAttribute("aria-current");
      if (Number(line.dataset.t) <= seconds || !current) current = line;
    });
    if (!current) return null;
    current.setAttribute("aria-current", "true");
    details.open = true;
    // Within the list's own scroll box: the line near the top, the one before it above.
    var first = current.previousElementSibling || current;
    list.scrollTop += first.getBoundingClientRect().top - list.getBoundingClientRect().top;
    return current;
  }

  // The film at the top of the window, and the marked line in view below it if both
  // fit; if not, as little of the film scrolled away as shows the line.
  function reveal(film, line) {
    var top = film.getBoundingClientRect().top + window.scrollY - 12; // the heading clear of the edge
    if (line) {
      var bottom = line.getBoundingClientRect().bottom + window.scrollY + 16;
      if (bottom - top > window.innerHeight) {
        top = Math.min(bottom - window.innerHeight, line.getBoundingClientRect().top + window.scrollY);
      }
    }
    window.scrollTo({ top: Math.max(0, top) });
  }

  function go(focus) {
    var found = moment();
    if (!found) return;
    var control = start(found.film, found.seconds);
    var line = mark(found.film, found.seconds);
    if (focus && control) {
      // Followed a link on the page (a time in the transcript): on to the player.
      control.focus();
    } else {
      reveal(found.film, line);
    }
  }

  window.addEventListener("hashchange", function () {
    go(true);
  });
  // The time already in the address, chosen again: no hashchange, the same answer.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-film-cue-list] a");
    if (link && link.hash === location.hash) {
      event.preventDefault();
      go(true);
    }
  });
  go(false);
})();
