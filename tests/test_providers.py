"""Provider departments: registered by name and code, found by either."""

from __future__ import annotations

import pytest

from xinyong.credit import providers
from xinyong.credit.models import AuditEvent

from .conftest import MARKET, make_uscc


def test_provider_add_and_list(cli, session):
    added = cli("provider", "add", *MARKET)
    assert added.exit_code == 0, added.output
    assert "Registered 淄博市周村区市场监督管理局" in added.output
    listing = cli("provider", "list")
    assert f"{MARKET[1]}  {MARKET[0]}" in listing.output
    assert session.query(AuditEvent).filter_by(action="provider.add").count() == 1


def test_provider_add_refuses_an_invalid_code_and_a_second_registration(cli):
    bad = cli("provider", "add", "淄博市周村区税务局", MARKET[1][:-1] + "0")
    assert bad.exit_code == 1
    assert "校验位错误" in bad.output
    cli("provider", "add", *MARKET)
    again = cli("provider", "add", MARKET[0], make_uscc("11370306MB2839046"))
    assert again.exit_code == 1
    assert "already registered" in again.output


def test_an_empty_list_says_what_to_do(cli):
    assert "xinyong provider add" in cli("provider", "list").output


def test_providers_are_found_by_code_in_any_writing_or_by_exact_name(session, provider):
    assert providers.find(session, f" {MARKET[1].lower()} ") == provider
    assert providers.find(session, MARKET[0]) == provider
    with pytest.raises(providers.ProviderError, match="provider list"):
        providers.find(session, "周村区市场监管局")
