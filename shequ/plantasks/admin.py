"""The matrix's configuration, kept by the county administrator: the reporting schedule per year and
the scoring criteria with their weights. The tasks and their departments are the plan's text
(loaded by a migration): shown read-only; a lead is marked on the task's page, audited."""

from django.contrib import admin

from shequ.core.admin import ConfigurationAdminMixin, ReadOnlyAdminMixin
from shequ.plantasks.models import PlanTask, ReportSchedule, ScoringCriterion, TaskDepartment


class TaskDepartmentInline(admin.TabularInline):
    model = TaskDepartment
    fields = ["department", "as_written", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdminMixin, ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "kind", "number", "title", "townships", "lead", "note"]
    inlines = [TaskDepartmentInline]


@admin.register(ReportSchedule)
class ReportScheduleAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["year", "period", "days_after"]


@admin.register(ScoringCriterion)
class ScoringCriterionAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "source", "weight", "applies_to", "position", "active"]
