"""Rendering the site in bulk: each unit from data read in bulk, through the site's pages.

A unit is what is rendered and shared as one: a subject's folder (its page and
report), a month of a list (its pages), or a set of site-wide files (home,
statistics, feed, a list's landing page, a year of open data, the sitemap).
Units are written to the store once, under their name and input fingerprint;
a release links them in whole.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from flask import Flask
from sqlalchemy.orm import Session

from xinyong.credit import public
from xinyong.credit.public import LISTS, Context, Department, ListEntry
from xinyong.publisher import inputs as fingerprints
from xinyong.publisher import months as month
from xinyong.publisher.state import Output
from xinyong.publisher.trash import data_parts
from xinyong.search.documents import Document, with_hashes
from xinyong.site import LINES, data, links, opendata, pages, summary

#: subjects rendered per batch when rendering in several processes, and from how many on
BATCH = 1000
PARALLEL_FROM = 400
#: a change of a few hundred subjects still gives every process a few batches
SMALLEST_BATCH = 50

#: what a forked worker renders with (set in the parent just before the fork): the build,
#: the subjects wanted, their batches, the number of the next batch not yet taken, and
#: the number of files a batch's search documents are dealt over (the indexing processes)
_WORKER: tuple[Build, dict[str, Planned], list[list[str]], Any, int] | None = None

#: the rendering workers' garbage collection thresholds (the default is 700, 10, 10)
GC_THRESHOLDS = (20_000, 20, 20)

#: a list is read whole (one query) instead of month by month past this share of changed months
WHOLE_LIST_SHARE = 0.2

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Joined:
    """A file's bytes as pieces: bytes, and files whose contents the kernel copies in."""

    pieces: tuple[bytes | Path, ...]

    def write(self, destination: str) -> None:
        with open(destination, "wb", buffering=0) as handle:
            for piece in self.pieces:
                if isinstance(piece, bytes):
                    handle.write(piece)
                    continue
                with open(piece, "rb", buffering=0) as source:
                    copy_range(source, handle, os.fstat(source.fileno()).st_size)


def copy_range(source: Any, target: Any, size: int) -> None:
    """`size` bytes from one open file to another, in the kernel where it can."""
    try:
        while size > 0:
            copied = os.copy_file_range(source.fileno(), target.fileno(), size)
            if not copied:
                break
            size -= copied
    except OSError:  # a file system that cannot: through user space
        shutil.copyfileobj(source, target)
        return
    if size:
        shutil.copyfileobj(source, target)


class Planned(NamedTuple):
    """A unit of the new release and whether it must be rendered."""

    name: str
    fp: str
    render: bool


