"""Benchmark: the search index against SQLite FTS5 on the same documents.

Builds the documents from a demo database (`xinyong demo --scale N`), then the
Whoosh index (full, and after a 1% change), and an FTS5 table of the same
documents (text pre-cut by rjieba into space-separated tokens, unicode61).
Times a fixed query mix per class, plain, with a filter and with counts, and
prints p50 / p95 per class and the ratio to FTS5. The machine is shared and
noisy: read the medians and ratios, not single figures.

    .venv/bin/python bench/search.py --scale 10000            # loads a demo into a temp dir
    .venv/bin/python bench/search.py --database /tmp/demo.sqlite3 --work /tmp/bench
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from xinyong.credit.demo import TODAY
from xinyong.search import analysis, engine, index
from xinyong.search.documents import Document, Passage, documents
from xinyong.search.engine import Filters, Searcher

COMMON = ["周村", "罚款", "食品", "丝绸"]
RARER = ["纺织", "机械", "超标排放"]
TWO_WORDS = ["周村 罚款", "食品 许可", "丝绸 罚款", "纺织 环境", "机械 安全"]
REPEATS = 7


def load_demo(scale: int, work: Path) -> Path:
    database = work / "demo.sqlite3"
    env = {**os.environ, "XINYONG_DATABASE_URL": f"sqlite:///{database}"}
    xinyong = Path(sys.executable).with_name("xinyong")
    for args in (["init-db"], ["demo", "--scale", str(scale)]):
        subprocess.run([str(xinyong), *args], env=env, cwd=work, check=True, capture_output=True)
    return database


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def built(function, *args):
    """Wall and CPU seconds of a build: CPU time is steadier on a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def size_of(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def query_mix(docs: list[Document], seed: int = 13) -> dict[str, list[str]]:
    rng = random.Random(seed)
    orgs = [d for d in docs if d.uscc]
    sample = rng.sample(orgs, min(10, len(orgs)))
    names = [analysis.words(d.name)[0] for d in sample if analysis.words(d.name)]

    def fragment(name: str, length: int) -> str:
        start = rng.randrange(0, max(1, len(name) - length + 1))
        return name[start : start + length]

    codes = [d.uscc for d in sample]
    written = [
        c if n % 3 else " ".join([c[:6], c[6:12].lower(), c[12:]]) for n, c in enumerate(codes)
    ]
    initials = []
    for d in sample:
        parts = analysis.initials(d.name)
        if len(parts) >= 3:
            initials.append(parts[1] + parts[2])
    return {
        "common": COMMON,
        "rarer": RARER,
        "two words": TWO_WORDS,
        "name 2 chars": [fragment(n, 2) for n in names],
        "name 4 chars": [fragment(n, 4) for n in names if len(n) >= 4],
        "exact code": written,
        "pinyin initials": ["zcfz", "zcsc", *initials],
    }


# -- FTS5 baseline -------------------------------------------------------------


def fts_terms(document: Document) -> tuple[str, str]:
    name = analysis.grams(document.name) + analysis.initials(document.name)
    if document.uscc:
        name.append(document.uscc.lower())
    text = analysis.cut("\n".join(p.text for p in document.passages))
    return " ".join(name), " ".join(text)


def fts_build(path: Path, docs: list[Document]) -> sqlite3.Connection:
    if path.exists():
        path.unlink()
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "key UNINDEXED, groups, depts UNINDEXED, name, text, tokenize='unicode61')"
    )
    rows = []
    for d in docs:
        name, text = fts_terms(d)
        rows.append((d.key, " ".join(d.groups), "\t".join(d.departments), name, text))
    db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?, ?)", rows)
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    return db


def fts_match(query: str) -> str | None:
    code = "".join(query.split()).lower()
    if len(code) == 18 and code.isalnum():
        return f'name:"{code}"'
    clauses = []
    for word in analysis.words(query):
        name = " AND ".join(f'"{g}"' for g in analysis.grams(word)) or f'"{word}"'
        text = " AND ".join(f'"{t}"' for t in analysis.query_terms(word)) or f'"{word}"'
        clauses.append(f"((name: ({name})) OR (text: ({text})))")
    return " AND ".join(clauses) or None


def fts_search(db: sqlite3.Connection, query: str, group: str | None, counts: bool) -> int:
    match = fts_match(query)
    if match is None:
        return 0
    if group:
        match = f"({match}) AND groups:{group}"
    page = "SELECT key, snippet(docs, 4, '[', ']', '…', 16) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20"
    db.execute(page, (match,)).fetchall()  # the page with its highlights, as ours
    total = db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()[0]
    if counts:
        by_group: Counter[str] = Counter()
        by_dept: Counter[str] = Counter()
        for groups, depts in db.execute(
            "SELECT groups, depts FROM docs WHERE docs MATCH ?", (match,)
        ):
            by_group.update(groups.split())
            by_dept.update(depts.split("\t"))
    return total


