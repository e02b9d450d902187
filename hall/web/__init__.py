"""The web glue under every surface: proxies, request size limits, response headers, error pages."""
