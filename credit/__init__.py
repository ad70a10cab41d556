"""The shared credit domain: models, identifiers, working days, catalog, disclosure, intake.

Plain Python over SQLAlchemy models: importable and testable without Flask.
"""
