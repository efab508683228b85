"""Who may do what with bookings. `in_scope` asks the same `for_user` querysets as the lists, so a
permission never disagrees with what a page or the API shows.

Objects: `add_booking` is checked against the Person booked for (a resident: their own household; a
worker: a person of their area); the booking verbs against the Booking; `add_slot` without an object
(the services check the unit with `covers`).
"""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_staff_worker

is_resident = has_role(Role.RESIDENT)
is_provider = has_role(Role.PROVIDER)
# The workers who book for residents at the window, publish slots and close bookings.
is_booking_manager = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)

can_view = (is_staff_worker | is_resident | is_provider) & in_scope
can_book = (is_resident | is_booking_manager) & in_scope
can_cancel = (is_resident | is_booking_manager) & in_scope
# After the slot started: the worker, or the account of the provider that served it.
can_close = (is_booking_manager | is_provider) & in_scope

rules.add_perm("bookings.view_booking", can_view)
rules.add_perm("bookings.add_booking", can_book)
rules.add_perm("bookings.cancel_booking", can_cancel)
rules.add_perm("bookings.complete_booking", can_close)
rules.add_perm("bookings.view_slot", can_view)
rules.add_perm("bookings.add_slot", is_booking_manager)
rules.add_perm("bookings.view_provider", (is_staff_worker | is_provider) & in_scope)
rules.add_perm("bookings.add_provider", has_role(Role.COUNTY_ADMIN))
rules.add_perm("bookings.change_provider", has_role(Role.COUNTY_ADMIN) & in_scope)
