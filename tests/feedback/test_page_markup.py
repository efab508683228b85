"""Markup of the 好差评 pages that assistive technology depends on."""

import re


def test_score_groups_have_no_empty_label_targets(application, users, login):
    page = login(users["resident"]).get(f"/feedback/rate/application/{application.pk}/").content.decode()
    assert 'for=""' not in page
    assert page.count("<legend") == 4  # overall level and the three scores


def test_the_statistics_table_scrolls_in_a_focusable_named_region(application, users, login):
    page = login(users["worker_wenhualu"]).get("/work/ratings/stats/").content.decode()
    container = re.search(r'<div class="table-responsive"[^>]*>', page).group(0)
    assert 'tabindex="0"' in container and 'role="region"' in container
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', container).group(1)
    assert f'id="{labelled_by}"' in page
