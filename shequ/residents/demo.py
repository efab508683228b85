"""Synthetic but plausible residents for the demo county and the benchmarks.

Names follow the mix of Jimsar (Han, Hui, Uyghur, Kazakh); ID numbers are valid GB 11643 numbers
with the county's area code, so every generated person passes the same validation as real data.
"""

import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta

from shequ.residents.choices import CareTag, Ethnicity, Gender, Relation
from shequ.residents.derived import age_of, local_today
from shequ.residents.id_numbers import check_character

HAN_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
HAN_GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞斌波宇浩凯健俊帆帅旭宁龙林洋峰建国志新海东"
HAN_GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华玲红梅琳燕萍雪琴慧莹颖倩婷洁兰凤桂云佳欣悦"
UYGHUR_MALE = ["阿不都", "买买提", "艾力", "吐尔逊", "热合曼", "艾买尔", "努尔", "亚森", "肉孜", "阿迪力"]
UYGHUR_FEMALE = ["阿依古丽", "古丽", "热依拉", "帕提古丽", "米热古丽", "努尔古丽", "阿依努尔", "再努尔"]
KAZAKH_MALE = ["叶尔兰", "别克", "努尔兰", "达吾列提", "阿斯哈尔", "哈力木"]
KAZAKH_FEMALE = ["阿依达娜", "古丽娜尔", "加娜尔", "阿克努尔", "巴合提古丽"]
STREETS = ["文化路", "团结路", "北庭路", "中心路", "文明路", "满城路", "人民路", "建设路", "幸福路"]


@dataclass
class DemoPerson:
    name: str
    gender: str
    birth_date: date
    ethnicity: str
    relation: str
    phone: str
    id_number: str
    tags: list[str]


