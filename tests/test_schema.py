"""The schema comes only from migrations, and they match the models on both databases."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_naming_convention_names_constraints():
    unit = db.metadata.tables["unit"]
    names = {constraint.name for constraint in unit.constraints}
    assert "ck_unit_kind" in names and "fk_unit_parent_id_unit" in names
