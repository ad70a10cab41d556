"""Publishing a release: build what changed, switch `current` atomically, keep a few.

Layout of the publish folder (`--out`, default `PUBLISH_DIR`):

    current -> releases/<id>          the release the web server serves (current/site)
    releases/<id>/site/               the site: folders and files linked from the store
    releases/<id>/index/              its search index (never under site/), see searchindex.py
    store/<unit>@<fingerprint>.<id>/  each rendered unit, written once, shared by releases
    state.sqlite3                     fingerprints and the units of every kept release
    spare/<id>/site                   a copy of the current release's tree, for the next one
                                      (made after a publish, detached: see spare.py)
    trash/<n>.txt                     store folders pruned, deleted by a detached process
    trash/<id>.release                a pruned release's tree, moved there to be deleted with them
    publish.lock                      held while a publish runs
    spare.lock, trash.lock            held while the copy is made, while the trash is emptied

A failed or killed publish leaves `current` as it was: the new release is
built beside the others and switched in by renaming a symlink, the last step.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from sqlalchemy.orm import Session

from xinyong.credit.public import Context
from xinyong.database import session_scope
from xinyong.publisher import inputs as fingerprints
from xinyong.publisher import spare as spares
from xinyong.publisher import trash
from xinyong.publisher.build import (
    Build,
    Planned,
    fewer_collections,
    link_release,
    relink_release,
    session_after_fork,
    static_files,
)
from xinyong.publisher.state import Output, State

if TYPE_CHECKING:  # the index (whoosh, numpy, rjieba) is imported when a release is built
    from xinyong.publisher.searchindex import IndexResult


class PublishError(RuntimeError):
    """A publish or rollback that cannot go on; `str()` says why and what to do."""


@dataclass
class Result:
    release: str | None
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    seconds: float = 0.0
    switched: bool = False
    pruned: list[str] = field(default_factory=list)
    rendered_units: int = 0
    index: IndexResult | None = None
    #: the page build's seconds (the index is built after it, `index.seconds`)
    pages_seconds: float = 0.0
    #: the detached process making the copy of the release's tree for the next publish
    copying: subprocess.Popen | None = None
    #: what the publish read and made (a million objects at 100,000 subjects), handed to the
    #: caller instead of freed one by one as the publish returns (0.2 s): `xinyong publish`
    #: ends its process at once, and a web process drops them with the result
    held: tuple[Any, ...] = ()

    def line(self) -> str:
        where = f"release {self.release}" if self.release else "no new release"
        return (
            f"{len(self.added)} pages added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged in {self.seconds:.1f} s "
            f"({where}){self._phases()}"
        )

    def _phases(self) -> str:
        if self.index is None:
            return ""
        return (
            f"; pages built in {self.pages_seconds:.1f} s, "
            f"search index in {self.index.seconds:.1f} s"
        )


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One publish (or rollback) at a time: a second one exits at once."""
    out.mkdir(parents=True, exist_ok=True)
    handle = open(out / "publish.lock", "w")  # noqa: SIM115 - held for the whole block
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise PublishError(
            f"another publish is running on {out} (lock {out / 'publish.lock'}); "
            "wait for it to finish and try again"
        ) from None
    try:
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def current_release(out: Path) -> str | None:
    link = out / "current"
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def switch(out: Path, release: str) -> None:
    """Point `current` at a release: a new symlink renamed over the old one (atomic)."""
    temporary = out / "current.new"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(f"releases/{release}", temporary)
    os.replace(temporary, out / "current")


def new_release_id(out: Path, existing: list[str]) -> str:
    """A release id that sorts after every earlier one (UTC time; `.NN` within a second)."""
    candidate = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    last = max(existing, default="")
    n = 0
    while candidate <= last or (out / "releases" / candidate).exists():
        n += 1
        candidate = f"{last.split('.')[0]}.{n:02d}"
    return candidate


