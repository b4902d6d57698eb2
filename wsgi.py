"""Entry point for `flask --app wsgi …` and for gunicorn (`gunicorn wsgi:app`)."""
import gc

from webapp import create_app

app = create_app()
# What the app has built lives as long as the process: moved out of the collector's sight, the full
# collections that come under load scan only what requests create, and pause a few ms, not 100.
gc.freeze()
