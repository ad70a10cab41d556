"""`xinyong serve`: the release's files and the forms app at one address."""

from __future__ import annotations

from pathlib import Path

from werkzeug.test import Client

from xinyong.forms.serving import ReleaseAndForms


def release(app) -> Path:
    site = Path(app.config["PUBLISH_DIR"]) / "releases" / "r1" / "site"
    (site / "subject" / "k1").mkdir(parents=True)
    (site / "index.html").write_text("<p>home of the release</p>", "utf-8")
    (site / "subject" / "k1" / "index.html").write_text("<p>subject k1</p>", "utf-8")
    (site.parent.parent.parent / "current").symlink_to(site.parent)
    return site


def test_the_release_answers_its_pages_and_the_app_its_forms(app):
    release(app)
    client = Client(ReleaseAndForms(app))
    home = client.get("/")
    assert home.status_code == 200 and b"home of the release" in home.data
    assert home.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"subject k1" in client.get("/subject/k1/").data
    status = client.get("/status")
    assert status.status_code == 200 and "办理进度查询" in status.get_data(as_text=True)
    assert client.get("/static/forms.css").status_code == 200


def test_no_path_escapes_the_release(app, tmp_path):
    release(app)
    (tmp_path / "secret.txt").write_text("secret", "utf-8")
    client = Client(ReleaseAndForms(app))
    for path in ("/../../../secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/subject/../../secret.txt"):
        assert b"secret" not in client.get(path).data


def test_before_the_first_publish_the_live_views_answer(app):
    client = Client(ReleaseAndForms(app))
    assert client.get("/").status_code == 200