def _clean_interrupted(out: Path, state: State) -> None:
    """Remove what a killed publish left: its half-built release, its store folders, the
    release in the state (recorded while its index was built, never switched to), and the
    pruned release whose tree it was making its own (`_forget_broken`)."""
    for journal in out.glob("journal-*.txt"):
        release = journal.stem.removeprefix("journal-")
        if release == current_release(out):  # killed just after the switch: it is whole
            journal.unlink()
            continue
        state.forget([release])
        trash.remove(out, journal.read_text().splitlines())  # absolute paths
        shutil.rmtree(out / "releases" / f"{release}.partial", ignore_errors=True)
        journal.unlink()
    _forget_broken(out, state)


def publish(
    app: Flask,
    out: Path,
    *,
    as_of: dt.date,
    full: bool = False,
    dry_run: bool = False,
    keep: int = 5,
    processes: int = 2,
    progress: Callable[[int, str], Callable[[int], None]] | None = None,
    spare: bool = True,
) -> Result:
    """Build a release of the site as of a date; switch `current` to it unless nothing changed.

    `spare`: then start copying its tree for the next publish, detached (`spare`).
    """
    started = time.perf_counter()
    with locked(out), fewer_collections():
        state = State(out / "state.sqlite3")
        try:
            _clean_interrupted(out, state)
            result = _publish(
                app, out, state, as_of, full, dry_run, keep, processes, progress, spare
            )
        finally:
            state.close()
        if spare and result.switched:
            result.copying = spares.start(out, result.release)
    result.seconds = time.perf_counter() - started
    return result


