"""Fixtures: an app on a freshly migrated database (SQLite, or PostgreSQL via TEST_DATABASE_URL),
clean tables for every test, and clients logged in as each role."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import flask_migrate
import pytest
from flask import g, request_started
from sqlalchemy import event, text
from werkzeug.serving import make_server

from models import db
from tests import factories
from webapp import create_app
from webapp.config import database_url


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    raw_url = os.environ.get("TEST_DATABASE_URL")
    uri = database_url(raw_url, str(instance)) if raw_url else f"sqlite:///{instance}/test.db"
    os.environ["INSTANCE_PATH"] = str(instance)
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=uri, WTF_CSRF_ENABLED=False)
    # Requests reuse the test's app context, and with it Flask-Login's cached user on `g`:
    # without this, a second client in the same test would act as the first one's user.
    request_started.connect(_forget_user, application)
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        # The schema comes from the migrations, exactly as in production.
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


def _forget_user(sender, **extra) -> None:
    g.pop("_login_user", None)


def _empty_tables() -> None:
    tables = [t.name for t in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        # Dependents first, with foreign keys on; unit.parent_id is RESTRICT, which SQLite
        # checks row by row, so the tree is flattened before it is emptied.
        db.session.execute(text("UPDATE unit SET parent_id = NULL"))
        for name in reversed(tables):
            db.session.execute(text(f"DELETE FROM {name}"))
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app):
    with app.app_context():
        yield
        db.session.rollback()
        _empty_tables()
        db.session.remove()


@pytest.fixture()
def client(app):
    return app.test_client()


def login(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True


@pytest.fixture()
def login_as(app):
    """login_as(user) -> a test client with that user's session."""
    def _login(user):
        test_client = app.test_client()
        login(test_client, user)
        return test_client
    return _login


@pytest.fixture()
def admin(login_as):
    return login_as(factories.make_user(role="admin", username="admin"))


@pytest.fixture()
def member(login_as):
    department = factories.make_department(name="Ban Tuyên giáo")
    return login_as(factories.make_user(role="department_member", username="member", department=department))


@pytest.fixture()
def reviewer(login_as):
    return login_as(factories.make_user(role="reviewer", username="reviewer"))


@pytest.fixture()
def htmx_headers():
    return {"HX-Request": "true"}


class StatementCounter:
    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture()
def count_queries():
    """with count_queries() as counter: ... -> counter.count statements were sent."""
    @contextmanager
    def _count():
        counter = StatementCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
    return _count


# --------------------------------------------------------------------------- a running server


@dataclass
class LiveServer:
    url: str
    port: int
    # Exceptions raised by the app while serving: with TESTING on, Flask re-raises them and werkzeug
    # turns them into a bare 500, so they are recorded here to fail the test with the real cause.
    errors: list[BaseException] = field(default_factory=list)


@pytest.fixture(scope="session")
def served_app(app):
    """The session `app` served by a threaded werkzeug server on a free loopback port, for the
    browser tests and the concurrency tests; data made with the factories (which commit) is seen."""
    errors: list[BaseException] = []

    def wsgi(environ, start_response):
        try:
            return app(environ, start_response)
        except BaseException as error:  # noqa: BLE001 - recorded, then re-raised for werkzeug
            errors.append(error)
            raise

    # Port 0: the OS picks a free port, so parallel runs and a busy 5000 cannot collide.
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", port=server.server_port, errors=errors)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
