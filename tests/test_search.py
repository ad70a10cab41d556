"""Search: what a citizen types finds what the site shows, and nothing else."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from tests.conftest import make_ric
from xinyong.credit import catalog, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import RecordStatus, SubjectKind
from xinyong.search import engine, index, spool
from xinyong.search.documents import Document, Passage, documents
from xinyong.search.engine import MAX_WORDS, Filters, Searcher

DECIDED = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 6, 1)
ENV = "环境"
EMISSION = "对当事人超标排放大气污染物的行为罚款十万元"


@pytest.fixture
def penalty(factory, provider):
    def make(subject, severity: str | None = "general", **columns):
        item = catalog.current(factory.session)["XZCF"]
        decided = columns.pop("decided_on", DECIDED)
        return factory.record(
            subject,
            "XZCF",
            provider_id=provider.id,
            decided_on=decided,
            **{**assess(item, decided, given=severity), **columns},
        )

    return make


def person_numbered(session, protector, number: str, name: str):
    """A person whose ID number the test knows (the factory keeps its numbers to itself)."""
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    if hasattr(subjects, "find_or_create_many"):  # the batch API, as on main since intake merged
        return subjects.find_or_create_many(session, [(who, name, None)], "test")[who.match]
    return subjects.find_or_create(session, who, name, actor="test")[0]


@pytest.fixture
def town(session, factory, penalty, protector):
    """A few Zhoucun subjects: silk, textiles, a polluter, a withdrawn and an expired penalty."""
    silk = factory.company("淄博周村锦华丝绸有限公司")
    factory.record(silk, "XZXK", title="食品经营许可", content="预包装食品销售")
    textile = factory.company("淄博周村宏达纺织有限公司")
    factory.record(textile, "XZXK", title="排污许可", content="纺织品印染")
    polluter = factory.company("淄博博山印染有限公司")
    penalty(
        polluter, title="行政处罚决定书", content=EMISSION, authority="淄博市生态环境局周村分局"
    )
    withdrawn = factory.company("淄博周村撤销测试有限公司")
    penalty(
        withdrawn,
        content="违法生产假冒伪劣调味品",
        status=RecordStatus.INVALID,
        status_reason="经行政复议撤销",
        status_on=dt.date(2026, 4, 1),
    )
    expiring = factory.company("淄博周村到期测试有限公司")
    penalty(expiring, content="擅自改变燃气锅炉用途", decided_on=dt.date(2025, 4, 1))
    number = make_ric("19800101", serial="551")
    person = person_numbered(session, protector, number, "王五")
    item = catalog.current(session)["SXBZXR"]
    factory.record(
        person,
        "SXBZXR",
        content=f"被执行人王五（身份证号{number}）未履行",
        **assess(item, DECIDED, given="serious"),
    )
    hidden = factory.person("赵六", birth="19850101")
    penalty(hidden, content="赵六隐私处罚内容")
    session.commit()
    return {
        "silk": silk,
        "textile": textile,
        "polluter": polluter,
        "withdrawn": withdrawn,
        "expiring": expiring,
        "person": person,
        "number": number,
    }


def build(session, path: Path, as_of: dt.date = TODAY) -> Path:
    index.build(path, documents(session, as_of))
    return path


@pytest.fixture
def searcher(session, town, tmp_path, protector) -> Searcher:
    return Searcher(build(session, tmp_path / "index"), protector.hash)


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def test_any_two_characters_of_a_name_find_the_subject(searcher, town):
    for fragment in ("锦华", "华丝", "锦华丝绸", "周村锦华丝绸有限"):
        assert town["silk"].key in keys(searcher.search(fragment)), fragment


def test_a_fragment_must_stand_together_in_the_name(searcher, town):
    assert keys(searcher.search("丝绸锦华")) == []


def test_pinyin_initials_find_zhoucun_textile_subjects(searcher, town):
    assert keys(searcher.search("zcfz")) == [town["textile"].key]
    assert keys(searcher.search("ZCFZ")) == [town["textile"].key]


def test_a_credit_code_finds_its_subject_exactly_in_any_writing(searcher, town):
    code = town["silk"].uscc
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    for written in (code, code.lower(), f" {code[:6]} {code[6:]} ", full_width):
        results = searcher.search(written)
        assert keys(results) == [town["silk"].key], written
        assert results.hits[0].tier == "code"


def test_a_penalty_word_finds_the_subject_with_a_snippet(searcher, town):
    results = searcher.search("超标排放")
    assert keys(results) == [town["polluter"].key]
    hit = results.hits[0]
    assert hit.tier == "text" and hit.snippet_label == "行政处罚"
    assert [piece.text for piece in hit.snippet if piece.hit] == ["超标排放"]


def test_a_name_match_ranks_above_a_match_in_a_records_text(searcher, town):
    # 纺织 is in the textile company's name and in the polluter's… no: in the silk licence's text
    results = searcher.search("印染")
    assert keys(results)[0] == town["polluter"].key  # 淄博博山印染 by name
    assert [hit.tier for hit in results.hits] == ["name", "text"]
    assert keys(results)[1] == town["textile"].key  # 纺织品印染 in its licence


def test_withdrawn_expired_and_non_public_records_are_not_findable(searcher, town):
    assert searcher.search("假冒伪劣").empty  # withdrawn (行政处罚法 art. 48)
    assert searcher.search("燃气锅炉").empty  # its window ended before TODAY
    assert searcher.search("隐私处罚").empty  # a person's penalty is not public
    assert searcher.search("赵六").empty


def test_a_persons_id_number_finds_the_person_only_through_the_keyed_hash(searcher, town):
    number = town["number"]
    assert keys(searcher.search(number)) == [town["person"].key]
    assert searcher.search(make_ric("19800101", serial="552")).empty  # someone else
    for path in searcher.path.rglob("*"):
        data = path.read_bytes()
        assert number.encode() not in data and b"19800101" not in data, path


def test_words_every_subject_has_filter_and_count(searcher, town):
    results = searcher.search("周村")
    assert results.total == 6  # four 周村 names, two 周村 authorities in public records
    assert results.counts["groups"]["penalty"] == 1
    assert results.counts["kind"] == {"org": 5, "person": 1}
    one = searcher.search(town["polluter"].uscc).counts
    assert one == {
        "kind": {"org": 1},
        "groups": {"penalty": 1},
        "depts": {"淄博市生态环境局周村分局": 1},
    }
    narrowed = searcher.search("周村", Filters(group="penalty"))
    assert keys(narrowed) == [town["polluter"].key]
    assert narrowed.counts["groups"]["license"] == 2  # the other groups stay countable
    assert searcher.search("周村", Filters(dept="淄博市生态环境局周村分局")).total == 1


def test_dates_filter_on_the_records_dates(searcher, town):
    assert searcher.search("锦华", Filters(date_from=dt.date(2026, 3, 2))).total == 1
    assert searcher.search("锦华", Filters(date_from=dt.date(2026, 3, 3))).empty
    assert searcher.search("锦华", Filters(date_to=dt.date(2026, 3, 1))).empty


def test_nothing_found_says_which_words_alone_find_something(searcher):
    results = searcher.search("锦华 不存在的词")
    assert results.empty
    assert ("锦华", 1) in results.suggestions


FIXED_QUERIES = ["周村", "锦华", "zcfz", "印染", "超标排放", "燃气锅炉", "有限公司", "丝绸 食品"]


def answers(searcher: Searcher) -> dict[str, list[tuple[str, str]]]:
    return {
        q: [(hit.key, hit.tier) for hit in searcher.search(q).hits]
        + [("total", str(searcher.search(q).total))]
        for q in FIXED_QUERIES
    }


def test_an_incremental_update_answers_like_a_full_build(
    session, town, factory, penalty, tmp_path, protector
):
    old = build(session, tmp_path / "old")
    # a new penalty, a new subject; and a later day, when a record's window has ended
    penalty(town["silk"], content="超标排放废水", decided_on=dt.date(2026, 5, 20))
    factory.company("淄博周村新开纺织有限公司")
    session.commit()
    later = dt.date(2026, 12, 1)
    before = {doc.key: doc.fingerprint for doc in documents(session, TODAY)}
    now = {doc.key: doc for doc in documents(session, later)}
    stored = index.fingerprints(old)
    changed = [doc for key, doc in now.items() if stored.get(key) != doc.fingerprint]
    removed = [key for key in stored if key not in now]
    assert before and changed
    index.update(old, changed, removed)
    full = build(session, tmp_path / "full", later)
    assert answers(Searcher(old)) == answers(Searcher(full))
    assert index.fingerprints(old) == index.fingerprints(full)


def test_the_searcher_follows_the_current_link_without_failing_a_request(
    session, town, factory, tmp_path
):
    releases = tmp_path / "releases"
    build(session, releases / "one" / "index")
    current = tmp_path / "current"
    current.symlink_to(releases / "one")
    first = engine.for_release(current)
    assert first.search("纺织").total == 1
    factory.company("淄博周村另一纺织有限公司")
    session.commit()
    build(session, releases / "two" / "index")
    switched = tmp_path / "current.new"
    switched.symlink_to(releases / "two")
    os.replace(switched, current)
    assert engine.for_release(current).search("纺织").total == 2
    assert engine.for_release(current) is Searcher.for_release(current)
    assert first.search("纺织").total == 1  # a request that held the old one still answers


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "'",
                    "(",
                    ")",
                    "AND",
                    "OR",
                    "NOT",
                    "*",
                    "?",
                    "周村",
                    "ｚｃ",
                    "锦华",
                    "\x00",
                    "\u3000",
                    "：",
                    "\\",
                    "-",
                    "+",
                    "~",
                    "^",
                    "[",
                    "]",
                    "{",
                    "}",
                    "罚款",
                ]
            ),
            max_size=40,
        ).map(" ".join),
    )
)
def test_no_input_makes_a_query_fail(searcher, typed):
    assert searcher.search(typed, page=typed[:5]).page >= 1  # a page number as typed, too
    results = searcher.search(typed)
    assert len(results.words) <= MAX_WORDS
    assert results.total >= len(results.hits)
    assert results.empty or results.hits


def test_counts_of_a_few_matches_agree_with_counts_over_the_sets(searcher, monkeypatch):
    few = {q: searcher.search(q).counts for q in ("周村", "锦华", "有限公司", "印染")}
    monkeypatch.setattr(engine, "FEW", 0)
    whole = Searcher(searcher.path)
    assert {q: whole.search(q).counts for q in few} == few


def test_a_build_replaces_an_index_but_never_a_folder_of_other_files(session, town, tmp_path):
    target = build(session, tmp_path / "index")
    assert Searcher(build(session, target)).search("锦华").total == 1
    other = tmp_path / "site"
    other.mkdir()
    (other / "index.html").write_text("<html></html>")
    with pytest.raises(ValueError):
        index.build(other, [])
    assert (other / "index.html").exists()


def spooled_build(documents_: list, path: Path, *, parts: int = 2, memory_mb: int = 0) -> Path:
    """An index built as a publish builds it: spooled, then indexed by `parts` processes.

    `memory_mb=0`: every document closes its segment, so the index has many.
    """
    spooler = spool.Spool(path.parent / f"{path.name}-spool", parts)
    for document in documents_:
        spooler.add(document)
    index.build_parts(path, spooler.close(), memory_mb=memory_mb)
    spooler.remove()
    assert not list(path.parent.glob(f"{path.name}-spool*"))
    return path


def segment_ids(path: Path) -> set[str]:
    return {segment.segid for segment in whoosh_index.open_dir(str(path))._segments()}


def test_an_index_built_in_parts_and_segments_answers_as_one_segment(
    session, town, tmp_path, monkeypatch, protector
):
    monkeypatch.setattr(spool, "SPOOL_CHUNK", 1)  # the documents dealt over both parts
    one = build(session, tmp_path / "one")
    parts = spooled_build(list(documents(session, TODAY)), tmp_path / "parts")
    assert len(segment_ids(parts)) > 2
    assert answers(Searcher(parts, protector.hash)) == answers(Searcher(one, protector.hash))
    assert index.fingerprints(parts) == index.fingerprints(one)


def test_an_update_carries_the_layout_over_as_if_computed_whole(
    session, town, factory, penalty, tmp_path, monkeypatch
):
    path = spooled_build(list(documents(session, TODAY)), tmp_path / "index")
    built = segment_ids(path)
    penalty(town["silk"], content="超标排放废水", decided_on=dt.date(2026, 5, 20))
    factory.company("淄博周村新开纺织有限公司")
    session.commit()
    now = {doc.key: doc for doc in documents(session, TODAY)}
    stored = index.fingerprints(path)
    changed = [doc for key, doc in now.items() if stored.get(key) != doc.fingerprint]
    gone = [key for key in stored if key not in now] + [town["expiring"].key]
    assert 0 < len(changed) < len(stored) - 1
    with monkeypatch.context() as patched:
        patched.setattr(index, "_whole", None)  # not computed again: carried over
        index.update(path, [doc for doc in changed if doc.key not in gone], gone)
    ix = whoosh_index.open_dir(str(path))
    carried = index.read_layout(path, ix)
    assert carried.generation == ix.latest_generation()
    whole = index.compute_layout(ix)
    for name in ("order", "names", "facets", "months", "labels", "initials", "segments"):
        assert getattr(carried, name) == getattr(whole, name), name
    assert carried.common.items() <= whole.common.items()
    for layout in (carried, whole):  # equal labels are one object: pickled once
        assert len({id(labels) for labels in layout.labels}) == len(set(layout.labels))
    # no segment of the build was rewritten; only the one of the subject that left is gone
    assert len(built - segment_ids(path)) <= 2 and len(segment_ids(path) - built) == 1


def test_postings_read_a_block_at_a_time_are_whooshs_postings(tmp_path):
    day = dt.date(2026, 1, 5)

    def document(n: int) -> Document:
        words = "罚款" if n % 3 else "许可"
        passage = Passage("penalty", "行政处罚", f"{words}第{n % 7}号", "周村区某局", day)
        return Document(
            f"K{n:04d}", "org", f"周村测试{n}公司", None, None, None, (passage,), str(n)
        )

    path = spooled_build([document(n) for n in range(700)], tmp_path / "index", memory_mb=1)
    index.update(path, [document(5)], [f"K{n:04d}" for n in range(0, 700, 11)])
    ix = whoosh_index.open_dir(str(path))
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) > 2 and reader.has_deletions()
        leaves = index.segments(reader)
        for name in reader.indexed_field_names():
            if name == "latest":
                continue
            for term in reader.lexicon(name):
                expected = sorted(reader.postings(name, term).all_ids())
                found = index.docnums(leaves, name, term).tolist()
                assert sorted(d for d in found if not reader.is_deleted(d)) == expected


def test_a_failing_indexing_process_fails_the_build_and_leaves_no_lock(session, town, tmp_path):
    good = spool.Spool(tmp_path / "spool", 2)
    for document in documents(session, TODAY):
        good.add(document)
    parts = good.close()
    parts[1].write_bytes(b"not a spool")
    with pytest.raises(Exception):  # noqa: B017 - whatever the broken part raises
        index.build_parts(tmp_path / "index", parts)
    parts[1].write_bytes(b"")
    index.build_parts(tmp_path / "index", parts)  # the lock was released
    assert Searcher(tmp_path / "index").search("锦华").total == 1
