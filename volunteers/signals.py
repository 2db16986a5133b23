"""What volunteers asks of the apps above it, which it may not import: their part of a
volunteer's data download, of the public figures and of the volunteer's space. They connect in
ready()."""

from django.dispatch import Signal

# Sent with `volunteer` when they download their data: each receiver returns a dict of its
# own entries (e.g. {"requests_for_help": [...]}), added in the order the apps are installed.
collect_personal_data = Signal()

# Sent with `communes` (a queryset of territories.models.Commune, or None for the nation) when
# the figures are counted: each receiver returns a dict of additions, e.g. {"hours": Decimal}.
collect_figures = Signal()

# Sent with `request`, `volunteer` and `token` (their space's) when the space's home is shown:
# each receiver returns the HTML of its own settings (e.g. mailings: a box a sender), shown in
# the space's "E-mails and devices" section, in the order the apps are installed.
collect_space_settings = Signal()
