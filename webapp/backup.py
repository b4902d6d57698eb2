"""Backups of a SQLite database and its uploaded files (`flask backup PATH`, `flask restore PATH`).

The database is copied with SQLite's online backup API from a connection of our own: in WAL mode a
reader never waits for writers and sees the last committed state, so the copy is consistent while
the app runs and a write transaction is open elsewhere. A plain file copy would not be (the WAL file
holds committed pages the main file does not have yet).

A backup is two things side by side: PATH, a self-contained SQLite file (rollback journal, no -wal
needed), and PATH.uploads/, a copy of the uploads folder, since a database whose evidence files are
gone is not a backup. Both are written under temporary names and renamed into place only once the
copy is verified, so PATH never holds a half-written backup.

PostgreSQL is backed up with pg_dump; these functions only build the command lines for it.
"""
from __future__ import annotations

import os
import secrets
import shlex
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import URL

from models import db

# The main tables whose row counts are reported (table, Vietnamese label).
TABLES = (
    ("unit", "đơn vị"),
    ("user_account", "tài khoản"),
    ("event", "sự kiện"),
    ("participant", "đại biểu"),
    ("task", "nhiệm vụ"),
    ("campaign", "phong trào"),
    ("work", "công trình"),
    ("nomination", "đề cử"),
)
UPLOADS_SUFFIX = ".uploads"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """The command cannot go on; the message is for the operator, in Vietnamese."""


class NotSqlite(BackupError):
    """The configured database is not SQLite: pg_dump / pg_restore are the tools (exit code 2)."""


@dataclass
class Inspection:
    path: Path
    size: int
    revision: str
    counts: dict[str, int | None]


@dataclass
class BackupResult:
    inspection: Inspection
    uploads_path: Path
    files: int
    files_bytes: int
    missing: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    source: Inspection
    database: Path
    kept: Path | None
    revision: str
    counts: dict[str, int | None]
    uploads_restored: int | None  # None: the backup had no uploads folder
    uploads_kept: Path | None


# --------------------------------------------------------------------------- formatting