def _publish(app, out, state, as_of, full, dry_run, keep, processes, progress, spare) -> Result:
    current = current_release(out)
    before = state.fingerprints_of(current)
    release = new_release_id(out, state.releases())
    store = out / "store"
    journal_path = out / f"journal-{release}.txt"
    journal = None if dry_run else journal_path.open("a", encoding="utf-8")

    def remember(path: Path) -> None:
        journal.write(f"{path}\n")
        journal.flush()

    settings = {name: str(app.config[name]) for name in ("BASE_URL", "FORMS_URL")}
    try:
        with session_scope(app) as session:
            context = Context.load(session)
            quick = current and not full and not dry_run
            version = fingerprints.version(context, settings)

            def build_with(own: Session, previous: dict[str, Output], keys) -> Build:
                return Build(
                    app,
                    own,
                    as_of,
                    context,
                    store,
                    release,
                    previous,
                    full=full,
                    journal=remember if journal else None,
                    month_keys=keys,
                )

            def render_lists(own: Session, found: fingerprints.Inputs) -> list[Output]:
                """The changed months of the lists, from the previous release's months."""
                mine = State(out / "state.sqlite3")  # (a process's own connection)
                try:
                    kept = mine.outputs_of(current, within="list/")
                finally:
                    mine.close()
                months = _plan(found.months, before, full)
                build = build_with(own, kept, found.month_keys)
                return list(
                    build.months(months, found.month_keys, _ignore, found.month_days, version)
                )

            # the lists' fingerprints are read in another process while this one reads the
            # subjects'; a republish renders the changed months there too, straight after
            # (unchanged subjects mean unchanged months: then it renders none), so that the
            # index's update can start as soon as the subjects are in
            apart = bool(quick) and processes > 1
            lists = Beside(
                processes,
                _with_own_session(
                    session,
                    lambda own: _lists(
                        own, as_of, version, context, render_lists if apart else None
                    ),
                ),
                "the lists",
            )
            subjects = fingerprints.subject_fingerprints(session, as_of, version)
            if quick and fingerprints.same_subjects(before, subjects):
                lists.cancel()
                # every site-wide file is made of these units: nothing to do
                return Result(current, unchanged=state.summary_of(current).get("pages", 0))
            from xinyong.publisher.searchindex import (
                ReadyUpdate,
                ReleaseIndex,
                previous_index,
                spool_path,
            )

            prior = None if full else previous_index(_release_dir(out, current))
            target = out / "releases" / f"{release}.partial" / "index"
            memory_mb = int(app.config["PUBLISH_INDEX_MB"])
            # subjects changed: an update of the index gets ready in a process of its own
            # while this one plans and renders
            ready = None
            if prior is not None and processes > 1 and not dry_run:
                ready = Told(lambda: ReadyUpdate(prior, target, memory_mb), "the search index")
            found = months = None
            if not apart:
                try:
                    found = dataclasses.replace(lists.result()[0], subjects=subjects)
                except BaseException:
                    if ready is not None:
                        ready.cancel()
                    raise
                if quick and _same(before, found):
                    if ready is not None:
                        ready.cancel()
                    return Result(current, unchanged=state.summary_of(current).get("pages", 0))
                months = _plan(found.months, before, full)
            subject_fps = subjects
            subjects = _plan({f"subject/{k}": fp for k, fp in subject_fps.items()}, before, full)
            # the previous release's units (`previous`) are read once the renderers have started
            build = build_with(session, {}, found.month_keys if found else None)
            if dry_run:
                return _dry_run(subjects, months, state.outputs_of(current))
            to_render = sum(unit.render for unit in subjects + (months or []))
            advance = progress(to_render, "Rendering") if progress and to_render else _ignore
            pages_started = time.perf_counter()
            build.indexing = True
            build.index_spool = spool_path(target)
            collect = build.start_subjects(subjects, _most(subjects), processes)
            # the index writer opens after the workers forked; it takes their documents
            changed = [unit.name.removeprefix("subject/") for unit in subjects if unit.render]
            indexer = ReleaseIndex(
                target,
                previous=prior,
                subjects=len(subjects),
                changed=changed,
                gone=_gone(before, subjects),
                memory_mb=memory_mb,
                processes=processes,
                ready=ready,
            )
            build.index_sink = indexer.add
            build.index_files = indexer.adopt
            indexed = None
            saved = False
            try:
                build.previous = previous = state.outputs_of(current)
                if not apart:  # a whole site: the lists render here while the workers render
                    made = build.months(
                        months, found.month_keys, advance, found.month_days, found.version
                    )
                    month_outputs, wide_outputs = _with_site_wide(build, found, months, made)
                subject_outputs = _merge(subjects, previous, collect(advance))
                # every document is in: an update of the index runs in another process while
                # this one makes the sitemap and links the release (a whole index is built
                # after the pages, on every core)
                indexer.read(session, as_of, context)
                indexed = indexer.start(processes)
                if apart:
                    listed, made = lists.result()
                    found = dataclasses.replace(listed, subjects=subject_fps)
                    months = _plan(found.months, before, full)
                    build.month_keys = found.month_keys
                    month_outputs, wide_outputs = _with_site_wide(build, found, months, made)
                sitemap = build.sitemap(
                    found.version, subject_outputs, month_outputs, found.month_keys
                )
                wide_outputs |= _written(build, previous, sitemap)
                static = "site/static"
                static_fp = fingerprints.digest(found.version, "static")
                if not full and static in previous and previous[static].fp == static_fp:
                    wide_outputs[static] = previous[static]
                else:
                    wide_outputs[static] = build.write(
                        static, static_fp, static_files(app), None, {}
                    )
                outputs = {**subject_outputs, **month_outputs, **wide_outputs}
                result = _compare(outputs, previous)
                result.rendered_units = to_render
                if current and not full and not result.added + result.changed + result.removed:
                    indexed.settle()
                    indexer.cancel()
                    shutil.rmtree(out / "releases" / f"{release}.partial", ignore_errors=True)
                    result.release = current
                    return result
                result.release = release
                result.pages_seconds = time.perf_counter() - pages_started
                # the release's tree is linked in another process too (system calls in
                # other folders): the index does not wait for it, nor it for the index
                linked = Beside(
                    processes,
                    lambda: _make_release(out, release, outputs, current, previous),
                    "the release's tree",
                )
                # the release is recorded meanwhile: forgotten again if it fails (or, killed,
                # by the next publish, from its journal)
                saved = True
                state.save_release(
                    release,
                    as_of.isoformat(),
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    {"line": result.line(), "pages": sum(len(o.files) for o in outputs.values())},
                    list(outputs.values()),
                    {name for name, o in outputs.items() if previous.get(name) is not o},
                    None if full else current,
                )
                # the index is part of the release: complete before `current` can switch to it
                try:
                    result.index = indexed.result()
                except BaseException:
                    linked.settle()
                    raise
                linked.result()
            except BaseException:
                lists.cancel()
                if indexed is not None:  # not removed under a process still writing it
                    indexed.settle()
                indexer.cancel()
                shutil.rmtree(out / "releases" / f"{release}.partial", ignore_errors=True)
                if saved:
                    trash.remove(out, state.forget([release]))
                raise
        os.replace(out / "releases" / f"{release}.partial", out / "releases" / release)
        switch(out, release)
        result.switched = True
        if journal:  # the release is whole: a publish killed while pruning must not undo it
            journal.close()
            journal_path.unlink(missing_ok=True)
            journal = None
        result.pruned = prune(out, state, keep, spare)
        result.held = (before, subject_fps, found, subjects, months, previous, outputs, build)
        return result
    finally:
        if journal:
            journal.close()
            journal_path.unlink(missing_ok=True)


