"""`xinyong city-export [--out DIR] [--push [URL]]`: batches for the city platform 信用淄博.

Exit status: 0 done (and, with --push, every batch acknowledged); 1 a batch was not
acknowledged (it is sent again, unchanged, next time); 2 the command cannot run as given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xinyong import keys
from xinyong.commands import actor, app, with_database
from xinyong.credit import city, city_push
from xinyong.credit.models import LABELS
from xinyong.credit.workdays import WorkCalendar
from xinyong.database import session_scope


class Unusable(click.ClickException):
    exit_code = 2


@click.command("city-export")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for new batches (default: the CITY_EXPORT_DIR setting, outside any web root).",
)
@click.option(
    "--push",
    "push",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[URL]",
    help="Send every unacknowledged batch, oldest first (URL default: CITY_PUSH_URL).",
)
@with_database
def city_export(out: Path | None, push: str | None) -> None:
    """Write the next batch for the city platform; with --push, send it."""
    application = app()
    config = application.config
    folder = (out or city.export_dir(config, Path(application.instance_path))).absolute()
    who = actor()
    url = (push or config.get("CITY_PUSH_URL") or "") if push is not None else None
    if url is not None:
        try:
            city_push.check_url(url)
        except city.CityError as error:
            raise Unusable(str(error)) from None
        if not config.get("CITY_PUSH_TOKEN"):
            raise Unusable("未设置推送令牌：请在环境变量XINYONG_CITY_PUSH_TOKEN中设置")
    with session_scope(application) as session:
        try:
            batch = city.make_batch(session, keys.keys_of(config), folder, who)
        except city.CityError as error:
            raise click.ClickException(str(error)) from None
        if batch is None:
            click.echo("上一批次之后没有新的变更，未生成新批次。")
        else:
            click.echo(f"批次{batch.number}已生成：{_counts(batch.counts)}")
            click.echo(f"  文件夹 {batch.folder}")
    if url is None:
        return
    with session_scope(application) as session:
        policy = city_push.Policy(
            attempts=int(config.get("CITY_PUSH_ATTEMPTS") or 5),
            base=float(config.get("CITY_PUSH_BACKOFF", 1.0)),
        )
        outcome = city_push.push_pending(
            session, url, config["CITY_PUSH_TOKEN"], who, policy=policy
        )
    for number in outcome.acknowledged:
        click.echo(f"批次{number}：平台已确认接收。")
    if outcome.failed is not None:
        waiting = (
            f"；其后的批次{'、'.join(map(str, outcome.waiting))}暂缓发送" if outcome.waiting else ""
        )
        click.echo(
            f"批次{outcome.failed}未获平台确认（{outcome.error}）{waiting}。"
            "下次运行 `xinyong city-export --push` 会原样重新发送。",
            err=True,
        )
        raise SystemExit(1)
    if not outcome.acknowledged:
        click.echo("没有待发送的批次。")


@click.command("city-batches")
@with_database
def city_batches() -> None:
    """List the batches for the city platform and their states."""
    application = app()
    with session_scope(application) as session:
        found = city.batches(session)
        late = city.overdue(
            session,
            WorkCalendar.load(session),
            dt.date.today(),
            int(application.config.get("CITY_SEND_WORKDAYS", 1)),
        )
        for batch in found:
            error = f"  {batch.last_error}" if batch.last_error else ""
            click.echo(
                f"{batch.number:>6}  {batch.made_at:%Y-%m-%d %H:%M}  {LABELS[batch.state]}"
                f"  尝试{batch.attempts}次  {_counts(batch.counts)}{error}"
            )
        if not found:
            click.echo("尚未生成批次：`xinyong city-export`。")
        for batch in late:
            click.echo(
                f"预警：批次{batch.number}生成已超过"
                f"{application.config.get('CITY_SEND_WORKDAYS', 1)}个工作日仍未获平台确认："
                "请运行 `xinyong city-export --push`。"
            )


def _counts(counts: dict) -> str:
    parts = []
    for name, counter in counts.items():
        if counter.get("total"):
            detail = "，".join(f"{op}{n}" for op, n in counter.items() if op != "total")
            parts.append(f"{name} {counter['total']}条（{detail}）")
    return "；".join(parts) or "无"


def register(group: click.Group) -> None:
    group.add_command(city_export)
    group.add_command(city_batches)
