import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_registry_editor, is_staff_worker

can_view = (is_staff_worker | has_role(Role.RESIDENT)) & in_scope
can_edit = is_registry_editor & in_scope

for model in ("person", "household"):
    rules.add_perm(f"residents.view_{model}", can_view)
    rules.add_perm(f"residents.add_{model}", can_edit)
    rules.add_perm(f"residents.change_{model}", can_edit)
    rules.add_perm(f"residents.delete_{model}", can_edit)

rules.add_perm("residents.view_persontag", can_view)
rules.add_perm("residents.reveal_person", is_staff_worker & in_scope)
rules.add_perm("residents.import_residents", has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN))
rules.add_perm("residents.export_residents", is_staff_worker)
