"""The publisher: releases, atomic switch, incremental builds, and the same bytes as Frozen-Flask."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import make_ric
from xinyong.credit import catalog, subjects
from xinyong.credit.disclosure import assess
from xinyong.credit.models import SubjectKind
from xinyong.publisher import frozen
from xinyong.publisher.releases import PublishError, current_release, locked, publish, rollback

AS_OF = dt.date(2026, 6, 1)
DECIDED = dt.date(2026, 3, 2)
# the small penalty's window: a general one without a provider end stays a year
WINDOW_END = dt.date(2027, 3, 2)


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` (links followed) with a hash of its bytes."""
    found = {}
    for folder, _dirs, files in os.walk(root, followlinks=True):
        for name in files:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def data(app, session, factory, provider, protector):
    """A small district: companies with licences and penalties, a person on 黑名单, a hidden person."""
    items = catalog.current(session)
    made = {}
    for n in range(6):
        company = factory.company(f"淄博周村第{n}丝绸有限公司")
        factory.record(company, "XZXK", provider_id=provider.id, title=f"许可{n}")
        made[f"c{n}"] = company
    made["penalty"] = factory.record(
        made["c0"],
        "XZCF",
        provider_id=provider.id,
        content="罚款人民币五千元",
        **assess(items["XZCF"], DECIDED, given="general"),
    )
    factory.record(
        made["c1"],
        "XZCF",
        provider_id=provider.id,
        decided_on=dt.date(2025, 11, 3),
        **assess(items["XZCF"], dt.date(2025, 11, 3), given="serious"),
    )
    number = make_ric("19800101", serial="551")
    who = subjects.identity(SubjectKind.PERSON, protector, id_number=number)
    person = subjects.find_or_create_many(session, [(who, "王五", None)], "test")[who.match]
    factory.record(
        person,
        "SXBZXR",
        provider_id=provider.id,
        **assess(items["SXBZXR"], DECIDED, given="serious"),
    )
    factory.record(factory.person("赵六"), "XZCF", provider_id=provider.id)
    session.commit()
    made["number"] = number
    return made


def run(app, out: Path, as_of=AS_OF, **options):
    """A publish; with `spare=True`, it waits for the copy of its tree the next one takes
    (made after a publish, detached: here a night passes at once)."""
    app.config["PUBLISH_AS_OF"] = as_of.isoformat()
    options.setdefault("spare", False)
    result = publish(app, out, as_of=as_of, **options)
    if result.copying is not None:
        assert result.copying.wait(timeout=120) == 0
    return result


def test_a_full_publish_matches_frozen_flask_byte_for_byte(app, data, tmp_path):
    result = run(app, tmp_path / "out", full=True)
    assert result.switched and result.added
    count = frozen.freeze(app, tmp_path / "frozen", AS_OF)
    published = tree(tmp_path / "out" / "current" / "site")
    reference = tree(tmp_path / "frozen")
    assert count == len(reference)
    assert published == reference


def test_a_department_whose_records_are_none_public_is_listed_as_the_views_list_it(
    app, data, session, factory, tmp_path
):
    """The publisher finds a list's departments from the lists' scan (every record of the
    list, public or not), the views by a query of their own: the same departments."""
    from tests.conftest import make_uscc
    from xinyong.credit import providers, public

    items = catalog.current(session)
    quiet = providers.add(
        session, "淄博市周村区城市管理局", make_uscc("11370306004189205"), actor="test"
    )
    minor = assess(items["XZCF"], DECIDED, given="minor")  # 轻微: never public
    factory.record(data["c2"], "XZCF", provider_id=quiet.id, **minor)
    session.commit()
    listed = {d.uscc for d in public.departments(session, "penalty")}
    assert quiet.uscc in listed
    run(app, tmp_path / "out", full=True)
    frozen.freeze(app, tmp_path / "frozen", AS_OF)
    assert tree(tmp_path / "out" / "current" / "site") == tree(tmp_path / "frozen")
    assert (tmp_path / "frozen" / "list" / "penalty" / "dept" / quiet.uscc).is_dir()


