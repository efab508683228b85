from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "shequ.facilities"
    label = "facilities"
    verbose_name = _("服务设施")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.facilities.models import (
            CommunityProfile,
            Facility,
            FacilityType,
            OrgComponent,
            OrgModel,
            PlanningArea,
        )

        auditlog.register(Facility, exclude_fields=["updated_at"])
        auditlog.register(CommunityProfile)
        auditlog.register(PlanningArea)
        # The lists the county administrator edits in the admin.
        for configured in (FacilityType, OrgModel, OrgComponent):
            auditlog.register(configured)
        event_labels_register(
            {
                "facility.created": _("登记服务设施"),
                "facility.updated": _("修改服务设施"),
                "facility.deleted": _("删除服务设施"),
                "facility.hours_set": _("设置开放时间"),
                "facility.photo_added": _("上传设施照片"),
                "facilities.imported": _("导入服务设施"),
                "facilities.exported": _("导出服务设施"),
                "community_profile.set": _("修改社区概况"),
                "planning_area.saved": _("登记新建区配建"),
                "org_check.recorded": _("组织体系核查"),
            }
        )
