"""`xinyong serve`: the forms app and the current release's static site at one address.

Paths the forms app owns go to it; everything else is a file of the release
(`PUBLISH_DIR/current/site`), a directory page answered by its `index.html`.
Before the first publish, the app's own site views answer instead.
For production, nginx serves the release and proxies these prefixes (README).
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path

from flask import Flask
from werkzeug.utils import safe_join
from werkzeug.wrappers import Response
from werkzeug.wsgi import wrap_file

#: the forms app's paths (DESIGN.md "Public interfaces"), and its own static files
APP_PREFIXES = (
    "/search",
    "/objection",
    "/deletion",
    "/repair",
    "/status",
    "/admin",
    "/static/forms.css",
)


def release_site(app: Flask) -> Path:
    return Path(app.config["PUBLISH_DIR"]) / "current" / "site"


class ReleaseAndForms:
    """A WSGI app: the forms app for its prefixes, the current release for the rest."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO") or "/"
        if not path.startswith(APP_PREFIXES):
            found = self.file_for(path)
            if found is not None:
                return self.send(found, environ, start_response)
        return self.app.wsgi_app(environ, start_response)

    def file_for(self, path: str) -> Path | None:
        root = release_site(self.app)
        if not root.is_dir():
            return None
        relative = posixpath.normpath(path).lstrip("/")
        if path.endswith("/") or relative in ("", "."):
            relative = posixpath.join(relative if relative != "." else "", "index.html")
        joined = safe_join(str(root.resolve()), relative)
        if joined is None:
            return None
        candidate = Path(joined)
        return candidate if candidate.is_file() else None

    def send(self, path: Path, environ, start_response):
        # werkzeug adds "; charset=utf-8" to text types itself
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        handle = path.open("rb")
        response = Response(wrap_file(environ, handle), mimetype=mimetype, direct_passthrough=True)
        response.content_length = path.stat().st_size
        return response(environ, start_response)
