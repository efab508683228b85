from shequ.feedback.models import Rating
from shequ.feedback.services import rating_create


def rate_url(application) -> str:
    return f"/feedback/rate/application/{application.pk}/"


def test_the_rating_page_offers_five_levels_and_records_one(application, users, login):
    client = login(users["resident"])
    page = client.get(rate_url(application)).content.decode()
    for label in ("非常满意", "满意", "基本满意", "不满意", "非常不满意", "办事效率", "服务态度", "办事便捷"):
        assert label in page
    response = client.post(rate_url(application), {"level": "4", "efficiency": "5", "comment": "方便"})
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.level, rating.efficiency, rating.attitude, rating.comment) == (4, 5, None, "方便")
    after = client.get(rate_url(application)).content.decode()
    assert "已评价" in after and "提交评价" not in after


def test_a_missing_level_keeps_what_was_typed(application, users, login):
    response = login(users["resident"]).post(rate_url(application), {"comment": "窗口人员很耐心", "attitude": "5"})
    page = response.content.decode()
    assert response.status_code == 200 and "请选择评价" in page
    assert "窗口人员很耐心" in page and 'name="attitude" value="5" id="id_attitude_4" checked' in page
    assert not Rating.objects.exists()


def test_the_rating_page_is_a_404_for_anyone_else(application, users, lisi_account, login):
    assert login(lisi_account).get(rate_url(application)).status_code == 404
    assert login(users["worker_wenhualu"]).get(rate_url(application)).status_code == 404
    assert login(users["resident"]).get("/feedback/rate/application/999999/").status_code == 404
    assert login(users["resident"]).get("/feedback/rate/nonsense/1/").status_code == 404


def test_the_resident_follows_the_rectification(application, users, login):
    rating_create(target_type="application", target_id=application.pk, level=1, acting_user=users["resident"])
    page = login(users["resident"]).get(rate_url(application)).content.decode()
    assert "非常不满意" in page and "回访核实和整改" in page


def test_worker_pages_list_show_and_move_a_rectification(application, users, head, login):
    rectification = rating_create(
        target_type="application", target_id=application.pk, level=2, acting_user=users["resident"]
    ).rectification
    client = login(head)
    listing = client.get("/work/rectifications/").content.decode()
    # Named by the service and the masked applicant, never "application #1".
    assert "高龄津贴申领" in listing and "张*" in listing and "待回访" in listing
    assert "张三" not in listing and "application" not in listing
    detail_url = f"/work/rectifications/{rectification.pk}/"
    detail = client.get(detail_url).content.decode()
    assert "回访核实" in detail and "提出申诉" in detail and "驳回申诉" not in detail
    assert "居民评价" in detail and ">resident<" not in detail
    assert "高龄津贴申领 · 张*" in detail and "张三" not in detail and f"#{application.pk}" not in detail
    assert "138****5678" in detail and "13812345678" not in detail
    assert "652327********0017" in detail and "652327199001010017" not in detail

    missing = client.post(detail_url, {"to": "visited", "visited-note": "已电话回访"})
    assert missing.status_code == 200 and "请选择反映的问题是否属实" in missing.content.decode()
    assert "已电话回访" in missing.content.decode()
    moved = client.post(detail_url, {"to": "visited", "visited-note": "已电话回访", "visited-verified": "yes"})
    assert moved.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == "visited" and rectification.verified is True

    stale = client.post(detail_url, {"to": "closed", "closed-note": "x"}, follow=True)
    assert "不可用" in stale.content.decode()
    assert login(users["worker_xindi"]).get(detail_url).status_code == 404


def test_statistics_page_shows_percentages(application, users, login):
    rating_create(target_type="application", target_id=application.pk, level=2, acting_user=users["resident"])
    client = login(users["worker_wenhualu"])
    for grouping, label in (("service", "高龄津贴申领"), ("department", "县民政局"), ("region", "文化路社区")):
        page = client.get("/work/ratings/stats/", {"by": grouping}).content.decode()
        assert label in page and "100.0%" in page and "0.0%" in page
    assert login(users["resident"]).get("/work/ratings/stats/").status_code == 403


def test_the_workbench_shows_the_panel(application, users, head, login):
    rating_create(target_type="application", target_id=application.pk, level=2, acting_user=users["resident"])
    page = login(head).get("/work/").content.decode()
    assert "差评整改" in page and "件差评待回访" in page
    assert "差评整改" not in login(users["grid_wenhualu"]).get("/work/").content.decode()


def test_the_rating_status_tag_for_other_apps_pages(application, users):
    from django.template import Context, Template

    template = Template('{% load feedback_tags %}{% rating_status "application" application %}')
    before = template.render(Context({"application": application}))
    assert "去评价" in before and rate_url(application) in before
    rating_create(target_type="application", target_id=application.pk, level=5, acting_user=users["resident"])
    assert "已评价：非常满意" in template.render(Context({"application": application}))


def test_admin_lists_and_pages_open(application, users, login):
    rectification = rating_create(
        target_type="application", target_id=application.pk, level=1, acting_user=users["resident"]
    ).rectification
    client = login(users["admin"])
    for url in (
        "/admin/feedback/rating/",
        f"/admin/feedback/rating/{rectification.rating_id}/change/",
        "/admin/feedback/rectification/",
        f"/admin/feedback/rectification/{rectification.pk}/change/",
        "/admin/feedback/creditentry/",
    ):
        assert client.get(url).status_code == 200, url
