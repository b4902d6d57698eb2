"""Login throttling and the password policy.

Throttling. Every failed login is a row of `login_attempt`, keyed by the folded account name (whether
or not such an account exists) and by the client address. LOGIN_MAX_FAILURES failures of one name
within LOGIN_WINDOW_MINUTES lock that name for LOGIN_LOCK_MINUTES, twice as long for each lock that
follows another within a day (at most LOGIN_LOCK_MAX_MINUTES); LOGIN_MAX_FAILURES_PER_ADDRESS
failures from one address in the window refuse that address for LOGIN_LOCK_MINUTES. The first limit
stops guessing one password from many machines, the second guessing many accounts from one machine,
and since a locked name is refused without trying the password, the locks bound what an attacker
learns. A name that does not exist is counted, locked and answered exactly like one that does, with
a password check of the same cost, so the answers never tell which names are real.

Successful logins are never throttled: they are refused only while a lock is on, which takes
failures. A success clears its account's count (not its address's: an attacker with one valid
account must not be able to reset the address limit).

Every function takes `now`, so that tests can move the clock.
"""
from __future__ import annotations

import math
import random
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from models import User, db
from models.base import utcnow
from models.security import ADDRESS_LENGTH, USERNAME_KEY_LENGTH, LockKind, LoginAttempt, LoginLock
from models.text import fold
from models.user import PASSWORD_METHOD
from webapp.dates import local

# Locks further apart than this start again from the shortest.
STRIKE_MEMORY = timedelta(days=1)
# Successful logins prune old rows only now and then: one DELETE per login would be wasted work.
PRUNE_ON_SUCCESS_CHANCE = 0.02


@dataclass(frozen=True)
class Block:
    kind: str  # LockKind value
    until: datetime

    @property
    def retry_after(self) -> int:
        """Whole seconds until the lock ends, for the Retry-After header."""
        return max(int(math.ceil((self.until - utcnow()).total_seconds())), 1)


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None = None  # the password was right
    block: Block | None = None  # the login is refused, or this failure has just caused a lock
    refused: bool = False  # a lock was already on: the password was not tried


def username_key(username: str | None) -> str:
    return fold(username)[:USERNAME_KEY_LENGTH]


def address_key(address: str | None) -> str:
    return (address or "unknown")[:ADDRESS_LENGTH]


def _setting(name: str) -> int:
    return int(current_app.config[name])


def _window_start(now: datetime) -> datetime:
    return now - timedelta(minutes=_setting("LOGIN_WINDOW_MINUTES"))


# --------------------------------------------------------------------------- checking a login


def current_block(username: str, address: str | None, now: datetime | None = None) -> Block | None:
    """The lock that refuses this name or this address now, the one that lasts longer if both do."""
    now = now or utcnow()
    rows = db.session.execute(
        select(LoginLock.kind, LoginLock.locked_until).where(
            or_(and_(LoginLock.kind == LockKind.ACCOUNT.value, LoginLock.key == username_key(username)),
                and_(LoginLock.kind == LockKind.ADDRESS.value, LoginLock.key == address_key(address))),
            LoginLock.locked_until > now,
        )
    ).all()
    if not rows:
        return None
    kind, until = max(rows, key=lambda row: row.locked_until)
    return Block(kind, until)


def authenticate(username: str, password: str, address: str | None, now: datetime | None = None) -> LoginOutcome:
    """Check a login against the locks and the password, and record it. The caller commits."""
    now = now or utcnow()
    block = current_block(username, address, now)
    if block is not None:
        return LoginOutcome(block=block, refused=True)
    user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if user is None:
        dummy_password_check(password)
        ok = False
    else:
        ok = user.check_password(password)
    if ok:
        record_success(username, address, now)
        return LoginOutcome(user=user)
    return LoginOutcome(block=record_failure(username, address, now))


_DUMMY_HASHES: dict[str, str] = {}


def dummy_password_check(password: str) -> None:
    """As slow as checking a real account's password, so that the time taken does not tell an
    unknown name from a known one."""
    method = PASSWORD_METHOD["value"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_urlsafe(16), method=method)
    check_password_hash(_DUMMY_HASHES[method], password)


# --------------------------------------------------------------------------- recording attempts


