"""The whole database at once: backups, restores, and bringing it to the code's schema."""
