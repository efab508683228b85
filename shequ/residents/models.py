from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.accounts.scope import RegionScopedQuerySet
from shequ.core.masking import mask_id_number, mask_phone
from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.derived import age_of, birth_year_of, care_tag_labels


class HouseholdQuerySet(RegionScopedQuerySet):
    grid_path = "grid"
    household_path = ""


class Household(models.Model):
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="households_registered"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.CharField(_("户号"), max_length=32)
    address = models.CharField(_("地址"), max_length=200)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭户")
        verbose_name_plural = _("家庭户")
        ordering = ["region__code", "number"]
        constraints = [models.UniqueConstraint(fields=["region", "number"], name="household_number_unique_in_unit")]

    def __str__(self) -> str:
        return f"{self.number} {self.address}"

    @property
    def scope_code(self) -> str:
        """The most specific region the household lies in: its grid, else its unit."""
        return self.grid.code if self.grid_id else self.region.code

    def placement(self) -> dict:
        """Where its members are, copied onto each Person (see Person.scope_code)."""
        return {"region_id": self.region_id, "grid_id": self.grid_id, "scope_code": self.scope_code}

    @property
    def head(self):
        return next((member for member in self.members.all() if member.relation == Relation.HEAD), None)


class PersonQuerySet(RegionScopedQuerySet):
    grid_path = "grid"
    household_path = "household"
    code_field = "scope_code"


class Person(models.Model):
    household = models.ForeignKey(Household, verbose_name=_("家庭户"), on_delete=models.PROTECT, related_name="members")
    # The household's unit, grid and most specific code (the grid's, else the unit's), copied onto the
    # person by the services: scope and search then filter one table of a million rows without a
    # join, and a prefix of `scope_code` selects a county, township, unit or grid alike.
    scope_code = models.CharField(_("区划代码"), max_length=15, editable=False)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("村（社区）"), on_delete=models.PROTECT, related_name="persons"
    )
    grid = models.ForeignKey(
        "regions.Region", verbose_name=_("网格"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, editable=False)
    name_initials = models.CharField(_("拼音首字母"), max_length=50, editable=False)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices)
    phone = models.CharField(_("联系电话"), max_length=12, blank=True)
    relation = models.CharField(_("与户主关系"), max_length=16, choices=Relation.choices)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    # The last six characters reversed, so that "search by the tail of the ID number" is a prefix search.
    id_tail_reversed = models.CharField(max_length=6, blank=True, editable=False)
    # 户籍: whether the household registration (户口) is in this county; a resident registered
    # elsewhere (人户分离) lives here but cannot claim what the county grants its own registrants.
    county_hukou = models.BooleanField(_("户籍在本县"), default=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("居民账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    # Registry events that end what the county pays a person (their benefits are suspended from the
    # month after): recorded through person_record_death / person_record_move_out.
    died_on = models.DateField(_("死亡日期"), null=True, blank=True)
    moved_out_on = models.DateField(_("迁出本县日期"), null=True, blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="person_id_number_unique"
            ),
            models.UniqueConstraint(
                fields=["household"], condition=models.Q(relation="head"), name="person_one_head_per_household"
            ),
            # A person without it would be invisible to every worker: fail loudly instead.
            models.CheckConstraint(condition=~models.Q(scope_code=""), name="person_scope_code_set"),
        ]
        # Each search key leads an index with the scope code beside it: the key's prefix range is read
        # in order, the scope is checked inside the index, and a page stops after 20 rows.
        indexes = [
            models.Index(fields=["name", "scope_code"], name="person_name_scope_idx"),
            models.Index(fields=["name_initials", "scope_code"], name="person_initials_scope_idx"),
            models.Index(fields=["name_pinyin", "scope_code"], name="person_pinyin_scope_idx"),
            models.Index(fields=["id_tail_reversed", "scope_code"], name="person_id_tail_scope_idx"),
            models.Index(fields=["scope_code", "name"], name="person_scope_name_idx"),
        ]
        permissions = [
            ("reveal_person", _("查看完整身份证号和电话")),
            ("import_residents", _("导入居民信息")),
            ("export_residents", _("导出居民信息")),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.scope_code:
            self.scope_code = (self.grid or self.region).code
        super().save(*args, **kwargs)

    # What screens, the API, exports and the admin show of a person (see residents.derived): never
    # the birth date, the full ID number or the full phone.
    @property
    def age(self) -> int:
        return age_of(self.birth_date)

    @property
    def birth_year(self) -> int | None:
        return birth_year_of(self.birth_date)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def tag_codes(self) -> list[str]:
        return [tag.tag for tag in self.tags.all()]

    def get_tag_labels(self) -> list[str]:
        return care_tag_labels(self.tag_codes)


class PersonTagQuerySet(RegionScopedQuerySet):
    """Scoped like the person it tags."""

    household_path = "person__household"
    code_field = "person__scope_code"


class PersonTag(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(_("关爱标签"), max_length=24, choices=CareTag.choices)

    objects = PersonTagQuerySet.as_manager()

    class Meta:
        verbose_name = _("关爱标签")
        verbose_name_plural = _("关爱标签")
        constraints = [models.UniqueConstraint(fields=["person", "tag"], name="person_tag_unique")]
        indexes = [models.Index(fields=["tag", "person"], name="person_tag_lookup_idx")]

    def __str__(self) -> str:
        return self.get_tag_display()
