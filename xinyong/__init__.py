"""信用周村: the public credit information system of Zhoucun District.

`create_app` is the one application factory: the CLI, the forms app, the
publisher and the tests all build their app with it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(settings: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the optional config file, the environment, `settings`."""
    # imported here, not with the package: a process that only needs a module of it (the
    # publisher's trash emptier) starts without Flask and SQLAlchemy
    from flask import Flask

    from xinyong import config, database, forms, keys, site

    # Flask's own instance folder unless one is named: never the working directory
    named = (settings or {}).get("INSTANCE_PATH") or os.environ.get("XINYONG_INSTANCE")
    app = Flask(
        "xinyong",
        instance_path=str(Path(named).absolute()) if named else None,
        template_folder=str(resources.files("xinyong.templates")),
        static_folder=str(resources.files("xinyong.static")),
    )
    instance = Path(app.instance_path)
    app.config.update(config.defaults(instance))
    config_file = os.environ.get("XINYONG_CONFIG")
    if config_file:
        app.config.from_pyfile(config_file)
    else:
        app.config.from_pyfile(str(instance / "config.py"), silent=True)
    app.config.update(config.from_environment())
    if settings:
        app.config.update(settings)
    keys.settle(app.config, instance)  # production refuses development keys
    database.init_app(app)
    site.register(app)  # the public views the publisher freezes
    forms.register(app)  # search, applications, status, the API and the back office
    return app
