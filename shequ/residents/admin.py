from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shequ.core.admin import ReadOnlyAdminMixin, ScopedAdminMixin
from shequ.residents.models import Household, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    # Age and birth year, not the birth date: the masked ID number hides exactly the birth date.
    list_display = ["name", "gender", "age", "birth_year", "masked_id_number", "masked_phone", "region", "grid"]
    list_filter = ["gender", "tags__tag"]
    search_fields = ["name", "name_initials"]
    list_select_related = ["region", "grid"]
    # Raw ID numbers and phones never reach the admin; reveals happen on the workbench, audited.
    exclude = ["id_number", "phone", "account", "birth_date"]
    readonly_fields = ["age", "birth_year", "masked_id_number", "masked_phone"]

    @admin.display(description=_("年龄"))
    def age(self, person):
        return person.age

    @admin.display(description=_("出生年份"))
    def birth_year(self, person):
        return person.birth_year

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, person):
        return person.id_number_masked

    @admin.display(description=_("联系电话"))
    def masked_phone(self, person):
        return person.phone_masked


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "address", "region", "grid"]
    search_fields = ["number", "address"]
    list_select_related = ["region", "grid"]
