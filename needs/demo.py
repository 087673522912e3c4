"""Demo data of the needs app, loaded by `manage.py load_demo` after the lower apps'; safe to run twice.

Meetings and decisions: needs/demo_meetings.py (the needs list's own demo runs before it when there is one)."""

from . import demo_meetings


def load() -> dict:
    return demo_meetings.load()
