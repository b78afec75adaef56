"""A visit as a calendar file (.ics), built with the icalendar library.

What shows in a phone's calendar can be seen by others: the title is only "Appointment" (no
clinic, clinician or reason), with the place or the video link and the clinic's phone number.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from portal_app.models import Appointment, Clinic, VisitStatus
from portal_app.services.common.local_time import as_utc

PRODUCT = "-//Steady//Visits//EN"


def visit_ics(visit: Appointment, clinic: Clinic | None, *, now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{visit.id}@steady")
    event.add("dtstamp", now)
    event.add("dtstart", as_utc(visit.starts_at))
    event.add("dtend", as_utc(visit.ends_at))
    event.add("summary", "Appointment")
    if visit.kind == "video":
        event.add("location", "Video call")
        event.add("url", visit.video_link)
    else:
        event.add("location", visit.location)
    if clinic is not None and clinic.phone:
        event.add("description", f"To change or cancel, call {clinic.phone}.")
    event.add("status", "CANCELLED" if visit.status == VisitStatus.CANCELLED else "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())