class DemoPeople:
    """A deterministic generator of households of people; one instance keeps ID numbers unique."""

    def __init__(self, seed: int, area_code: str = "652327", today: date | None = None):
        self.rng = random.Random(seed)
        self.area_code = area_code
        self.today = today or local_today()
        self.used_ids: set[str] = set()

    def ethnicity(self, urban: bool) -> str:
        roll = self.rng.random()
        if roll < (0.72 if urban else 0.6):
            return Ethnicity.HAN
        if roll < 0.82:
            return Ethnicity.HUI
        if roll < 0.92:
            return Ethnicity.UYGHUR
        return Ethnicity.KAZAKH

    def name(self, ethnicity: str, gender: str, surname: str | None = None) -> str:
        rng = self.rng
        male = gender == Gender.MALE
        if ethnicity == Ethnicity.UYGHUR:
            return f"{rng.choice(UYGHUR_MALE if male else UYGHUR_FEMALE)}·{rng.choice(UYGHUR_MALE)}"
        if ethnicity == Ethnicity.KAZAKH:
            return f"{rng.choice(KAZAKH_MALE if male else KAZAKH_FEMALE)}·{rng.choice(KAZAKH_MALE)}"
        given = HAN_GIVEN_MALE if male else HAN_GIVEN_FEMALE
        length = 1 if rng.random() < 0.35 else 2
        return (surname or rng.choice(HAN_SURNAMES)) + "".join(rng.choice(given) for _ in range(length))

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            sequence = self.rng.randrange(0, 500) * 2 + (1 if gender == Gender.MALE else 0)
            first17 = f"{self.area_code}{birth:%Y%m%d}{sequence:03d}"
            number = first17 + check_character(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        return self.rng.choice(["138", "139", "150", "151", "180", "189", "199"]) + f"{self.rng.randrange(10**8):08d}"

    def person(self, *, age: int, gender: str, ethnicity: str, relation: str, surname: str | None = None) -> DemoPerson:
        birth = self.today - timedelta(days=age * 365 + self.rng.randrange(365))
        return DemoPerson(
            name=self.name(ethnicity, gender, surname),
            gender=gender,
            birth_date=birth,
            ethnicity=ethnicity,
            relation=relation,
            phone=self.phone() if age >= 16 and self.rng.random() < 0.9 else "",
            id_number=self.id_number(birth, gender),
            tags=[],
        )

    def household(self, *, urban: bool) -> list[DemoPerson]:
        rng = self.rng
        ethnicity = self.ethnicity(urban)
        head_gender = Gender.MALE if rng.random() < 0.75 else Gender.FEMALE
        head_age = rng.choice([rng.randint(25, 59), rng.randint(25, 59), rng.randint(60, 92)])
        head = self.person(age=head_age, gender=head_gender, ethnicity=ethnicity, relation=Relation.HEAD)
        surname = head.name[0] if ethnicity in (Ethnicity.HAN, Ethnicity.HUI) else None
        members = [head]
        if rng.random() < 0.8:
            spouse_gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
            spouse_age = max(20, head_age + rng.randint(-5, 3))
            members.append(
                self.person(age=spouse_age, gender=spouse_gender, ethnicity=ethnicity, relation=Relation.SPOUSE)
            )
        if head_age < 60:
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
                child_age = max(0, head_age - rng.randint(22, 35))
                gender = rng.choice(Gender.values)
                members.append(
                    self.person(
                        age=child_age, gender=gender, ethnicity=ethnicity, relation=Relation.CHILD, surname=surname
                    )
                )
            if rng.random() < 0.2:
                members.append(
                    self.person(
                        age=min(95, head_age + rng.randint(24, 32)),
                        gender=rng.choice(Gender.values),
                        ethnicity=ethnicity,
                        relation=Relation.PARENT,
                        surname=surname,
                    )
                )
        self.tag(members, urban=urban)
        return members

    def tag(self, members: list[DemoPerson], *, urban: bool) -> None:
        rng = self.rng
        for person in members:
            age = age_of(person.birth_date, today=self.today)
            if age >= 80:
                person.tags.append(CareTag.ELDERLY_ADVANCED)
            if age >= 60 and len(members) <= 2 and all(age_of(m.birth_date, today=self.today) >= 60 for m in members):
                person.tags.append(CareTag.ELDERLY_ALONE)
            if rng.random() < 0.02:
                person.tags.append(CareTag.DISABLED)
            if 18 <= age < 60 and person.gender == Gender.MALE and rng.random() < 0.03:
                person.tags.append(CareTag.VETERAN)
            if 18 <= age < 60 and rng.random() < 0.03:
                person.tags.append(CareTag.UNEMPLOYED)
            if age < 16 and not urban and rng.random() < 0.08:
                person.tags.append(CareTag.LEFT_BEHIND_CHILD)
        if rng.random() < 0.03:
            for person in members:
                person.tags.append(CareTag.SUBSISTENCE)
        if not urban and rng.random() < 0.06:
            for person in members:
                person.tags.append(CareTag.POVERTY_ALLEVIATED)

    def address(self, *, urban: bool, unit_name: str, number: int) -> str:
        if urban:
            street, building = self.rng.choice(STREETS), self.rng.randint(1, 120)
            return f"{street}{building}号{self.rng.randint(1, 8)}单元{self.rng.randint(101, 602)}室"
        return f"{unit_name}{self.rng.randint(1, 9)}组{number}号"


@functools.lru_cache(maxsize=100_000)
def _search_keys(name: str) -> tuple[str, str]:
    """Generated names repeat a lot; their pinyin is worked out once (the cache is bounded)."""
    from shequ.residents.pinyin import name_search_keys

    return name_search_keys(name)


def demo_person_model(member: DemoPerson, *, household, is_demo: bool = True):
    """An unsaved Person for a generated member, with the search keys the services would set.

    The one builder of generated persons: the demo county, generate_synthetic and the benchmarks."""
    from shequ.residents.models import Person

    pinyin, initials = _search_keys(member.name)
    return Person(
        household=household,
        **household.placement(),
        name=member.name,
        name_pinyin=pinyin,
        name_initials=initials,
        gender=member.gender,
        birth_date=member.birth_date,
        ethnicity=member.ethnicity,
        phone=member.phone,
        relation=member.relation,
        id_number=member.id_number,
        id_tail_reversed=member.id_number[-6:][::-1],
        is_demo=is_demo,
    )