def _release_dir(out: Path, release: str | None) -> Path | None:
    return out / "releases" / release if release else None


def _lists(
    session: Session,
    as_of: dt.date,
    version: str,
    context: Context,
    render: Callable[[Session, fingerprints.Inputs], list[Output]] | None,
) -> tuple[fingerprints.Inputs, list[Output] | None]:
    """The lists' fingerprints (`inputs.month_fingerprints`; no subjects'), and their changed
    months rendered by `render` if it is given."""
    found = fingerprints.Inputs(
        version, {}, *fingerprints.month_fingerprints(session, as_of, version, context)
    )
    return found, render(session, found) if render is not None else None


def _plan(fps: dict[str, str], before: dict[str, str], full: bool) -> list[Planned]:
    """The units of these fingerprints, each to render unless the release before (`before`:
    name -> fingerprint) has it as it is."""
    return [Planned(name, fp, full or before.get(name) != fp) for name, fp in fps.items()]


def _with_site_wide(
    build: Build, found: fingerprints.Inputs, months: list[Planned], made
) -> tuple[dict[str, Output], dict[str, Output]]:
    """The months of the lists (those `made`, the others kept) and the site-wide files made
    from them."""
    month_outputs = _merge(months, build.previous, made)
    wide = build.site_wide(found.version, month_outputs, found.month_keys)
    return month_outputs, _written(build, build.previous, wide)


def _written(build: Build, previous: dict[str, Output], units) -> dict[str, Output]:
    """The site-wide units rendered and written where they changed, the previous ones kept."""
    outputs = {}
    for unit, make in units:
        if unit.render:
            outputs[unit.name] = build.write(unit.name, unit.fp, make(), None, {})
        else:
            outputs[unit.name] = previous[unit.name]
    return outputs


def _gone(previous: dict[str, Any], subjects: list[Planned]) -> list[str]:
    """Subjects of the previous release that have no unit in this one."""
    now = {unit.name for unit in subjects}
    return [
        name.removeprefix("subject/")
        for name in previous
        if name.startswith("subject/") and name not in now
    ]


def _same(before: dict[str, str], found: fingerprints.Inputs) -> bool:
    """Whether every subject and month unit has the fingerprint it had in the release."""
    data = {f"subject/{key}": fp for key, fp in found.subjects.items()} | found.months
    kept = {name: fp for name, fp in before.items() if not name.startswith("site/")}
    return kept == data


def _ignore(_n: int) -> None:
    return None


def _most(planned: list[Planned]) -> bool:
    """Render by streaming every subject when most of them changed."""
    return sum(unit.render for unit in planned) > 0.3 * max(len(planned), 1)


def _merge(planned: list[Planned], previous: dict[str, Output], rendered) -> dict[str, Output]:
    outputs = {output.name: output for output in rendered}
    for unit in planned:
        if unit.name not in outputs:
            outputs[unit.name] = previous[unit.name]
    return outputs


