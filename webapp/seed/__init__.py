"""Demo data taken from the seed plans. Each area adds its own module; `seed_demo` runs them all.

Every step is idempotent: it looks things up by their natural key and creates only what is missing,
so running seed-demo twice changes nothing, and a demo account whose password was changed keeps it.
"""
from __future__ import annotations

from models import db
from webapp.anniversaries import seed_usual_dates
from webapp.seed import campaigns, events, organisation, tasks, waves


def seed_demo(password: str = "demo") -> list[tuple[str, str, str]]:
    """Load the demo data; returns the demo accounts as (username, full name, role label)."""
    accounts = organisation.seed(password)
    conference = events.seed()
    db.session.flush()
    tasks.seed(conference)
    campaigns.seed()
    accounts += waves.seed(password)
    seed_usual_dates()
    db.session.commit()
    return accounts
