"""Storage on Tortoise ORM: SQLite by default, PostgreSQL by DSN, Aerich migrations.

``database = await open_database(url)`` connects and migrates; ``TortoiseUnitOfWorkFactory(
database)`` is the core's ``UnitOfWorkFactory``; ``await database.close()`` at shutdown.
"""

from adapters.tortoise.database import (
    APP_LABEL,
    DATABASE_FILE,
    Database,
    Dialect,
    database_resource,
    dialect_of,
    open_database,
    sqlite_url_in,
    tortoise_config,
)
from adapters.tortoise.errors import InvalidDatabaseUrlError, UnsupportedMigrationError
from adapters.tortoise.unit_of_work import TortoiseUnitOfWork, TortoiseUnitOfWorkFactory

__all__ = [
    "APP_LABEL",
    "DATABASE_FILE",
    "Database",
    "Dialect",
    "InvalidDatabaseUrlError",
    "TortoiseUnitOfWork",
    "TortoiseUnitOfWorkFactory",
    "UnsupportedMigrationError",
    "database_resource",
    "dialect_of",
    "open_database",
    "sqlite_url_in",
    "tortoise_config",
]
