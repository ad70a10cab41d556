"""Staff sessions (Flask-Login) and role checks for the back office."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import UserMixin, current_user, login_required

from xinyong.credit.models import StaffRole, StaffUser
from xinyong.credit.staff import ROLE_LABELS
from xinyong.database import get_session


class Staff(UserMixin):
    """The logged-in staff member, as the session sees them."""

    def __init__(self, user: StaffUser) -> None:
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name
        self.role = user.role
        self.provider_id = user.provider_id
        self.role_label = ROLE_LABELS.get(user.role, user.role)

    @property
    def actor(self) -> str:
        """How this person's actions are audited."""
        return f"staff:{self.username}"


def load_user(user_id: str) -> Staff | None:
    if not (user_id.isascii() and user_id.isdigit()):
        return None
    user = get_session().get(StaffUser, int(user_id))
    if user is None or not user.active:
        return None
    return Staff(user)


def requires(*roles: str):
    """A view only these roles may use; anyone else gets 403, anyone logged out the login page."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


STAFF = (StaffRole.ADMIN, StaffRole.REVIEWER)
ADMIN = (StaffRole.ADMIN,)
PROVIDER = (StaffRole.PROVIDER,)
