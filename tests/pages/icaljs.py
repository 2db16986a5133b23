"""Two calendar parsers reading the same feed: Mozilla's ical.js (Thunderbird's, run by node on
tests/pages/icaljs_expand.mjs; installed by `make node-packages` from package.json) and
recurring_ical_events (on top of icalendar, what the project writes with). Each gives the
occurrences starting in a window as plain dicts, in the same shape, so that a test compares
them with `==`:

    {"uid", "recurrence_id", "start", "end", "summary", "status", "description", "url",
     "sequence"}

instants in UTC as "2027-03-28T08:00:00Z" (a plain "2027-03-28" for a whole day); recurrence_id
is the original start of an occurrence of a series (or of an override sent alone, as an iTIP
CANCEL of one date), None for a single event. The calendar's METHOD is beside them.

Without node or without the npm package the tests fail and say what to install: they never
skip, a skipped parser proves nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import recurring_ical_events
from icalendar import Calendar, Event

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("icaljs_expand.mjs")
PACKAGE = ROOT / "node_modules" / "ical.js" / "package.json"


def _utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"


def _instant(value) -> str:
    if isinstance(value, dt.datetime):
        return _utc(value)
    return value.isoformat()


def _node(stdin: bytes, start: dt.datetime, end: dt.datetime, *options: str):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: install Node.js (bash scripts/system-packages.sh --node)")
    if not PACKAGE.exists():
        pytest.fail("the npm package ical.js is missing: run `make node-packages` (npm ci)")
    result = subprocess.run(
        [node, str(SCRIPT), _utc(start), _utc(end), *options],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def icaljs(body: bytes, start: dt.datetime, end: dt.datetime) -> dict:
    """What ical.js reads in `body`: {"calendar": {"name", "x-wr-calname"}, "method",
    "occurrences"}."""
    return _node(body, start, end)


def icaljs_many(bodies: list[bytes], start: dt.datetime, end: dt.datetime) -> list[dict]:
    """`icaljs` of each body, read by one node process (for many feeds at once)."""
    return _node(json.dumps([body.decode() for body in bodies]).encode(), start, end, "--many")


def _text(component, name: str) -> str | None:
    value = component.get(name)
    return None if value is None else str(value)


# The calendar's TEXT properties (RFC 7986's NAME, Apple's X-WR-CALNAME), which icalendar
# keeps as written: unescaped here, as calendar applications read them.
CALENDAR_TEXT = ("NAME", "X-WR-CALNAME")


def _calendar_text(calendar, name: str) -> str | None:
    value = calendar.get(name)
    if value is None:
        return None
    # Read as icalendar reads a TEXT property it knows (a DESCRIPTION).
    raw = value.to_ical().decode()
    return str(
        Event.from_ical(f"BEGIN:VEVENT\r\nDESCRIPTION:{raw}\r\nEND:VEVENT\r\n")["DESCRIPTION"]
    )


def recurring(body: bytes, start: dt.datetime, end: dt.datetime) -> dict:
    """What recurring_ical_events (and icalendar) read in `body`, in the shape of `icaljs`."""
    calendar = Calendar.from_ical(body)
    series = {str(event["UID"]) for event in calendar.walk("VEVENT") if "RRULE" in event}
    # The UIDs of overrides sent without their series (an iTIP CANCEL of one date).
    alone = {str(event["UID"]) for event in calendar.walk("VEVENT")} - {
        str(event["UID"]) for event in calendar.walk("VEVENT") if "RECURRENCE-ID" not in event
    }
    found = []
    for item in recurring_ical_events.of(calendar).between(start, end):
        begin = item["DTSTART"].dt
        moment = begin if isinstance(begin, dt.datetime) else None
        if moment is not None and not start <= moment < end:
            continue  # began before the window, still going on in it
        if moment is None and not start.date() <= begin < end.date():
            continue
        recurrence_id = item.get("RECURRENCE-ID")
        uid = str(item["UID"])
        found.append(
            {
                "uid": uid,
                "recurrence_id": _instant(recurrence_id.dt)
                if recurrence_id is not None and (uid in series or uid in alone)
                else None,
                "start": _instant(begin),
                "end": _instant(
                    item["DTEND"].dt if "DTEND" in item else begin + item["DURATION"].dt
                ),
                "summary": _text(item, "SUMMARY"),
                "status": _text(item, "STATUS"),
                "description": _text(item, "DESCRIPTION"),
                "url": _text(item, "URL"),
                "sequence": int(item["SEQUENCE"]) if "SEQUENCE" in item else None,
            }
        )
    found.sort(key=lambda item: item["start"] + item["uid"])
    return {
        "calendar": {name.lower(): _calendar_text(calendar, name) for name in CALENDAR_TEXT},
        "method": _text(calendar, "METHOD"),
        "occurrences": found,
    }


def _disagreement(theirs: dict, ours: dict, what: str = "") -> None:
    if theirs != ours:
        lines = difflib.unified_diff(
            json.dumps(theirs, indent=1, sort_keys=True).splitlines(),
            json.dumps(ours, indent=1, sort_keys=True).splitlines(),
            "ical.js",
            "recurring_ical_events",
            lineterm="",
        )
        pytest.fail(f"The parsers disagree{what}:\n" + "\n".join(lines))


def agreed(body: bytes, start: dt.datetime, end: dt.datetime) -> dict:
    """What both parsers read, after checking that they read the same."""
    theirs, ours = icaljs(body, start, end), recurring(body, start, end)
    _disagreement(theirs, ours)
    return ours


def agreed_many(feeds: dict[str, bytes], start: dt.datetime, end: dt.datetime) -> dict[str, dict]:
    """`agreed` for many feeds ({address: body}), ical.js run once for them all."""
    readings = icaljs_many(list(feeds.values()), start, end)
    found = {}
    for (address, body), theirs in zip(feeds.items(), readings, strict=True):
        ours = recurring(body, start, end)
        _disagreement(theirs, ours, f" on {address}")
        found[address] = ours
    return found