def test_a_release_switches_current_and_a_person_id_appears_nowhere(app, data, tmp_path):
    out = tmp_path / "out"
    result = run(app, out)
    assert os.readlink(out / "current") == f"releases/{result.release}"
    site = out / "current" / "site"
    assert (site / "index.html").is_file()
    assert (site / "subject" / data["c0"].key / "report" / "index.html").is_file()
    number = data["number"]
    for folder, _dirs, files in os.walk(out, followlinks=True):
        for name in files:
            if name.endswith((".sqlite3", "-wal", "-shm")):
                continue
            body = (Path(folder) / name).read_bytes()
            assert number.encode() not in body, Path(folder) / name


def test_nothing_changed_means_no_new_release(app, data, tmp_path):
    out = tmp_path / "out"
    first = run(app, out)
    again = run(app, out)
    assert not again.switched and again.release == first.release
    assert again.unchanged == len(first.added)
    assert not again.added + again.changed + again.removed


def test_one_changed_record_rewrites_only_the_pages_that_show_it(app, data, session, tmp_path):
    out = tmp_path / "out"
    run(app, out)
    penalty = data["penalty"]
    penalty.objection_label = "异议处理中"  # updated_at moves on: the change is seen
    session.commit()
    result = run(app, out)
    key = data["c0"].key
    changed = set(result.changed)
    assert f"subject/{key}/index.html" in changed and f"subject/{key}/report/index.html" in changed
    assert "list/penalty/2026-03/index.html" in changed
    assert not any(f"subject/{data['c1'].key}/" in path for path in changed)
    assert not any(path.startswith("list/license/20") for path in changed)
    assert "异议处理中" in (out / "current" / "site" / "subject" / key / "index.html").read_text()


def test_an_unchanged_folder_is_the_previous_releases_link_and_outlives_its_pruning(
    app, data, session, tmp_path
):
    out = tmp_path / "out"
    first = run(app, out)
    data["penalty"].objection_label = "异议处理中"
    session.commit()
    second = run(app, out, keep=1)
    assert second.pruned == [first.release] and not (out / "releases" / first.release).exists()
    from xinyong.publisher import trash

    trash.empty(out / "trash")  # the publish did not wait for its process: this does
    site = out / "current" / "site" / "subject"
    kept, changed = site / data["c1"].key, site / data["c0"].key
    assert kept.is_symlink() and os.lstat(kept).st_nlink == 1  # its twin went with the release
    assert "许可1" in (kept / "index.html").read_text()
    assert changed.is_symlink() and "异议处理中" in (changed / "index.html").read_text()
    again = run(app, out, keep=2)
    assert not again.switched
    data["penalty"].objection_label = None
    session.commit()
    third = run(app, out, keep=2)
    twin = out / "releases" / second.release / "site" / "subject" / data["c1"].key
    now = out / "releases" / third.release / "site" / "subject" / data["c1"].key
    assert os.lstat(now).st_ino == os.lstat(twin).st_ino and os.readlink(now) == os.readlink(twin)


def test_open_data_is_remade_only_when_its_rows_change(app, data, session, tmp_path):
    out, full = tmp_path / "out", tmp_path / "full"
    run(app, out)
    year = "data/penalty-2026"
    data["penalty"].report_workdays += 1  # the list's month is re-read; its rows are the same
    session.commit()
    quiet = run(app, out)
    assert quiet.switched and "list/penalty/2026-03/index.html" in quiet.changed
    assert not any(path.startswith(year) for path in quiet.added + quiet.changed)
    assert not any(path.startswith("sitemap") for path in quiet.changed)  # the same pages
    data["penalty"].objection_label = "异议处理中"
    session.commit()
    shown = run(app, out)
    assert {f"{year}.json", f"{year}.csv"} <= set(shown.changed)
    site = out / "current" / "site"
    assert "异议处理中" in (site / f"{year}.json").read_text(encoding="utf-8")
    assert "异议处理中" in (site / f"{year}.csv").read_text(encoding="utf-8-sig")
    run(app, full, full=True)
    assert tree(site) == tree(full / "current" / "site")


