"""The publisher builds each release's search index: whole or incrementally, with the same answers."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests import test_publisher
from tests.test_publisher import WINDOW_END, run
from xinyong.search import index
from xinyong.search.engine import Filters, Searcher

data = test_publisher.data  # the publisher tests' small district, a fixture

QUERIES = [
    ("丝绸", Filters()),
    ("周村", Filters()),
    ("第0", Filters()),
    ("zcsc", Filters()),
    ("罚款", Filters()),
    ("五千元", Filters()),
    ("许可", Filters(group="license")),
    ("周村", Filters(group="penalty")),
    ("王五", Filters()),
    ("赵六", Filters()),
    ("淄博", Filters(kind="org")),
]


def answers(index_dir: Path) -> list[tuple]:
    """What each query of the fixed list finds: keys in order, counts, tiers."""
    searcher = Searcher(index_dir)
    try:
        found = []
        for text, filters in QUERIES:
            results = searcher.search(text, filters)
            found.append(
                (
                    text,
                    results.total,
                    [(hit.key, hit.tier, hit.snippet) for hit in results.hits],
                    results.counts,
                )
            )
        return found
    finally:
        searcher.close()


def release_index(out: Path) -> Path:
    return out / "current" / "index"


def test_the_first_release_has_its_index_beside_the_site_not_in_it(app, data, tmp_path):
    out = tmp_path / "out"
    result = run(app, out)
    assert result.index.mode == "full"
    assert index.fingerprints(release_index(out))
    assert not list((out / "current" / "site").rglob("*.toc"))
    keys = {hit.key for hit in Searcher(release_index(out)).search("丝绸").hits}
    assert data["c0"].key in keys


def test_the_index_holds_each_subjects_unit_fingerprint(app, data, session, tmp_path):
    """The publisher's documents carry its one idea of "changed", the subject units'
    fingerprints, in one process and from forked renderers alike."""
    from xinyong.publisher import build
    from xinyong.publisher.state import State

    out = tmp_path / "out"
    run(app, out)
    state = State(out / "state.sqlite3")
    units = state.fingerprints_of((out / "current").resolve().name)
    state.close()
    subjects = {
        name.removeprefix("subject/"): fp
        for name, fp in units.items()
        if name.startswith("subject/")
    }
    held = index.fingerprints(release_index(out))
    assert held and held == {key: subjects[key] for key in held}
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(build, "PARALLEL_FROM", 1)
        patched.setattr(build, "BATCH", 1)
        run(app, tmp_path / "forked", full=True, processes=2)
    assert index.fingerprints(release_index(tmp_path / "forked")) == held


def test_the_index_is_built_after_the_pages_from_a_spool_that_is_then_removed(
    app, data, session, tmp_path
):
    out = tmp_path / "out"
    first = run(app, out)
    assert first.pages_seconds > 0 and first.index.seconds > 0
    assert f"search index in {first.index.seconds:.1f} s" in first.line()
    data["penalty"].content = "罚款人民币七千元"
    session.commit()
    again = run(app, out)
    assert again.index.mode == "incremental" and again.index.replaced == 1
    assert "pages built in" in again.line()
    assert not list(out.rglob("index-spool*"))
    assert Searcher(release_index(out)).search("七千元").total == 1


def test_an_incremental_index_answers_as_a_full_rebuild(app, data, session, tmp_path):
    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental)
    before = index.fingerprints(release_index(incremental))
    data["penalty"].content = "罚款人民币五千元，没收超标排放设备"
    session.commit()
    result = run(app, incremental)
    assert result.index.mode == "incremental" and result.index.replaced == 1
    run(app, full, full=True)
    assert answers(release_index(incremental)) == answers(release_index(full))
    hits = Searcher(release_index(incremental)).search("超标排放").hits
    assert [hit.key for hit in hits] == [data["c0"].key]
    # the previous release's index is untouched (its files are shared as links)
    old = sorted((incremental / "releases").iterdir())[0] / "index"
    assert index.fingerprints(old) == before
    assert not Searcher(old).search("超标排放").hits


def test_after_a_window_ends_the_incremental_index_drops_the_record(app, data, tmp_path):
    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental, as_of=WINDOW_END)
    assert Searcher(release_index(incremental)).search("五千元").total == 1
    after = WINDOW_END + dt.timedelta(days=1)
    result = run(app, incremental, as_of=after)
    assert result.index.mode == "incremental"
    run(app, full, as_of=after, full=True)
    assert answers(release_index(incremental)) == answers(release_index(full))
    assert Searcher(release_index(incremental)).search("五千元").total == 0


def test_when_every_subject_changed_the_update_made_ready_ahead_gives_way_to_a_whole_index(
    app, data, tmp_path
):
    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental)
    app.config["BASE_URL"] = "https://xy.zhoucun.gov.cn/xinyong/"  # every page changes
    result = run(app, incremental)
    assert result.switched and result.index.mode == "full"
    run(app, full, full=True)
    assert answers(release_index(incremental)) == answers(release_index(full))
    assert not [p for p in (incremental / "releases").iterdir() if p.suffix == ".partial"]


def test_nothing_changed_builds_no_index_and_keeps_the_release(app, data, tmp_path):
    out = tmp_path / "out"
    first = run(app, out)
    again = run(app, out)
    assert again.index is None and again.release == first.release
    assert len(list((out / "releases").iterdir())) == 1


def test_an_id_number_is_neither_a_term_nor_stored_in_the_index(app, data, tmp_path):
    out = tmp_path / "out"
    run(app, out)
    number = data["number"]
    searcher = Searcher(release_index(out))
    reader = searcher._index.reader()
    try:
        for fieldname in reader.indexed_field_names():
            for term in reader.lexicon(fieldname):
                assert number not in term.decode("utf-8", "replace"), fieldname
        for stored in reader.all_stored_fields():
            assert number not in repr(stored)
    finally:
        reader.close()
    for folder, _dirs, files in os.walk(out / "current", followlinks=True):
        for name in files:
            assert number.encode() not in (Path(folder) / name).read_bytes()


@pytest.mark.parametrize("processes", [1, 2])
def test_a_failed_index_build_leaves_current_as_it_was(
    app, data, session, tmp_path, monkeypatch, processes
):
    """With two processes the update runs in a fork, made ready ahead: its failure reaches the
    caller all the same."""
    from xinyong.publisher.searchindex import ReadyUpdate
    from xinyong.publisher.state import State

    out = tmp_path / "out"
    first = run(app, out)
    data["penalty"].content = "罚款人民币六千元"
    session.commit()

    def broken(self, *_orders):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReadyUpdate, "commit", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run(app, out, processes=processes)
    assert os.readlink(out / "current") == f"releases/{first.release}"
    state = State(out / "state.sqlite3")  # recorded while the index was built: forgotten
    assert state.releases() == [first.release]
    state.close()
    monkeypatch.undo()
    again = run(app, out, processes=processes)
    assert again.switched and Searcher(release_index(out)).search("六千元").total == 1


def test_documents_from_forked_renderers_make_the_same_index(app, data, tmp_path, monkeypatch):
    from xinyong.publisher import build

    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "BATCH", 3)
    run(app, tmp_path / "one", full=True, processes=1)
    run(app, tmp_path / "two", full=True, processes=2)
    assert answers(release_index(tmp_path / "one")) == answers(release_index(tmp_path / "two"))
    assert index.fingerprints(release_index(tmp_path / "two"))


def test_an_update_fed_batch_by_batch_by_forked_renderers_answers_as_a_full_rebuild(
    app, data, session, tmp_path, monkeypatch
):
    """The update made ready ahead takes each rendered batch's documents as they come."""
    from xinyong.publisher import build

    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "SMALLEST_BATCH", 1)
    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental)
    data["penalty"].content = "罚款人民币五千元，没收超标排放设备"
    data["c1"].name = "周村区丝绸改名有限公司"
    session.commit()
    result = run(app, incremental)
    assert result.index.mode == "incremental" and result.index.replaced >= 2
    run(app, full, full=True)
    assert answers(release_index(incremental)) == answers(release_index(full))
    assert not list((incremental / "releases").glob("*/index-spool*"))


