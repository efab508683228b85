"""Every model holding personal or regional data answers `objects.for_user(user)`.

A model holds such data when it points at a region, household, person or account, or at another
model that holds such data, or keeps a region code of its own. A new model of that kind without a
scoped manager fails here, unless it is added to the allow-list below with the reason it is
deliberately unscoped.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

# Models that hold data of this kind but are deliberately not scoped, and why.
UNSCOPED = {
    # The domain-event log is read by superusers only (DomainEventAdmin); pages show a record's own
    # events after the record itself was found through its for_user.
    "core.DomainEvent",
    # The holiday calendar is the same for the whole county; `entered_by` only says who typed it.
    "core.CalendarYear",
    # Routing rules are configuration kept by the county administrator: a category and a region-code
    # prefix saying who handles it, the same for whoever files; no personal data.
    "incidents.RoutingRule",
}
ROOTS = {"regions.Region", "residents.Household", "residents.Person", "accounts.User"}
CODE_FIELDS = {"region_code", "scope_code"}


def _shequ_models():
    return [model for model in apps.get_models() if model._meta.app_config.name.startswith("shequ.")]


def _relations(model) -> set[str]:
    return {
        field.related_model._meta.label
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one) and field.related_model is not None
    }


def _with_personal_or_regional_data() -> set[str]:
    models = {model._meta.label: model for model in _shequ_models()}
    holding = set(ROOTS) | {
        label
        for label, model in models.items()
        if CODE_FIELDS & {field.name for field in model._meta.get_fields() if field.concrete}
    }
    while True:  # …and whatever points at a model already found, until nothing is added
        more = {
            label
            for label, model in models.items()
            if label not in holding and _relations(model) & (holding - UNSCOPED)
        }
        if not more:
            return holding
        holding |= more


def test_the_rule_finds_the_models_it_is_meant_to_find():
    found = _with_personal_or_regional_data()
    assert {"services.ApplicationEvent", "feedback.RectificationEvent", "residents.PersonTag"} <= found
    assert "services.ServiceItem" not in found and "core.CalendarDay" not in found


def test_every_model_with_personal_or_regional_data_has_a_scoped_manager():
    missing = sorted(
        label
        for label in _with_personal_or_regional_data() - UNSCOPED
        if not callable(getattr(apps.get_model(label)._default_manager, "for_user", None))
    )
    assert missing == [], f"add for_user (a RegionScopedQuerySet) or an allow-list entry with a reason: {missing}"


def test_every_allow_list_entry_is_a_model_that_would_otherwise_fail():
    assert UNSCOPED <= _with_personal_or_regional_data()


@pytest.mark.django_db
def test_anonymous_users_see_nothing_of_any_scoped_model(residents):
    for label in sorted(_with_personal_or_regional_data() - UNSCOPED):
        manager = apps.get_model(label)._default_manager
        assert not manager.for_user(AnonymousUser()).exists(), label
