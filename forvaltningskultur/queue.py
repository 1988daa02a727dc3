"""The worker's queue on PostgreSQL: huey's, with its tables made one worker at a time.

huey creates its tables when a worker starts (`create table if not exists`). Two workers
that start together on a database without them (the first deploy, several nodes, or
two workers on one) race, and PostgreSQL refuses the second CREATE with a duplicate key
in its catalogue; that worker then dies while Django loads. Here the creating
transaction first takes an advisory lock, so the second waits and finds the tables.
"""

from huey.api import Huey
from huey.storage import PostgresStorage

# Any fixed number: the lock is the site's own, held only while the tables are made.
SCHEMA_LOCK = 0x4655_4B51  # "FUKQ"


class SerialSchemaPostgresStorage(PostgresStorage):
    def initialize_schema(self):
        with self.db(commit=True, close=True) as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            for statement in self.ddl:
                cursor.execute(statement)


class PostgresHuey(Huey):
    storage_class = SerialSchemaPostgresStorage
