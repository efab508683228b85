"""The 三岗十八级 grade of a community worker, computed from the configured sequence.

    grade = start of the post
          + ⌊(full years of service + the education's extra years) / years per grade⌋
          + the social-work qualification's extra grades
    never above the post's cap.

Education counts as years of service (本科 3 years, so with no service yet it is one grade; 硕士 5
years plus one year of service is two), which is why the years are added before dividing. A full
year of service is completed on the anniversary of the start date (a start on 29 February
completes its years on 1 March in other years).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def full_years(start: date, on: date) -> int:
    if on < start:
        return 0
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


@dataclass(frozen=True)
class PostRange:
    start: int
    cap: int
    years_per_grade: int = 3


def grade_compute(*, post: PostRange, service_start: date, on: date, education_years: int, extra_grades: int) -> int:
    steps = (full_years(service_start, on) + education_years) // post.years_per_grade
    return min(post.start + steps + extra_grades, post.cap)


class GradeScheme:
    """The configured tables, read once (a handful of rows) so that a list computes every grade
    without a query per row."""

    def __init__(
        self,
        *,
        posts: dict[str, PostRange],
        education_years: dict[int, int],
        extra_grades: dict[int, int],
        salary: dict[int, Decimal],
    ):
        self.posts, self.education_years, self.extra_grades, self.salary = posts, education_years, extra_grades, salary

    @classmethod
    def load(cls) -> "GradeScheme":
        from shequ.workforce.models import Education, PostGrade, Qualification, SalaryStep

        return cls(
            posts={p.post: PostRange(p.start_grade, p.max_grade, p.years_per_grade) for p in PostGrade.objects.all()},
            education_years=dict(Education.objects.values_list("pk", "extra_years")),
            extra_grades=dict(Qualification.objects.values_list("pk", "extra_grades")),
            salary=dict(SalaryStep.objects.values_list("grade", "monthly_pay")),
        )

    def grade(self, worker, *, on: date) -> int | None:
        """None for people without a community post (social workers elsewhere) or a post the
        configuration lacks."""
        post = self.posts.get(worker.post)
        if post is None or worker.service_start is None:
            return None
        return grade_compute(
            post=post,
            service_start=worker.service_start,
            on=on,
            education_years=self.education_years.get(worker.education_id, 0),
            extra_grades=self.extra_grades.get(worker.qualification_id, 0),
        )

    def pay(self, grade: int | None) -> Decimal | None:
        return self.salary.get(grade) if grade is not None else None
