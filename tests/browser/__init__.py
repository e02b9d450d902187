"""Browser tests: the real server driven through its pages in Debian's Chromium."""
