from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "shequ.residents"
    label = "residents"
    verbose_name = _("居民信息")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.core.events import event_labels_register
        from shequ.residents.models import Household, Person, PersonTag

        event_labels_register(
            {
                "person.created": _("登记居民"),
                "person.changed": _("修改居民信息"),
                "person.deleted": _("删除居民"),
                "person.revealed": _("查看完整信息"),
                "person.death_recorded": _("登记死亡"),
                "person.moved_out_recorded": _("登记迁出本县"),
                "person.searched_by_id_number": _("按身份证号查找"),
                "household.created": _("新建家庭户"),
                "household.changed": _("修改家庭户"),
                "household.deleted": _("删除家庭户"),
                "residents.imported": _("批量导入居民"),
                "residents.exported": _("导出居民信息"),
            }
        )

        # Audit diffs mask personal data exactly as screens do; the birth date (the middle of the
        # masked ID number) and the search keys derived from the ID number are left out of the diff
        # altogether — the domain event records the birth year.
        auditlog.register(
            Person,
            mask_fields=["id_number", "phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
            exclude_fields=["birth_date", "id_tail_reversed", "name_pinyin", "name_initials", "updated_at"],
        )
        auditlog.register(Household, exclude_fields=["updated_at"])
        auditlog.register(PersonTag)
