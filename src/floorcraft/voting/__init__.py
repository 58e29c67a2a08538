"""Audience voting: the exactly-once vote ledger (docs/voting.md).

model.py     pure types and limit rules (windows, caps, allocation, charity price)
limits.py    show presets (DWTS, Strictly, charity) by name
ledger.py    the single writer: group commit, idempotency, exact caps, durable before acknowledged
backends/    engine-specific SQL of the hot path (SQLite, PostgreSQL)
polls.py     producer actions: create, open/close, pause/resume, void/lift, audit
identity.py  voters as keyed hashes (HMAC-SHA256), one at a time or a batch of phone numbers
singles.py   SMS batches as columns, hashed and decided in one tight loop
hash_helper.py  an SMS batch's hashing in a helper process (the second core)
tally.py     live tally, recount, certification, receipt checks
digest.py    receipts and the Merkle root of a poll's ledger
abuse.py     rate limits, challenge hook, anomaly report
webhooks.py  SMS batches and signed donation events
service.py   what one server process runs (used by web/voting_api.py)
loadgen.py   the load generator of ``floorcraft bench votes``
"""
