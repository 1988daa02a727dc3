"""The shapes of the open data, as pydantic schemas: they make the OpenAPI description,
with Swedish descriptions, and check every answer before it leaves.

No field carries personal data: registrants, submitters and the staff who edited are
not in any schema (speakers and column authors are public content)."""

import datetime as dt
from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class Licence(Schema):
    name: str = Field(description="Licensens namn, till exempel ”CC BY 4.0”.")
    url: str = Field(description="Licensens text.")
    attribution: str = Field(description="Så anges källan när innehållet återanvänds.")


class Page(Schema, Generic[T]):
    """A page of a list, with the licence."""

    licence: Licence = Field(description="Licens och källa för allt i svaret.")
    count: int = Field(description="Antal träffar totalt, på alla sidor.")
    page: int = Field(description="Den här sidans nummer (från 1).")
    page_size: int = Field(description="Högsta antal poster per sida.")
    next: str | None = Field(description="Adressen till nästa sida, eller null.")
    previous: str | None = Field(description="Adressen till föregående sida, eller null.")
    items: list[T] = Field(description="Posterna på den här sidan.")


class One(Schema, Generic[T]):
    """One item, with the licence."""

    licence: Licence = Field(description="Licens och källa för allt i svaret.")
    item: T = Field(description="Posten.")


class Problem(Schema):
    parameter: str = Field(description="Parametern som inte gick att läsa.")
    message: str = Field(description="Vad som var fel, på svenska.")


class Error(Schema):
    detail: str = Field(description="Vad som gick fel, på svenska.")
    problems: list[Problem] = Field(default=[], description="Varje fel för sig.")


class Item(Schema):
    url: str = Field(description="Den publika sidans adress (absolut).")
    updated_at: dt.datetime = Field(description="Senast ändrad (ISO 8601, svensk tid).")


class ThemeOut(Schema):
    url: str = Field(description="Dilemman med temat (absolut adress).")
    slug: str = Field(description="Kortnamn, används i filtret `tema`.")
    name: str = Field(description="Temats namn.")
    parent: str | None = Field(description="Överordnat temas kortnamn, eller null.")


class PrincipleOut(Schema):
    url: str = Field(description="Dilemman med principen (absolut adress).")
    slug: str = Field(description="Kortnamn, används i filtret `princip`.")
    name: str = Field(description="Principens namn.")
    legal_source: str = Field(description="Rättslig grund, till exempel ”RF 1 kap. 9 §”.")
    description: str = Field(description="Kort beskrivning.")


class Ref(Schema):
    slug: str
    name: str


class RuleOut(Schema):
    act: str = Field(description="Författning.")
    section: str = Field(description="Kapitel och paragraf.")
    note: str = Field(description="Kort kommentar.")
    url: str = Field(description="Länk till regeln, eller tom.")


class RelatedOut(Schema):
    slug: str
    title: str
    url: str


class AttachmentOut(Schema):
    title: str
    url: str


class DilemmaSummary(Item):
    slug: str = Field(description="Fallets kortnamn.")
    title: str = Field(description="Rubrik.")
    introduction: str = Field(description="Ingress.")
    themes: list[Ref] = Field(description="Teman.")
    principles: list[Ref] = Field(description="Värdegrundsprinciper.")
    audience: str = Field(description="Målgrupp (värde för filtret `malgrupp`).")
    audience_label: str = Field(description="Målgruppen i klartext.")
    minutes: int = Field(description="Föreslagen tid för samtalet, i minuter.")
    source: str = Field(
        description="Källa: Statskontoret, Värdegrundsdelegationen eller myndighet."
    )
    published_at: dt.datetime = Field(description="Publicerad (ISO 8601, svensk tid).")
    pdf_url: str = Field(description="Fallet som tillgänglig PDF.")


class DilemmaOut(DilemmaSummary):
    scenario_html: str = Field(description="Situationen, som sanerad HTML.")
    questions: list[str] = Field(description="Diskussionsfrågorna, i ordning.")
    leader_guide_html: str = Field(description="Stöd till samtalsledaren, som sanerad HTML.")
    rules: list[RuleOut] = Field(description="Regler som gäller, med länkar.")
    related: list[RelatedOut] = Field(description="Relaterade dilemman.")
    attachments: list[AttachmentOut] = Field(description="Bilagor.")
    licence: str = Field(description="Fallets licens.")
    licence_url: str = Field(description="Länk till fallets licens.")


class SpeakerOut(Schema):
    name: str
    title: str
    organisation: str
    bio: str


class FilmOut(Schema):
    title: str
    url: str = Field(description="Filmen på seminariets sida.")
    video_url: str = Field(description="Filmfilen eller den externa filmlänken.")
    captions_url: str = Field(description="Svensk textning (WebVTT).")
    duration_minutes: int | None


class EventFields(Schema):
    starts_at: dt.datetime = Field(description="Börjar (ISO 8601, svensk tid).")
    ends_at: dt.datetime = Field(description="Slutar (ISO 8601, svensk tid).")
    place: str = Field(description="Plats, eller ”Digitalt”.")
    is_online: bool = Field(description="Sänds digitalt.")
    is_cancelled: bool = Field(description="Inställt.")
    signup_state: str = Field(
        description="Anmälan: open, waitlist, closed, cancelled eller external."
    )
    signup_state_label: str = Field(description="Anmälans läge i klartext.")
    seats_left: int = Field(description="Lediga platser.")
    calendar_url: str = Field(description="Som iCalendar (.ics).")


class SeminarOut(Item, EventFields):
    slug: str
    title: str
    introduction: str
    body_html: str = Field(description="Brödtext, som sanerad HTML.")
    speakers: list[SpeakerOut] = Field(description="Talare, i ordning.")
    films: list[FilmOut] = Field(description="Publicerade filmer med textning.")


class OccasionOut(EventFields):
    url: str = Field(description="Tillfället på kursens sida.")


class CourseOut(Item):
    slug: str
    title: str
    introduction: str
    body_html: str = Field(description="Brödtext, som sanerad HTML.")
    target_group: str
    organiser: str = Field(description="Arrangör.")
    occasions: list[OccasionOut] = Field(description="Kommande tillfällen, i tidsordning.")


class CodeOut(Item):
    agency: str
    title: str
    year: int
    summary: str
    document_url: str = Field(description="Filen eller länken till koden.")
    is_example: bool


class AuthorOut(Schema):
    name: str
    role: str
    organisation: str
    bio: str
    url: str


class ColumnOut(Item):
    slug: str
    title: str
    introduction: str
    body_html: str = Field(description="Brödtext, som sanerad HTML.")
    language: str = Field(description="Språkkod, till exempel ”sv”.")
    author: AuthorOut
    published_at: dt.datetime = Field(description="Publicerad (ISO 8601, svensk tid).")
