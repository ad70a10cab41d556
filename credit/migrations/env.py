"""Alembic environment: the engine comes from `xinyong.credit.db.alembic_config`."""

from alembic import context

from xinyong.credit.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