# -- the run -------------------------------------------------------------------


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(mix: dict[str, list[str]], searcher: Searcher, db: sqlite3.Connection) -> dict:
    figures: dict[str, dict[str, tuple[float, float]]] = {}
    variants = {
        "plain": (None, False),
        "filter": ("penalty", False),
        "counts": (None, True),
    }
    for label, queries in mix.items():
        for variant, (group, counts) in variants.items():
            ours, theirs, cold = [], [], []
            for query in queries:
                filters = Filters(group=group)
                for n in range(REPEATS):
                    searcher._results = engine._Cache(2048)  # time the work, not the answer cache
                    _, took = timed(searcher.search, query, filters)
                    (cold if n == 0 else ours).append(took)
                    theirs.append(timed(fts_search, db, query, group, counts)[1])
            figures[f"{label} · {variant}"] = {
                "whoosh": percentiles(ours),
                "first": percentiles(cold),
                "fts5": percentiles(theirs),
            }
    return figures


def changed_copy(docs: list[Document], share: float = 0.01, seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    changed = []
    for d in rng.sample(docs, max(1, int(len(docs) * share))):
        extra = Passage(
            "penalty", "行政处罚", "超标排放废水；罚款五万元", "淄博市生态环境局周村分局", TODAY
        )
        changed.append(
            dataclasses.replace(d, passages=(*d.passages, extra), fingerprint=d.fingerprint + "x")
        )
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--database", type=Path, help="an existing demo database (SQLite file)")
    parser.add_argument("--work", type=Path, help="where the indexes go (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    database = args.database or timed(load_demo, args.scale, work)[0]

    cached = work / "documents.pickle"
    if cached.exists():  # a second run on the same work folder: the same documents
        docs, read = pickle.loads(cached.read_bytes()), 0.0
    else:
        with Session(create_engine(f"sqlite:///{database}")) as session:
            docs, read = timed(lambda: list(documents(session, TODAY)))
        cached.write_bytes(pickle.dumps(docs))
    print(f"{len(docs):,} documents read from the public files in {read:.1f}s")

    summary, full, full_cpu = built(index.build, work / "index", docs)
    print(
        f"whoosh full build: {full:.1f}s (CPU {full_cpu:.1f}s), {size_of(work / 'index') / 1e6:.0f} MB"
    )
    shutil.copytree(work / "index", work / "index-updated", dirs_exist_ok=True)
    changed = changed_copy(docs)
    _, incremental, incremental_cpu = built(index.update, work / "index-updated", changed, [])
    print(
        f"whoosh update of {len(changed):,} documents (1%): {incremental:.1f}s (CPU {incremental_cpu:.1f}s)"
    )
    db, fts_time, fts_cpu = built(fts_build, work / "fts5.sqlite3", docs)
    print(
        f"fts5 build: {fts_time:.1f}s (CPU {fts_cpu:.1f}s), {size_of(work / 'fts5.sqlite3') / 1e6:.0f} MB"
    )

    searcher, opened = timed(Searcher, work / "index")
    print(f"whoosh open (layout read): {opened * 1000:.0f} ms")
    figures = measure(query_mix(docs), searcher, db)
    print(
        f"\n{'class · variant':34} {'ours p50/p95 ms':>17} {'first p95':>10} {'fts5 p50/p95 ms':>17} {'p95 ratio':>9}"
    )
    for label, row in figures.items():
        ours, first, theirs = row["whoosh"], row["first"], row["fts5"]
        ratio = ours[1] / theirs[1] if theirs[1] else float("nan")
        print(
            f"{label:34} {ours[0]:7.2f} /{ours[1]:7.2f} {first[1]:10.2f} "
            f"{theirs[0]:7.2f} /{theirs[1]:7.2f} {ratio:9.3f}"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "documents": len(docs),
                    "read_s": read,
                    "build_s": full,
                    "build_cpu_s": full_cpu,
                    "update_1pct_s": incremental,
                    "update_1pct_cpu_s": incremental_cpu,
                    "index_bytes": size_of(work / "index"),
                    "fts5_build_s": fts_time,
                    "fts5_build_cpu_s": fts_cpu,
                    "open_s": opened,
                    "queries": figures,
                    "summary": dataclasses.asdict(summary),
                },
                ensure_ascii=False,
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
