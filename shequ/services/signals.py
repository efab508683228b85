"""What the service hall tells other domains, so that they react without the hall knowing them
(benefits start paying when a benefit item is completed)."""

from django.dispatch import Signal

# Sent inside the transaction of every step of an application (after its history row is written):
# sender=Application, application=…, previous=<status before>, acting_user=…, today=<date>.
# Receivers write in the same transaction; a receiver's error undoes the step.
application_transitioned = Signal()
