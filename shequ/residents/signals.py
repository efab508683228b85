"""What the registry tells other domains when a person's life changes, so that they react without
the registry knowing them (benefits stop paying after a death or a move out of the county)."""

from django.dispatch import Signal

# Sent inside the transaction that records the event: sender=Person, person=…, event="death" or
# "moved_out", on=<date of the event>, acting_user=…. Receivers write in the same transaction.
person_departed = Signal()
