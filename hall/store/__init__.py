"""The store: engine and sessions, models, the audit chain, the seal, backups and restores."""
