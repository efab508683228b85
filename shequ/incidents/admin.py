"""The incident catalogue kept as data, edited by the county administrator: the two-level categories
(responsible department, default level, time limit, police flag) and the routing rules that send a
category's cases elsewhere within a region. Changes are audited by auditlog; incidents themselves
move only through the workflow on the workbench."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from shequ.core.admin import ConfigurationAdminMixin
from shequ.incidents.models import Category, RoutingRule
from shequ.regions.models import Region


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["category", "region_code", "handled_at", "department"]

    def clean_region_code(self) -> str:
        code = self.cleaned_data["region_code"].strip()
        if not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("没有这个区划代码"))
        return code


class RoutingRuleInline(ConfigurationAdminMixin, admin.TabularInline):
    model = RoutingRule
    form = RoutingRuleForm
    extra = 1


@admin.register(Category)
class CategoryAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "parent", "department", "handled_at", "time_limit", "time_limit_unit", "active"]
    list_filter = ["parent", "department", "handled_at", "police", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    inlines = [RoutingRuleInline]

    def has_delete_permission(self, request, obj=None):
        # Categories with incidents are kept for the record (PROTECT); switch them off with "启用".
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(ConfigurationAdminMixin, admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ["category", "region_code", "handled_at", "department"]
    list_filter = ["category", "handled_at", "department"]
    search_fields = ["category__code", "category__name", "region_code"]
    list_select_related = ["category"]
