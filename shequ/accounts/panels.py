"""The workbench panel of waiting sign-ups, for the workers who decide them."""

from shequ.accounts.selectors import signup_pending_count


def signup_panel(*, user, today) -> dict | None:
    if not user.has_perm("accounts.review_signup"):
        return None
    return {"pending": signup_pending_count(user=user)}
