"""What onboarding tells the apps above it, which it may not import: a commune has just been
engaged (sent inside the engaging transaction, so a receiver's failure undoes it all)."""

from django.dispatch import Signal

# Sent with `commune` (territories.models.Commune) each time a commune is engaged, again
# included: receivers are idempotent (volunteers hands over the ones still waiting).
commune_engaged = Signal()
