"""`flask backup PATH` and `flask restore PATH`: a SQLite backup taken with the online backup API
(consistent while another connection is writing) with the uploads folder beside it, verified; restore
finds everything again (names with diacritics, scores, the evidence file's bytes), keeps what it
replaces, brings an older backup to the current schema, and refuses what is not one of our backups.
On PostgreSQL both commands refuse with exit code 2 and the pg_dump / pg_restore line."""
from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy import func, select, text

from models import Attachment, Event, Participant, Score, Task, Unit, User, db
from tests import factories
from tests.test_campaign_table import make_campaign, make_criterion
from tests.wave_factories import make_nomination, make_wave, make_work
from webapp import backup as service
from webapp import create_app, uploads

PDF = b"%PDF-1.4\n% B\xc3\xa1o c\xc3\xa1o 6 th\xc3\xa1ng\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COUNTED = [table for table, _ in service.TABLES]


@pytest.fixture()
def sqlite_app(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("backup/restore work on SQLite only; on PostgreSQL they point to pg_dump "
                    "(test_on_postgresql_the_commands_point_to_pg_dump_and_pg_restore)")
    return app


@pytest.fixture(autouse=True)
def upload_folder(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


@pytest.fixture()
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=[str(a) for a in args], **kwargs)


@pytest.fixture()
def kept_files(sqlite_app):
    """The `before-restore` copies a restore leaves beside the session's database, removed afterwards."""
    live = Path(db.engine.url.database)
    yield lambda: sorted(live.parent.glob(live.name + ".before-restore-*"))
    for path in live.parent.glob(live.name + ".before-restore-*"):
        path.unlink()


def _counts() -> dict[str, int]:
    db.session.expire_all()
    return {table: db.session.scalar(text(f'SELECT count(*) FROM "{table}"')) for table in COUNTED}


def _head() -> str:
    return service.known_revisions()[1][0]


def _build() -> dict:
    """Units, users, an event with participants, tasks, a campaign with a score and its evidence
    file, a wave with a work and a nomination."""
    world = make_wave()
    department = factories.make_department("Ban Tuyên giáo")
    event = factories.make_event("Hội nghị tổng kết công tác Hội năm 2025", organiser=world["province"])
    factories.make_participant(event, "Nguyễn Thị Hương", unit_name="Hội LHPN xã Liên Minh", status="confirmed")
    factories.make_participant(event, "Trần Thị Ngọc Ánh", unit_name="Hội LHPN huyện Ý Yên")
    factories.make_task("Chuẩn bị báo cáo tổng kết", event=event, lead=department)
    factories.make_task("Gửi giấy mời đại biểu", event=event, lead=department, status="done")
    campaign = make_campaign("Phong trào thi đua năm 2026", status="scoring")
    criterion = make_criterion(campaign, "1", "Tuyên truyền, giáo dục hội viên", 30, department=department)
    stored = uploads.store(PDF, "Báo cáo 6 tháng.pdf", world["admin"].id)
    db.session.add(stored.attachment)
    db.session.flush()
    db.session.add(Score(campaign_id=campaign.id, unit_id=world["district"].id, criterion_id=criterion.id,
                         self_points=Decimal("27.25"), self_note="Có báo cáo kèm theo", appraised_points=Decimal("26.5"),
                         evidence_id=stored.attachment.id))
    db.session.commit()
    work = make_work(world, title="Mái ấm tình thương cho hội viên nghèo")
    make_nomination(world, work=work)
    return {**world, "event": event, "stored_name": stored.attachment.stored_name}


def _uncommitted_writer(database: str) -> sqlite3.Connection:
    connection = sqlite3.connect(database, isolation_level=None, timeout=5)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO unit (kind, name, short_name, sort_order, search_key, created_at, updated_at) "
                       "VALUES ('city', 'Hội LHPN chưa ghi', '', 0, 'hoi lhpn chua ghi', '2025-01-01', '2025-01-01')")
    return connection


# --------------------------------------------------------------------------- the round trip