def _compare(outputs: dict[str, Output], previous: dict[str, Output]) -> Result:
    result = Result(None)
    for name, output in outputs.items():
        old = previous.get(name)
        if old is not None and old.fp == output.fp and old.dir == output.dir:
            result.unchanged += len(output.files)
            continue
        before = set(old.files) if old else set()
        result.added += [path for path in output.files if path not in before]
        result.changed += [path for path in output.files if path in before]
        result.removed += [path for path in before if path not in set(output.files)]
    for name, old in previous.items():
        if name not in outputs:
            result.removed += list(old.files)
    return result


def _dry_run(subjects, months, previous) -> Result:
    """What a publish would do, by unit (a subject's folder, a month of a list), changing nothing."""
    result = Result(None)
    names = {unit.name for unit in subjects + months}
    for unit in subjects + months:
        if not unit.render:
            result.unchanged += len(previous[unit.name].files)
        elif unit.name in previous:
            result.changed.append(unit.name + "/")
        else:
            result.added.append(unit.name + "/")
    for name in previous:
        if name not in names and not name.startswith("site/"):
            result.removed.append(name + "/")
    return result


class Beside:
    """Work started in a forked process (with one process: done when its result is asked).

    The release's tree is linked (system calls) and an index updated (Python) each in a
    process of its own, while this one goes on; `result` waits and raises what the work
    failed with, as `PublishError`; `settle` only waits, for a cleanup.
    """

    def __init__(self, processes: int, work: Callable[[], Any], what: str) -> None:
        self.work, self.what = work, what
        self.outcome: tuple[bool, Any] | None = None
        self.child = None
        if processes > 1:
            context = multiprocessing.get_context("fork")
            self.receive, send = context.Pipe(duplex=False)
            self.child = context.Process(target=_report_to, args=(send, work), daemon=True)
            self.child.start()
            send.close()

    def result(self) -> Any:
        if self.outcome is None and self.child is None:
            try:
                self.outcome = (True, self.work())
            except BaseException as error:
                self.outcome = (False, f"{type(error).__name__}: {error}")
                raise
        self._wait()
        done, value = self.outcome
        if not done:
            raise PublishError(f"{self.what} could not be made: {value}")
        return value

    def settle(self) -> None:
        """Wait for the process, if one was started; its result is not wanted."""
        self._wait()

    def cancel(self) -> None:
        """The result is not wanted: stop the process, if one was started, without waiting."""
        if self.outcome is None and self.child is not None:
            self.child.terminate()
            self.child.join()
            self.receive.close()
            self.outcome = (False, "cancelled")

    def _wait(self) -> None:
        if self.outcome is not None or self.child is None:
            return
        try:
            self.outcome = self.receive.recv()
        except EOFError:  # it died without a word (killed)
            self.outcome = (False, f"it ended with exit code {self.child.exitcode}")
        finally:
            self.child.join()
            self.receive.close()


class Told(Beside):
    """Work in a forked process that gets itself ready, then does what it is told.

    `ready` runs at once and makes the object whose methods the orders name: `tell`
    sends one (`name`, its arguments) and goes on; `finish` sends the last, whose
    value is the result. `cancel` ends it. Finished, it is a `Beside`: `result`, `settle`.
    """

    def __init__(self, ready: Callable[[], Any], what: str) -> None:
        context = multiprocessing.get_context("fork")
        orders, self.send = context.Pipe(duplex=False)
        sending = self.send

        def work() -> Any:
            sending.close()  # the parent's end: when the parent goes, `recv` ends
            target = ready()
            while True:
                name, args, last = orders.recv()
                value = getattr(target, name)(*args)
                if last:
                    return value

        super().__init__(2, work, what)
        orders.close()

    def tell(self, name: str, *args: Any) -> None:
        self.send.send((name, args, False))

    def finish(self, name: str, *args: Any) -> Told:
        with self.send:
            self.send.send((name, args, True))
        return self

    def cancel(self) -> None:
        self.send.close()
        super().cancel()


