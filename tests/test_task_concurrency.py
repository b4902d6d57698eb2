"""Ticking tasks from several sessions at once, against a running server.

The session `app` is served by `served_app` of tests/conftest.py (a threaded werkzeug server, as for
the browser tests, without a browser); each thread logs in through POST /login with its own cookie jar and ticks
and unticks with plain HTTP. The checks are on what the database ends with: the task's state, its
`completed_*` columns and version, and a history in which every line is a real transition, in the
order the transitions happened, written once for each request that reported a change.
"""
from __future__ import annotations

import http.client
import random
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from models import Task, TaskChange, db
from models.base import utcnow
from tests import factories

PASSWORD = "matkhau123"  # what factories.make_user() sets
THREADS = 6  # sessions ticking and unticking at random, REQUESTS_PER_THREAD requests each
REQUESTS_PER_THREAD = 20
CROWD = 8  # sessions clicking the same tick at the same moment
TIMEOUT = 30  # seconds for one request: a stuck lock fails the test instead of hanging it
DONE_LABELS = [["Trạng thái", "Chưa làm", "Xong"]]
REOPENED_LABELS = [["Trạng thái", "Xong", "Chưa làm"]]


# --------------------------------------------------------------------------- server, sessions


@pytest.fixture()
def live(app, served_app):
    # The test app has CSRF off; a browser test may have switched it on for its own duration.
    assert not app.config["WTF_CSRF_ENABLED"]
    served_app.errors.clear()
    yield served_app
    assert not served_app.errors, f"server exceptions: {served_app.errors!r}"


class Session:
    """One person: a cookie jar over plain HTTP requests; redirects are returned, not followed."""

    def __init__(self, app, port: int):
        self.app, self.port = app, port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        body = urlencode(form).encode() if form is not None else None
        sent = {"User-Agent": "task-concurrency-test", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read().decode("utf-8")
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:  # Flask deletes an emptied session with an empty, expired cookie
                        self.cookies.pop(name, None)
            return response.status, response.headers, data
        finally:
            connection.close()

    def log_in(self, username: str) -> "Session":
        status, _, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD})
        assert status == 302 and "session" in self.cookies, (username, status)
        return self

    def flashes(self) -> list[str]:
        """The flash messages waiting in the session cookie (signed, not encrypted: readable here)."""
        raw = self.cookies.get("session")
        if not raw:
            return []
        data = self.app.session_interface.get_signing_serializer(self.app).loads(raw)
        return [message for _category, message in data.get("_flashes", [])]


# --------------------------------------------------------------------------- data


def _task(title: str, lead, supports=(), event=None, done: bool = False) -> Task:
    task = Task(title=title, details="", event_id=event.id if event else None, lead_department_id=lead.id,
                due_date=date.today() + timedelta(days=5), status="done" if done else "todo",
                completed_at=utcnow() if done else None, priority="normal", position=0)
    task.support_departments = list(supports)
    task.units = []
    db.session.add(task)
    db.session.commit()
    return task


@dataclass
class Initial:
    id: int
    title: str
    event_id: int | None
    done: bool
    version: int


def _snapshot(task: Task) -> Initial:
    return Initial(task.id, task.title, task.event_id, task.is_done, task.version)


def _people(app, server, count: int, departments) -> list[tuple[int, Session]]:
    """`count` department members, spread over `departments`, each logged in with their own session."""
    people = []
    for n in range(count):
        user = factories.make_user(role="department_member", username=f"ban{n}",
                                   department=departments[n % len(departments)])
        people.append((user.id, Session(app, server.port).log_in(user.username)))
    return people


