"""The county administrators' table of duty grants. Records and visits are not in the admin: the
administrators manage duties, they do not read who is under care."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shequ.core.admin import ScopedAdminMixin
from shequ.specialcare.groups import Group
from shequ.specialcare.models import DutyGrant
from shequ.specialcare.services import duty_grant_create, duty_grant_revoke, duty_grant_validate


class DutyGrantForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(label=_("特殊群体"), choices=Group.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = DutyGrant
        fields = ["user", "region", "groups", "starts_on", "ends_on"]

    def clean(self):
        values = super().clean()
        if not self.errors:
            duty_grant_validate(
                user=values["user"],
                region=values["region"],
                groups=values["groups"],
                starts_on=values["starts_on"],
                ends_on=values.get("ends_on"),
            )
        return values


@admin.register(DutyGrant)
class DutyGrantAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = DutyGrantForm
    list_display = ["user", "region", "group_list", "starts_on", "ends_on", "granted_by", "revoked_at"]
    list_select_related = ["user", "region", "granted_by"]
    search_fields = ["user__username", "scope_code"]
    raw_id_fields = ["user", "region"]
    actions = ["revoke"]

    @admin.display(description=_("特殊群体"))
    def group_list(self, grant):
        return "、".join(grant.group_labels())

    def get_readonly_fields(self, request, obj=None):
        # A grant is revoked and granted anew, never edited: its history stays what it was.
        return DutyGrantForm.Meta.fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        values = form.cleaned_data
        granted = duty_grant_create(
            user=values["user"],
            region=values["region"],
            groups=values["groups"],
            starts_on=values["starts_on"],
            ends_on=values.get("ends_on"),
            acting_user=request.user,
        )
        obj.pk = granted.pk

    @admin.action(description=_("撤销所选职责"))
    def revoke(self, request, queryset):
        for grant in queryset.filter(revoked_at__isnull=True):
            duty_grant_revoke(grant=grant, reason=str(_("管理后台撤销")), acting_user=request.user)
