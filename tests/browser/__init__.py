"""Real-browser tests: Playwright drives Debian's Chromium against a live server of the test app."""
