"""Entry point for `flask --app wsgi …` and for gunicorn (`gunicorn wsgi:app`)."""
from webapp import create_app, settle_memory

app = create_app()
settle_memory()
