"""Attachments are judged by their bytes: whatever arrives, an allowed type or a clear refusal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_forms_support import ELF, EXE, PDF, PNG
from xinyong.credit import uploads
from xinyong.credit.uploads import ALLOWED, BadFile, Upload

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
names = st.text(min_size=0, max_size=40) | st.sampled_from(
    ["a.pdf", "a.PNG", "a.jpg", "a.jpeg", "a.exe", "a", ".pdf", "证明.pdf"]
)
contents = st.binary(max_size=300) | st.sampled_from([PNG, PDF, JPEG, ELF, EXE]).flatmap(
    lambda head: st.binary(max_size=50).map(lambda tail: head + tail)
)


@given(name=names, data=contents)
def test_any_file_is_an_allowed_type_or_refused_in_chinese(name, data):
    try:
        mime = uploads.check(Upload(name, data))
    except BadFile as refusal:
        assert "“" in str(refusal)  # names the file
    else:
        assert mime in ALLOWED
        assert name.rsplit(".", 1)[-1].lower() in ALLOWED[mime]


def test_content_decides_and_the_name_must_agree():
    assert uploads.check(Upload("证明.PDF", PDF)) == "application/pdf"
    assert uploads.check(Upload("照片.jpeg", JPEG)) == "image/jpeg"
    for name, data in (("证明.pdf", ELF), ("证明.pdf", EXE), ("证明.pdf", PNG), ("x.png", b"")):
        with pytest.raises(BadFile):
            uploads.check(Upload(name, data))


def test_size_and_count_limits():
    big = Upload("大.pdf", PDF + b"0" * 2048)
    with pytest.raises(BadFile, match="超过"):
        uploads.check(big, max_bytes=1024)
    with pytest.raises(BadFile, match="最多上传5个附件"):
        uploads.check_all([Upload("a.pdf", PDF)] * 6)


def test_stored_files_get_random_names_readable_by_the_owner_only(tmp_path):
    first = uploads.store(tmp_path, Upload("../../etc/passwd.pdf", PDF), "application/pdf")
    second = uploads.store(tmp_path, Upload("a.pdf", PDF), "application/pdf")
    assert first["stored_name"] != second["stored_name"]
    assert first["original_name"] == "passwd.pdf"
    path = uploads.path_of(tmp_path, first["stored_name"])
    assert path.parent == tmp_path and (path.stat().st_mode & 0o777) == 0o600
    with pytest.raises(BadFile):
        uploads.path_of(tmp_path, "../x")