def test_a_backup_restores_everything_after_changes_and_deletions(sqlite_app, cli, tmp_path, upload_folder,
                                                                  kept_files):
    world = _build()
    before = _counts()
    assert before == {"unit": 6, "user_account": 8, "event": 1, "participant": 2, "task": 2, "campaign": 2,
                      "work": 1, "nomination": 1}
    target = tmp_path / "sao-luu" / "thidua.db"
    target.parent.mkdir()

    result = cli("backup", target)
    assert result.exit_code == 0, result.output
    assert f"Đã sao lưu CSDL vào {target}:" in result.output
    assert f"phiên bản lược đồ {_head()}, kiểm tra toàn vẹn: ok; 6 đơn vị, 8 tài khoản, 1 sự kiện, 2 đại biểu, " \
           "2 nhiệm vụ, 2 phong trào, 1 công trình, 1 đề cử." in result.output
    assert f"Tệp tải lên: 1 tệp ({len(PDF)} byte) chép vào {target}.uploads/." in result.output
    # Only the two finished results are left: no temporary file, no -wal beside the copy.
    assert sorted(p.name for p in target.parent.iterdir()) == ["thidua.db", "thidua.db.uploads"]
    assert (target.parent / "thidua.db.uploads" / world["stored_name"]).read_bytes() == PDF
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)

    # Change and delete: names, a score, participants, a task, the evidence file; add a unit.
    db.session.execute(text("UPDATE unit SET name = 'Đã đổi tên' WHERE name = 'Hội LHPN xã Liên Minh'"))
    db.session.execute(text("UPDATE score SET self_points = 1"))
    db.session.execute(text("DELETE FROM participant"))
    db.session.execute(text("DELETE FROM task WHERE title = 'Chuẩn bị báo cáo tổng kết'"))
    db.session.commit()
    factories.make_unit("Hội LHPN phường Mới Thêm")
    (upload_folder / world["stored_name"]).unlink()
    (upload_folder / "rac.pdf").write_bytes(PDF)
    assert _counts()["participant"] == 0

    result = cli("restore", target, "--yes")
    assert result.exit_code == 0, result.output
    assert f"Đã khôi phục CSDL {Path(db.engine.url.database).resolve()} từ {target} (phiên bản lược đồ {_head()}): " \
           "6 đơn vị, 8 tài khoản, 1 sự kiện, 2 đại biểu, 2 nhiệm vụ, 2 phong trào, 1 công trình, 1 đề cử." in result.output
    assert f"Đã khôi phục 1 tệp tải lên vào {upload_folder}/" in result.output

    assert _counts() == before
    names = set(db.session.scalars(select(Unit.name)))
    assert "Hội LHPN xã Liên Minh" in names and "Đã đổi tên" not in names and "Hội LHPN phường Mới Thêm" not in names
    assert db.session.scalar(select(User.full_name).where(User.username == "hoidong")) == "Hoàng Thị Mai Phương"
    assert sorted(db.session.scalars(select(Participant.full_name))) == ["Nguyễn Thị Hương", "Trần Thị Ngọc Ánh"]
    assert db.session.scalar(select(Event.title)) == "Hội nghị tổng kết công tác Hội năm 2025"
    assert sorted(db.session.scalars(select(Task.title))) == ["Chuẩn bị báo cáo tổng kết", "Gửi giấy mời đại biểu"]
    score = db.session.scalar(select(Score))
    assert (score.self_points, score.appraised_points, score.self_note) == (
        Decimal("27.25"), Decimal("26.5"), "Có báo cáo kèm theo")
    attachment = db.session.get(Attachment, score.evidence_id)
    assert attachment.filename == "Báo cáo 6 tháng.pdf"
    assert uploads.path_of(attachment).read_bytes() == PDF
    assert sorted(p.name for p in upload_folder.iterdir()) == [world["stored_name"]]

    # What was replaced is kept: the database as it was, and the uploads folder as it was.
    [kept] = kept_files()
    assert f"CSDL trước khi khôi phục được giữ tại {kept}." in result.output
    with sqlite3.connect(kept) as old:
        assert old.execute("SELECT count(*) FROM unit WHERE name = 'Hội LHPN phường Mới Thêm'").fetchone() == (1,)
        assert old.execute("SELECT count(*) FROM participant").fetchone() == (0,)
    [kept_uploads] = upload_folder.parent.glob("uploads.before-restore-*")
    assert sorted(p.name for p in kept_uploads.iterdir()) == ["rac.pdf"]

    # The app goes on with the restored database: reads, writes, and a request.
    # (objects loaded before the restore belong to a session it closed: load them again)
    district = db.session.scalar(select(Unit).where(Unit.name == "Hội LHPN huyện Vụ Bản"))
    factories.make_unit("Hội LHPN xã Sau Khôi Phục", district, kind="commune")
    assert _counts()["unit"] == 7
    assert sqlite_app.test_client().get("/healthz").status_code == 200


