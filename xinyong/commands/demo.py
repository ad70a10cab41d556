"""`xinyong demo [--scale N]`: load the deterministic Zhoucun demo data set."""

from __future__ import annotations

import time
from pathlib import Path

import click

from xinyong import keys
from xinyong.commands import actor, app, with_database
from xinyong.credit import demo as domain
from xinyong.credit.models import LABELS, SubjectKind
from xinyong.database import engine_for, session_scope

STATES = (
    ("expired", "处罚已过公示期"),
    ("repaired", "已信用修复（存档）"),
    ("withdrawn", "处罚已撤销/变更"),
    ("objection", "异议处理中"),
    ("disputed", "存在异议"),
    ("deleted", "应申请已删除"),
    ("removed", "已移出名单"),
    ("simple_procedure", "简易程序（不公示）"),
    ("restricted", "需书面同意的信息"),
    ("late", "逾期报送"),
)


@click.command("demo")
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Number of subjects; about ten records each.",
)
@click.option(
    "--hints/--no-hints",
    default=True,
    show_default=True,
    help="End with the commands that import the sample files (a script that imports them "
    "itself leaves them out).",
)
@with_database
def demo(scale: int, hints: bool) -> None:
    """Load a deterministic demo data set of Zhoucun District into an empty database.

    Realistic subjects (area code 370306), the district's provider departments,
    every catalog item, and sample provider files under <instance>/samples/.
    """
    flask_app = app()
    started = time.perf_counter()
    url = engine_for(flask_app).url.render_as_string(hide_password=True)
    click.echo(f"Loading the Zhoucun demo (scale {scale:,}, as of {domain.TODAY}) into {url}")
    try:
        with session_scope(flask_app) as session:
            summary = domain.load_demo(
                session,
                scale=scale,
                protector=keys.protector(flask_app.config),
                instance_path=Path(flask_app.instance_path),
                progress=lambda message: click.echo(f"  {message}"),
                actor=actor(),
                report_workdays=int(flask_app.config["REPORT_WORKDAYS"]),
            )
            click.echo(f"  [{time.perf_counter() - started:6.1f}s] committing …")
    except domain.DemoError as error:
        raise click.ClickException(str(error)) from None
    report(summary, time.perf_counter() - started, hints=hints)


def report(summary: domain.DemoSummary, elapsed: float, hints: bool = True) -> None:
    """The summary, then what to do next."""
    kinds = " · ".join(
        f"{LABELS[kind]} {summary.subjects[kind]:,}"
        for kind in SubjectKind
        if kind in summary.subjects
    )
    click.echo(
        f"Loaded {summary.subject_total:,} subjects ({kinds}) and "
        f"{summary.record_total:,} records from {summary.providers} departments "
        f"in {elapsed:.1f}s."
    )
    click.echo("Records by catalog item:")
    for code, count in sorted(summary.records.items(), key=lambda pair: (-pair[1], pair[0])):
        click.echo(f"  {code:<8}{count:>10,}")
    click.echo(
        "Of which: " + ", ".join(f"{label} {summary.states[key]:,}" for key, label in STATES) + "."
    )
    click.echo(f"Sample provider files of {summary.market_name} ({summary.market_uscc}):")
    for path in summary.samples:
        good, bad = summary.sample_rows[path.name]
        problems = f", {bad} with errors for the feedback file" if bad else ""
        click.echo(f"  {path}  ({good + bad} rows{problems})")
    if not hints:
        return
    click.echo("Import them (the penalty file exits 1: its last rows are rejected on purpose):")
    for path in summary.samples:
        click.echo(f"  xinyong import {path} --provider {summary.market_uscc}")


def register(group: click.Group) -> None:
    group.add_command(demo)