def test_a_release_made_before_the_index_gets_a_whole_one(app, data, session, tmp_path):
    import shutil

    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental)
    shutil.rmtree(incremental / "current" / "index")  # as a release published before search
    data["penalty"].content = "罚款人民币六千元"
    session.commit()
    result = run(app, incremental)
    assert result.index.mode == "full" and result.index.documents > 1
    run(app, full, full=True)
    assert answers(release_index(incremental)) == answers(release_index(full))


def spooled_left(out: Path) -> list[Path]:
    return [path for path in out.rglob("*") if path.name.startswith("index-spool")]


def test_forked_renderers_spool_their_documents_and_leave_no_spool_behind(
    app, data, tmp_path, monkeypatch
):
    from xinyong.publisher import build

    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "BATCH", 1)
    one = run(app, tmp_path / "one", full=True, processes=1)
    two = run(app, tmp_path / "two", full=True, processes=2)
    assert two.index.documents == one.index.documents > 1
    assert index.fingerprints(release_index(tmp_path / "two")) == index.fingerprints(
        release_index(tmp_path / "one")
    )
    assert spooled_left(tmp_path / "two") == []


def test_a_batch_failing_in_a_forked_renderer_leaves_current_and_no_spool(
    app, data, session, tmp_path, monkeypatch
):
    from xinyong.publisher import build
    from xinyong.site import pages

    out = tmp_path / "out"
    first = run(app, out)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "BATCH", 1)
    parent = os.getpid()
    render = pages.render

    def failing_in_a_worker(app, page):
        if os.getpid() != parent and page.path.endswith("/report/"):
            raise RuntimeError("a worker failed")
        return render(app, page)

    monkeypatch.setattr(pages, "render", failing_in_a_worker)
    with pytest.raises(RuntimeError, match="a worker failed"):
        run(app, out, full=True, processes=2)
    assert os.readlink(out / "current") == f"releases/{first.release}"
    assert spooled_left(out) == []


def test_a_release_s_index_is_found_by_its_table_of_contents_without_opening_it(
    app, data, tmp_path
):
    """The publishing process only looks for the committed table of contents: opening the
    index would load the analyzers and their dictionaries there (a third of a second)."""
    import subprocess
    import sys

    from tests.test_publisher import process_env
    from xinyong.publisher.searchindex import previous_index

    out = tmp_path / "out"
    run(app, out)
    release = (out / "current").resolve()
    assert previous_index(release) == release / "index"
    assert previous_index(None) is None
    assert previous_index(tmp_path / "no-release") is None
    code = (
        "import sys; from pathlib import Path; "
        "from xinyong.publisher.searchindex import previous_index; "
        f"assert previous_index(Path({str(release)!r})) is not None; "
        "print(sorted({'numpy', 'rjieba', 'pypinyin', 'xinyong.search.analysis'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=process_env(app), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    for toc in (release / "index").glob("_MAIN_*.toc"):
        toc.unlink()
    assert previous_index(release) is None
