"""Vote journal on PostgreSQL: its two blobs are stored without compression.

Revision ID: 0007_journal_storage
Revises: 0006_journal

A journal row holds a writer batch's records (msgpack) and receipts (32-byte hashes): 195 kB and 64 kB for
an SMS batch of 2,000 messages. PostgreSQL's default storage for ``bytea`` (``EXTENDED``) tries to compress
every such value before moving it out of line — inside the batch's transaction, under the ledger's write
lock — and gives up: hashes do not compress, and both blobs were stored at the same size either way
(``pg_column_size``, measured). ``EXTERNAL`` stores them out of line without trying. With one server worker
at 100 SMS batches/s offered, the ledger kept up with 136,000 votes/s before and 194,000 after (same
afternoon, docs/voting.md §7.1).

SQLite has no such setting: there this migration does nothing. ``SET STORAGE`` applies to rows written
from then on.
"""

from alembic import op

revision = "0007_journal_storage"
down_revision = "0006_journal"
branch_labels = None
depends_on = None

COLUMNS = ("records", "receipts")


def _storage(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in COLUMNS:
        op.execute(f"ALTER TABLE voting_journal ALTER COLUMN {column} SET STORAGE {kind}")


def upgrade() -> None:
    _storage("EXTERNAL")


def downgrade() -> None:
    _storage("EXTENDED")
