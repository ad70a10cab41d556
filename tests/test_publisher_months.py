"""A republish makes again only the pages of a list's month whose days changed, the same bytes as a full build."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MARKET, make_uscc
from tests.test_publisher import AS_OF, run, tree
from xinyong.credit import catalog, providers
from xinyong.credit.disclosure import assess
from xinyong.credit.models import Record, RecordStatus
from xinyong.site import LINES, links, pages

#: 300 licences in March 2026 (6 full pages), from two departments, a dozen a day
MONTH = "list/license/2026-03"
TAX = ("国家税务总局淄博市周村区税务局", make_uscc("11370306MB2850001"))


def add(session, subject, item: str, day: dt.date, provider_id: int, **fields) -> Record:
    record = Record(
        subject=subject,
        kind="penalty" if item == "XZCF" else "license",
        item_code=item,
        doc_no=f"周市监许〔2026〕{uuid.uuid4().hex[:12]}号",
        authority=MARKET[0],
        authority_uscc=MARKET[1],
        decided_on=day,
        received_on=day,
        fingerprint=uuid.uuid4().hex,
        provider_id=provider_id,
        title=f"许可{day.day}",
        **fields,
    )
    session.add(record)
    return record


@pytest.fixture
def month(app, session, factory, provider):
    """A busy March: 300 licences over 25 days from two departments, and 120 penalties."""
    tax = providers.add(session, *TAX, actor="test")
    companies = [factory.company(f"淄博周村第{n}丝绸有限公司") for n in range(12)]
    items = catalog.current(session)
    made = {"licences": [], "penalties": [], "companies": companies, "tax": tax}
    for n in range(300):
        day = dt.date(2026, 3, 1 + n % 25)
        who = provider.id if n % 3 else tax.id
        made["licences"].append(add(session, companies[n % 12], "XZXK", day, who))
    for n in range(120):
        day = dt.date(2026, 3, 1 + n % 20)
        window = assess(items["XZCF"], day, given="general")
        made["penalties"].append(
            add(session, companies[n % 12], "XZCF", day, provider.id, content="罚款", **window)
        )
    session.commit()
    return made


def month_files(out: Path, unit: str) -> dict[str, int]:
    """The inodes of a month's page files in the current release (links followed)."""
    folder = out / "current" / "site" / unit
    return {
        str(path.relative_to(folder)): os.stat(path).st_ino for path in folder.rglob("index.html")
    }


def same_as_full(app, out: Path, full: Path, as_of: dt.date = AS_OF) -> None:
    run(app, full, as_of=as_of, full=True)
    assert tree(out / "current" / "site") == tree(full / "current" / "site")


def test_a_label_on_an_old_page_makes_that_page_again_and_shares_the_others(
    app, month, session, tmp_path
):
    out = tmp_path / "out"
    run(app, out)
    before = month_files(out, MONTH)
    assert len(before) == 6
    # the 10th of March's entries are on page 3 (9 days of 12 before them)
    labelled = next(r for r in month["licences"] if r.decided_on.day == 10)
    labelled.objection_label = "异议处理中"
    session.commit()
    result = run(app, out)
    assert result.switched
    after = month_files(out, MONTH)
    remade = {path for path in after if after[path] != before[path]}
    assert remade == {"3/index.html"}
    assert "异议处理中" in (out / "current" / "site" / MONTH / "3" / "index.html").read_text()
    same_as_full(app, out, tmp_path / "full")


def test_a_new_entry_in_the_middle_shifts_the_pages_after_it(app, month, session, tmp_path):
    out = tmp_path / "out"
    run(app, out)
    for n in range(5):  # 295 entries: one more keeps the month's 6 pages
        month["licences"][n].status = RecordStatus.DELETED
    session.commit()
    run(app, out)
    before = month_files(out, MONTH)
    add(session, month["companies"][0], "XZXK", dt.date(2026, 3, 20), month["tax"].id)
    session.commit()
    run(app, out)
    after = month_files(out, MONTH)
    remade = {path for path in after if after[path] != before[path]}
    # the 20th starts on page 5 (19 days of 12, less the 5 deleted of the 1st to 5th)
    assert remade == {"5/index.html", "6/index.html"}
    same_as_full(app, out, tmp_path / "full")