def test_a_renamed_subject_alone_is_seen_in_its_folder_and_in_the_lists(
    app, data, session, tmp_path
):
    out, full = tmp_path / "out", tmp_path / "full"
    run(app, out)
    data["c2"].name = "淄博周村新名丝绸有限公司"  # the subject's row only, no record touched
    session.commit()
    result = run(app, out)
    assert result.switched and f"subject/{data['c2'].key}/index.html" in result.changed
    assert any(path.startswith("list/license/20") for path in result.changed)
    run(app, full, full=True)
    assert tree(out / "current" / "site") == tree(full / "current" / "site")


@pytest.mark.parametrize("workers", [False, True])
def test_incremental_equals_full_across_a_date_that_ends_a_window(
    app, data, tmp_path, monkeypatch, workers
):
    """Forked workers render the changed subjects: the same site as one process."""
    from xinyong.publisher import build

    if workers:
        monkeypatch.setattr(build, "PARALLEL_FROM", 1)
        monkeypatch.setattr(build, "BATCH", 1)
    incremental, full = tmp_path / "inc", tmp_path / "full"
    run(app, incremental, as_of=WINDOW_END)
    after = WINDOW_END + dt.timedelta(days=1)
    result = run(app, incremental, as_of=after, processes=2)
    assert result.switched and f"subject/{data['c0'].key}/index.html" in result.changed
    run(app, full, as_of=after, full=True)
    assert tree(incremental / "current" / "site") == tree(full / "current" / "site")
    gone = data["penalty"].doc_no
    for path, _digest in tree(incremental / "current" / "site").items():
        body = (incremental / "current" / "site" / path).read_text(encoding="utf-8-sig")
        assert gone not in body, path


def test_a_file_is_fingerprinted_to_its_last_change_but_never_past_the_publishing_day(
    data, session
):
    from xinyong.publisher.inputs import subject_fingerprints

    company = data["c2"]
    company.updated_at = dt.datetime(2026, 6, 10, 23, 59, 59)
    for record in company.records:
        record.updated_at = dt.datetime(2026, 6, 9, 8, 0)
    session.commit()
    seen = {
        day: subject_fingerprints(session, dt.date(2026, 6, day), "v")[company.key]
        for day in (8, 9, 10, 11)
    }
    # changed after the day published: as of that day, so each day is a new file
    assert len({seen[8], seen[9], seen[10]}) == 3
    # published on or after the day of its last change: the same file whatever the day
    assert seen[10] == seen[11]


def test_dry_run_lists_changes_and_writes_nothing(app, data, session, tmp_path):
    out = tmp_path / "out"
    first = run(app, out)
    data["penalty"].objection_label = "存在异议"
    session.commit()
    before = sorted(p.name for p in (out / "releases").iterdir())
    result = run(app, out, dry_run=True)
    assert f"subject/{data['c0'].key}/" in result.changed
    assert sorted(p.name for p in (out / "releases").iterdir()) == before
    assert current_release(out) == first.release


def test_a_pruned_releases_store_folders_are_deleted_by_a_process_of_their_own(
    app, data, session, tmp_path
):
    from xinyong.publisher import trash

    out = tmp_path / "out"
    run(app, out)
    site = out / "current" / "site" / "subject"
    changed = Path(os.path.realpath(site / data["c0"].key))
    shared = Path(os.path.realpath(site / data["c1"].key))
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    run(app, out, keep=1)
    trash.empty(out / "trash")  # the publish did not wait for its process: this does
    assert not changed.exists() and (shared / "index.html").exists()
    assert "九千元" in (site / data["c0"].key / "index.html").read_text()
    # a deletion cut short (its listing left) is finished by the next one
    left = out / "store" / "subject" / "left@0.19990101-000000"
    left.mkdir(parents=True)
    (out / "trash" / "1.txt").write_text(f"{left.relative_to(out)}\n")
    assert trash.discard(out, []).wait(timeout=60) == 0
    assert not left.exists() and not list((out / "trash").iterdir())


