"""What the forms and back-office tests share: files, tokens, a company with records."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from xinyong.credit import catalog
from xinyong.credit.disclosure import assess

# real magic numbers: the sniffer judges the bytes, never the name
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def token(client, path: str) -> str:
    """The CSRF token of the form at `path`, as a browser would submit it."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert found, page[:500]
    return found.group(1)


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def applicant(code: str, **overrides) -> dict:
    values = {
        "applicant_type": "org",
        "applicant_name": "淄博周村丝绸有限公司",
        "applicant_code": code,
        "phone": "0533-6412345",
        "email": "silk@example.com",
        "declaration": "y",
    }
    values.update(overrides)
    return values


def post_form(client, path: str, values: dict, files: list | None = None):
    data = {"csrf_token": token(client, path), **values}
    if files is not None:
        data["attachments"] = files
    return client.post(path, data=data, content_type="multipart/form-data")


def receipt(response) -> tuple[str, str]:
    page = response.get_data(as_text=True)
    number = re.search(r'id="number">([^<]+)<', page).group(1)
    password = re.search(r'id="password">([^<]+)<', page).group(1)
    return number, password


def text(response) -> str:
    return response.get_data(as_text=True)


DECIDED = dt.date(2026, 3, 2)


@pytest.fixture(name="world")
def world_fixture(session, factory, provider):
    """A company with a penalty (repair possible from a day), a commendation; another company."""
    items = catalog.current(session)
    company = factory.company("淄博周村丝绸有限公司")
    other = factory.company("淄博周村纺织有限公司")
    penalty = factory.record(
        company,
        "XZCF",
        provider_id=provider.id,
        title="行政处罚决定书",
        content="罚款人民币五千元",
        **assess(items["XZCF"], DECIDED, given="general"),
    )
    award = factory.record(company, "BZJL", provider_id=provider.id, title="周村区诚信经营示范单位")
    session.commit()
    return {
        "company": company,
        "other": other,
        "penalty": penalty,
        "award": award,
        "penalty_ref": f"XZCF-{penalty.id}",
        "award_ref": f"BZJL-{award.id}",
    }
