"""Benchmark: `xinyong check` of a list of subjects on a demo database.

Builds one SQLite database with `xinyong demo --scale N`, writes lists of
subjects drawn from it (with a tenth of them not held by the district, and some
names that do not match their codes), and runs each list as its own `xinyong
check` process, reporting wall time, subjects per second and peak memory (max
RSS). Memory must stay bounded: the ratio of peak RSS between the large and the
small list is the figure to watch. Each measurement is repeated and the median
reported (machines here are shared and noisy).

    .venv/bin/python bench/check.py                    # demo 20,000; lists of 500 and 5,000
    .venv/bin/python bench/check.py --scale 100000 --subjects 500 5000 --runs 1
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stdnum.cn import uscc


def xinyong() -> str:
    return str(Path(sys.executable).parent / "xinyong")


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MiB and exit code of one `xinyong` process."""
    script = (
        "import resource, subprocess, sys; "
        "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script, xinyong(), *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    rss_kib, code = out.stdout.split()[-2:]
    return elapsed, int(rss_kib) // 1024, int(code)


def demo_instance(root: Path, scale: int) -> tuple[dict[str, str], Path]:
    instance = root / "instance"
    env = {**os.environ, "XINYONG_INSTANCE": str(instance)}
    env.pop("XINYONG_DATABASE_URL", None)
    for command in (["init-db"], ["demo", "--scale", str(scale), "--no-hints"]):
        subprocess.run([xinyong(), *command], env=env, check=True, capture_output=True)
    return env, instance / "xinyong.sqlite3"


def write_list(database: Path, path: Path, subjects: int, seed: int = 15) -> None:
    """`subjects` organisations: nine in ten held here (one in fifty misnamed), the rest not."""
    rng = random.Random(seed)
    with sqlite3.connect(database) as connection:
        held = connection.execute(
            "SELECT name, uscc FROM subjects WHERE uscc IS NOT NULL ORDER BY id"
        ).fetchall()
    chosen = rng.sample(held, min(len(held), subjects * 9 // 10))
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["主体名称", "统一社会信用代码"])
        for n, (name, code) in enumerate(chosen):
            writer.writerow([name + ("分公司" if n % 50 == 0 else ""), code])
        for n in range(subjects - len(chosen)):
            body = f"91370100MA{n:07d}"
            writer.writerow([f"外地投标有限公司{n}", body + uscc.calc_check_digit(body)])


def bench(env: dict[str, str], database: Path, root: Path, subjects: int, runs: int) -> dict:
    path = root / f"list-{subjects}.csv"
    write_list(database, path, subjects)
    times, peaks = [], []
    for _ in range(runs):
        elapsed, peak, code = run(["check", str(path), "--matter", "政府采购"], env)
        if code != 0:
            raise SystemExit(f"check of {subjects} subjects exited {code}")
        times.append(elapsed)
        peaks.append(peak)
    median = statistics.median(times)
    return {"subjects": subjects, "seconds": median, "per_s": subjects / median,
            "peak_mib": statistics.median(peaks)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20_000, help="demo subjects")
    parser.add_argument("--subjects", type=int, nargs="+", default=[500, 5_000])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xinyong-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        env, database = demo_instance(root, options.scale)
        print(f"demo --scale {options.scale:,}: {time.perf_counter() - start:.0f} s")
        results = [bench(env, database, root, n, options.runs) for n in options.subjects]
        for result in results:
            print("check {subjects:>6,} subjects: {seconds:6.1f} s  {per_s:7,.0f} subjects/s  "
                  "peak {peak_mib:5.0f} MiB".format(**result))  # fmt: skip
        if len(results) > 1:
            small, large = results[0], results[-1]
            print(f"subjects x{large['subjects'] / small['subjects']:.0f}: "
                  f"time x{large['seconds'] / small['seconds']:.1f}, "
                  f"peak memory x{large['peak_mib'] / small['peak_mib']:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
