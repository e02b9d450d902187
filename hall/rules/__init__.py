"""Pure voting and rating rules: no Flask, no database, no sockets."""