def test_a_new_entry_at_the_end_that_adds_a_page_remakes_the_first_and_last_pages(
    app, month, session, tmp_path
):
    out = tmp_path / "out"
    run(app, out)
    before = month_files(out, MONTH)
    add(session, month["companies"][1], "XZXK", dt.date(2026, 3, 25), month["tax"].id)
    session.commit()
    run(app, out)
    after = month_files(out, MONTH)
    assert set(after) - set(before) == {"7/index.html"}
    remade = {path for path in before if after[path] != before[path]}
    # the first page links every page; the old last one now links the new one
    assert remade == {"index.html", "6/index.html"}
    first = (out / "current" / "site" / MONTH / "index.html").read_text()
    assert "共 7 页" in first and "第7页" in first
    assert "第7页" in (out / "current" / "site" / MONTH / "6" / "index.html").read_text()
    assert "第7页" not in (out / "current" / "site" / MONTH / "3" / "index.html").read_text()
    same_as_full(app, out, tmp_path / "full")


def test_a_new_entry_early_in_the_month_that_adds_a_page(app, month, session, tmp_path):
    out = tmp_path / "out"
    run(app, out)
    add(session, month["companies"][1], "XZXK", dt.date(2026, 3, 2), month["tax"].id)
    session.commit()
    result = run(app, out)
    assert len(month_files(out, MONTH)) == 7
    sitemaps = {path for path in result.added + result.changed if path.startswith("sitemap")}
    assert sitemaps == {"sitemap-license-2026.xml"}  # the other groups' files stay as they were
    assert "共 7 页" in (out / "current" / "site" / MONTH / "index.html").read_text()
    same_as_full(app, out, tmp_path / "full")


def test_a_deleted_record_and_a_withdrawn_one_leave_the_month(app, month, session, tmp_path):
    out = tmp_path / "out"
    run(app, out)
    session.delete(month["licences"][100])
    month["licences"][200].status = RecordStatus.INVALID
    session.commit()
    run(app, out)
    gone = month["licences"][200].doc_no
    assert gone not in (out / "current" / "site" / "data" / "license-2026.csv").read_text(
        "utf-8-sig"
    )
    same_as_full(app, out, tmp_path / "full")


def test_a_penalty_leaving_by_its_window_end(app, month, session, tmp_path):
    out = tmp_path / "out"
    leaving = month["penalties"][30]
    end = AS_OF + dt.timedelta(days=5)
    leaving.disclosure_end = end
    session.commit()
    run(app, out, as_of=end)
    shown = out / "current" / "site" / "list/penalty/2026-03/2/index.html"  # the 11th: page 2
    assert leaving.doc_no in shown.read_text()
    after = end + dt.timedelta(days=1)
    run(app, out, as_of=after)
    same_as_full(app, out, tmp_path / "full", as_of=after)


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(["label", "add", "delete", "rename"]),
            st.integers(min_value=0, max_value=299),
            st.integers(min_value=1, max_value=31),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_few_changes_give_the_bytes_of_a_full_build(
    app, month, session, tmp_path_factory, changes
):
    out = tmp_path_factory.mktemp("out")
    run(app, out)
    licences = [r for r in month["licences"] if r.status == RecordStatus.ACTIVE]
    for kind, n, day in changes:
        record = licences[n % len(licences)]
        if kind == "label":
            record.objection_label = "异议处理中" if not record.objection_label else None
        elif kind == "add":
            who = month["tax"].id if day % 2 else record.provider_id
            month["licences"].append(
                add(session, record.subject, "XZXK", dt.date(2026, 3, day), who)
            )
        elif kind == "delete":
            record.status = RecordStatus.DELETED
        else:
            record.subject.name = f"{record.subject.name}新"
    session.commit()
    run(app, out)
    same_as_full(app, out, tmp_path_factory.mktemp("full"))


paths = st.one_of(
    st.builds(links.subject, st.text("0123456789ABCDEF", min_size=4, max_size=8)),
    st.builds(links.report, st.text("0123456789ABCDEF", min_size=4, max_size=8)),
    st.builds(
        links.month,
        st.sampled_from(["license", "penalty", "red"]),
        st.sampled_from([None, "11370306MB28500011"]),
        st.sampled_from(["2019-01", "2025-12", "2026-03"]),
        st.integers(min_value=1, max_value=9),
    ),
    st.sampled_from([links.HOME, links.STATS, links.listing("license")]),
)


@settings(max_examples=60)
@given(st.sets(paths, max_size=60), paths, st.integers(min_value=2, max_value=7))
def test_a_new_page_changes_its_own_sitemap_file_alone(before, new, size):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "SITEMAP_SIZE", size)
        changed_sitemaps(before, new, size)


