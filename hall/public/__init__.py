"""The public's pages: no login, phone-first."""
