"""Back-office accounts: hashed passwords, roles, lock-out after repeated failures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from xinyong.credit import audit, tokens
from xinyong.credit.models import Provider, StaffRole, StaffUser, now

ROLE_LABELS = {
    StaffRole.ADMIN: "管理员",
    StaffRole.REVIEWER: "审核员",
    StaffRole.PROVIDER: "提供单位",
}
MIN_PASSWORD = 10


class StaffError(ValueError):
    """`str()` is the reason, in Chinese."""


def create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    actor: str,
    display_name: str | None = None,
    provider: Provider | None = None,
) -> StaffUser:
    username = (username or "").strip()
    if not username:
        raise StaffError("用户名不能为空。")
    if role not in ROLE_LABELS:
        raise StaffError(f"角色应为 {', '.join(ROLE_LABELS)} 之一。")
    if len(password or "") < MIN_PASSWORD:
        raise StaffError(f"密码至少{MIN_PASSWORD}位。")
    if role == StaffRole.PROVIDER and provider is None:
        raise StaffError("提供单位账户须指定信息提供单位（--provider）。")
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
        raise StaffError(f"用户名“{username}”已存在。")
    user = StaffUser(
        username=username,
        display_name=display_name or username,
        password_hash=generate_password_hash(password),
        role=role,
        provider=provider if role == StaffRole.PROVIDER else None,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    audit.log(session, actor, "staff_created", "staff_user", user.id, username=username, role=role)
    return user


def authenticate(
    session: Session,
    username: str,
    password: str,
    max_failures: int,
    lockout_minutes: int,
    at: dt.datetime | None = None,
) -> StaffUser:
    """The account, or `StaffError`; `max_failures` wrong passwords lock it for a while."""
    at = at or now()
    user = session.scalar(select(StaffUser).where(StaffUser.username == (username or "").strip()))
    if user is None or not user.active:
        check_password_hash(tokens.dummy_password_hash(), password or "")
        raise StaffError("用户名或密码错误。")
    if user.locked_until and user.locked_until > at:
        raise StaffError(
            f"连续登录失败次数过多，账户已锁定至 {user.locked_until:%Y-%m-%d %H:%M}（UTC）。"
        )
    if not check_password_hash(user.password_hash, password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        audit.log(session, user.username, "login_failed", "staff_user", user.id)
        if user.failed_logins >= max_failures:
            user.locked_until = at + dt.timedelta(minutes=lockout_minutes)
            user.failed_logins = 0
            audit.log(
                session,
                "system",
                "staff_locked",
                "staff_user",
                user.id,
                until=user.locked_until.isoformat(),
            )
            raise StaffError(f"连续登录失败{max_failures}次，账户已锁定{lockout_minutes}分钟。")
        raise StaffError("用户名或密码错误。")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = at
    audit.log(session, user.username, "login", "staff_user", user.id)
    return user
