"""Who may do what with rooms and their bookings. The staff who keep a unit's facilities (a village
worker, the township, the county administrator) keep its rooms and decide its bookings; county
department staff read. A resident sees and books the rooms of their own unit and cancels their own
bookings."""

import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope

is_reader = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
is_editor = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN)
is_resident = has_role(Role.RESIDENT)


@rules.predicate
def is_booker(user, booking) -> bool:
    return booking is not None and booking.booked_by_id == user.pk


rules.add_perm("venues.view_room", (is_reader | is_resident) & in_scope)
rules.add_perm("venues.add_room", is_editor)
rules.add_perm("venues.change_room", is_editor & in_scope)
# Booking a room: the object is the room.
rules.add_perm("venues.book_room", (is_editor | is_resident) & in_scope)
rules.add_perm("venues.view_venuebooking", (is_reader | is_resident) & in_scope)
rules.add_perm("venues.decide_venuebooking", is_editor & in_scope)
rules.add_perm("venues.cancel_venuebooking", is_booker | (is_editor & in_scope))
rules.add_perm("venues.view_utilisation", is_reader)