def record_success(username: str, address: str | None, now: datetime | None = None) -> None:
    now = now or utcnow()
    key = username_key(username)
    db.session.add(LoginAttempt(username=key, address=address_key(address), at=now, success=True))
    # The success row restarts the count; dropping the lock row forgives earlier locks too.
    db.session.execute(delete(LoginLock).where(LoginLock.kind == LockKind.ACCOUNT.value, LoginLock.key == key))
    if random.random() < PRUNE_ON_SUCCESS_CHANCE:
        prune(now)


def record_failure(username: str, address: str | None, now: datetime | None = None) -> Block | None:
    """Record a failed login; lock the name or the address if it reaches its limit (the lock then
    returned, the account's first if both)."""
    now = now or utcnow()
    key, addr = username_key(username), address_key(address)
    db.session.add(LoginAttempt(username=key, address=addr, at=now, success=False))
    db.session.flush()
    prune(now)
    blocks = []

    state = _lock_state(LockKind.ACCOUNT, key)
    since = max(_window_start(now), state[0]) if state else _window_start(now)
    if _account_failures(key, since) >= _setting("LOGIN_MAX_FAILURES"):
        strikes = state[1] + 1 if state and state[0] > now - STRIKE_MEMORY else 1
        minutes = min(_setting("LOGIN_LOCK_MINUTES") * 2 ** (strikes - 1), _setting("LOGIN_LOCK_MAX_MINUTES"))
        until = now + timedelta(minutes=minutes)
        _save_lock(LockKind.ACCOUNT, key, until, strikes)
        blocks.append(Block(LockKind.ACCOUNT.value, until))

    state = _lock_state(LockKind.ADDRESS, addr)
    since = max(_window_start(now), state[0]) if state else _window_start(now)
    failures = db.session.scalar(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.address == addr, LoginAttempt.success.is_(False), LoginAttempt.at > since))
    if failures >= _setting("LOGIN_MAX_FAILURES_PER_ADDRESS"):
        until = now + timedelta(minutes=_setting("LOGIN_LOCK_MINUTES"))
        _save_lock(LockKind.ADDRESS, addr, until, 1)
        blocks.append(Block(LockKind.ADDRESS.value, until))
    return blocks[0] if blocks else None


def _account_failures(key: str, since: datetime) -> int:
    """Failures of this name after `since` and after its last success."""
    rows = db.session.execute(
        select(LoginAttempt.success).where(LoginAttempt.username == key, LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc(), LoginAttempt.id.desc())
    ).scalars()
    count = 0
    for success in rows:
        if success:
            break
        count += 1
    return count


def _lock_state(kind: LockKind, key: str) -> tuple[datetime, int] | None:
    row = db.session.execute(
        select(LoginLock.locked_until, LoginLock.strikes).where(LoginLock.kind == kind.value, LoginLock.key == key)
    ).first()
    return (row.locked_until, row.strikes) if row else None


def _save_lock(kind: LockKind, key: str, until: datetime, strikes: int) -> None:
    # An upsert: two workers may lock the same name at once, and the second must not fail on the
    # unique key. Both databases we run on speak ON CONFLICT.
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(LoginLock).values(kind=kind.value, key=key, locked_until=until, strikes=strikes)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["kind", "key"], set_={"locked_until": stmt.excluded.locked_until, "strikes": stmt.excluded.strikes}))


def prune(now: datetime | None = None) -> None:
    """Drop attempts older than LOGIN_ATTEMPTS_KEEP_DAYS and locks too old to count for anything."""
    now = now or utcnow()
    db.session.execute(delete(LoginAttempt).where(
        LoginAttempt.at < now - timedelta(days=_setting("LOGIN_ATTEMPTS_KEEP_DAYS"))))
    stale = now - max(STRIKE_MEMORY, timedelta(minutes=_setting("LOGIN_WINDOW_MINUTES")))
    db.session.execute(delete(LoginLock).where(LoginLock.locked_until < stale))


# --------------------------------------------------------------------------- for administrators


def locked_accounts(usernames, now: datetime | None = None) -> dict[str, datetime]:
    """{username: end of its lock} for those of these accounts locked now."""
    now = now or utcnow()
    keys = {username_key(name): name for name in usernames}
    if not keys:
        return {}
    rows = db.session.execute(select(LoginLock.key, LoginLock.locked_until).where(
        LoginLock.kind == LockKind.ACCOUNT.value, LoginLock.key.in_(keys), LoginLock.locked_until > now))
    return {keys[row.key]: row.locked_until for row in rows}


