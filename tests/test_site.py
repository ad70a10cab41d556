"""The public site's pages, requested one by one through the Flask test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_ric
from xinyong.credit import catalog, public, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import RecordStatus, SubjectKind
from xinyong.site import links, opendata, pages

AS_OF = dt.date(2026, 6, 1)
DECIDED = dt.date(2026, 3, 2)


@pytest.fixture
def site(app):
    app.config.update(
        PUBLISH_AS_OF=AS_OF.isoformat(),
        BASE_URL="https://xy.zhoucun.gov.cn/xinyong/",
        FORMS_URL="https://forms.example/",
    )
    return app


@pytest.fixture
def world(site, session, factory, provider, protector):
    """A company with a licence, a penalty under objection, a withdrawn penalty; a person on 黑名单."""
    item = catalog.current(session)
    company = factory.company("淄博周村丝绸有限公司")
    licence = factory.record(
        company, "XZXK", provider_id=provider.id, title="食品经营许可", content="=HYPERLINK(1)"
    )
    penalty = factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        title="周村区市场监督管理局行政处罚决定书",
        content="罚款人民币五千元",
        objection_label="异议处理中",
        **assess(item["XZCF"], DECIDED, given="general"),
    )
    withdrawn = factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        status=RecordStatus.INVALID,
        status_reason="经行政复议予以撤销",
        status_on=dt.date(2026, 4, 1),
        **assess(item["XZCF"], DECIDED, given="general"),
    )
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    person = subjects.find_or_create_many(session, [(who, "王五", None)], "test")[who.match]
    black = factory.record(
        person,
        "SXBZXR",
        provider_id=provider.id,
        **assess(item["SXBZXR"], DECIDED, given="serious"),
    )
    hidden = factory.person("赵六")
    factory.record(hidden, "XZCF", provider_id=provider.id, **assess(item["XZCF"], DECIDED))
    session.commit()
    return {
        "company": company,
        "licence": licence,
        "penalty": penalty,
        "withdrawn": withdrawn,
        "person": person,
        "number": number,
        "black": black,
        "hidden": hidden,
    }


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_home_page_has_search_counts_and_entrances(client, world):
    page = text_of(client.get("/"))
    assert '<html lang="zh-CN">' in page
    assert 'action="https://forms.example/search"' in page
    assert "周村区发展和改革局" in page and "信用周村" in page
    for target in ("list/license/index.html", "list/penalty/index.html", "stats/index.html"):
        assert f'href="{target}"' in page, page
    assert "食品经营许可" in page  # the latest disclosures


def test_subject_page_shows_records_labels_and_links(client, world):
    company, penalty = world["company"], world["penalty"]
    page = text_of(client.get(f"/subject/{company.key}/"))
    ref = public.ref_of("XZCF", penalty.id)
    assert penalty.doc_no in page and "罚款人民币五千元" in page
    assert "异议处理中" in page
    assert f'href="https://forms.example/objection/new?record={ref}"' in page
    assert f'href="https://forms.example/repair/new?record={ref}"' in page
    assert "2026年6月2日起可申请" in page
    assert "经行政复议予以撤销" in page and world["withdrawn"].doc_no in page
    assert 'href="../../index.html"' in page
    assert f'href="../../subject/{company.key}/report/index.html"' in page


def test_report_has_the_standard_sections_and_the_date_it_is_current_to(client, world):
    page = text_of(client.get(f"/subject/{world['company'].key}/report/"))
    for heading in ("基本信息", "行政管理", "诚实守信", "严重失信主体名单", "经营异常", "其他信息"):
        assert heading in page
    assert "查询期内无相关信息" in page
    assert "报告内容截至 2026年6月1日" in page  # its records changed today, after AS_OF
    assert "@media print" in text_of(client.get("/static/site.css"))


def test_a_person_shows_only_through_a_list_public_for_persons_masked(client, world):
    assert client.get(f"/subject/{world['hidden'].key}/").status_code == 404
    page = text_of(client.get(f"/subject/{world['person'].key}/"))
    number = world["number"]
    assert number not in page and "19800101" not in page
    assert number[:6] + "********" + number[-4:] in page


def test_lists_by_month_and_department(client, world, provider):
    landing = text_of(client.get("/list/penalty/"))
    assert 'href="../../list/penalty/2026-03/index.html"' in landing and "3月" in landing
    assert f'href="../../list/penalty/dept/{provider.uscc}/index.html"' in landing
    month = text_of(client.get("/list/penalty/2026-03/"))
    assert world["penalty"].doc_no in month and world["withdrawn"].doc_no not in month
    assert text_of(client.get(f"/list/penalty/dept/{provider.uscc}/2026-03/")).count("<li>") >= 1
    assert client.get("/list/penalty/2026-03/1/").status_code == 404
    assert client.get("/list/penalty/2026-03/2/").status_code == 404
    assert client.get("/list/nothing/").status_code == 404
    black = text_of(client.get("/list/black/2026-03/"))
    assert "王五" in black and world["number"] not in black


def test_statistics_draw_svg_charts_with_the_numbers_beside(client, world):
    page = text_of(client.get("/stats/"))
    assert page.count("<svg") >= 3 and "<script" not in page
    assert re.search(r"<th scope=\"row\">行政处罚</th><td>1</td>", page)


def test_open_data_csv_has_a_bom_and_no_formulas(client, world):
    response = client.get("/data/license-2026.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text
    document = json.loads(client.get("/data/black-2026.json").get_data())
    (row,) = document["records"]
    assert row["id_masked"].startswith("370306") and world["number"] not in json.dumps(document)
    assert client.get("/data/license-1999.csv").status_code == 404
    assert "ref" in text_of(client.get("/data/")) and "license-2026.csv" in text_of(
        client.get("/data/")
    )


def test_sitemap_index_robots_and_feed(client, world):
    index = ET.fromstring(client.get("/sitemap.xml").get_data())
    files = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://xy.zhoucun.gov.cn/xinyong/sitemap-pages.xml" in files
    locs = []
    for loc in files:
        urls = ET.fromstring(
            client.get(loc.removeprefix("https://xy.zhoucun.gov.cn/xinyong")).get_data()
        )
        locs += [e.text for e in urls.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"https://xy.zhoucun.gov.cn/xinyong/subject/{world['company'].key}/" in locs
    assert not any(world["hidden"].key in loc for loc in locs)
    assert "Sitemap: https://xy.zhoucun.gov.cn/xinyong/sitemap.xml" in text_of(
        client.get("/robots.txt")
    )
    feed = ET.fromstring(client.get("/feed.xml").get_data())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("淄博周村丝绸有限公司" in title for title in titles)


def test_a_missing_page_is_a_404_with_links_on_the_base_url(client, world):
    response = client.get("/subject/nobody/")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "页面不存在" in page
    assert 'href="https://xy.zhoucun.gov.cn/xinyong/index.html"' in page


def test_guides_and_policy(client, world):
    assert "我要异议" in text_of(client.get("/guide/objection/"))
    assert "3个工作日" in text_of(client.get("/guide/deletion/"))
    assert "最短公示期" in text_of(client.get("/guide/repair/"))
    assert "公共信用信息管理原则" in text_of(client.get("/policy/"))
    assert client.get("/guide/unknown/").status_code == 404


def test_no_page_links_to_the_server_root(client, world):
    """Relative links only, so a release opens from the disk and under any sub-path."""
    for url in ("/", f"/subject/{world['company'].key}/", "/list/penalty/2026-03/", "/stats/"):
        page = text_of(client.get(url))
        assert not re.search(r'(href|src)="/', page), url


@given(st.text(max_size=30))
def test_no_csv_cell_can_start_a_formula(text):
    cell = opendata.neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == text or cell == text


@given(
    st.lists(
        st.fixed_dictionaries(
            {c.name: st.one_of(st.none(), st.text(max_size=12)) for c in opendata.COLUMNS}
        ),
        max_size=4,
    )
)
def test_every_cell_of_a_csv_line_is_neutralised_in_column_order(rows):
    lines = opendata.csv_lines(rows).decode("utf-8")
    read = list(csv.reader(io.StringIO(lines, newline="")))
    assert read == [[opendata.neutralise(row[c.name]) for c in opendata.COLUMNS] for row in rows]


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                c.name: st.one_of(
                    st.none(),
                    st.text(max_size=8),
                    st.sampled_from(['}, {"ref": "x', '"}, {"ref": ', "}, {", "\\", "中文"]),
                )
                for c in opendata.COLUMNS
            }
        ),
        max_size=5,
    )
)
def test_json_record_lines_are_each_row_encoded_alone_one_a_line(rows):
    lines = opendata.json_records(rows)
    assert lines == ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows).encode()
    if rows:
        assert json.loads(b"[" + lines + b"]") == rows


def test_open_data_json_is_one_document_with_every_column(client, world):
    document = json.loads(client.get("/data/penalty-2026.json").get_data())
    assert [field["name"] for field in document["fields"]] == [c.name for c in opendata.COLUMNS]
    (row,) = document["records"]
    assert row["ref"] == public.ref_of("XZCF", world["penalty"].id)
    assert row["objection"] == "异议处理中" and row["severity"] == "一般"


def test_a_record_card_is_the_same_on_the_subject_page_and_the_report(client, world, session):
    company = world["company"]
    ref = public.ref_of("XZCF", world["penalty"].id)
    page = text_of(client.get(f"/subject/{company.key}/"))
    report = text_of(client.get(f"/subject/{company.key}/report/"))
    card = re.compile(rf'<article class="card[^"]*" id="r-{ref}">.*?</article>', re.S)
    on_page, in_report = card.search(page).group(0), card.search(report).group(0)
    assert (
        on_page.split('<p class="actions">')[0].rstrip()
        == in_report.removesuffix("</article>").rstrip()
    )
    assert "我要异议" in on_page and "我要异议" not in in_report


def test_a_card_shows_its_record_as_read_now_never_an_earlier_rendering(site, world, session):
    file = public.file(session, world["company"].key, AS_OF)
    with site.test_request_context():
        first = pages.render(site, pages.subject_pages(file)[0]).decode()
        changed = tuple(
            r._replace(objection="存在异议") if r.objection else r for r in file.records
        )
        again = pages.render(site, pages.subject_pages(replace(file, records=changed))[0])
    assert "异议处理中" in first and "存在异议" not in first
    assert "存在异议" in again.decode() and "异议处理中" not in again.decode()


def test_the_subject_facts_are_made_once_for_the_page_and_report_yet_never_stale(
    site, world, session
):
    file = public.file(session, world["company"].key, AS_OF)
    facts = re.compile(r'<dl class="facts">.*?</dl>', re.S)
    with site.test_request_context():
        page, report = (pages.render(site, p).decode() for p in pages.subject_pages(file))
        renamed = replace(file, subject=replace(file.subject, name="淄博周村新名称有限公司"))
        again = pages.render(site, pages.subject_pages(renamed)[1]).decode()
    assert facts.search(page).group(0) == facts.search(report).group(0)
    assert "淄博周村丝绸有限公司" in facts.search(page).group(0)
    assert "淄博周村新名称有限公司" in facts.search(again).group(0)
    assert "淄博周村丝绸有限公司" not in again


@given(st.text(), st.sampled_from(["record", "q", "ref"]))
def test_a_forms_link_encodes_its_parameters_as_urlencode_does(value, name):
    made = links.forms("https://forms.example/", "objection", **{name: value})
    query = urlencode({name: value}) if value else ""
    assert made == "https://forms.example/objection/new" + (f"?{query}" if query else "")
