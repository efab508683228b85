"""Policy search on whichever database the run uses (SQLite FTS5 or PostgreSQL full-text)."""

import pytest

from shequ.participation.models import PolicyKind
from shequ.participation.search import highlight, index_tokens
from shequ.participation.selectors import policy_search
from shequ.participation.services import policy_create, policy_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(users):
    admin = users["county_admin"]

    def add(title, body, **fields):
        return policy_create(acting_user=admin, title=title, body=body, **fields)

    return {
        "dibao": add(
            "城乡居民最低生活保障（低保）申请指南", "家庭人均收入低于当地低保标准的，可以向户籍所在地乡镇申请低保。"
        ),
        "yibao": add("城乡居民基本医疗保险（医保）参保缴费", "2024年度城乡居民医保个人缴费标准为每人每年380元。"),
        "elderly": add("高龄老人津贴发放办法", "年满80周岁的老年人按月领取高龄津贴，低保对象另行保障。"),
        "faq": add(
            "残疾人两项补贴怎么申请？",
            "困难残疾人生活补贴和重度残疾人护理补贴，到社区提出申请。",
            kind=PolicyKind.FAQ,
            title_ug="مېيىپلەر ئىككى تۈرلۈك ياردەم پۇلىنى قانداق ئىلتىماس قىلىدۇ؟",
            body_ug="مېيىپلەرنىڭ تۇرمۇش ياردەم پۇلى ۋە ئېغىر مېيىپلەرنىڭ كۈتۈنۈش ياردەم پۇلى.",
        ),
    }


def ids_for(query):
    return [hit.policy.pk for hit in policy_search(query=query)]


def test_two_character_queries_find_their_documents(library):
    assert set(ids_for("低保")) == {library["dibao"].pk, library["elderly"].pk}
    assert ids_for("医保") == [library["yibao"].pk]


def test_full_pinyin_and_initials_find_the_same_documents_as_the_characters(library):
    assert set(ids_for("dibao")) == set(ids_for("低保"))
    assert library["dibao"].pk in ids_for("db")
    assert ids_for("yibao") == [library["yibao"].pk]


def test_a_query_mixing_chinese_and_digits_needs_both(library):
    assert ids_for("2024 医保") == [library["yibao"].pk]
    assert ids_for("2024年医保") == [library["yibao"].pk]
    assert ids_for("2023 医保") == []


def test_a_match_in_the_title_ranks_above_a_match_in_the_text(library):
    # 低保 is in the title of the 低保 guide and only in the text of the 高龄津贴 rules.
    assert ids_for("低保") == [library["dibao"].pk, library["elderly"].pk]


def test_a_uyghur_query_finds_the_uyghur_text_and_its_inflected_words(library):
    assert ids_for("ياردەم") == [library["faq"].pk]
    # پۇلى is پۇل with a suffix: the stem finds it.
    assert ids_for("پۇل") == [library["faq"].pk]


def test_longer_chinese_queries_match_words_across_the_text(library):
    assert ids_for("最低生活保障") == [library["dibao"].pk]
    assert ids_for("残疾人护理补贴") == [library["faq"].pk]


def test_the_snippet_marks_the_matches_and_escapes_everything_else(library):
    hit = policy_search(query="低保")[0]
    assert "<mark>低保</mark>" in hit.snippet
    assert highlight("<b>低保</b>标准", "低保") == "&lt;b&gt;<mark>低保</mark>&lt;/b&gt;标准"
    assert "<mark>低保</mark>" in policy_search(query="dibao")[0].snippet


def test_an_updated_policy_is_found_by_its_new_text_only(library, users):
    policy_update(policy=library["yibao"], acting_user=users["county_admin"], body="大病保险起付线调整。")
    assert ids_for("380") == []
    assert ids_for("大病") == [library["yibao"].pk]


def test_an_unpublished_policy_is_not_found(library, users):
    policy_update(policy=library["yibao"], acting_user=users["county_admin"], published=False)
    assert ids_for("医保") == []


def test_queries_without_words_find_nothing(library):
    assert ids_for("") == []
    assert ids_for("  ，。!") == []
    # The engines' own syntax in a query is taken as text, never as an operator or an error.
    assert ids_for('"低保" *') == ids_for("低保")
    assert ids_for("低保 NEAR(x) :*") == []


def test_the_index_holds_words_pairs_and_pinyin():
    tokens = index_tokens("低保户 ABC").split()
    assert {"低保", "低保户", "保户", "dibao", "db", "dibaohu", "dbh", "abc"} <= set(tokens)


def test_only_the_newest_matches_are_ranked_so_a_common_word_stays_fast(library, settings):
    # 低保 is in the title of the (older) 低保 guide and in the text of the (newer) 高龄津贴 rules: with
    # one candidate, only the newest match is looked at.
    settings.POLICY_SEARCH_CANDIDATES = 1
    assert ids_for("低保") == [library["elderly"].pk]
    settings.POLICY_SEARCH_CANDIDATES = 2
    assert ids_for("低保") == [library["dibao"].pk, library["elderly"].pk]
