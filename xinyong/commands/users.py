"""`xinyong create-user USERNAME --role ROLE [--provider CODE]`: a back-office account."""

from __future__ import annotations

import click

from xinyong.commands import actor, app, with_database
from xinyong.credit import providers, staff
from xinyong.credit.models import StaffRole
from xinyong.database import session_scope

#: roles by their code or their Chinese name
ROLES = {role.value: role.value for role in StaffRole} | {
    label: role for role, label in staff.ROLE_LABELS.items()
}


@click.command("create-user")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(sorted(ROLES)),
    help="admin (管理员) · reviewer (审核员) · provider (提供单位)",
)
@click.option("--provider", "provider_key", help="the provider department (USCC or name)")
@click.option("--name", "display_name", help="the name shown in the back office")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="XINYONG_NEW_USER_PASSWORD",
    help=f"at least {staff.MIN_PASSWORD} characters; prompted when not given",
)
@with_database
def create_user(
    username: str, role: str, provider_key: str | None, display_name: str | None, password: str
) -> None:
    """Create a back-office account with a hashed password."""
    with session_scope(app()) as session:
        provider = None
        if provider_key:
            try:
                provider = providers.find(session, provider_key)
            except providers.ProviderError as error:
                raise click.BadParameter(str(error), param_hint="--provider") from None
        try:
            user = staff.create_user(
                session,
                username,
                password,
                ROLES[role],
                actor=actor(),
                display_name=display_name,
                provider=provider,
            )
        except staff.StaffError as error:
            raise click.ClickException(str(error)) from None
        click.echo(
            f"Created {user.username} ({staff.ROLE_LABELS[user.role]}); "
            "they log in at /admin/login."
        )


def register(group: click.Group) -> None:
    group.add_command(create_user)
