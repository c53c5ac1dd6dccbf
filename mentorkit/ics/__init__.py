"""The calendar file of a plan (RFC 5545, made with the `icalendar` library): one event per
meeting, read from the same view as the site and the workbook."""
from .events import CALENDAR_MEDIA_TYPE, calendar_bytes, cancelled_calendar, event_uid, previous_events, uid_form

__all__ = ["CALENDAR_MEDIA_TYPE", "calendar_bytes", "cancelled_calendar", "event_uid", "previous_events", "uid_form"]
