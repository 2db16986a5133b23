"""The agenda of actions, for every territory: its queries (queries.py), the recurrence of
actions (recurrence.py), iCalendar (ics.py) and its cached feeds (feeds.py), the links to add
an action to a calendar (calendar_links.py) and the actions API (api.py)."""
