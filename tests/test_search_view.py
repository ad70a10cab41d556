"""`/search` in the forms app: the current release's index, in the site's own pages."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_publisher
from tests.test_publisher import run

data = test_publisher.data  # the publisher tests' small district, a fixture


def publish_dir(app) -> Path:
    return Path(app.config["PUBLISH_DIR"])


def text(response) -> str:
    return response.get_data(as_text=True)


def result_keys(response) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="[^"]*subject/([^/"]+)/', text(response))


def test_before_any_release_search_says_so_in_chinese(client):
    response = client.get("/search?q=丝绸")
    assert response.status_code == 503
    assert "查询服务暂不可用" in text(response)
    assert "Traceback" not in text(response)


def test_a_release_without_an_index_is_a_clear_503_too(app, client, data):
    run(app, publish_dir(app))
    shutil.rmtree(publish_dir(app) / "current" / "index")
    response = client.get("/search?q=丝绸")
    assert response.status_code == 503 and "查询服务暂不可用" in text(response)


def test_a_name_fragment_finds_the_subjects_highlighted_with_counts(app, client, data):
    run(app, publish_dir(app))
    response = client.get("/search?q=丝绸")
    assert response.status_code == 200
    page = text(response)
    assert '<link rel="stylesheet" href="/static/site.css' in page or "site.css" in page
    assert {data[f"c{n}"].key for n in range(6)} <= set(result_keys(response))
    assert "<mark>丝绸</mark>" in page
    assert "找到 6 个信用主体" in page
    assert "主体类别" in page and "法人和非法人组织" in page
    assert "信息类别" in page and "行政许可" in page


def test_a_credit_code_finds_its_subject_first_in_any_case(app, client, data):
    run(app, publish_dir(app))
    company = data["c3"]
    code = company.uscc.lower()
    response = client.get(f"/search?q= {code} ")
    assert result_keys(response)[0] == company.key


def test_a_filter_narrows_and_shows_its_siblings(app, client, data):
    run(app, publish_dir(app))
    everything = result_keys(client.get("/search?q=周村"))
    penalties = client.get("/search?q=周村&group=penalty")
    assert set(result_keys(penalties)) == {data["c0"].key, data["c1"].key}
    assert len(everything) > 2
    assert "全部" in text(penalties)  # the way back to every category


def test_a_word_nothing_has_gives_a_clear_empty_page_with_suggestions(app, client, data):
    run(app, publish_dir(app))
    response = client.get("/search?q=丝绸 不存在的词语")
    page = text(response)
    assert response.status_code == 200
    assert "没有找到" in page and "可以试试" in page and "丝绸" in page


def test_a_new_release_is_searched_without_a_restart(app, client, data, session):
    out = publish_dir(app)
    run(app, out)
    assert not result_keys(client.get("/search?q=超标排放"))
    data["penalty"].content = "罚款人民币五千元，没收超标排放设备"
    session.commit()
    run(app, out)
    assert result_keys(client.get("/search?q=超标排放")) == [data["c0"].key]


def test_an_id_number_finds_the_person_by_its_hash_and_the_page_never_shows_it(app, client, data):
    run(app, publish_dir(app))
    number = data["number"]
    response = client.get(f"/search?q={number}")
    assert response.status_code == 200
    page = text(response)
    assert "王五" in page
    # the number is only in what the user typed back to them, never in a result
    results = page.split('class="results"', 1)[-1]
    assert number not in results


def test_a_person_the_site_does_not_show_is_not_found(app, client, data):
    run(app, publish_dir(app))
    response = client.get("/search?q=赵六")
    assert not result_keys(response) and "没有找到" in text(response)


def test_the_home_page_search_box_submits_to_the_forms_search(app, data):
    run(app, publish_dir(app))
    home = (publish_dir(app) / "current" / "site" / "index.html").read_text(encoding="utf-8")
    assert f'action="{app.config["FORMS_URL"].rstrip("/")}/search"' in home


printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(
    ['"周村', "(丝绸", "丝绸 AND 罚款", "NOT 周村", "*", "?", "周村" * 200, "\x00\x07", "ｚｃｓｃ"]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    q=printable,
    kind=st.text(max_size=20) | st.sampled_from(["org", "person", "individual"]),
    group=st.text(max_size=20) | st.sampled_from(["penalty", "license"]),
    dept=st.text(max_size=40),
    start=st.text(max_size=20) | st.sampled_from(["2026-01-01", "2026-13-40", "9999-12-31"]),
    end=st.text(max_size=20) | st.sampled_from(["2026-12-31", "0001-01-01"]),
    page=st.text(max_size=12) | st.integers(-(10**20), 10**20).map(str),
)
def test_no_input_makes_search_fail(published, q, kind, group, dept, start, end, page):
    client = published
    response = client.get(
        "/search",
        query_string={
            "q": q,
            "kind": kind,
            "group": group,
            "dept": dept,
            "from": start,
            "to": end,
            "page": page,
        },
    )
    assert response.status_code == 200, text(response)[:500]
    assert "<h1>" in text(response)


def test_a_long_query_is_cut_and_said_so(published):
    response = published.get("/search", query_string={"q": "丝绸 " * 300})
    assert response.status_code == 200 and "查询词过长" in text(response)


@pytest.fixture
def published(app, client, data):
    run(app, publish_dir(app))
    assert os.path.isdir(publish_dir(app) / "current" / "index")
    return client


def test_a_group_filter_shows_a_snippet_of_that_group(published):
    response = published.get("/search?q=周村&group=penalty")
    snippets = re.findall(r'<span class="snippet-label">([^<]*)：', text(response))
    assert snippets and all(label == "行政处罚" for label in snippets), snippets


def test_a_release_of_an_empty_district_answers_with_an_empty_page(app, client):
    result = run(app, publish_dir(app))
    assert result.index.documents == 0
    response = client.get("/search?q=周村")
    assert response.status_code == 200 and "没有找到" in text(response)
