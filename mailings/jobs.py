"""The mailings' jobs (django-q2; the periodic ones in core/schedules.py): they carry ids or
nothing, and are safe to run again."""

from . import monthly, services


def send_mailings() -> int:
    """Every few minutes: the mailings due start, and those being sent go on by batches."""
    return services.send_mailings()


def send_monthly_hour() -> int:
    """On the 1st of the month: "your hour this month" to each volunteer who wants it."""
    return monthly.send_monthly_hour()