@dataclass
class Build:
    app: Flask
    session: Session
    as_of: dt.date
    context: Context
    store: Path
    release: str
    previous: dict[str, Output]
    full: bool = False
    written: list[Path] = field(default_factory=list)
    journal: Callable[[Path], None] | None = None
    #: whether rendered subjects give their search documents (set before workers fork) …
    indexing: bool = False
    #: … to this, in the publishing process (the index writer opens after the fork)
    index_sink: Callable[[Document], None] | None = None
    #: a forked worker spools its batch's documents to files named from this (set before the
    #: fork: `<index_spool>-<batch>.<part>`), never through the pool's pipe; the publishing
    #: process hands the files to the index with this
    index_spool: Path | None = None
    index_files: Callable[[list[Path]], None] | None = None
    #: the lists' month units (`inputs.Inputs.month_keys`): their departments are those of
    #: the lists (`departments`)
    month_keys: dict[str, tuple[str, str | None, str]] | None = None
    #: each 双公示 list's departments, found once a publish (`departments`)
    read_departments: dict[str, list[Department]] = field(default_factory=dict)

    def departments(self, which: str) -> list[Department]:
        """The departments of a 双公示 list (`public.departments`): the months, the site-wide
        files and the sitemap all ask. The lists' scan (`inputs.month_fingerprints`) made a
        month unit for every department with a record of the list, so they are those of its
        month units; a query of their own scans the list's index (0.1-0.4 s at 100,000
        subjects)."""
        found = self.read_departments.get(which)
        if found is None:
            if self.month_keys is None:
                found = public.departments(self.session, which, context=self.context)
            else:
                usccs = {uscc for w, uscc, _period in self.month_keys.values() if w == which}
                ids = (p.id for p in self.context.providers.values() if p.uscc in usccs)
                found = public.named_departments(self.context, ids)
            self.read_departments[which] = found
        return found

    # -- writing ---------------------------------------------------------------

    def write(
        self,
        name: str,
        fp: str,
        files: dict[str, bytes],
        folder: str | None,
        meta: dict,
        parts: tuple[bytes, bytes] | None = None,
        days: list[month.Day] | None = None,
        linked: dict[str, str] | None = None,
    ) -> Output:
        """Write a unit's files to the store; `files` are site paths.

        `parts`, a month's open data rows already encoded (JSON records, CSV lines),
        go beside the folder as the year files' parts (`<folder>.data.json`,
        `<folder>.data.csv`), not in it: a year's files are joined from them without
        reading or encoding the list again. `meta["rows"]` is their hash: a year is
        re-made only when its rows changed. `days` (a month's, see `months.py`) go
        beside it too; `linked` are files (site path -> store file) of a previous
        folder that this one shares: hard links, not written again.
        """
        if not files and not linked:
            return Output(name, fp, None, (), meta, folder)
        unit = f"{name}@{fp[:16]}.{self.release}"
        target = self.store / unit
        if self.journal:
            self.journal(target)
        if parts is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            json_part, csv_part, _days = data_parts(target)
            json_part.write_bytes(parts[0])
            csv_part.write_bytes(parts[1])
            meta = {**meta, "rows": hashlib.sha256(parts[0]).hexdigest()}
        prefix = f"{folder.rstrip('/')}/" if folder else ""
        root = str(target)
        made: set[str] = set()  # plain strings and a folder made once: 2.8 GB of small files

        def place(path: str) -> str:
            destination = os.path.join(root, path[len(prefix) :] if prefix else path)
            parent = os.path.dirname(destination)
            if parent not in made:
                _folder(parent)
                made.add(parent)
            return destination

        for path, body in files.items():
            if isinstance(body, Joined):
                body.write(place(path))
            else:
                _write_file(place(path), body)
        for path, source in (linked or {}).items():
            os.link(source, place(path))
        if days is not None:
            month.save(target, days)
        # `target` relative to the store's parent, as text (`relative_to`: a tenth of a write)
        directory = f"{self.store.name}/{unit}"
        return Output(name, fp, directory, (*files, *(linked or {})), meta, folder)

    def render(self, page: pages.Page) -> bytes:
        return pages.render(self.app, page)

    # -- subjects --------------------------------------------------------------

    def start_subjects(
        self, planned: list[Planned], everything: bool, processes: int = 1
    ) -> Callable[[Progress], Iterator[Output]]:
        """Start rendering the changed subjects; the returned function collects the outputs.

        With several processes the forked workers start at once, so the publishing
        process can render the lists meanwhile, and collect the subjects after.
        """
        wanted = {unit.name.removeprefix("subject/"): unit for unit in planned if unit.render}
        if processes > 1 and len(wanted) >= PARALLEL_FROM:
            return self._subjects_in_parallel(wanted, processes)
        keys = None if everything else sorted(wanted)
        return lambda progress: self._subjects(wanted, progress, keys) if wanted else iter(())

    def _subjects_in_parallel(
        self, wanted: dict[str, Planned], processes: int
    ) -> Callable[[Progress], Iterator[Output]]:
        """Subjects in batches over forked processes, each with its own database connection.

        Every process takes the next batch not yet taken, the publishing process too once
        it has rendered the lists: all cores stay busy until the last batch is done.
        """
        global _WORKER
        if self.indexing and self.index_spool is None:
            raise ValueError("indexing workers need `index_spool`, where they spool documents")
        context = multiprocessing.get_context("fork")
        keys = sorted(wanted)
        size = min(BATCH, max(SMALLEST_BATCH, -(-len(keys) // (4 * (processes + 1)))))
        batches = [keys[n : n + size] for n in range(0, len(keys), size)]
        taken = context.Value("i", 0)
        _WORKER = (self, wanted, batches, taken, processes)
        pool = context.Pool(processes, initializer=_start_worker)
        results = pool.imap_unordered(_render_next_batch, range(len(batches)))

        def collect(progress: Progress) -> Iterator[Output]:
            global _WORKER
            try:
                while (number := _next_batch(batches, taken)) is not None:
                    # a batch of this process's own goes to the index as a worker's does
                    mine = self._batch(number, batches[number], wanted, processes)
                    yield from self._collected([mine], progress)
                    yield from self._collected(_ready(results), progress)
                yield from self._collected(results, progress)
                pool.close()
            finally:
                pool.terminate()
                pool.join()
                _WORKER = None

        return collect

    def _collected(
        self, results: Iterable[tuple[list[Output], list[Path]]], progress: Progress
    ) -> Iterator[Output]:
        """The workers' outputs; the files of their search documents go to the index here."""
        for outputs, spooled in results:
            if self.index_files is not None:
                self.index_files(spooled)
            else:
                for path in spooled:
                    path.unlink(missing_ok=True)
            progress(len(outputs))
            yield from outputs

    def _subjects(
        self, wanted: dict[str, Planned], progress: Progress, keys: list[str] | None
    ) -> Iterator[Output]:
        seen = set()
        indexed: list[public.PublicFile] = []
        for file in public.files(self.session, self.as_of, keys, context=self.context):
            key = file.subject.key
            unit = wanted.get(key)
            if unit is None:
                continue
            seen.add(key)
            rendered = {page.file: self.render(page) for page in pages.subject_pages(file)}
            if self.index_sink is not None:
                indexed.append(file)
                if len(indexed) >= public.CHUNK:
                    self._index(indexed, wanted)
                    indexed = []
            yield self.write(unit.name, unit.fp, rendered, links.subject(key), {})
            progress(1)
        self._index(indexed, wanted)
        for key in wanted.keys() - seen:  # nothing public (a person): no pages
            yield Output(wanted[key].name, wanted[key].fp, None, (), {}, links.subject(key))
            progress(1)

    def _batch(
        self, number: int, keys: list[str], wanted: dict[str, Planned], parts: int
    ) -> tuple[list[Output], list[Path]]:
        """A batch's outputs, and the files of its search documents for the release's index.

        The documents are pickled once, into files of the batch's own (dealt over the
        indexing processes' parts like the index's spool): a worker's go there, not through
        the pool's pipe to the publishing process, which would unpickle them and pickle them
        again; and each batch's, the publishing process's too, is handed to the index when
        it is done (an update takes them in while the other batches render).
        """
        spool = None
        if self.indexing and self.index_spool is not None:
            from xinyong.search.spool import Spool

            self.index_spool.parent.mkdir(parents=True, exist_ok=True)
            spool = Spool(self.index_spool.with_name(f"{self.index_spool.name}-{number}"), parts)
        sink, self.index_sink = self.index_sink, spool.add if spool is not None else None
        try:
            outputs = list(self._subjects({key: wanted[key] for key in keys}, _ignore, keys))
        except BaseException:
            if spool is not None:
                spool.remove()
            raise
        finally:
            self.index_sink = sink
        return outputs, spool.close() if spool is not None else []

    def _index(self, files: list[public.PublicFile], wanted: dict[str, Planned]) -> None:
        """The search documents of rendered files (persons' keyed hashes in one query), each
        with its subject unit's fingerprint (`documents.from_file`)."""
        if self.index_sink is not None and files:
            fps = {file.subject.key: wanted[file.subject.key].fp for file in files}
            for document in with_hashes(self.session, files, fps):
                self.index_sink(document)

    # -- months of the lists ----------------------------------------------------

    def months(
        self,
        planned: list[Planned],
        keys: dict[str, tuple[str, str | None, str]],
        progress: Progress,
        days: dict[str, list[tuple[dt.date, bytes]]] | None = None,
        version: str = "",
    ) -> Iterator[Output]:
        """Render the changed months; each month's entries are read once for all departments.

        In the publishing process itself: read a list whole, it is cheaper than a query
        per month in forked workers (measured). A month of which only some days changed
        (`days`: each unit's rows by day, see `inputs.day_fingerprints`) makes only their
        pages again (`months.py`).

        A list read whole is hundreds of thousands of entries made and dropped: what the
        publish held before is out of the garbage collector's scans meanwhile, and the
        publish collects as the workers do (`fewer_collections`; measured at 100,000
        subjects: 4 s of collections, then under 2).
        """
        gc.freeze()
        try:
            yield from self._months(planned, keys, progress, days or {}, version)
        finally:
            gc.unfreeze()
            # the lines of the last month made: not kept while this process renders subjects
            self.app.extensions[LINES].forget()

    def _months(
        self,
        planned: list[Planned],
        keys: dict[str, tuple[str, str | None, str]],
        progress: Progress,
        rows: dict[str, list[tuple[dt.date, bytes]]],
        version: str,
    ) -> Iterator[Output]:
        periods: dict[str, dict[str, list[Planned]]] = defaultdict(lambda: defaultdict(list))
        for unit in planned:
            if unit.render:
                which, _dept, period = keys[unit.name]
                periods[which][period].append(unit)
        self._departments = {
            which: {d.uscc: d for d in self.departments(which)} for which in data.BY_DEPARTMENT
        }
        self._keys = keys
        self._days = {
            unit.name: fingerprints.day_fingerprints(version, rows[unit.name])
            for unit in planned
            if unit.render and unit.name in rows
        }
        for which, changed in periods.items():
            total = sum(1 for name in keys if keys[name][0] == which and keys[name][1] is None)
            plans = {unit.name: self._plan(unit) for units in changed.values() for unit in units}
            # a month of every department made whole is read once for its departments too
            whole = {
                period
                for period, units in changed.items()
                if any(plans[unit.name] is None and not keys[unit.name][1] for unit in units)
            }
            for period, entries in self._entries(which, sorted(whole), total):
                outputs = self._period(which, period, changed.get(period, []), entries, plans)
                progress(len(outputs))
                yield from outputs
            for period in sorted(changed.keys() - whole):
                outputs = self._period(which, period, changed[period], None, plans)
                progress(len(outputs))
                yield from outputs

    def _plan(self, unit: Planned) -> month.Plan | None:
        """Which days of a changed month changed since the previous release (None: all)."""
        old = self.previous.get(unit.name)
        if self.full or old is None or not old.dir or unit.name not in self._days:
            return None
        if old.meta.get("pages", 0) < month.SMALLEST:
            return None
        folder = self.store.parent / old.dir
        return month.plan(month.load(folder), self._days[unit.name], old.meta.get("pages", 0))

    def _period(
        self,
        which: str,
        period: str,
        units: list[Planned],
        entries: list[ListEntry] | None,
        plans: dict[str, month.Plan | None],
    ) -> list[Output]:
        outputs = []
        by_source: tuple[list[ListEntry], dict[str | None, list[ListEntry]]] | None = None
        # the days the month of every department read, for its departments' months
        days_read: dict[str, list[ListEntry]] = {}
        # the month of every department first: made whole, its entries serve its departments
        for unit in sorted(units, key=lambda unit: self._keys[unit.name][1] is not None):
            _which, uscc, _period = self._keys[unit.name]
            dept = self._departments.get(which, {}).get(uscc) if uscc else None
            shown = None
            if entries is not None and uscc:
                if by_source is None or by_source[0] is not entries:  # cut once for them all
                    by_source = (entries, _by_source(entries))
                shown = by_source[1].get(uscc, [])
            elif entries is not None:
                shown = entries
            plan = plans.get(unit.name)
            made = (
                self._partial(unit, plan, which, dept, period, shown, days_read) if plan else None
            )
            if not isinstance(made, Output):
                shown = made if made is not None else shown
                if shown is None:
                    shown = self._read(which, dept, period)
                if uscc is None:
                    entries = shown
                made = self._month(unit, which, dept, period, shown)
            outputs.append(made)
        return outputs

    def _read(self, which: str, dept: Department | None, period: str) -> list[ListEntry]:
        return data.month_entries(self.session, which, period, self.as_of, self.context, dept)

    def _entries(
        self, which: str, periods: list[str], total: int
    ) -> Iterator[tuple[str, list[ListEntry]]]:
        if len(periods) > WHOLE_LIST_SHARE * max(total, 1):
            wanted = set(periods)
            stream = public.list_entries(self.session, which, self.as_of, context=self.context)
            found = set()
            for period, entries in summary.by_month(stream):
                if period in wanted:
                    found.add(period)
                    yield period, entries
            for period in wanted - found:
                yield period, []
            return
        for period in periods:
            yield period, data.month_entries(self.session, which, period, self.as_of, self.context)

    def _month(
        self,
        unit: Planned,
        which: str,
        dept: Department | None,
        period: str,
        entries: list[ListEntry],
    ) -> Output:
        folder = links.month(which, dept.uscc if dept else None, period)
        made = pages.month_pages(which, dept, period, entries) if entries else []
        rendered = {page.file: self.render(page) for page in made}
        if len(made) < month.SMALLEST:  # made whole whatever changes: nothing kept by day
            rows = [opendata.row(which, entry) for entry in entries] if dept is None else None
            parts = (opendata.json_records(rows), opendata.csv_lines(rows)) if rows else None
            meta = summary.summarise(entries)
            return self.write(unit.name, unit.fp, rendered, folder, meta, parts)
        days, parts = month.whole(which, self._days.get(unit.name, {}), entries, dept is None)
        meta = month.summarised(days, entries)
        return self.write(unit.name, unit.fp, rendered, folder, meta, parts, days)

    def _partial(
        self,
        unit: Planned,
        plan: month.Plan,
        which: str,
        dept: Department | None,
        period: str,
        entries: list[ListEntry] | None,
        days_read: dict[str, list[ListEntry]],
    ) -> Output | list[ListEntry]:
        """Only the pages of a month that its changed days are on, or all its entries to make
        it whole (its changed days read once). `days_read`: the days the month of every
        department read (kept by it, taken by its departments' months: a day a record
        changed on is a changed day of both)."""
        if entries is not None:
            everything = month.by_day(entries)

            def read(days: list[str]) -> dict[str, list[ListEntry]]:
                return {day: everything[day] for day in days if day in everything}
        else:
            known = set(plan.fps) | set(plan.previous)

            def read(days: list[str]) -> dict[str, list[ListEntry]]:
                found: dict[str, list[ListEntry]] = {}
                if dept is not None:
                    for day in (day for day in days if day in days_read):
                        mine = [e for e in days_read[day] if e.record.source_uscc == dept.uscc]
                        if mine:
                            found[day] = mine
                    days = [day for day in days if day not in days_read]
                for since, until in month.runs(days, known):
                    found.update(month.by_day(self._range(which, dept, since, until)))
                if dept is None:
                    days_read.update({day: found.get(day, []) for day in days})
                return found

        fresh = read(sorted(plan.changed))
        made = month.pages_of(plan, fresh)
        if made is None:
            every = {**read(sorted(plan.fps.keys() - plan.changed)), **fresh}
            return [entry for day in sorted(every) for entry in every[day]]
        shown = {**fresh, **read(sorted(made.needed - plan.changed))}
        old = self.previous[unit.name]
        uscc = dept.uscc if dept else None
        folder = links.month(which, uscc, period)
        rendered = {}
        for number in made.numbers:
            page = pages.month_page(
                which, dept, period, number, made.count, made.entries(number, shown)
            )
            rendered[page.file] = self.render(page)
        order = [
            links.output_file(links.month(which, uscc, period, n)) for n in range(1, made.count + 1)
        ]
        source = str(self.store.parent / old.dir)
        linked = {
            path: os.path.join(source, path.removeprefix(folder))
            for path in set(order) - rendered.keys()
        }
        days, parts = self._days_and_parts(which, plan, fresh, old, dept is None)
        # the newest lines: from the month's last days, read when one of them changed
        tail = [entry for day in sorted(shown) for entry in shown[day]] if made.latest else None
        meta = month.summarised(days, tail, old.meta.get("latest", []))
        written = self.write(unit.name, unit.fp, rendered, folder, meta, parts, days, linked)
        return written._replace(files=tuple(order))

    def _range(
        self, which: str, dept: Department | None, since: dt.date, until: dt.date
    ) -> Iterator[ListEntry]:
        return public.list_entries(
            self.session,
            which,
            self.as_of,
            provider_id=dept.id if dept else None,
            since=since,
            until=until,
            context=self.context,
        )

    def _days_and_parts(
        self,
        which: str,
        plan: month.Plan,
        fresh: dict[str, list[ListEntry]],
        old: Output,
        with_rows: bool,
    ) -> tuple[list[month.Day], tuple[bytes, bytes] | None]:
        """The month's days and open data rows: the changed days' new, the others' kept."""
        order = sorted(plan.fps)
        changed = sorted(day for day in order if day in plan.changed)
        if with_rows:
            json_part, csv_part, _days = data_parts(self.store.parent / old.dir)
            kept = month.old_segments(
                sorted(plan.previous.values(), key=lambda day: day.day),
                json_part.read_bytes(),
                csv_part.read_bytes(),
            )
            new = dict(zip(changed, month.parts(which, changed, fresh), strict=True))
            segments = [new[day] if day in new else kept[day] for day in order]
        else:
            segments = [(b"", b"")] * len(order)
        days = []
        for day, (as_json, as_csv) in zip(order, segments, strict=True):
            if day in plan.changed:
                by_dept, by_item = summary.counts(fresh.get(day, []))
                count = len(fresh.get(day, []))
            else:
                before = plan.previous[day]
                by_dept, by_item, count = before.by_dept, before.by_item, before.count
            days.append(
                month.Day(day, plan.fps[day], count, by_dept, by_item, len(as_json), len(as_csv))
            )
        return days, month.joined(segments) if with_rows else None

    # -- the site-wide files -----------------------------------------------------

    def site_wide(
        self,
        version: str,
        months: dict[str, Output],
        keys: dict[str, tuple[str, str | None, str]],
    ) -> list[tuple[Planned, Callable[[], dict[str, bytes]]]]:
        """The site-wide units made from the lists, each with its fingerprint and how to render it.

        They need only the months: they render while the subjects still do (`sitemap` waits).
        """
        lists: dict[tuple[str, str | None], dict[str, dict[str, Any]]] = defaultdict(dict)
        fps: dict[tuple[str, str | None], list[str]] = defaultdict(list)
        for name, output in months.items():
            which, uscc, period = keys[name]
            fps[(which, uscc)].append(output.fp)
            if output.meta.get("count"):
                lists[(which, uscc)][period] = output.meta
        every = {which: lists.get((which, None), {}) for which in LISTS}
        by_list: dict[str, list[tuple[str, Output]]] = defaultdict(list)
        for name, output in months.items():
            if not keys[name][1]:
                by_list[keys[name][0]].append((name, output))
        overall = fingerprints.combine(version, [o.fp for n, o in months.items() if not keys[n][1]])
        overview = summary.overview(every)
        units: list[tuple[str, str, Callable[[], list[pages.Page]]]] = [
            ("site/home", overall, lambda: [pages.home_page(overview)]),
            ("site/stats", overall, lambda: [pages.stats_page(overview)]),
            ("site/feed", overall, lambda: [pages.feed_page(overview)]),
            (
                "site/dictionary",
                overall,
                lambda: [pages.dictionary_page(data.data_years(every))],
            ),
            ("site/fixed", version, pages.fixed_pages),
        ]
        for which in LISTS:
            depts = self.departments(which) if which in data.BY_DEPARTMENT else []
            shown = [(d.id, d.name, d.uscc) for d in depts]
            for dept in [None, *depts]:
                uscc = dept.uscc if dept else None
                fp = fingerprints.combine(version, [*fps.get((which, uscc), []), repr(shown)])
                units.append(
                    (
                        f"site/{links.listing(which, uscc)}",
                        fp,
                        _landing(which, dept, lists.get((which, uscc), {}), depts),
                    )
                )
            years = sorted({int(period[:4]) for period in every[which]})
            for year in years:
                year_months = sorted(
                    (
                        (keys[n][2], o)
                        for n, o in by_list.get(which, [])
                        if keys[n][2][:4] == str(year)
                    ),
                    key=lambda pair: pair[0],
                )
                # the rows' content, not the months' inputs: a label the data do not show
                year_rows = [(period, o.meta.get("rows")) for period, o in year_months]
                units.append(
                    (
                        f"site/data/{which}-{year}",
                        fingerprints.digest(version, year_rows),
                        self._data(which, year, [o for _period, o in year_months]),
                    )
                )
        return [self._planned(name, fp, make) for name, fp, make in units]

    def sitemap(
        self,
        version: str,
        subjects: dict[str, Output],
        months: dict[str, Output],
        keys: dict[str, tuple[str, str | None, str]],
    ) -> list[tuple[Planned, Callable[[], dict[str, bytes]]]]:
        """The sitemap: its index, and a unit per group of pages, re-made when its pages changed."""
        if self._same_pages(version, subjects, months):  # the previous sitemap, not re-counted
            return [
                (Planned(name, old.fp, False), _made([]))
                for name, old in self.previous.items()
                if name == "site/sitemap" or name.startswith("site/sitemap/")
            ]
        # the subjects' groups are the previous ones when every subject has the pages it had:
        # their 200,000 paths are not made, grouped and hashed again
        kept = {}
        if self._same_pages(version, subjects, within="subject/"):
            subjects = {}
            kept = {
                name.removeprefix("site/sitemap/"): old
                for name, old in self.previous.items()
                if name.startswith(f"site/sitemap/{pages.SUBJECT_GROUPS}")
            }
        groups = pages.sitemap_groups(self._paths(subjects, months, keys))
        units = []
        files = []
        for group in sorted(groups.keys() | kept.keys()):
            if group in kept:
                files += kept[group].files  # a sitemap file's path is its file's
                units.append((Planned(f"site/sitemap/{group}", kept[group].fp, False), _made([])))
                continue
            made = pages.sitemap_files(group, groups[group])
            files += [page.path for page in made]
            fp = fingerprints.digest(version, groups[group])
            units.append(self._planned(f"site/sitemap/{group}", fp, _made(made)))
        index = self._planned(
            "site/sitemap", fingerprints.digest(version, files), _made([pages.sitemap_index(files)])
        )
        return [index, *units]

    def _same_pages(self, version: str, *made: dict[str, Output], within: str = "") -> bool:
        """Whether these units have the pages of the previous release (same version), and are
        all its units (but the site-wide ones) whose name starts with `within`."""
        fixed = self.previous.get("site/fixed")  # its fingerprint is the version
        if self.full or fixed is None or fixed.fp != version:
            return False
        count = 0
        for outputs in made:
            for name, output in outputs.items():
                old = self.previous.get(name)
                if old is None or len(old.files) != len(output.files):
                    return False
                count += 1
        return count == sum(
            1 for name in self.previous if name.startswith(within) and not name.startswith("site/")
        )

    def _planned(
        self, name: str, fp: str, make: Callable[[], list[pages.Page]]
    ) -> tuple[Planned, Callable[[], dict[str, bytes]]]:
        old = self.previous.get(name)
        unit = Planned(name, fp, self.full or old is None or old.fp != fp)
        return unit, _rendering(self, make)

    def _data(self, which: str, year: int, months: list[Output]) -> Callable[[], list[pages.Page]]:
        """A year of a list's open data, joined from its months' rows (in month order)."""

        def make() -> list[pages.Page]:
            as_json: list[Path] = []
            as_csv: list[Path] = []
            for output in months:
                if output.dir:
                    json_part, csv_part, _days = data_parts(self.store.parent / output.dir)
                    if json_part.stat().st_size:
                        as_json.append(json_part)
                        as_csv.append(csv_part)
            if not as_json:
                return []
            records: list[bytes | Path] = []
            for part in as_json:
                records += [opendata.JSON_JOIN, part] if records else [part]
            head, tail = opendata.json_ends(which, year)
            return [
                pages.Page(
                    links.data_file(which, year, "csv"), body=Joined((opendata.csv_head(), *as_csv))
                ),
                pages.Page(
                    links.data_file(which, year, "json"), body=Joined((head, *records, tail))
                ),
            ]

        return make

    def _paths(
        self,
        subjects: dict[str, Output],
        months: dict[str, Output],
        keys: dict[str, tuple[str, str | None, str]],
    ) -> list[str]:
        paths = list(data.FIXED_PATHS)
        for output in subjects.values():
            if output.files:
                key = output.name.removeprefix("subject/")
                paths += [links.subject(key), links.report(key)]
        landings = set()
        for name, output in months.items():
            which, uscc, period = keys[name]
            landings.add(links.listing(which, uscc))
            paths += [links.month(which, uscc, period, n) for n in range(1, len(output.files) + 1)]
        for which in LISTS:
            landings.add(links.listing(which))
            if which in data.BY_DEPARTMENT:
                for dept in self.departments(which):
                    landings.add(links.listing(which, dept.uscc))
        return paths + sorted(landings)


def _by_source(entries: list[ListEntry]) -> dict[str | None, list[ListEntry]]:
    """A month's entries by the department that reported them, in the month's order."""
    found: dict[str | None, list[ListEntry]] = defaultdict(list)
    for entry in entries:
        found[entry.record.source_uscc].append(entry)
    return found


def _landing(
    which: str,
    dept: Department | None,
    months: dict[str, dict[str, Any]],
    depts: list[Department],
) -> Callable[[], list[pages.Page]]:
    return lambda: [pages.landing_page(which, dept, months, depts)]


def _made(made: list[pages.Page]) -> Callable[[], list[pages.Page]]:
    return lambda: made


def _rendering(
    build: Build, make: Callable[[], list[pages.Page]]
) -> Callable[[], dict[str, bytes]]:
    return lambda: {page.file: build.render(page) for page in make()}


#: how a page is written: a new file (or one of an interrupted run, emptied first)
_WRITING = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _folder(path: str) -> None:
    """A folder and its parents: one `mkdir` where the parent is there (a unit's folders)."""
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)


def _write_file(path: str, body: bytes) -> None:
    """Three system calls a page (`open()` adds a stat, an ioctl, a seek and a buffer)."""
    descriptor = os.open(path, _WRITING, 0o666)
    try:
        view = memoryview(body)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector's young generations collected as in the workers
    (`GC_THRESHOLDS`): a publish makes a great many objects and few cycles."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _start_worker() -> None:
    """In a forked worker: a connection of its own, never the parent's.

    What the worker inherited is never garbage: it is frozen, out of the collector's
    scans (which would also touch, and so copy, the parent's pages), and the young
    generation is collected less often (a page makes many short-lived objects, few cycles).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    build = _WORKER[0]
    build.session = session_after_fork(build.session)


def session_after_fork(session: Session) -> Session:
    """In a forked process: a session on a connection of its own (the connections it
    inherited are the parent's, never used here nor closed)."""
    engine = session.get_bind()
    engine.dispose(close=False)
    return Session(engine)


def _ready(results: Any) -> Iterator[tuple[list[Output], list[Path]]]:
    """The workers' batches done by now, without waiting (so that they do not pile up)."""
    while True:
        try:
            yield results.next(timeout=0)
        except (multiprocessing.TimeoutError, StopIteration):
            return


def _next_batch(batches: list[list[str]], taken: Any) -> int | None:
    """The number of the next batch no process has taken yet (each is taken once), or None."""
    with taken.get_lock():
        number = taken.value
        if number >= len(batches):
            return None
        taken.value = number + 1
    return number


def _render_next_batch(_task: int) -> tuple[list[Output], list[Path]]:
    """In a worker: the next batch's outputs, and the files of its search documents (`_batch`).

    One task per batch: a task finding every batch taken (by the publishing process) is empty.
    """
    build, wanted, batches, taken, parts = _WORKER
    number = _next_batch(batches, taken)
    if number is None:
        return [], []
    return build._batch(number, batches[number], wanted, parts)


def _ignore(_n: int) -> None:
    return None


def static_files(app: Flask) -> dict[str, bytes]:
    """The static files the site uses (as Frozen-Flask freezes them: no Python files)."""
    root = Path(app.static_folder or "")
    found = {}
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and path.suffix not in (".py", ".pyc")
            and "__pycache__" not in path.parts
        ):
            found[f"static/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return found


def link_release(
    site: Path,
    outputs: list[Output],
    store_root: Path,
    previous_site: Path | None = None,
    previous: dict[str, Output] | None = None,
) -> None:
    """The release's tree: a link to each unit's folder, or to each of its files.

    A unit the previous release shares (same store folder) gets a hard link to that
    release's symlink: every release sits at the same depth, so its relative target
    holds, and the file system adds a name instead of a new inode and block (measured:
    a third of the cost of a new symlink). Strings, not Path objects: one per subject.
    """
    made: set[str] = set()
    prefixes: dict[str, str] = {}
    root = str(store_root)
    top = str(site)
    before = str(previous_site) if previous_site is not None else None
    previous = previous or {}

    def link(entry: str, target: str, shared: bool) -> None:
        path = f"{top}/{entry}"
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if shared:
            try:
                os.link(f"{before}/{entry}", path, follow_symlinks=False)
                return
            except OSError:  # that release lost the file (pruned, moved): link anew
                pass
        prefix = prefixes.get(folder)
        if prefix is None:
            prefix = prefixes[folder] = os.path.relpath(root, folder) + "/"
        os.symlink(prefix + target, path)

    for output in outputs:
        if not output.dir:
            continue
        old = previous.get(output.name)
        shared = before is not None and old is not None and old.dir == output.dir
        if output.folder:
            link(output.folder.rstrip("/"), output.dir, shared)
            continue
        for path in output.files:
            link(path, f"{output.dir}/{path}", shared)


def relink_release(
    site: Path,
    outputs: list[Output],
    kept: dict[str, tuple[str, str | None]],
    stale: list[Output],
    store_root: Path,
    previous_site: Path | None = None,
    previous: dict[str, Output] | None = None,
) -> None:
    """A copy of the current release's tree (`site`, see `spare`) made this release's: only
    what differs is changed.

    `kept` are the units the tree was linked from (name -> fingerprint and store folder),
    `stale` those of them this release does not have as they were: their links go, and the
    units whose folder differs are linked as `link_release` links them. A night's publish
    changes a few thousand links instead of making a hundred thousand. Folders left empty
    go, as a new tree would not have them.
    """
    top = str(site)
    emptied: set[str] = set()
    for output in stale:
        if not output.dir:
            continue
        paths = [output.folder.rstrip("/")] if output.folder else list(output.files)
        for path in paths:
            entry = f"{top}/{path}"
            try:
                os.unlink(entry)
            except FileNotFoundError:
                continue
            emptied.add(entry.rpartition("/")[0])
    for folder in sorted(emptied, key=len, reverse=True):
        while folder != top and folder.startswith(top + "/"):
            try:
                os.rmdir(folder)
            except OSError:  # not empty (or gone): its parents are not empty either
                break
            folder = folder.rpartition("/")[0]
    changed = [o for o in outputs if o.dir and kept.get(o.name, (None, None))[1] != o.dir]
    link_release(site, changed, store_root, previous_site, previous)