def number(value: int) -> str:
    """3500 → "3.500", as Vietnamese writes thousands."""
    return f"{value:,}".replace(",", ".")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{-(-size // 1024)} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    return f"{size / 1024 ** 3:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " GB"


def counts_text(counts: dict[str, int | None]) -> str:
    return ", ".join(f"{'—' if counts.get(table) is None else number(counts[table])} {label}"
                     for table, label in TABLES)


# --------------------------------------------------------------------------- where things are


def database_path() -> Path:
    """The SQLite file of the configured database; NotSqlite on any other database."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise NotSqlite(url.get_backend_name())
    if url.database in (None, "", ":memory:") or url.database.startswith("file:"):
        raise BackupError("CSDL SQLite đang ở trong bộ nhớ (không có tệp): không có gì để sao lưu hay khôi phục.")
    return Path(url.database).resolve()


def upload_folder() -> Path:
    # The same folder webapp.uploads uses, without creating it: an absent folder simply has no files.
    return Path(current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads"))


def uploads_beside(path: Path) -> Path:
    return path.with_name(path.name + UPLOADS_SUFFIX)


def _postgres_args(url: URL) -> list[str]:
    # Separate options rather than a URL, so the password (which libpq takes from PGPASSWORD or
    # ~/.pgpass) can never end up in a shell history or a process list.
    args = []
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    return args


def pg_dump_command(url: URL, path: Path | str) -> str:
    return shlex.join(["pg_dump", "--format=custom", *_postgres_args(url), f"--file={path}", url.database or ""])


def pg_restore_command(url: URL, path: Path | str) -> str:
    return shlex.join(["pg_restore", "--clean", "--if-exists", "--no-owner", *_postgres_args(url),
                       f"--dbname={url.database or ''}", str(path)])


def postgres_hint(action: str, path: Path | str) -> str:
    url = db.engine.url
    uploads = shlex.quote(str(upload_folder()))
    if action == "backup":
        return ("Lệnh backup chỉ dùng cho SQLite. CSDL đang cấu hình là PostgreSQL: hãy sao lưu bằng pg_dump:\n"
                f"  {pg_dump_command(url, path)}\n"
                "(mật khẩu không in ra: đặt biến PGPASSWORD hoặc dùng tệp ~/.pgpass), và chép cả thư mục tệp tải lên:\n"
                f"  tar -czf {shlex.quote(str(path) + UPLOADS_SUFFIX + '.tar.gz')} -C {uploads} .")
    return ("Lệnh restore chỉ dùng cho SQLite. CSDL đang cấu hình là PostgreSQL: hãy khôi phục bằng pg_restore:\n"
            f"  {pg_restore_command(url, path)}\n"
            "(mật khẩu không in ra: đặt biến PGPASSWORD hoặc dùng tệp ~/.pgpass), rồi chạy `flask --app wsgi db upgrade`.")


# --------------------------------------------------------------------------- migrations


def _script():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    return ScriptDirectory.from_config(config)


def known_revisions() -> tuple[set[str], tuple[str, ...]]:
    script = _script()
    return {r.revision for r in script.walk_revisions()}, tuple(script.get_heads())


# --------------------------------------------------------------------------- inspecting a file


def _open_readonly(path: Path) -> sqlite3.Connection:
    # immutable: nothing writes a backup file, and this way opening it creates no -wal/-shm beside it.
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)


def _check_header(path: Path) -> int:
    """The file's size, after checking it starts like a SQLite database and is as long as its header says."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise BackupError(f"Không có tệp {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} là một thư mục, không phải tệp sao lưu.") from None
    except OSError as error:
        raise BackupError(f"Không đọc được tệp {path}: {error.strerror or error}.") from None
    if not header.startswith(SQLITE_MAGIC):
        raise BackupError(f"Tệp {path} không phải một CSDL SQLite (không phải tệp sao lưu của ứng dụng này).")
    if len(header) < 100:
        raise BackupError(f"Tệp {path} bị cắt cụt: chỉ có {number(size)} byte, chưa đủ phần đầu của CSDL SQLite.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is only trusted when its "valid for" counter matches the change counter.
    if pages and header[24:28] == header[92:96]:
        expected = page_size * pages
        if size < expected:
            raise BackupError(f"Tệp {path} bị cắt cụt: có {number(size)} byte, phần đầu tệp ghi "
                              f"{number(expected)} byte ({number(pages)} trang). Tệp hỏng, không dùng được.")
    return size


def inspect(path: Path) -> Inspection:
    """Check that `path` is a sound SQLite database carrying our schema; its revision and row counts."""
    size = _check_header(path)
    try:
        connection = _open_readonly(path)
    except sqlite3.Error as error:
        raise BackupError(f"Không mở được tệp {path} như CSDL SQLite: {error}.") from None
    try:
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Tệp {path} hỏng (kiểm tra toàn vẹn thất bại: {error}).") from None
        if problems != ["ok"]:
            raise BackupError(f"Tệp {path} hỏng, kiểm tra toàn vẹn báo lỗi: {'; '.join(problems[:5])}.")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            raise BackupError(f"Tệp {path} là CSDL SQLite nhưng không có bảng alembic_version: "
                              "không phải CSDL của ứng dụng này.")
        revisions = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if len(revisions) != 1:
            raise BackupError(f"Tệp {path}: bảng alembic_version có {len(revisions)} dòng thay vì một.")
        counts = {table: (connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                          if table in tables else None) for table, _ in TABLES}
    finally:
        connection.close()
    return Inspection(path=path, size=size, revision=revisions[0], counts=counts)


def check_restorable(path: Path) -> Inspection:
    database_path()  # refuses PostgreSQL before anything is read
    inspection = inspect(path)
    known, heads = known_revisions()
    if inspection.revision not in known:
        raise BackupError(
            f"Bản sao lưu {path} ở phiên bản lược đồ {inspection.revision}, không có trong migrations/versions "
            f"của mã nguồn này (mới nhất: {', '.join(heads)}). Có lẽ nó được tạo bởi một phiên bản mới hơn của "
            "ứng dụng: hãy cập nhật mã nguồn trước khi khôi phục.")
    return inspection


# --------------------------------------------------------------------------- copying


def _copy_database(source: Path, target: Path) -> None:
    """The online backup of `source` into a new file `target`, left in rollback-journal mode."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            # One step: the whole copy is read in a single read transaction, hence one snapshot.
            src.backup(dst)
            # The copy inherits WAL mode from the header; a backup must be one file on its own.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb") as handle:
        os.fsync(handle.fileno())


def _copy_tree(source: Path, target: Path) -> tuple[int, int]:
    """Copy the files under `source` into the new folder `target`: (files, bytes). Files that vanish
    while the app runs (a replaced evidence file) are skipped rather than failing the backup."""
    target.mkdir(parents=True)
    files = size = 0
    if not source.is_dir():
        return 0, 0
    for root, dirs, names in os.walk(source):
        dirs.sort()
        relative = Path(root).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in sorted(names):
            try:
                shutil.copy2(Path(root) / name, target / relative / name)
            except FileNotFoundError:
                continue
            files += 1
            size += (target / relative / name).stat().st_size
    return files, size


def _temporary_sibling(path: Path, tag: str) -> Path:
    return path.with_name(f".{path.name}.{tag}-{secrets.token_hex(4)}")


def _remove(path: Path | None) -> None:
    if path is None:
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _stored_names(path: Path) -> list[str]:
    connection = _open_readonly(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "attachment" not in tables:
            return []
        return [row[0] for row in connection.execute("SELECT stored_name FROM attachment ORDER BY id")]
    finally:
        connection.close()


def backup(path: Path, force: bool = False) -> BackupResult:
    source = database_path()
    path = Path(path).absolute()
    uploads_path = uploads_beside(path)
    if path.is_dir():
        raise BackupError(f"{path} là một thư mục: hãy cho tên tệp, ví dụ {path / 'app-backup.db'}.")
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục {path.parent}.")
    if source == path.resolve():
        raise BackupError("Không thể sao lưu CSDL đè lên chính nó.")
    if not force:
        existing = [str(p) for p in (path, uploads_path) if p.exists()]
        if existing:
            raise BackupError(f"Đã có {' và '.join(existing)}: không ghi đè. Chọn tên khác hoặc thêm --force.")
    if not source.is_file():
        raise BackupError(f"Không có tệp CSDL {source}.")

    temp_db = _temporary_sibling(path, "tmp")
    temp_uploads = _temporary_sibling(uploads_path, "tmp")
    old = None
    try:
        try:
            _copy_database(source, temp_db)
        except sqlite3.Error as error:
            raise BackupError(f"Sao lưu CSDL thất bại: {error}.") from None
        inspection = inspect(temp_db)
        files, files_bytes = _copy_tree(upload_folder(), temp_uploads)
        missing = [name for name in _stored_names(temp_db) if not (temp_uploads / name).is_file()]
        # Both are complete and verified: only now do they take the names asked for.
        os.replace(temp_db, path)
        if uploads_path.exists():
            old = _temporary_sibling(uploads_path, "old")
            os.replace(uploads_path, old)
        os.replace(temp_uploads, uploads_path)
    finally:
        _remove(temp_db)
        _remove(temp_uploads)
        _remove(old)
    inspection.path = path
    return BackupResult(inspection=inspection, uploads_path=uploads_path, files=files, files_bytes=files_bytes,
                        missing=missing)


def restore(path: Path, inspection: Inspection | None = None) -> RestoreResult:
    """Bring the database (and the uploads folder, when the backup has one) back to the backup's
    state, keeping what is replaced, then migrate it to the code's schema."""
    target = database_path()
    path = Path(path).absolute()
    inspection = inspection or check_restorable(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    # Pooled connections of this process must not keep a transaction or cached state across the swap.
    db.session.remove()
    db.engine.dispose()
    kept = None
    if target.exists():
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        try:
            _copy_database(target, kept)
        except sqlite3.Error as error:
            _remove(kept)
            raise BackupError(f"Không giữ lại được CSDL hiện tại ({error}): chưa khôi phục gì.") from None
    source = _open_readonly(path)
    try:
        # Into the live file through SQLite itself (not a file copy): connections open elsewhere,
        # other workers included, see the restored content at their next transaction.
        live = sqlite3.connect(target, timeout=30)
        try:
            source.backup(live)
        finally:
            live.close()
    except sqlite3.Error as error:
        raise BackupError(f"Khôi phục CSDL thất bại: {error}. CSDL trước đó vẫn được giữ tại {kept}.") from None
    finally:
        source.close()
    db.engine.dispose()

    restored_files = uploads_kept = None
    backup_uploads = uploads_beside(path)
    if backup_uploads.is_dir():
        folder = upload_folder()
        temp = _temporary_sibling(folder, "tmp")
        try:
            restored_files, _ = _copy_tree(backup_uploads, temp)
            if folder.exists():
                uploads_kept = folder.with_name(f"{folder.name}.before-restore-{stamp}")
                os.replace(folder, uploads_kept)
            os.replace(temp, folder)
        finally:
            _remove(temp)

    _, heads = known_revisions()
    if inspection.revision not in heads:
        import flask_migrate

        try:
            flask_migrate.upgrade()
        except (Exception, SystemExit) as error:  # Flask-Migrate exits on alembic's errors
            raise BackupError(f"Đã chép bản sao lưu vào {target} nhưng nâng cấp lược đồ thất bại ({error!r}); "
                              f"CSDL trước khi khôi phục được giữ tại {kept}.") from None
        finally:
            db.session.remove()
            db.engine.dispose()
    after = inspect_live(target)
    return RestoreResult(source=inspection, database=target, kept=kept, revision=after.revision, counts=after.counts,
                         uploads_restored=restored_files, uploads_kept=uploads_kept)


def inspect_live(target: Path) -> Inspection:
    # The live file may be in WAL mode with other connections: read it normally, not as immutable.
    connection = sqlite3.connect(target, timeout=30)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        counts = {table: (connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                          if table in tables else None) for table, _ in TABLES}
    finally:
        connection.close()
    return Inspection(path=target, size=target.stat().st_size, revision=revision, counts=counts)
