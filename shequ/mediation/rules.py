"""Who may do what with mediation cases and legal services. The unit's workers, the township and
the county administrator keep the records within their scope; the county justice bureau (县司法局)
guides the work and keeps them too. Other county departments see nothing (models.py), grid workers
and residents neither. Revealing a party's full name and phone is audited (services.py)."""

import rules

from shequ.accounts.models import Department, Role
from shequ.accounts.predicates import has_role, in_department, in_scope

is_keeper = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_ADMIN) | (
    has_role(Role.COUNTY_STAFF) & in_department(Department.JUSTICE)
)

for model in ("mediationcase", "legaladviser", "legalconsultation", "publicityactivity"):
    rules.add_perm(f"mediation.view_{model}", is_keeper & in_scope)
    rules.add_perm(f"mediation.add_{model}", is_keeper)
    rules.add_perm(f"mediation.change_{model}", is_keeper & in_scope)
rules.add_perm("mediation.reveal_party", is_keeper & in_scope)
# The catalogues (dispute types, publicity kinds) are the county administrator's.
for model in ("disputetype", "publicitykind"):
    rules.add_perm(f"mediation.view_{model}", has_role(Role.COUNTY_ADMIN))
    rules.add_perm(f"mediation.change_{model}", has_role(Role.COUNTY_ADMIN))
    rules.add_perm(f"mediation.add_{model}", has_role(Role.COUNTY_ADMIN))
