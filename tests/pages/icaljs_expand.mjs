// Reads an iCalendar body on stdin and prints, as JSON, the occurrences Mozilla's ical.js (the
// parser of Thunderbird) finds in it between two instants given as arguments (ISO 8601, UTC):
//
//     node tests/pages/icaljs_expand.mjs 2027-01-01T00:00:00Z 2028-01-01T00:00:00Z < feed.ics
//
// With a third argument, --many, stdin is a JSON array of iCalendar bodies, and the output a JSON
// array of their readings (one node for many feeds).
//
// {"calendar": {"name": ..., "x-wr-calname": ...}, "occurrences": [{uid, recurrence_id, start,
// end, summary, status, description, url, sequence}, ...], "method": ...} (recurrence_id: the
// original start of an occurrence of a series, or of an override sent alone; null for a single
// event), instants in UTC ("2027-03-28T08:00:00Z", or a
// plain date for a whole day), the occurrences starting in [from, to), sorted. The calendar's own
// VTIMEZONEs are the only time zones it knows: what a calendar application would read.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [fromText, toText, mode] = process.argv.slice(2);
const [from, to] = [fromText, toText].map((text) => ICAL.Time.fromDateTimeString(text.replace("Z", "")));
from.zone = ICAL.Timezone.utcTimezone;
to.zone = ICAL.Timezone.utcTimezone;

// NAME (RFC 7986) and X-WR-CALNAME are TEXT, as calendar applications read them: unescaped.
for (const name of ["name", "x-wr-calname"]) {
  ICAL.design.icalendar.property[name] = { defaultType: "text" };
}

// What ical.js reads in one iCalendar body.
function read(body) {
  const calendar = new ICAL.Component(ICAL.parse(body));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }

  function instant(time) {
    if (time.isDate) {
      return time.toString();
    }
    return time.convertToZone(ICAL.Timezone.utcTimezone).toString().replace(/Z?$/, "Z");
  }

  function inWindow(time) {
    const utc = time.isDate ? time : time.convertToZone(ICAL.Timezone.utcTimezone);
    return utc.compare(from) >= 0 && utc.compare(to) < 0;
  }

  const events = calendar.getAllSubcomponents("vevent");
  const overrides = new Map();
  for (const component of events) {
    if (component.hasProperty("recurrence-id")) {
      const uid = component.getFirstPropertyValue("uid");
      overrides.set(uid, [...(overrides.get(uid) || []), component]);
    }
  }

  function text(component, name) {
    const value = component.getFirstPropertyValue(name);
    return value === null || value === undefined ? null : String(value);
  }

  const occurrences = [];
  function add(item, start, end, recurrenceId) {
    if (!inWindow(start)) {
      return;
    }
    occurrences.push({
      uid: text(item, "uid"),
      recurrence_id: recurrenceId ? instant(recurrenceId) : null,
      start: instant(start),
      end: instant(end),
      summary: text(item, "summary"),
      status: text(item, "status"),
      description: text(item, "description"),
      url: text(item, "url"),
      sequence: item.hasProperty("sequence") ? item.getFirstPropertyValue("sequence") : null,
    });
  }

  for (const component of events) {
    const uid = component.getFirstPropertyValue("uid");
    if (component.hasProperty("recurrence-id")) {
      if (events.some((other) => other !== component && !other.hasProperty("recurrence-id")
          && other.getFirstPropertyValue("uid") === uid)) {
        continue; // expanded with its series
      }
    }
    // An override sent alone (an iTIP CANCEL of one date) is read as it is.
    const alone = component.hasProperty("recurrence-id");
    const event = new ICAL.Event(component, alone ? {} : { exceptions: overrides.get(uid) || [], strictExceptions: true });
    if (!event.isRecurring()) {
      add(component, event.startDate, event.endDate, event.recurrenceId);
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      const start = details.startDate.isDate ? details.startDate : details.startDate.convertToZone(ICAL.Timezone.utcTimezone);
      if (!next.isDate && next.convertToZone(ICAL.Timezone.utcTimezone).compare(to) >= 0 && start.compare(to) >= 0) {
        break;
      }
      if (next.isDate && next.compare(to) >= 0) {
        break;
      }
      add(details.item.component, details.startDate, details.endDate, details.recurrenceId);
    }
  }

  occurrences.sort((a, b) => (a.start + a.uid < b.start + b.uid ? -1 : a.start + a.uid > b.start + b.uid ? 1 : 0));
  const name = { name: text(calendar, "name"), "x-wr-calname": text(calendar, "x-wr-calname") };
  return { calendar: name, method: text(calendar, "method"), occurrences };
}

const input = readFileSync(0, "utf8");
const result = mode === "--many" ? JSON.parse(input).map(read) : read(input);
process.stdout.write(JSON.stringify(result));
