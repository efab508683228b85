from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "shequ.residents"
    label = "residents"
    verbose_name = _("居民信息")

    def ready(self):
        from auditlog.registry import auditlog

        from shequ.residents.models import Household, Person, PersonTag

        # Audit diffs mask personal data exactly as screens do; search keys derived from the ID
        # number are left out of the diff altogether.
        auditlog.register(
            Person,
            mask_fields=["id_number", "phone"],
            mask_callable="shequ.core.masking.mask_sensitive",
            exclude_fields=["id_tail_reversed", "name_pinyin", "name_initials", "updated_at"],
        )
        auditlog.register(Household, exclude_fields=["updated_at"])
        auditlog.register(PersonTag)
