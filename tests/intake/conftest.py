"""The intake tests' fixture: a file imported as the district's market supervision bureau."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.intake.files import RECEIVED
from xinyong.credit import intake


@pytest.fixture
def take(session, provider, protector):
    """Import a file as the market supervision bureau, received on RECEIVED."""

    def run(path: Path, **kw: Any) -> intake.ImportResult:
        kw.setdefault("received_on", RECEIVED)
        result = intake.import_file(
            session, path, kw.pop("provider", provider), protector=protector, actor="test", **kw
        )
        session.expire_all()
        return result

    return run
