"""Benchmark: publishing the public site at a city's size.

Builds (or reuses) the `--scale` demo data set and reports, in one run:
full publish time, pages per second, the page build's pages per second (the
publish but its search index) and peak memory (its largest process, and all
its processes together); a republish with nothing changed; two republishes
after changing 1% of subjects (a new licence; each one's oldest record labelled 异议处理中),
then the same two again as nights that prune a release (two kept), as every
night does once the kept releases exist; and, for comparison, subject pages and reports frozen by a plain
`Freezer(app).freeze()` of the views, one request per page, on a sample (the
first subjects). Each publish runs as its own `xinyong` process. Between two publishes
the bench waits for what a publish leaves to be done after it, detached (the copy of the new
release's tree, `publisher/spare.py`; the deletion of what it pruned, `publisher/trash.py`),
as the night between two publishes would.

    .venv/bin/python bench/publish.py --scale 10000
    .venv/bin/python bench/publish.py --scale 100000 --work /tmp/bench100k   # demo load ~2 min
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XINYONG = str(ROOT / ".venv" / "bin" / "xinyong")
SUMMARY = re.compile(r"(\d+) pages added, (\d+) changed, (\d+) removed, (\d+) unchanged")
INDEX = re.compile(r"^search index: (.*) in ([\d.]+) s$", re.MULTILINE)


CPU: list[float] = []


#: the largest sum of the proportional set sizes (MiB) of a command's process tree, sampled
TOGETHER: list[int] = []


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak RSS in MiB of its largest process, its output.

    Its CPU seconds (workers included) are appended to `CPU`: on a shared machine
    the wall time says as much about the neighbours as about the code. The memory of
    all its processes together (PSS, so pages shared after a fork count once) is
    sampled meanwhile and appended to `TOGETHER`.
    """
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    output = process.stdout.read().decode() if process.stdout else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    CPU.append(usage.ru_utime + usage.ru_stime)
    TOGETHER.append(peak[0] // 1024)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args)} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def settled(out: Path) -> str:
    """Wait for what the publish left to be done after it, detached: the copy of its tree for
    the next publish, the deletion of what it pruned (a night passes between two publishes).
    What it took, for the record."""
    from xinyong.publisher import spare, trash

    started = time.perf_counter()
    spare.wait(out)
    trash.wait(out / trash.LOCK)
    return f"its tree copied and its trash emptied {time.perf_counter() - started:.1f} s after it"


def _sample(root: int, peak: list[int], done: threading.Event) -> None:
    """Sum the PSS (KiB) of `root` and its descendants every 0.2 s, keep the largest sum."""
    while not done.wait(0.2):
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/stat", "rb") as stat:
                        fields = stat.read().rsplit(b")", 1)[1].split()
                    parents[int(entry.name)] = int(fields[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree = {root}
        grew = True
        while grew:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            grew = bool(found)
            tree |= found
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/smaps_rollup") as rollup:
                    for line in rollup:
                        if line.startswith("Pss:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                continue
        peak[0] = max(peak[0], total)


def pages_of(output: str) -> tuple[int, int, int, int]:
    found = SUMMARY.search(output)
    return tuple(int(n) for n in found.groups()) if found else (0, 0, 0, 0)


def index_part(output: str, total: float) -> str:
    """The publish's search index line, with its share of the publish's wall time."""
    found = INDEX.search(output)
    if not found:
        return "search index: not built"
    seconds = float(found.group(2))
    return f"search index: {found.group(1)} in {seconds:.1f} s ({100 * seconds / total:.0f}% of it)"


def index_seconds(output: str) -> float:
    found = INDEX.search(output)
    return float(found.group(2)) if found else 0.0


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def add_one_percent(database: Path) -> int:
    """Every hundredth subject gets a new record, decided yesterday: a night's intake."""
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(database) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(records)") if row[1] != "id"]
        copied = ", ".join(
            {
                "doc_no": "r.doc_no || '-bench-' || r.id",
                "decided_on": "?",
                "received_on": "?",
                "created_at": "?",
                "updated_at": "?",
                "disclosure_end": "NULL",
                "status": "'active'",
            }.get(column, f"r.{column}")
            for column in columns
        )
        ids = [
            row[0]
            for row in db.execute(
                "SELECT max(r.id) FROM records r WHERE r.subject_id % 100 = 0 "
                "AND r.kind = 'license' GROUP BY r.subject_id"
            )
        ]
        db.executemany(
            f"INSERT INTO records ({', '.join(columns)}) SELECT {copied} FROM records r WHERE r.id = ?",
            [(yesterday, yesterday, now, now, record_id) for record_id in ids],
        )
    return len(ids)


def change_one_percent(database: Path) -> int:
    """The oldest record of every hundredth subject gets an objection label, or loses it
    (updated now): old months of the lists change, not the night's newest one."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    with sqlite3.connect(database) as db:
        ids = [
            row[0]
            for row in db.execute(
                "SELECT min(r.id) FROM records r JOIN subjects s ON s.id = r.subject_id "
                "WHERE s.id % 100 = 0 AND r.status = 'active' GROUP BY s.id"
            )
        ]
        db.executemany(
            "UPDATE records SET objection_label = CASE WHEN objection_label IS NULL "
            "THEN '异议处理中' END, updated_at = ? WHERE id = ?",
            [(now, record_id) for record_id in ids],
        )
    return len(ids)


def baseline(instance: Path, sample: int) -> tuple[int, float, float]:
    """Frozen-Flask over the views (a query per request): `sample` subjects' pages."""
    sys.path.insert(0, str(ROOT))
    from flask_frozen import Freezer

    from xinyong import create_app
    from xinyong.credit import public
    from xinyong.database import session_scope

    app = create_app({"INSTANCE_PATH": str(instance)})
    as_of = dt.date.today()
    app.config["PUBLISH_AS_OF"] = as_of.isoformat()
    with session_scope(app) as session:
        keys = [file.subject.key for file in itertools.islice(public.files(session, as_of), sample)]
    with tempfile.TemporaryDirectory() as folder:
        app.config.update(FREEZER_DESTINATION=folder, FREEZER_IGNORE_MIMETYPE_WARNINGS=True)
        freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False)

        @freezer.register_generator
        def urls():
            for key in keys:
                yield f"/subject/{key}/"
                yield f"/subject/{key}/report/"

        import warnings

        started, cpu = time.perf_counter(), time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            count = len(freezer.freeze())
        return count, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--work", type=Path, help="folder for the data set (kept and reused)")
    parser.add_argument("--sample", type=int, default=1000, help="subjects for the baseline")
    parser.add_argument("--index-mb", type=int, help="the index writer's memory (PUBLISH_INDEX_MB)")
    options = parser.parse_args()
    work = options.work or Path(tempfile.gettempdir()) / f"xinyong-bench-publish-{options.scale}"
    instance = work / "instance"
    env = {**os.environ, "XINYONG_INSTANCE": str(instance)}
    env.pop("XINYONG_DATABASE_URL", None)
    if options.index_mb:
        env["XINYONG_PUBLISH_INDEX_MB"] = str(options.index_mb)
    database = instance / "xinyong.sqlite3"
    marker = instance / f".demo-{options.scale}"
    if not marker.exists():
        instance.mkdir(parents=True, exist_ok=True)
        database.unlink(missing_ok=True)
        run([XINYONG, "init-db"], env)
        seconds, _rss, _out = run([XINYONG, "demo", "--scale", str(options.scale)], env)
        marker.touch()
        print(f"demo --scale {options.scale}: loaded in {seconds:.0f} s")
    with sqlite3.connect(database) as db:
        subjects, records = (
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("subjects", "records")
        )
    out = work / "publish"
    # the last run's tree is deleted after this run's figures, not before: on this disk (ext4
    # without a journal) a file made within a minute or so of many deleted ones costs several
    # times more (the new inode skips the recently deleted), which slowed the full publish
    old = work / "publish.old"
    subprocess.run(["rm", "-rf", str(old)], check=True)
    if out.exists():
        out.rename(old)
    print(f"data: {subjects:,} subjects, {records:,} records; cores: {os.cpu_count()}")

    full, full_rss, output = run([XINYONG, "publish", "--out", str(out), "--full"], env)
    pages = pages_of(output)[0]
    full_cpu = CPU[-1]  # CPU[0] may be the demo load
    # the page build: the whole publish but the search index, which is built after the pages
    page_build = full - index_seconds(output)
    print(
        f"full publish: {pages:,} pages in {full:.1f} s = {pages / full:.0f} pages/s "
        f"(CPU {CPU[-1]:.1f} s, both cores); peak {full_rss} MiB in its largest process, "
        f"{TOGETHER[-1]} MiB in all together (PSS)"
    )
    print(
        f"  page build (the publish but the search index): {page_build:.1f} s = "
        f"{pages / page_build:.0f} pages/s"
    )
    print(f"  {index_part(output, full)}; {size_mib(out / 'current' / 'index'):.0f} MiB on disk")
    print(f"  {settled(out)}")

    same, same_rss, output = run([XINYONG, "publish", "--out", str(out)], env)
    print(
        f"republish, nothing changed: {same:.1f} s ({100 * same / full:.1f}% of full, CPU "
        f"{CPU[-1]:.1f} s = {100 * CPU[-1] / full_cpu:.1f}%); peak {same_rss} MiB"
    )

    # the first nights after a full publish keep every release; from the night `RELEASES_KEPT`
    # releases exist, each publish prunes the oldest and takes its tree over: with two kept,
    # the second round's republishes are such nights
    kept_two = {**env, "XINYONG_RELEASES_KEPT": "2"}
    for night, night_env in (("", env), (", pruning (2 releases kept)", kept_two)):
        for label, change in (
            ("1% of subjects got a new licence", add_one_percent),
            (
                "1% of subjects had their oldest record labelled 异议处理中 (or unlabelled)",
                change_one_percent,
            ),
        ):
            changed = change(database)
            some, some_rss, output = run([XINYONG, "publish", "--out", str(out)], night_env)
            added, rewritten, removed, unchanged = pages_of(output)
            print(
                f"republish{night}, {label} ({changed:,} records): {some:.1f} s "
                f"({100 * some / full:.1f}% of full, CPU {CPU[-1]:.1f} s = "
                f"{100 * CPU[-1] / full_cpu:.1f}%); {added + rewritten:,} pages written, "
                f"{removed:,} removed, {unchanged:,} shared; peak {some_rss} MiB"
            )
            print(f"  {index_part(output, some)}; {settled(out)}")

    count, seconds, cpu = baseline(instance, options.sample)
    rate = count / seconds
    print(
        f"baseline, Frozen-Flask freeze() of the views, {count:,} subject and report pages: "
        f"{seconds:.1f} s (CPU {cpu:.1f} s) = {rate:.0f} pages/s; the page build is "
        f"{pages / page_build / rate:.1f}x by wall time (the whole publish with its search index "
        f"{pages / full / rate:.1f}x, {(pages / full_cpu) / (count / cpu):.1f}x per CPU second)"
    )
    subprocess.run(["rm", "-rf", str(old)], check=True)


if __name__ == "__main__":
    main()
