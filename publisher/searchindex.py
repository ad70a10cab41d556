"""A release's search index, built in the publish that renders its pages.

The index lives in `releases/<id>/index/`, never under `site/`. Its documents
come from the same public files the pages are rendered from (`credit.public`,
through `search.documents`), as of the same date. A first release, `--full`,
or a change to most subjects builds it whole; otherwise the previous release's
index is linked in (Whoosh never rewrites a segment file: a commit writes new
files) and only the subjects whose unit fingerprint changed are replaced, and
the ones that left the site dropped. The publisher's fingerprints are the one
idea of "changed": nothing here computes another.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from xinyong.credit.public import Context
from xinyong.search import index
from xinyong.search.documents import documents

#: rebuild whole when more than this share of subjects changed (cheaper than replacing them)
FULL_FROM_SHARE = 0.3


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


def previous_index(release_dir: Path | None) -> Path | None:
    """The index of the release published before, if it has a readable one."""
    if release_dir is None:
        return None
    folder = release_dir / "index"
    try:
        return folder if whoosh_index.exists_in(str(folder)) else None
    except OSError:
        return None


def link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` made of hard links (a real copy where links fail)."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def build_release_index(
    session: Session,
    as_of: dt.date,
    context: Context,
    target: Path,
    *,
    previous: Path | None,
    subjects: list[str],
    changed: list[str],
    gone: list[str],
    memory_mb: int,
) -> IndexResult:
    """Build `target` (a release's `index/` folder).

    `subjects`: every subject unit of the new release; `changed`: those whose
    fingerprint is new or differs from the previous release's; `gone`: subjects
    of the previous release that have no unit any more.
    """
    started = time.perf_counter()
    whole = previous is None or len(changed) > FULL_FROM_SHARE * max(len(subjects), 1)
    if whole:
        summary = index.build(
            target, documents(session, as_of, context=context), memory_mb=memory_mb
        )
        return IndexResult(
            "full", summary.documents, summary.added, 0, time.perf_counter() - started
        )
    link_tree(previous, target)
    # a changed subject's old document goes whether or not it still has a public file
    summary = index.update(
        target,
        documents(session, as_of, sorted(changed), context=context) if changed else (),
        removed=[*sorted(changed), *sorted(gone)],
    )
    return IndexResult(
        "incremental",
        summary.documents,
        summary.added,
        len(gone),
        time.perf_counter() - started,
    )
