"""Open data: the JSON API, the DCAT-AP-SE catalogue, the widgets and the page about them.
It gathers from every app, as search does, and shows only what `published()` gives."""
