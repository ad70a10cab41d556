"""Where the provider file format is written down, for every message that refers to it.

One constant, so that the README, intake's refusals and the CLI point at the same document.
"""

from __future__ import annotations

#: the format document of the repository, written for a department's clerk
FORMATS_DOC = "docs/formats.md"

#: said in a message: "请按{FORMAT_GUIDE}补齐表头"
FORMAT_GUIDE = f"《信用周村报送文件格式说明》（{FORMATS_DOC}）"
