"""Configuration from environment variables, with safe development defaults.

APP_CONFIG picks the profile: development (default), production or testing.
"""
from __future__ import annotations

import os


def database_url(raw: str | None, instance_path: str) -> str:
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "app.db")
    # psycopg 3 is the driver we ship; plain postgresql:// URLs would ask for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


class Config:
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-secret-key-not-for-production"
    DATABASE_URL = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session: long forms are normal here
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Login throttling (webapp/security.py). An account name is locked after LOGIN_MAX_FAILURES
    # failures within LOGIN_WINDOW_MINUTES, first for LOGIN_LOCK_MINUTES, twice as long after each
    # lock that follows another within a day, at most LOGIN_LOCK_MAX_MINUTES. A client address is
    # refused for LOGIN_LOCK_MINUTES after LOGIN_MAX_FAILURES_PER_ADDRESS failures in the window.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
    LOGIN_LOCK_MAX_MINUTES = int(os.environ.get("LOGIN_LOCK_MAX_MINUTES", str(24 * 60)))
    LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "20"))
    LOGIN_ATTEMPTS_KEEP_DAYS = int(os.environ.get("LOGIN_ATTEMPTS_KEEP_DAYS", "30"))
    # The client address is request.remote_addr. Behind a reverse proxy that is the proxy itself,
    # and every failure would count against one address: set this to the number of proxies in front
    # of the app (1 for a single nginx) so that X-Forwarded-For/-Proto are trusted that many hops
    # back. Never set it higher than the real number: a client could then forge its address.
    PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
    PASSWORD_METHOD = "scrypt"
    TIMEZONE = "Asia/Ho_Chi_Minh"
    USERS_PER_PAGE = 50
    # A folder with the four TTF faces of the family documents print in (a Times-like serif);
    # empty means Open Sans from the ttf-opensans package.
    PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "")
    # Uploaded files live under the instance folder unless UPLOAD_FOLDER says otherwise; the
    # request limit bounds memory, the per-file limit gives the user a clear message below it.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", "")
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # A plan to import (/plans/import, import-plan): a .txt or .docx, or pasted text, up to this size.
    PLAN_MAX_BYTES = 5 * 1024 * 1024
    # The public address (https://…) used in calendar feeds: their links and the host in their UIDs,
    # which must not change with the address a request came by. Empty: the request's own.
    SITE_URL = os.environ.get("SITE_URL", "")


class DevelopmentConfig(Config):
    pass


class ProductionConfig(Config):
    NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE


class TestingConfig(Config):
    NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
    PASSWORD_METHOD = "pbkdf2:sha256:1000"  # hashing speed is not what the tests measure


PROFILES = {"development": DevelopmentConfig, "production": ProductionConfig, "testing": TestingConfig}


def load(name: str | None) -> type[Config]:
    name = name or os.environ.get("APP_CONFIG", "development")
    try:
        return PROFILES[name]
    except KeyError:
        raise RuntimeError(f"APP_CONFIG={name!r}: expected one of {', '.join(PROFILES)}") from None