def _run(workers) -> None:
    """Run the callables in threads and re-raise the first exception any of them raised."""
    failures: list[BaseException] = []

    def guarded(work):
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            failures.append(error)

    threads = [threading.Thread(target=guarded, args=(work,), name=f"ticker-{n}") for n, work in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a ticking thread is stuck"
    if failures:
        raise failures[0]


def _fresh() -> None:
    """Forget what this thread's session read: the server committed since."""
    db.session.rollback()
    db.session.expire_all()


def _history(task_id: int) -> list[TaskChange]:
    return list(db.session.scalars(select(TaskChange).where(TaskChange.task_id == task_id).order_by(TaskChange.id)))


def _assert_consistent(initial: Initial, task: Task, changes: list[TaskChange]) -> None:
    """The history is a chain of real transitions from the initial state, and the task is where it ends."""
    actions = [change.action for change in changes]
    state = initial.done
    for position, action in enumerate(actions):
        assert action == ("reopened" if state else "done"), (
            f"task {initial.id}: history entry {position} is {action!r} while the task was "
            f"{'done' if state else 'not done'}: {actions}")
        state = not state
    for change in changes:
        assert change.changes == (DONE_LABELS if change.action == "done" else REOPENED_LABELS), change.changes
    assert task.is_done == state, (initial.id, task.status, actions[-1:] or "no history")
    assert (task.completed_at is not None) == task.is_done, (task.status, task.completed_at)
    if task.is_done and actions:
        assert task.completed_by_id == changes[-1].user_id
    if not task.is_done:
        assert task.completed_by_id is None
    assert task.version == initial.version + len(actions), (task.version, initial.version, len(actions))


def _row_state(body: str) -> bool:
    """True/False: the ticked state a row or status block shows (exactly one tick button in it)."""
    pressed = body.count('aria-pressed="true"')
    released = body.count('aria-pressed="false"')
    assert pressed + released == 1, body[:500]
    return pressed == 1


# --------------------------------------------------------------------------- tests


@dataclass
class Outcome:
    user_id: int
    task_id: int
    done: bool
    mode: str  # "plain" (a form post, answered 303) or "htmx" (the row or status block, answered 200)
    status: int
    changed: bool | None  # from the flash message of a plain post; unknown for htmx


def test_many_sessions_tick_and_untick_the_same_tasks(app, live):
    lead, support = factories.make_department(name="Ban Tuyên giáo"), factories.make_department(name="Văn phòng")
    event = factories.make_event(title="Hội nghị tổng kết công tác Hội")
    tasks = [
        _snapshot(_task("Chuẩn bị hội trường", lead, [support], event=event)),
        _snapshot(_task("Gửi giấy mời đại biểu", support, [lead], done=True)),
    ]
    titles = {task.id: task.title for task in tasks}
    lead_id = lead.id  # the threads touch no ORM object: they have no session of their own
    people = _people(app, live, THREADS, [lead, support])
    _fresh()
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def ticker(number: int, user_id: int, session: Session):
        rng = random.Random(1000 + number)
        mode = "plain" if number % 4 < 2 else "htmx"  # each department has both kinds
        start.wait(timeout=TIMEOUT)
        for _ in range(REQUESTS_PER_THREAD):
            task = rng.choice(tasks)
            done = rng.random() < 0.5
            form = {"done": "1" if done else "0"}
            if mode == "plain":
                back = f"/tasks?department={lead_id}"
                seen = len(session.flashes())
                status, headers, _ = session.request("POST", f"/tasks/{task.id}/done", {**form, "next": back})
                new = session.flashes()[seen:]
                assert status == 303 and headers["Location"].endswith(back), (status, headers.get("Location"))
                assert len(new) <= 1, new
                if new:
                    verb = "Đã đánh dấu xong" if done else "Đã bỏ đánh dấu xong"
                    assert new[0] == f"{verb} “{titles[task.id]}”.", new
                changed = bool(new)
            else:
                where = rng.choice(["list", "", "checklist"] if task.event_id else ["list", ""])
                form.update(where=where, **({"department": str(lead_id)} if where == "list" else {}))
                status, _, body = session.request("POST", f"/tasks/{task.id}/done", form,
                                                  headers={"HX-Request": "true"})
                assert status == 200, (status, body[:500])
                assert (f'id="task-{task.id}"' if where else 'id="task-status"') in body, body[:500]
                _row_state(body)
                changed = None
            with lock:
                outcomes.append(Outcome(user_id, task.id, done, mode, status, changed))

    _run([lambda n=n, person=person: ticker(n, *person) for n, person in enumerate(people)])

    assert len(outcomes) == THREADS * REQUESTS_PER_THREAD
    assert not [o for o in outcomes if o.status >= 500]
    assert all(o.status == (303 if o.mode == "plain" else 200) for o in outcomes)
    _fresh()
    transitions = 0
    for initial in tasks:
        task = db.session.get(Task, initial.id)
        changes = _history(initial.id)
        _assert_consistent(initial, task, changes)
        transitions += len(changes)
        # Every history line was written by a request of that person asking for that change; a plain
        # post says whether it changed the task, and then exactly its lines are in the history.
        written = Counter((change.user_id, change.action) for change in changes)
        for user_id, _session in people:
            mine = [o for o in outcomes if o.user_id == user_id and o.task_id == initial.id]
            for done, action in ((True, "done"), (False, "reopened")):
                asked = [o for o in mine if o.done == done]
                if mine and mine[0].mode == "plain":
                    assert written[user_id, action] == sum(o.changed for o in asked), (user_id, action)
                else:
                    assert written[user_id, action] <= len(asked), (user_id, action)
    assert transitions > 0


def test_everyone_ticks_the_same_task_at_once(app, live):
    lead = factories.make_department(name="Ban Gia đình xã hội")
    event = factories.make_event(title="Ngày Gia đình Việt Nam")
    tasks = [_snapshot(_task(f"Nhiệm vụ chung số {n}", lead, event=event)) for n in range(3)]
    people = _people(app, live, CROWD, [lead])
    _fresh()

    def everyone(task: Initial, done: bool) -> list[tuple[int, str]]:
        """Every person clicks the same tick at the same moment; their answers."""
        answers: list[tuple[int, str]] = []
        lock = threading.Lock()
        start = threading.Barrier(CROWD)

        def click(session: Session, where: str):
            start.wait(timeout=TIMEOUT)
            status, _, body = session.request("POST", f"/tasks/{task.id}/done",
                                              {"done": "1" if done else "0", "where": where},
                                              headers={"HX-Request": "true"})
            with lock:
                answers.append((status, body))

        wheres = ["list", "checklist"]
        _run([lambda session=session, n=n: click(session, wheres[n % 2]) for n, (_, session) in enumerate(people)])
        return answers

    expected: list[str] = []
    for done, action in ((True, "done"), (False, "reopened")):
        for initial in tasks:
            answers = everyone(initial, done)
            assert len(answers) == CROWD
            for status, body in answers:
                assert status == 200, (status, body[:500])
                assert f'id="task-{initial.id}"' in body, body[:500]
                # Whoever got there first, every person sees the task in the state they asked for.
                assert _row_state(body) is done, body[:500]
                assert ('class="task-row task-done' in body) is done
        # The whole crowd ticking at once is one transition, and so is the whole crowd unticking.
        expected.append(action)
        _fresh()
        for initial in tasks:
            task = db.session.get(Task, initial.id)
            changes = _history(initial.id)
            assert [change.action for change in changes] == expected
            assert task.is_done is done
            _assert_consistent(initial, task, changes)
        _fresh()