def test_restore_asks_first_and_changes_nothing_when_refused(sqlite_app, cli, tmp_path, kept_files):
    factories.make_unit("Hội LHPN thành phố Hà Nội")
    assert cli("backup", tmp_path / "b.db").exit_code == 0
    factories.make_unit("Hội LHPN tỉnh Bắc Ninh")

    result = cli("restore", tmp_path / "b.db", input="n\n")
    assert result.exit_code == 1
    assert "Thay toàn bộ CSDL" in result.output and "Đã hủy: không khôi phục gì." in result.output
    assert _counts()["unit"] == 2 and kept_files() == []

    # A database file alone (its uploads folder not copied along) restores the database only.
    shutil.rmtree(tmp_path / "b.db.uploads")
    result = cli("restore", tmp_path / "b.db", input="y\n")
    assert result.exit_code == 0, result.output
    assert f"Không có {tmp_path / 'b.db.uploads'}/: thư mục tệp tải lên hiện tại giữ nguyên." in result.output
    assert "tệp tải lên vào" not in result.output
    assert set(db.session.scalars(select(Unit.name))) == {"Hội LHPN thành phố Hà Nội"}


def test_backup_does_not_overwrite_without_force(sqlite_app, cli, tmp_path, upload_folder):
    world = _build()
    target = tmp_path / "b.db"
    assert cli("backup", target).exit_code == 0
    first = target.read_bytes()

    factories.make_unit("Hội LHPN xã Thêm Sau")
    result = cli("backup", target)
    assert result.exit_code == 1
    assert f"Lỗi: Đã có {target} và {target}.uploads: không ghi đè. Chọn tên khác hoặc thêm --force." in result.output
    assert target.read_bytes() == first

    # --force replaces both; a file the database names but the folder lacks is reported.
    (upload_folder / world["stored_name"]).unlink()
    result = cli("backup", target, "--force")
    assert result.exit_code == 0, result.output
    assert "7 đơn vị" in result.output
    assert "Chú ý: 1 tệp có trong CSDL nhưng không có trong thư mục tệp tải lên" in result.output
    assert list((tmp_path / "b.db.uploads").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.db", "b.db.uploads", "uploads"]


def test_a_backup_while_another_connection_writes_is_consistent(sqlite_app, cli, tmp_path):
    factories.make_unit("Hội LHPN thành phố Hà Nội")
    database = db.engine.url.database

    # A write transaction left open: the backup neither waits for it nor copies what it has not committed.
    writer = _uncommitted_writer(database)
    try:
        result = cli("backup", tmp_path / "open.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "open.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT name FROM unit").fetchall() == [("Hội LHPN thành phố Hà Nội",)]

    # A writer committing pairs of rows the whole time: the copy never holds half a transaction.
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def write_pairs():
        connection = sqlite3.connect(database, isolation_level=None, timeout=5)
        try:
            n = 0
            while not stop.is_set():
                connection.execute("BEGIN IMMEDIATE")
                for _ in range(2):
                    n += 1
                    connection.execute(
                        "INSERT INTO unit (kind, name, short_name, sort_order, search_key, created_at, updated_at) "
                        "VALUES ('commune', ?, '', 0, '', '2025-01-01', '2025-01-01')", (f"Hội LHPN xã số {n}",))
                connection.execute("COMMIT")
                written.append(n)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while len(written) < 5 and not failures and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(written) >= 5, failures
        result = cli("backup", tmp_path / "busy.db")
    finally:
        stop.set()
        thread.join()
    assert not failures
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "busy.db") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = copy.execute("SELECT count(*) FROM unit WHERE kind = 'commune'").fetchone()[0]
    assert count % 2 == 0 and 10 <= count <= written[-1]


def test_restore_refuses_what_is_not_a_sound_backup_of_ours(sqlite_app, cli, tmp_path, kept_files):
    factories.make_unit("Hội LHPN thành phố Hà Nội")
    assert cli("backup", tmp_path / "good.db").exit_code == 0
    good = (tmp_path / "good.db").read_bytes()
    assert len(good) > 8192

    def refused(path: Path, message: str) -> None:
        result = cli("restore", path, "--yes")
        assert result.exit_code == 1, result.output
        assert message in result.output
        assert _counts()["unit"] == 1 and kept_files() == []

    (tmp_path / "notes.db").write_text("Danh sách đại biểu\n", encoding="utf-8")
    refused(tmp_path / "notes.db", f"Lỗi: Tệp {tmp_path / 'notes.db'} không phải một CSDL SQLite")
    (tmp_path / "cut.db").write_bytes(good[: len(good) - 4096])
    refused(tmp_path / "cut.db", f"Lỗi: Tệp {tmp_path / 'cut.db'} bị cắt cụt: có {service.number(len(good) - 4096)} byte")
    (tmp_path / "stub.db").write_bytes(good[:60])
    refused(tmp_path / "stub.db", "bị cắt cụt: chỉ có 60 byte")
    refused(tmp_path / "missing.db", f"Không có tệp {tmp_path / 'missing.db'}.")

    with sqlite3.connect(tmp_path / "other.db") as other:
        other.execute("CREATE TABLE t (x)")
    refused(tmp_path / "other.db", "không có bảng alembic_version: không phải CSDL của ứng dụng này")

    (tmp_path / "newer.db").write_bytes(good)
    with sqlite3.connect(tmp_path / "newer.db") as newer:
        newer.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    refused(tmp_path / "newer.db", "phiên bản lược đồ 9999_from_the_future, không có trong migrations/versions")

    result = cli("restore", db.engine.url.database, "--yes")
    assert result.exit_code == 1 and "PATH là chính CSDL đang dùng" in result.output


def test_an_older_backup_is_brought_to_the_current_schema(app, tmp_path):
    # A SQLite app of its own, whatever the session's database: this runs on PostgreSQL too.
    head = _head()
    older = service._script().get_revision(head).down_revision
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/older.db",
                       UPLOAD_FOLDER=str(tmp_path / "older-uploads"))
    runner = other.test_cli_runner()
    try:
        with other.app_context():
            flask_migrate.upgrade(revision=older)
            db.session.execute(text(
                "INSERT INTO unit (kind, name, short_name, sort_order, search_key, created_at, updated_at) VALUES "
                "('city', 'Hội LHPN tỉnh Quảng Ninh', '', 0, 'hoi lhpn tinh quang ninh', '2025-01-01', '2025-01-01')"))
            db.session.commit()
            result = runner.invoke(args=["backup", str(tmp_path / "old.db")])
            assert result.exit_code == 0, result.output
            assert f"phiên bản lược đồ {older}," in result.output

            flask_migrate.upgrade()
            db.session.execute(text("DELETE FROM unit"))
            db.session.commit()
            result = runner.invoke(args=["restore", str(tmp_path / "old.db"), "--yes"])
            assert result.exit_code == 0, result.output
            assert f"(phiên bản lược đồ {older}, đã nâng cấp lên {head}): 1 đơn vị" in result.output
            assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
            assert db.session.scalar(select(Unit.name)) == "Hội LHPN tỉnh Quảng Ninh"
            assert db.session.scalar(select(func.count()).select_from(User)) == 0
    finally:
        with other.app_context():
            db.engine.dispose()