def test_the_trash_is_emptied_one_process_at_a_time_and_can_be_waited_for(tmp_path):
    """A detached process holds its lock from its start: waiting for the lock waits for it,
    and a second one starts its work when the first is done."""
    import fcntl

    from xinyong.publisher import trash

    out = tmp_path / "out"
    for name in ("one", "two"):
        (out / "store" / name).mkdir(parents=True)
    trash.discard(out, ["store/one"])
    trash.wait(out / trash.LOCK)
    assert not (out / "store" / "one").exists()
    with open(out / trash.LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a process still at work
        waiting = trash.discard(out, ["store/two"])
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=1)
        assert (out / "store" / "two").exists()
    assert waiting.wait(timeout=60) == 0 and not (out / "store" / "two").exists()


def test_rollback_goes_back_and_old_releases_are_pruned(app, data, session, tmp_path):
    out = tmp_path / "out"
    releases = []
    for n in range(4):
        data["penalty"].content = f"罚款人民币{n + 1}千元"
        session.commit()
        releases.append(run(app, out, keep=2).release)
    kept = sorted(p.name for p in (out / "releases").iterdir())
    assert kept == releases[-2:]
    assert rollback(out) == releases[-2]
    assert current_release(out) == releases[-2]
    page = (out / "current" / "site" / "subject" / data["c0"].key / "index.html").read_text()
    assert "罚款人民币3千元" in page
    with pytest.raises(PublishError, match="oldest"):
        rollback(out)


def links(root: Path) -> dict[str, str]:
    """Every entry under `root` (links not followed): a link's target (without the release a
    store folder was rendered for), or "dir"."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            shown = os.readlink(path) if path.is_symlink() else "dir" if path.is_dir() else "file"
            shown = re.sub(r"(@[0-9a-f]{16})\.[0-9]{8}-[0-9]{6}(\.[0-9]+)?", r"\1", shown)
            found[path.relative_to(root).as_posix()] = shown
    return found


def fresh_links(app, tmp_path, as_of) -> tuple[dict[str, str], dict[str, bytes]]:
    """The links and bytes of a tree made anew, by a whole publish of its own."""
    fresh = tmp_path / f"fresh-{as_of}"
    run(app, fresh, as_of=as_of, full=True)
    return links(fresh / "current" / "site"), tree(fresh / "current" / "site")


@pytest.mark.parametrize("processes", [1, 2])
def test_each_release_takes_the_copy_of_the_tree_made_after_the_publish_before(
    app, data, session, tmp_path, monkeypatch, processes
):
    """After a publish a detached process copies its tree (`spare`), changing a pruned
    release's tree where there is one; the next publish takes the copy and changes only
    what differs: the same links, folders and bytes as a tree made anew, across a renamed
    subject and a date that ends a penalty's window."""
    from xinyong.publisher import releases

    # on this small site most units differ (a third of them are site-wide files)
    monkeypatch.setattr(releases, "RECYCLE_SHARE", 1.0)
    out = tmp_path / "out"
    site = out / "current" / "site"
    first = run(app, out, as_of=WINDOW_END, spare=True).release
    copy = out / "spare" / first / "site"
    assert links(copy) == links(site) and tree(copy) == tree(site)
    inode = copy.stat().st_ino
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    second = run(app, out, as_of=WINDOW_END, spare=True, processes=processes).release
    assert site.stat().st_ino == inode and not (out / "spare" / first).exists()
    assert (links(site), tree(site)) == fresh_links(app, tmp_path, WINDOW_END)
    # the next publish prunes the two before: the newest one's tree becomes the next copy
    inode = site.stat().st_ino
    data["c3"].name = "淄博周村第三丝绸有限公司"
    session.commit()
    after = WINDOW_END + dt.timedelta(days=1)
    third = run(app, out, as_of=after, keep=1, spare=True, processes=processes)
    assert third.pruned == [first, second]
    copy = out / "spare" / third.release / "site"
    assert copy.stat().st_ino == inode and links(copy) == links(site)
    assert [p.name for p in (out / "spare").iterdir()] == [third.release]
    assert (links(site), tree(site)) == fresh_links(app, tmp_path, after)
    assert data["penalty"].doc_no not in (site / "list" / "penalty" / "index.html").read_text()


