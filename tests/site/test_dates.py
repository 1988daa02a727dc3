"""The Swedish date formatter."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from forvaltningskultur import dates

STHLM = ZoneInfo("Europe/Stockholm")
NB = "\u00a0"


def test_long_range_same_day():
    start = dt.datetime(2017, 5, 3, 13, 0, tzinfo=STHLM)
    end = dt.datetime(2017, 5, 3, 14, 30, tzinfo=STHLM)
    assert dates.long_range(start, end) == f"onsdagen den 3{NB}maj 2017 kl.{NB}13.00–\u206014.30"


def test_compact():
    assert dates.compact(dt.date(2017, 5, 3)) == "2017-05-03"
    assert dates.compact(dt.datetime(2017, 5, 3, 23, 30, tzinfo=dt.UTC)) == "2017-05-04"


def test_long_date_all_weekdays_and_months_lower_case():
    day = dt.date(2024, 1, 1)  # a Monday
    names = [dates.long_date(day + dt.timedelta(days=i)).split()[0] for i in range(7)]
    assert names == [
        "måndagen",
        "tisdagen",
        "onsdagen",
        "torsdagen",
        "fredagen",
        "lördagen",
        "söndagen",
    ]
    assert dates.long_date(dt.date(2024, 12, 24)) == f"tisdagen den 24{NB}december 2024"


def test_utc_input_is_shown_in_stockholm_time():
    start = dt.datetime(2017, 5, 3, 11, 0, tzinfo=dt.UTC)  # 13.00 in summer time
    assert dates.long_datetime(start) == f"onsdagen den 3{NB}maj 2017 kl.{NB}13.00"


def test_range_across_midnight_names_both_days():
    start = dt.datetime(2017, 5, 3, 22, 0, tzinfo=STHLM)
    end = dt.datetime(2017, 5, 4, 1, 30, tzinfo=STHLM)
    assert dates.long_range(start, end) == (
        f"onsdagen den 3{NB}maj 2017 kl.{NB}22.00 – torsdagen den 4{NB}maj 2017 kl.{NB}01.30"
    )


def test_range_across_dst_change_keeps_wall_clock_times():
    # Summer time ends 2026-10-25 at 03.00 → 02.00. 00.30 to 04.00 is 4.5 real hours.
    start = dt.datetime(2026, 10, 25, 0, 30, tzinfo=STHLM)
    end = start.astimezone(dt.UTC) + dt.timedelta(hours=4, minutes=30)
    assert (
        dates.long_range(start, end) == f"söndagen den 25{NB}oktober 2026 kl.{NB}00.30–\u206004.00"
    )
    # Spring forward: 2026-03-29 02.00 → 03.00. 01.00 plus two real hours is 04.00.
    start = dt.datetime(2026, 3, 29, 1, 0, tzinfo=STHLM)
    end = start.astimezone(dt.UTC) + dt.timedelta(hours=2)
    assert dates.long_range(start, end) == f"söndagen den 29{NB}mars 2026 kl.{NB}01.00–\u206004.00"


def test_template_filters():
    start = dt.datetime(2017, 5, 24, 8, 15, tzinfo=STHLM)
    end = dt.datetime(2017, 5, 24, 9, 15, tzinfo=STHLM)
    out = Template("{{ s|sv_date }}|{{ s|sv_compact }}|{% sv_range s e %}|{{ s|sv_short }}").render(
        Context({"s": start, "e": end})
    )
    assert out == (
        f"onsdagen den 24{NB}maj 2017|2017-05-24|onsdagen den 24{NB}maj 2017 kl.{NB}08.15–\u206009.15"
        f"|24{NB}maj 2017"
    )
