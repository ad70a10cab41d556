"""Jinja templates shared by the site and the forms app."""
