"""A release's search index, built in the publish that renders its pages.

The index lives in `releases/<id>/index/`, never under `site/`. Its documents
come from the same public files the pages are rendered from (`credit.public`,
through `search.documents`), as of the same date. A first release, `--full`,
or a change to most subjects builds it whole; otherwise the previous release's
index is linked in (Whoosh never rewrites a segment file: a commit writes new
files) and only the subjects whose unit fingerprint changed are replaced, and
the ones that left the site dropped. The documents are made from the public
files the renderer reads (`publisher.build`): one read for pages and index.
They wait in a spool file in the partial release until the pages are built;
then the index has the cores to itself. The publisher's fingerprints are the
one idea of "changed": nothing here computes another.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from xinyong.credit.public import Context
from xinyong.publisher.build import copy_range
from xinyong.search.documents import Document, documents
from xinyong.search.spool import Spool, spooled

if TYPE_CHECKING:  # imported where an index is written: in the processes that index
    from xinyong.search import index


@dataclass
class IndexResult:
    mode: str  # full · incremental
    documents: int
    replaced: int
    dropped: int
    seconds: float

    def line(self) -> str:
        if self.mode == "full":
            return f"search index: {self.documents} subjects, built whole in {self.seconds:.1f} s"
        return (
            f"search index: {self.documents} subjects, {self.replaced} replaced, "
            f"{self.dropped} dropped in {self.seconds:.1f} s"
        )


#: a committed Whoosh index has a table of contents of this name (its default index name)
_TOC = re.compile(r"_MAIN_\d+\.toc")


def previous_index(release_dir: Path | None) -> Path | None:
    """The index of the release published before, if it has one (a committed table of contents).

    Only the folder is listed: opening the index would unpickle its schema, and with it load
    the analyzers and their dictionaries into the publishing process (a third of a second);
    the process that updates the index opens it.
    """
    if release_dir is None:
        return None
    folder = release_dir / "index"
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    return folder if any(_TOC.fullmatch(name) for name in names) else None


def link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (a real copy where links fail)."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def spool_path(target: Path) -> Path:
    """Where the documents of the index at `target` wait: `<path>.<part>`, and a rendering
    worker's batch `<path>-<batch>.<part>` (`publisher.build`), beside the index."""
    return target.parent / "index-spool"


class ReleaseIndex:
    """The index of the release being built, fed with the documents of the subjects rendered.

    The subjects rendered are exactly those whose unit fingerprint is new or
    changed (all of them on `--full` or a first release), read once for both:
    each rendered public file also gives its document (`add`), which waits in a
    spool file in the partial release while the pages are rendered. The index
    is built after them, in a phase of its own (`finish`), so it never competes
    with the renderers for the cores: whole, on `processes` cores, when there is
    no previous index or most subjects changed; otherwise the previous release's
    index is linked in, the changed and gone subjects' documents are dropped,
    and the rendered ones added.
    """

    def __init__(
        self,
        target: Path,
        *,
        previous: Path | None,
        subjects: int,
        changed: list[str],
        gone: list[str],
        memory_mb: int,
        processes: int = 2,
        ready: Any = None,
    ) -> None:
        started = time.perf_counter()
        self.target = target
        self.previous = previous
        self.changed = changed
        self.gone = gone
        self.memory_mb = memory_mb
        every = len(changed) >= subjects
        # no index to update and not every subject rendered (a release made before the index):
        # the documents are read whole at the end, not taken from the renderer
        self.read_whole = previous is None and not every
        self.whole = previous is None or every
        #: an update made ready ahead (`releases.Told` of a `ReadyUpdate`), if there is one:
        #: told what goes now, and each rendered batch's documents as they come (`adopt`)
        self.ready = ready
        if self.whole and ready is not None:
            ready.cancel()
            shutil.rmtree(target, ignore_errors=True)
            self.ready = None
        elif ready is not None:
            ready.tell("remove", [*changed, *gone])
        target.parent.mkdir(parents=True, exist_ok=True)
        self.spool = Spool(spool_path(target), max(processes, 1) if self.whole else 1)
        #: the rendering workers' spool files (`adopt`)
        self.adopted: list[Path] = []
        #: time spent on the index itself (its documents come with the rendering)
        self.seconds = time.perf_counter() - started

    def adopt(self, spooled: list[Path]) -> None:
        """Spool files of documents a rendering worker wrote (`<name>.<part>`), for `finish`."""
        if self.read_whole:
            for path in spooled:
                path.unlink(missing_ok=True)
        elif self.ready is not None:
            for path in spooled:
                self.ready.tell("add", path)
        else:
            self.adopted += spooled

    def add(self, document: Document) -> None:
        if not self.read_whole:
            started = time.perf_counter()
            self.spool.add(document)
            self.seconds += time.perf_counter() - started

    def read(self, session: Session, as_of: dt.date, context: Context) -> None:
        """When the renderer did not see every subject, and there is no index to update."""
        if self.read_whole:
            started = time.perf_counter()
            for document in documents(session, as_of, context=context):
                self.spool.add(document)
            self.seconds += time.perf_counter() - started

    def start(self, processes: int) -> Any:
        """Build or update the index in another process (`releases.Beside`: `result`, `settle`).

        An update made ready ahead is told what changed; otherwise the work starts now.
        """
        from xinyong.publisher.releases import Beside

        parts = self.spool.close()
        if self.ready is not None:
            return self.ready.finish("result", parts[0], len(self.gone))
        return Beside(1 if self.whole else processes, self.finish, "the search index")

    def cancel(self) -> None:
        """Drop the index being built (a failed or needless release); safe to call twice.

        The workers' spool files go too, those handed over and any a failed batch left."""
        if self.ready is not None:
            self.ready.cancel()
        self.spool.remove()
        self._remove_adopted()
        shutil.rmtree(self.target, ignore_errors=True)

    def _remove_adopted(self) -> None:
        for path in self.target.parent.glob(f"{spool_path(self.target).name}-*"):
            path.unlink(missing_ok=True)
        self.adopted = []

    def finish(self) -> IndexResult:
        from xinyong.search import index

        started = time.perf_counter()
        parts = self.spool.close()
        try:
            _append(parts, self.adopted)
            self._remove_adopted()
            if self.whole:
                summary = index.build_parts(self.target, parts, memory_mb=self.memory_mb)
            else:
                summary = self._update(parts[0])
        finally:
            self.spool.remove()
            self._remove_adopted()
        self.seconds += time.perf_counter() - started
        return IndexResult(
            "full" if self.whole else "incremental",
            summary.documents,
            summary.added,
            len(self.gone),
            self.seconds,
        )

    def _update(self, part: Path) -> index.BuildSummary:
        ready = ReadyUpdate(self.previous, self.target, self.memory_mb)
        ready.remove([*self.changed, *self.gone])
        return ready.commit(part)


