"""The Flask extensions the forms app uses, set up once per app."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


def init_app(app: Flask) -> None:
    from xinyong.forms import errors, staff

    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    login_manager.login_message = "请先登录后台。"
    login_manager.session_protection = "strong"
    login_manager.user_loader(staff.load_user)
    app.before_request(errors.refuse_nul)
    app.register_error_handler(CSRFError, errors.csrf_failed)
    app.register_error_handler(400, errors.bad_request)
    app.register_error_handler(403, errors.forbidden)
    app.register_error_handler(413, errors.too_large)
    app.register_error_handler(429, errors.too_many)
