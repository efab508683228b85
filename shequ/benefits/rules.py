import rules

from shequ.accounts.models import Role
from shequ.accounts.predicates import has_role, in_scope, is_staff_worker

# Payment lists are the townships' and the county's: they check and hand them to the bank.
pays = has_role(Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)
handles = has_role(Role.VILLAGE_WORKER, Role.TOWNSHIP_STAFF, Role.COUNTY_STAFF, Role.COUNTY_ADMIN)

rules.add_perm("benefits.view_benefit", is_staff_worker & in_scope)
rules.add_perm("benefits.change_benefit", handles & in_scope)
rules.add_perm("benefits.view_payment_list", pays)
rules.add_perm("benefits.export_payment_list", pays)
rules.add_perm("benefits.view_benefitrate", is_staff_worker)
for verb in ("add", "change", "delete"):
    rules.add_perm(f"benefits.{verb}_benefitrate", has_role(Role.COUNTY_ADMIN))