def test_a_copy_cut_short_or_being_made_is_not_taken_and_the_next_one_mends_it(
    app, data, session, tmp_path
):
    """A copy is renamed into place when whole: one killed half-way is never taken (the
    publish links a new tree), and the next copy is made from what it left; a copy being
    made (its lock held) is not taken either."""
    import fcntl

    from xinyong.publisher import spare

    out = tmp_path / "out"
    first = run(app, out).release
    spare.make(out, first)
    halfway = out / "spare" / f"{first}.partial"
    os.replace(out / "spare" / first, halfway)
    shutil.rmtree(halfway / "site" / "subject")
    (halfway / "site" / "stray.html").write_text("left over")
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    second = run(app, out, spare=True).release
    site = out / "current" / "site"
    assert (links(site), tree(site)) == fresh_links(app, tmp_path, AS_OF)
    copy = out / "spare" / second / "site"
    assert links(copy) == links(site) and not halfway.exists()
    with open(out / spare.LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        assert spare.ready(out, second) is None
    assert spare.ready(out, second) == copy


def test_a_publish_that_fails_after_taking_the_copy_leaves_current_and_the_next_one_works(
    app, data, session, tmp_path, monkeypatch
):
    from xinyong.publisher import releases

    monkeypatch.setattr(releases, "RECYCLE_SHARE", 1.0)
    out = tmp_path / "out"
    kept = run(app, out, spare=True).release
    data["penalty"].content = "罚款人民币九千元"
    session.commit()

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(releases, "relink_release", full_disk)
    with pytest.raises(PublishError, match="No space left"):
        run(app, out, spare=True)
    monkeypatch.undo()
    site = out / "current" / "site"
    assert current_release(out) == kept and not (out / "spare" / kept).exists()
    assert "五千元" in (site / "subject" / data["c0"].key / "index.html").read_text()
    assert sorted(p.name for p in (out / "releases").iterdir()) == [kept]
    again = run(app, out, spare=True)
    assert again.switched and (out / "spare" / again.release / "site").is_dir()
    assert "九千元" in (site / "subject" / data["c0"].key / "index.html").read_text()
    assert (links(site), tree(site)) == fresh_links(app, tmp_path, AS_OF)


def test_a_release_recorded_from_the_one_before_has_exactly_its_own_units(tmp_path):
    """The state copies the base release's rows and writes only the units rendered anew
    and the ones gone: the same units as a release recorded whole."""
    from xinyong.publisher.state import Output, State

    def unit(name: str, fp: str) -> Output:
        return Output(name, fp, f"store/{name}@{fp}.r", (f"{name}/index.html",), {}, f"{name}/")

    state = State(tmp_path / "state.sqlite3")
    first = [unit(f"subject/{n}", "a") for n in range(6)]
    state.save_release("r1", "2026-06-01", "now", {}, first)
    kept = state.outputs_of("r1")
    second = [kept["subject/0"], unit("subject/1", "b"), *list(kept.values())[3:], unit("x", "c")]
    rendered = {"subject/1", "x"}
    state.save_release("r2", "2026-06-02", "now", {}, second, rendered, base="r1")
    state.save_release("r3", "2026-06-02", "now", {}, second)
    assert state.outputs_of("r2") == state.outputs_of("r3") == {u.name: u for u in second}
    for within in ("subject/", "subject/1", "x", "list/", ""):  # those whose name starts so
        found = {u.name: u for u in second if u.name.startswith(within)}
        assert state.outputs_of("r2", within=within) == found
    state.close()


def test_a_second_publish_while_one_runs_exits_at_once(app, data, tmp_path):
    out = tmp_path / "out"
    with locked(out), pytest.raises(PublishError, match="another publish is running"):
        run(app, out)


def test_a_killed_publish_leaves_current_as_it_was(app, data, session, tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = run(app, out)
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    from xinyong.publisher import releases

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(releases, "switch", killed)
    with pytest.raises(KeyboardInterrupt):
        run(app, out)
    monkeypatch.undo()
    assert current_release(out) == first.release
    page = (out / "current" / "site" / "subject" / data["c0"].key / "index.html").read_text()
    assert "罚款人民币九千元" not in page
    again = run(app, out)
    assert again.switched and current_release(out) == again.release


def test_a_release_tree_that_cannot_be_linked_is_told_and_current_stays(
    app, data, session, tmp_path, monkeypatch
):
    """The tree is linked in a forked process beside the index: its failure reaches the caller."""
    out = tmp_path / "out"
    first = run(app, out)
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    from xinyong.publisher import releases

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(releases, "link_release", full_disk)
    with pytest.raises(
        PublishError, match="release.s tree could not be made: OSError.*No space left"
    ):
        run(app, out, processes=2)
    monkeypatch.undo()
    assert current_release(out) == first.release
    again = run(app, out, processes=2)
    assert again.switched and current_release(out) == again.release
    page = (out / "current" / "site" / "subject" / data["c0"].key / "index.html").read_text()
    assert "罚款人民币九千元" in page


def test_a_release_recorded_but_killed_before_its_switch_is_forgotten_by_the_next(
    app, data, session, tmp_path
):
    """The state is saved while the index is built: a kill then leaves a journal behind."""
    from xinyong.publisher.state import State

    out = tmp_path / "out"
    first = run(app, out)
    killed = "20990101-000000"
    state = State(out / "state.sqlite3")
    units = list(state.outputs_of(first.release).values())
    rendered = out / "store" / f"subject/x@0.{killed}"
    rendered.mkdir(parents=True)
    state.save_release(killed, "2026-06-01", "now", {}, units[1:], {units[1].name})
    state.close()
    (out / "releases" / f"{killed}.partial" / "site").mkdir(parents=True)
    (out / f"journal-{killed}.txt").write_text(f"{rendered}\n")
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    again = run(app, out)
    assert again.switched and not rendered.exists()
    assert not (out / "releases" / f"{killed}.partial").exists()
    state = State(out / "state.sqlite3")
    assert killed not in state.releases() and state.releases() == [first.release, again.release]
    state.close()
    assert rollback(out) == first.release


def test_a_state_kept_by_an_earlier_version_is_read_after_an_upgrade(app, data, session, tmp_path):
    """A state whose units' files are JSON lists (schema 1) is converted when it is opened:
    the next publish shares the unchanged folders as before."""
    import json
    import sqlite3

    from xinyong.publisher.state import State

    out = tmp_path / "out"
    first = run(app, out)
    state = State(out / "state.sqlite3")
    units = state.outputs_of(first.release)
    state.close()
    with sqlite3.connect(out / "state.sqlite3") as db:
        for name, fp, files in db.execute("SELECT name, fp, files FROM outputs").fetchall():
            listed = json.dumps(files.split("\n") if files else [], ensure_ascii=False)
            db.execute("UPDATE outputs SET files = ? WHERE name = ? AND fp = ?", (listed, name, fp))
        db.execute("PRAGMA user_version = 1")
    state = State(out / "state.sqlite3")
    assert state.outputs_of(first.release) == units
    state.close()
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    again = run(app, out)
    assert again.switched and again.changed and again.unchanged
    key = data["c0"].key
    assert "罚款人民币九千元" in (out / "current/site/subject" / key / "index.html").read_text()


def test_a_journal_left_by_a_kill_just_after_the_switch_leaves_the_release_whole(
    app, data, session, tmp_path
):
    out = tmp_path / "out"
    first = run(app, out)
    page = out / "current" / "site" / "subject" / data["c0"].key / "index.html"
    store = os.path.realpath(page.parent)
    (out / f"journal-{first.release}.txt").write_text(f"{store}\n")
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    run(app, out)
    assert not list(out.glob("journal-*.txt"))
    assert rollback(out) == first.release
    assert "罚款人民币九千元" not in page.read_text()


def test_once_switched_no_journal_is_left_that_a_kill_while_pruning_would_undo(
    app, data, session, tmp_path, monkeypatch
):
    """A publish killed by a signal runs no cleanup: the next one reads its journal."""
    out = tmp_path / "out"
    run(app, out)
    data["penalty"].content = "罚款人民币九千元"
    session.commit()
    from xinyong.publisher import releases

    journals = []
    pruning = releases.prune

    def prune(*args, **kwargs):
        journals.extend(out.glob("journal-*.txt"))
        return pruning(*args, **kwargs)

    monkeypatch.setattr(releases, "prune", prune)
    second = run(app, out, keep=1)
    assert second.switched and journals == []


def test_the_cli_publishes_and_rolls_back(cli, app, data, tmp_path):
    out = tmp_path / "cli"
    result = cli("publish", "--out", str(out), "--as-of", "2026-06-01", "--base-url", "/xy/")
    assert result.exit_code == 0, result.output
    assert "pages added" in result.output
    assert "/xy/sitemap-pages.xml" in (out / "current" / "site" / "sitemap.xml").read_text()
    dry = cli("publish", "--out", str(out), "--as-of", "2027-06-01", "--dry-run")
    assert dry.exit_code == 0 and "Dry run" in dry.output
    assert cli("rollback", "--out", str(out)).exit_code == 1


def process_env(app) -> dict[str, str]:
    """The environment of a command run in a process of its own, on the test's database."""
    from tests.conftest import SETTINGS

    return {
        **os.environ,
        **{f"XINYONG_{name}": value for name, value in SETTINGS.items() if name.endswith("KEY")},
        "XINYONG_DATABASE_URL": app.config["DATABASE_URL"],
        "XINYONG_INSTANCE": app.instance_path,
    }


def test_the_console_script_ends_at_once_after_a_publish_saying_what_it_did(app, data, tmp_path):
    """`xinyong publish` ends its process without freeing its objects one by one (a second
    at a city's size): its output is all there and its exit status is the command's."""
    import subprocess
    import sys

    env = process_env(app)
    out = tmp_path / "console"
    command = [sys.executable, "-c", "from xinyong.cli import console; console()", "publish"]
    command += ["--out", str(out), "--as-of", "2026-06-01"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "pages added" in done.stdout and done.stdout.rstrip().endswith("current/site")
    with locked(out):
        busy = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert busy.returncode == 1 and "another publish is running" in busy.stderr


def test_a_publish_starts_without_the_search_engine_and_its_dictionaries(app):
    """NumPy and the dictionaries (a third of a second of every start) load with the first
    search, or in the processes that write an index: not with the app a publish runs in."""
    import subprocess
    import sys

    env = process_env(app)
    code = (
        "import sys; from xinyong import create_app; create_app(); "
        "import xinyong.cli, xinyong.publisher.releases, xinyong.publisher.searchindex; "
        "print(sorted({'numpy', 'rjieba', 'pypinyin', 'xinyong.search.engine'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_full_disk_during_a_publish_is_one_line_and_current_stays(
    cli, app, data, session, tmp_path, monkeypatch
):
    from xinyong.publisher import searchindex

    out = tmp_path / "cli"
    assert cli("publish", "--out", str(out), "--as-of", "2026-06-01").exit_code == 0
    before = current_release(out)
    data["penalty"].content = "罚款人民币九千元"
    session.commit()

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(searchindex, "_append", full_disk)
    failed = cli("publish", "--out", str(out), "--as-of", "2026-06-01", "--full")
    assert failed.exit_code == 1
    assert "No space left on device" in failed.output and "Traceback" not in failed.output
    assert current_release(out) == before and not list((out / "releases").glob("*.partial"))


@pytest.mark.parametrize("batch", [1, 3])
def test_two_processes_write_the_same_site_as_one(app, data, tmp_path, monkeypatch, batch):
    """Workers and the publishing process take batches as they come: any split, one site."""
    from xinyong.publisher import build

    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "BATCH", batch)
    run(app, tmp_path / "one", full=True, processes=1)
    run(app, tmp_path / "two", full=True, processes=2)
    assert tree(tmp_path / "one" / "current" / "site") == tree(
        tmp_path / "two" / "current" / "site"
    )
