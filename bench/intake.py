"""Benchmark: intake of large provider files, and the demo generator at scale.

Runs each job as its own `xinyong` process on a fresh SQLite database and
reports wall time, rows per second and peak memory (max RSS). Memory must stay
bounded: the ratio of peak RSS between the large and the small file is the
figure to watch, not the absolute number. Machines here are shared and noisy:
each measurement is repeated and the median reported.

    .venv/bin/python bench/intake.py                   # 10k and 100k rows, 3 runs each
    .venv/bin/python bench/intake.py --rows 20000 --runs 1 --demo-scale 10000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stdnum.cn import uscc

MARKET = ("淄博市周村区市场监督管理局", "113703060041892032")
HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "法定代表人",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额(万元)", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码",
]  # fmt: skip
TRADES = ["丝绸", "纺织", "陶瓷", "机械", "化工", "食品", "商贸", "印染", "建材", "物流"]


def company_code(n: int) -> str:
    body = f"91370306MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def write_penalties(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    companies = max(rows // 5, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for n in range(rows):
            company = rng.randrange(companies)
            decided = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randrange(300))
            writer.writerow([
                f"淄博周村{TRADES[company % len(TRADES)]}有限公司{company}", "法人及非法人组织",
                company_code(company), "王某", f"周市监罚〔2026〕{n + 1}号", "违反产品质量法",
                "经查，当事人生产销售不合格产品，货值金额较小。", "《中华人民共和国产品质量法》第四十九条",
                "罚款", "罚款人民币五千元", "0.5", decided.isoformat(), MARKET[0], MARKET[1], *MARKET,
            ])  # fmt: skip


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MiB and exit code of one `xinyong` process."""
    xinyong = Path(sys.executable).parent / "xinyong"
    script = (
        "import resource, subprocess, sys; "
        "code = subprocess.call(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)"
    )
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", script, str(xinyong), *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    rss_kib, code = out.stdout.split()[-2:]
    return elapsed, int(rss_kib) // 1024, int(code)


def fresh_instance(root: Path, name: str) -> dict[str, str]:
    instance = root / name
    env = {**os.environ, "XINYONG_INSTANCE": str(instance)}
    env.pop("XINYONG_DATABASE_URL", None)
    for command in (["init-db"], ["provider", "add", *MARKET]):
        subprocess.run([Path(sys.executable).parent / "xinyong", *command], env=env,
                       check=True, capture_output=True)  # fmt: skip
    return env


def bench_intake(root: Path, rows: int, runs: int) -> dict[str, float]:
    path = root / f"penalties-{rows}.csv"
    write_penalties(path, rows)
    times, peaks = [], []
    for n in range(runs):
        env = fresh_instance(root, f"intake-{rows}-{n}")
        elapsed, peak, code = run(["import", str(path), "--provider", MARKET[1]], env)
        if code != 0:
            raise SystemExit(f"import of {rows} rows exited {code}: see {path}.feedback.csv")
        times.append(elapsed)
        peaks.append(peak)
    median = statistics.median(times)
    return {"rows": rows, "seconds": median, "rows_per_s": rows / median,
            "peak_mib": statistics.median(peaks)}  # fmt: skip


def bench_demo(root: Path, scale: int) -> dict[str, float]:
    env = fresh_instance(root, f"demo-{scale}")
    elapsed, peak, code = run(["demo", "--scale", str(scale)], env)
    if code != 0:
        raise SystemExit(f"demo --scale {scale} exited {code}")
    return {"subjects": scale, "seconds": elapsed, "peak_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--demo-scale", type=int, default=0, help="also time `demo --scale N`")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="xinyong-bench-") as tmp:
        root = Path(tmp)
        results = [bench_intake(root, rows, options.runs) for rows in options.rows]
        for result in results:
            print("intake {rows:>8,} rows: {seconds:7.1f} s  {rows_per_s:8,.0f} rows/s  "
                  "peak {peak_mib:5.0f} MiB".format(**result))  # fmt: skip
        if len(results) > 1:
            small, large = results[0], results[-1]
            print(f"rows x{large['rows'] / small['rows']:.0f}: "
                  f"time x{large['seconds'] / small['seconds']:.1f}, "
                  f"peak memory x{large['peak_mib'] / small['peak_mib']:.2f}")  # fmt: skip
        if options.demo_scale:
            demo = bench_demo(root, options.demo_scale)
            print(
                "demo --scale {subjects:,}: {seconds:.0f} s  peak {peak_mib:.0f} MiB".format(**demo)
            )


if __name__ == "__main__":
    main()