class ReadyUpdate:
    """An update of the previous release's index, made ready before its documents exist.

    Made ahead in a process of its own as soon as a publish knows that subjects
    changed (`releases.Told`): the analyzers' dictionaries loaded (pypinyin's take
    most of a second), the previous index linked in and its writer opened while the
    pages are planned. Then, while they render, it drops the changed and gone
    subjects' documents (`remove`) and adds each rendered batch's spooled documents
    as it comes (`add`); `commit` adds the last ones and writes the new segment.
    """

    def __init__(self, previous: Path, target: Path, memory_mb: int) -> None:
        # the index's modules (NumPy, the dictionaries) load here, in the process that
        # writes the index, not in the publishing process that forked it
        from xinyong.search import analysis, index

        started = time.perf_counter()
        analysis.warm()
        link_tree(previous, target)
        self.writer = index.Writer(target, new=False, memory_mb=memory_mb)
        self.seconds = time.perf_counter() - started

    def remove(self, keys: list[str]) -> None:
        """The documents of these subjects go (changed ones: whether or not they still have a
        public file; their new documents come after)."""
        self._timed(self.writer.remove, keys)

    def add(self, part: Path) -> None:
        """A spool file's documents added; the file is removed."""
        try:
            self._timed(self._add, part)
        finally:
            part.unlink(missing_ok=True)

    def _add(self, part: Path) -> None:
        for document in spooled(part):
            self.writer.add(document)

    def commit(self, part: Path) -> index.BuildSummary:
        """The last documents added, and the new segment written."""
        self.add(part)
        return self._timed(self.writer.commit, False)

    def result(self, part: Path, gone: int) -> IndexResult:
        """`commit`, as the last order of a `releases.Told` process."""
        summary = self.commit(part)
        return IndexResult("incremental", summary.documents, summary.added, gone, self.seconds)

    def _timed(self, work: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return work(*args)
        finally:
            self.seconds += time.perf_counter() - started


def _append(parts: list[Path], spooled: list[Path]) -> None:
    """The workers' spool files joined to the index's own parts (part `n` to part `n`, or all
    to one), by the kernel: pickled chunks follow each other in a spool file."""
    for path in spooled:
        part = parts[int(path.suffix[1:]) % len(parts)]
        with open(path, "rb", buffering=0) as source, open(part, "ab", buffering=0) as target:
            copy_range(source, target, os.fstat(source.fileno()).st_size)
