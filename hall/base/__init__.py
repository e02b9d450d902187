"""Small things every floor uses: time, configuration, refusals, ids, the extension objects."""
