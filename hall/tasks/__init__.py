"""Background tasks: the ballot watch (countdowns, seal) and the paced garbage collector."""
