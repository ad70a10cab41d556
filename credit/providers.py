"""Provider departments (信息提供主体) that report credit information."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xinyong.credit import audit
from xinyong.credit.identifiers import InvalidCode, check_uscc, normalize
from xinyong.credit.models import Provider


class ProviderError(ValueError):
    """A provider that cannot be added or found; `str()` says why."""


def add(session: Session, name: str, uscc: str, actor: str) -> Provider:
    name = name.strip()
    if not name:
        raise ProviderError("a provider needs a name")
    try:
        code = check_uscc(uscc)
    except InvalidCode as error:
        raise ProviderError(f"invalid 统一社会信用代码 {uscc!r}: {error}") from None
    clash = session.scalar(
        select(Provider).where(or_(Provider.name == name, Provider.uscc == code))
    )
    if clash:
        raise ProviderError(f"already registered: {clash.name} {clash.uscc}")
    provider = Provider(name=name, uscc=code)
    session.add(provider)
    session.flush()
    audit.log(session, actor, "provider.add", "providers", provider.id, name=name, uscc=code)
    return provider


def find(session: Session, code_or_name: str) -> Provider:
    """A registered department by its 统一社会信用代码 or exact name."""
    provider = session.scalar(
        select(Provider).where(
            or_(Provider.uscc == normalize(code_or_name), Provider.name == code_or_name.strip())
        )
    )
    if provider is None:
        raise ProviderError(f"no registered provider {code_or_name!r}: see `xinyong provider list`")
    return provider


def all_providers(session: Session) -> list[Provider]:
    return list(session.scalars(select(Provider).order_by(Provider.id)))