# --------------------------------------------------------------------------- PostgreSQL


def test_on_postgresql_the_commands_point_to_pg_dump_and_pg_restore(app, tmp_path):
    if db.engine.dialect.name == "postgresql":
        postgres, url = app, db.engine.url
    else:  # the engine is never connected: the commands refuse from the URL alone
        postgres = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://hoiphunu:bi-mat@db.example:5433/hoiphunu",
                              UPLOAD_FOLDER="/srv/thidua/uploads")
        with postgres.app_context():
            url = db.engine.url
    options = " ".join(f"--{name}={value}" for name, value in
                       (("host", url.host), ("port", url.port), ("username", url.username)) if value)
    runner = postgres.test_cli_runner()
    with postgres.app_context():
        result = runner.invoke(args=["backup", str(tmp_path / "thidua.dump")])
        assert result.exit_code == 2, result.output
        assert "Lệnh backup chỉ dùng cho SQLite. CSDL đang cấu hình là PostgreSQL: hãy sao lưu bằng pg_dump:" \
            in result.output
        assert f"  pg_dump --format=custom {options} --file={tmp_path / 'thidua.dump'} {url.database}\n" in result.output
        assert "tar -czf" in result.output
        assert not (tmp_path / "thidua.dump").exists()

        result = runner.invoke(args=["restore", str(tmp_path / "thidua.dump"), "--yes"])
        assert result.exit_code == 2, result.output
        assert (f"  pg_restore --clean --if-exists --no-owner {options} --dbname={url.database} "
                f"{tmp_path / 'thidua.dump'}\n") in result.output
        if url.password:
            assert url.password not in result.output
        if postgres is not app:
            db.engine.dispose()
            return

    # On the PostgreSQL test database, the lines printed do the job: a unit deleted after the dump
    # is back after pg_restore.
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore not installed: the printed command lines were not run")
    factories.make_unit("Hội LHPN tỉnh Quảng Ninh")
    dump = tmp_path / "thidua.dump"
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    run = subprocess.run(shlex.split(service.pg_dump_command(url, dump)), env=environment, capture_output=True)
    assert run.returncode == 0, run.stderr
    assert dump.read_bytes().startswith(b"PGDMP")
    db.session.execute(text("DELETE FROM unit"))
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold a lock on the tables pg_restore drops
    run = subprocess.run(shlex.split(service.pg_restore_command(url, dump)), env=environment, capture_output=True)
    assert run.returncode == 0, run.stderr
    assert db.session.scalar(select(Unit.name)) == "Hội LHPN tỉnh Quảng Ninh"
