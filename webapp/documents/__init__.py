"""Printed documents of an event: invitation letters, the programme and the delegate list (PDF).

Services only: views pass in what a request decided (who is selected, the check-in links, the
letter's date, the configured font folder) and get bytes back.
"""
from __future__ import annotations

from reportlab import rl_config

# Streams are compressed; wrapping them in ASCII85 as well makes files a quarter larger and,
# with no C accelerator installed, costs a third of the time of 5,000 letters.
rl_config.useA85 = 0
