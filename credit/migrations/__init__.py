"""Alembic migrations of the credit database (`xinyong init-db` runs them to head)."""
