"""What a person sees on a page the tests fetched over HTTP, without a browser."""

from html.parser import HTMLParser


class VisibleText(HTMLParser):
    """The text a browser shows (no head, script, style or template), whitespace
    collapsed; and the text of each <h1>, in order (.headings)."""

    HIDDEN = {"script", "style", "template", "head"}

    def __init__(self, html):
        super().__init__()
        self.parts, self.headings, self._hidden, self._h1 = [], [], 0, None
        self.feed(html)
        self.close()
        self.text = " ".join(" ".join(self.parts).split())

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "h1":
            self._h1 = []

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            if self._hidden:
                self._hidden -= 1
        elif tag == "h1" and self._h1 is not None:
            self.headings.append(" ".join(" ".join(self._h1).split()))
            self._h1 = None

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)
            if self._h1 is not None:
                self._h1.append(data)


def admin_picker(client, app_label, model_name, field_name):
    """The choices an admin autocomplete field lists, as staff read them, in order."""
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]
