/* Swedish for the rich-text editor's dialogs. The editor takes window.gettext when it
   loads (the admin's JavaScript catalogue, which has no Swedish for these texts), so
   this classic script wraps it first; the editor's module runs after classic scripts. */
(function () {
  "use strict";
  var SV = {
    URL: "Adress (URL)",
    Title: "Titel (visas när man pekar)",
    "Edit Link": "Länk",
    Update: "Spara länken",
    Cancel: "Avbryt",
    Insert: "Infoga",
    "Open in new window": "Öppna i nytt fönster",
    "List properties": "Listans egenskaper",
    "List type": "Listtyp",
    "Start at": "Börja på",
    "Toggle fullscreen": "Helskärm",
  };
  var original = window.gettext || function (text) { return text; };
  window.gettext = function (text) {
    return Object.prototype.hasOwnProperty.call(SV, text) ? SV[text] : original(text);
  };
})();