def _with_own_session(session: Session, work: Callable[[Session], Any]) -> Callable[[], Any]:
    """`work` for `Beside`: given this session in this process, a connection of its own in a
    forked one (a connection is never shared across a fork)."""
    parent = os.getpid()

    def run() -> Any:
        if os.getpid() == parent:
            return work(session)
        with session_after_fork(session) as own:
            return work(own)

    return run


def _report_to(send: Any, work: Callable[[], Any]) -> None:
    """In the forked process: do the work, then send (True, its result) or (False, why not)."""
    try:
        send.send((True, work()))
    except BaseException as error:  # noqa: BLE001 - the parent raises it
        send.send((False, f"{type(error).__name__}: {error}"))
    finally:
        send.close()


#: a copy of the current release's tree (`spare`) is made the new one's when at most this
#: share of units differ
RECYCLE_SHARE = 0.3


def _make_release(
    out: Path,
    release: str,
    outputs: dict[str, Output],
    current: str | None,
    previous: dict[str, Output],
) -> None:
    """The release's tree: the copy of the current one (`spare`) changed where it differs,
    or a new one."""
    partial = out / "releases" / f"{release}.partial"
    site = partial / "site"
    before = out / "releases" / current / "site" if current else None
    units = sorted(outputs.values(), key=lambda o: o.name)
    copy = spares.ready(out, current)
    if copy is not None:
        stale = [
            o for name, o in previous.items() if name not in outputs or outputs[name].dir != o.dir
        ]
        if len(stale) + len(outputs.keys() - previous.keys()) <= RECYCLE_SHARE * len(outputs):
            partial.mkdir(parents=True, exist_ok=True)  # the index may be there already
            os.replace(copy, site)
            copy.parent.rmdir()
            kept = {name: (o.fp, o.dir) for name, o in previous.items()}
            relink_release(site, units, kept, stale, out, before, previous)
            return
    site.mkdir(parents=True)  # the index may be there already
    link_release(site, units, out, before, previous)


def _pruned(releases: list[str], current: str | None, keep: int) -> list[str]:
    """The releases a prune drops: all but the newest `keep` and the current one."""
    kept = set(releases[-max(keep, 1) :]) | {current}
    return [release for release in releases if release not in kept]


def _forget_broken(out: Path, state: State) -> None:
    """Forget the releases whose tree is gone (a publish folder of an earlier version, whose
    publishes took a pruned release's tree, and failed or were killed), and remove what is
    left of them."""
    current = current_release(out)
    broken = [
        release
        for release in state.releases()
        if release != current and not (out / "releases" / release / "site").is_dir()
    ]
    if broken:
        trash.discard(out, state.forget(broken), broken)


def prune(out: Path, state: State, keep: int, spare: bool = False) -> list[str]:
    """Keep the newest `keep` releases (and the current one); remove the rest and their files.

    `spare`: the newest one's tree is kept, to be changed into the next copy (`spare`)."""
    dropped = _pruned(state.releases(), current_release(out), keep)
    folders = state.forget(dropped)
    if spare and dropped:
        spares.keep(out, dropped[-1])
    # the releases (trees, indexes) and store folders go in a process of their own: after a
    # whole-site re-render they are a whole old site, minutes of deleting that the publish
    # need not wait for
    trash.discard(out, folders, dropped)
    return dropped


def rollback(out: Path) -> str:
    """Point `current` at the release before it; the release rolled back from stays."""
    with locked(out):
        state = State(out / "state.sqlite3")
        try:
            _forget_broken(out, state)
            releases = state.releases()
        finally:
            state.close()
        current = current_release(out)
        if current not in releases:
            raise PublishError(f"nothing to roll back: {out} has no current release")
        index = releases.index(current)
        if index == 0:
            raise PublishError(f"{current} is the oldest release kept; there is none before it")
        previous = releases[index - 1]
        switch(out, previous)
        return previous