def unlock_account(username: str, now: datetime | None = None) -> None:
    """Lift the lock and forget the failures so far: the next failure counts as the first."""
    now = now or utcnow()
    _save_lock(LockKind.ACCOUNT, username_key(username), now, 0)


# --------------------------------------------------------------------------- messages


def until_text(until: datetime, now: datetime | None = None) -> str:
    """'10:45', or '10:45 ngày 03/01/2025' on another day, in Hà Nội time; rounded up to the minute
    so that a user who waits until the time shown is let in."""
    now = now or utcnow()
    end = local(until)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + timedelta(minutes=1)
    text = end.strftime("%H:%M")
    return text if end.date() == local(now).date() else f"{text} ngày {end:%d/%m/%Y}"


def block_message(block: Block, now: datetime | None = None) -> str:
    when = until_text(block.until, now)
    if block.kind == LockKind.ADDRESS.value:
        return (f"Máy này tạm thời không đăng nhập được đến {when} do nhập sai mật khẩu nhiều lần. "
                "Vui lòng thử lại sau thời điểm đó.")
    return (f"Tài khoản tạm khóa đăng nhập đến {when} do nhập sai mật khẩu nhiều lần. "
            "Vui lòng thử lại sau thời điểm đó hoặc liên hệ Văn phòng để được mở khóa.")


# --------------------------------------------------------------------------- password policy

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128

# Compared without accents, case, separators, and leading or trailing digits and symbols, so
# "MatKhau@2024" is "matkhau". Vietnamese favourites first, then the usual world list.
COMMON_PASSWORDS = frozenset("""
    matkhau matkhaucuatoi mk anhyeuem emyeuanh yeuem yeuanh anhyeu emyeu iloveyou iloveu
    saranghae vietnam hanoi saigon hochiminh tphcm danang haiphong conyeu giadinh hanhphuc
    hoiphunu phunu hoilhpn lhpn hoilienhiepphunu vanphong thidua quantri admin administrator
    password passw0rd passwd pass qwerty qwertyuiop qwertyui asdfgh asdfghjkl zxcvbn zxcvbnm
    qazwsx qazwsxedc abc abcd abcde abcdef abcdefgh abcdefghij welcome letmein changeme trustno
    dragon monkey football baseball superman batman sunshine princess master shadow hello
    abc123 abcd1234 1qaz2wsx 1q2w3e4r 1q2w3e4r5t 123abc 123qwe qwe123 aa123456
    123456789 1234567890 0123456789 12345678910 987654321 0987654321 1111111111 123123123
    1234512345 1234567899 1122334455 0000000000 147258369 159753
""".split())
# Middle names that almost every name carries: they say nothing about the person.
COMMON_NAME_PARTS = frozenset({"thi", "van"})


def _squeeze(value: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(value))


def password_problems(password: str, username: str | None = "", full_name: str | None = "") -> list[str]:
    """What is wrong with a password being set, in Vietnamese; empty when it is acceptable.

    Applies when a password is set (own change, admin's create or reset, create-user), never at
    login: accounts with older, weaker passwords still log in.
    """
    problems = []
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Mật khẩu không được dài quá {MAX_PASSWORD_LENGTH} ký tự.")
    if password.isdigit():
        problems.append("Mật khẩu không được chỉ gồm chữ số.")
    squeezed = _squeeze(password)
    words = set(re.findall(r"[a-z]+", fold(password)))

    def contains(name: str) -> bool:
        # A short name is only counted as a whole word: "anh" is in "thanh", "lan" in "nhanlan".
        return name in squeezed if len(name) >= 4 else len(name) == 3 and name in words

    if contains(_squeeze(username or "")):
        problems.append("Mật khẩu không được chứa tên đăng nhập.")
    parts = {_squeeze(part) for part in fold(full_name or "").split()} - COMMON_NAME_PARTS
    if any(contains(part) for part in parts):
        problems.append("Mật khẩu không được chứa họ hoặc tên của người dùng.")
    core = squeezed.strip("0123456789")
    if squeezed in COMMON_PASSWORDS or core in COMMON_PASSWORDS or len(set(password)) <= 2:
        problems.append("Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác.")
    return problems
