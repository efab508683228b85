"""The workforce registry's configuration, kept by the county administrator (README): the 三岗十八级
sequence and pay, education years, qualification bonuses, staffing standards, competency items and
the departments of the 资格县级联审. Changes are audited by auditlog."""

from django.contrib import admin

from shequ.core.admin import ConfigurationAdminMixin
from shequ.workforce.models import (
    CompetencyItem,
    Education,
    PostGrade,
    Qualification,
    ReviewDepartment,
    SalaryStep,
    StaffingStandard,
)


@admin.register(PostGrade)
class PostGradeAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["post", "start_grade", "max_grade", "years_per_grade"]


@admin.register(SalaryStep)
class SalaryStepAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["grade", "monthly_pay"]


@admin.register(Education)
class EducationAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "extra_years", "order"]


@admin.register(Qualification)
class QualificationAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "extra_grades", "order"]


@admin.register(StaffingStandard)
class StaffingStandardAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["unit_kind", "basis", "per", "minimum"]


@admin.register(CompetencyItem)
class CompetencyItemAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "order"]


@admin.register(ReviewDepartment)
class ReviewDepartmentAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "account_department", "order"]
