"""Desk accounts (admin and scrutineers) and their server-side login sessions."""