def changed_sitemaps(before: set[str], new: str, size: int) -> None:
    old = {page.path: page.context.get("paths") for page in pages.sitemap_pages(sorted(before))}
    now = {
        page.path: page.context.get("paths") for page in pages.sitemap_pages(sorted(before | {new}))
    }
    files = {name: found for name, found in now.items() if name != links.SITEMAP}
    listed = [path for found in files.values() for path in found]
    assert sorted(listed) == sorted(before | {new}) and max(map(len, files.values())) <= size
    group = pages.sitemap_group(new)
    changed = {name for name in now.keys() | old.keys() if now.get(name) != old.get(name)}
    assert all(name.startswith((f"sitemap-{group}", links.SITEMAP)) for name in changed)


def test_a_new_subject_joins_its_sitemap_file_and_a_label_leaves_the_sitemap_alone(
    app, month, factory, session, tmp_path
):
    out = tmp_path / "out"
    run(app, out)
    month["licences"][7].objection_label = "异议处理中"
    session.commit()
    labelled = run(app, out)
    assert labelled.switched and not any(p.startswith("sitemap") for p in labelled.changed)
    newcomer = factory.company("淄博周村新来丝绸有限公司")
    items = catalog.current(session)
    window = assess(items["XZCF"], dt.date(2026, 3, 9), given="general")
    market = month["penalties"][0].provider_id
    add(session, newcomer, "XZCF", dt.date(2026, 3, 9), market, **window)
    session.commit()
    result = run(app, out)  # 121 penalties: still 3 pages in March
    group = pages.sitemap_group(links.subject(newcomer.key))
    written = {p for p in result.added + result.changed if p.startswith("sitemap")}
    assert f"sitemap-{group}.xml" in written <= {f"sitemap-{group}.xml", "sitemap.xml"}
    assert newcomer.key in (out / "current" / "site" / f"sitemap-{group}.xml").read_text()
    same_as_full(app, out, tmp_path / "full")


def test_a_months_lines_serve_its_departments_and_are_forgotten_after_the_lists(
    app, month, tmp_path
):
    out = tmp_path / "out"
    run(app, out)
    site = out / "current" / "site"
    whole = (site / MONTH / "index.html").read_text()
    dept = (site / links.month("license", TAX[1], "2026-03") / "index.html").read_text()
    # a department's line is its month's line, but for the link up to the subject
    line = dept.split("</strong></a>", 2)[1].split("\n</li>")[0]
    assert line.count("许可") and line in whole
    lines = app.extensions[LINES]
    assert lines.month is None and lines.made == {}  # none kept while subjects render
    kept = lines.of(("license", "2026-03"))
    kept["ref"] = ("entry", "line")
    assert lines.of(("license", "2026-03")) is kept
    assert lines.of(("license", "2026-04")) == {}


#: three months of licences over a year's end, each of three pages (two and one for a department)
SPREAD = (dt.date(2025, 12, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1))


@pytest.fixture
def months(app, session, factory, provider):
    tax = providers.add(session, *TAX, actor="test")
    companies = [factory.company(f"淄博周村第{n}纺织有限公司") for n in range(6)]
    licences = []
    for first in SPREAD:
        for n in range(120):
            day = first + dt.timedelta(days=n % 24)
            who = provider.id if n % 3 else tax.id
            licences.append(add(session, companies[n % 6], "XZXK", day, who))
    session.commit()
    return {"licences": licences, "tax": tax}


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(
            st.sampled_from(["label", "add", "delete"]),
            st.integers(min_value=0, max_value=359),
            st.integers(min_value=0, max_value=27),
        ),
        min_size=2,
        max_size=6,
    )
)
def test_changes_in_several_months_give_the_bytes_of_a_full_build(
    app, months, session, tmp_path_factory, changes
):
    """Changed days in months on both sides of a year's end, for a department and all."""
    out = tmp_path_factory.mktemp("out")
    run(app, out)
    for kind, n, day in changes:
        record = months["licences"][n]
        if kind == "label":
            record.objection_label = "异议处理中" if not record.objection_label else None
        elif kind == "add":
            on = SPREAD[n % 3] + dt.timedelta(days=day)
            who = months["tax"].id if day % 2 else record.provider_id
            add(session, record.subject, "XZXK", on, who)
        else:
            record.status = RecordStatus.DELETED
    session.commit()
    run(app, out)
    same_as_full(app, out, tmp_path_factory.mktemp("full"))
