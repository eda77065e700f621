"""The one settings file. It reads only the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sellerdesk.lib import keyfiles, production
from sellerdesk.lib.crypto import legacy_key
from sellerdesk.lib.envvars import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
# An empty value counts as unset: `Path("")` is the working folder, and the key files written
# there on the first start would land in whatever checkout the command ran in.
DATA_DIR = Path(env_str("SELLERDESK_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
# Credentials, buyers' data and the keys live here: readable by the service's user only.
keyfiles.private_dir(DATA_DIR)


DEBUG = env_bool("SELLERDESK_DEBUG", False)
PRODUCTION = env_bool("SELLERDESK_PRODUCTION", False)

# --- keys (docs/security.md) ----------------------------------------------------------------
# From the environment, else from files in the data folder written with random values on the
# first start (0600). Never a constant of the source.
SECRET_KEY_FILE = DATA_DIR / "secret_key"
SECRET_KEY_FROM_ENV = bool(env_str("SELLERDESK_SECRET_KEY", ""))
SECRET_KEY = env_str("SELLERDESK_SECRET_KEY", "") or keyfiles.read_or_create(SECRET_KEY_FILE, keyfiles.new_secret_key)
# Fernet keys for channel credentials at rest, newest first (comma- or line-separated): the first
# encrypts, all decrypt, so keys can be rotated (`sellerdesk rotate-keys`).
ENCRYPTION_KEY_FILE = DATA_DIR / "encryption_key"
ENCRYPTION_KEYS_FROM_ENV = bool(env_str("SELLERDESK_ENCRYPTION_KEY", ""))
ENCRYPTION_KEYS = keyfiles.key_list(
    env_str("SELLERDESK_ENCRYPTION_KEY", "") or keyfiles.read_or_create(ENCRYPTION_KEY_FILE, keyfiles.new_encryption_key))
# Older releases derived the credentials key from the secret key (by default a published constant):
# still read outside production, and moved to the current key at every `sellerdesk run`.
LEGACY_ENCRYPTION_KEYS = [] if PRODUCTION else [
    legacy_key(env_str("SELLERDESK_SECRET_KEY", "") or production.OLD_DEFAULT_SECRET_KEY)]

BASE_URL = env_str("SELLERDESK_BASE_URL", "http://127.0.0.1:8000")
# Host names this desk answers to: loopback and the host of SELLERDESK_BASE_URL unless set.
_base_host = urlsplit(BASE_URL).hostname or "127.0.0.1"
_base_host = f"[{_base_host}]" if ":" in _base_host else _base_host
ALLOWED_HOSTS = env_list("SELLERDESK_ALLOWED_HOSTS", list(dict.fromkeys(["localhost", "127.0.0.1", "[::1]", _base_host])))
CSRF_TRUSTED_ORIGINS = env_list("SELLERDESK_CSRF_TRUSTED_ORIGINS", [])

_refused = (production.problems(secret_key=SECRET_KEY, encryption_keys=ENCRYPTION_KEYS, allowed_hosts=ALLOWED_HOSTS, debug=DEBUG)
            if PRODUCTION else production.encryption_key_problems(ENCRYPTION_KEYS))
if _refused:
    raise ImproperlyConfigured(
        ("SELLERDESK_PRODUCTION is set and " if PRODUCTION else "") + "these settings are refused: " + "; ".join(_refused) + "."
    )

# --- HTTPS behind a TLS-terminating proxy (docs/security.md): on by default in production -------
# The proxy whose X-Forwarded-Proto / -For the web server believes (its address; empty: none).
TRUSTED_PROXY = os.environ.get("SELLERDESK_TRUSTED_PROXY", "127.0.0.1" if PRODUCTION else "").strip()
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SELLERDESK_SECURE_COOKIES", PRODUCTION)
SECURE_SSL_REDIRECT = env_bool("SELLERDESK_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]  # local probes and scrapes over plain HTTP
SECURE_HSTS_SECONDS = env_int("SELLERDESK_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SELLERDESK_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SELLERDESK_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# Scripts, styles and images from our own origin only; no inline script, no eval, no framing.
CONTENT_SECURITY_POLICY = os.environ.get("SELLERDESK_CSP", (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)).strip()

# --- request size limits ----------------------------------------------------------------------
# The web server refuses (413) a request body larger than this before the application sees it.
MAX_REQUEST_BYTES = env_int("SELLERDESK_MAX_REQUEST_BYTES", str(40 * 1024 * 1024))
# Uploaded files go through FileSizeLimit first: a view's own limit is checked while reading.
FILE_UPLOAD_HANDLERS = [
    "sellerdesk.web.uploads.FileSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Domain used in the Message-IDs of mail we send (threading key for replies).
MAIL_DOMAIN = env_str("SELLERDESK_MAIL_DOMAIN", "sellerdesk.local")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "sellerdesk.accounts",
    "sellerdesk.customers",
    "sellerdesk.orders",
    "sellerdesk.channels",
    "sellerdesk.channels.webchat",
    "sellerdesk.conversations",
    "sellerdesk.triage",
    "sellerdesk.replies",
    "sellerdesk.web",
    "sellerdesk.api",
    "sellerdesk.ops",
    "sellerdesk.sla",
    "sellerdesk.routing",
    "sellerdesk.tracking",
    "sellerdesk.faq",
    "sellerdesk.automation",
    "sellerdesk.search",
    "sellerdesk.alerts",
    "sellerdesk.analytics",
    "sellerdesk.metrics",
    "sellerdesk.csat",
    "sellerdesk.collision",
]

MIDDLEWARE = [
    # First: the request id is on every log line of the request, and on every answer.
    "sellerdesk.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sellerdesk.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: the agent's own choice wins over cookie and Accept-Language.
    "sellerdesk.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "sellerdesk.urls"
WSGI_APPLICATION = "sellerdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            # The apps' templates, then each channel's own (sellerdesk/channels/<name>/templates/).
            "loaders": [("django.template.loaders.cached.Loader", [
                "django.template.loaders.app_directories.Loader",
                "sellerdesk.channels.templateloader.Loader",
            ])],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sellerdesk.sqlite3'}")


def database_config(url: str) -> dict:
    """The DATABASES entry for a database URL (tests/backends points a connection at a second one)."""
    # Connections are kept (SQLite too): closing SQLite after every task costs the worker a
    # WAL checkpoint and a reconnect per delivery.
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets the web server read while the worker writes; IMMEDIATE
            # transactions avoid "database is locked" on lock upgrades.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": database_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and DATABASES["default"]["NAME"] not in ("", ":memory:"):
    # SQLite gives its -wal and -shm files the database file's mode: 0600 for all three.
    keyfiles.private_file(Path(DATABASES["default"]["NAME"]), create=True)
    for _suffix in ("-wal", "-shm"):
        keyfiles.private_file(Path(DATABASES["default"]["NAME"] + _suffix))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Presence on conversations (who is viewing / replying) lives in the cache: shared through Redis
# when REDIS_URL is set (several web servers), else in the web process.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
          if os.environ.get("REDIS_URL") else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- background tasks -----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
TASK_BACKEND = env_str("SELLERDESK_TASK_BACKEND", "rq" if REDIS_URL else "db")
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("SELLERDESK_TASK_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASK_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"SELLERDESK_TASK_BACKEND must be db, rq or immediate, not {TASK_BACKEND!r}")

# --- auth, i18n -------------------------------------------------------------------
# AUTH_PASSWORD_VALIDATORS: see "accounts, audit and privacy" below.
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:inbox"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

# --- object storage (docs/configuration.md, "Object storage") ----------------------------
# Where the bytes of raw deliveries and attachments go (lib/blobs.py): `database` (their columns,
# the default), `files` (a folder) or `s3` (any S3-compatible bucket; chosen when a bucket is named).
BLOB_STORE = env_str("SELLERDESK_BLOB_STORE", "").lower() or (
    "s3" if env_str("SELLERDESK_S3_BUCKET", "") else "database")
if BLOB_STORE == "files":
    STORAGES["blobs"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {
        "location": env_str("SELLERDESK_BLOB_DIR", "") or str(DATA_DIR / "blobs"),
        "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700}}
elif BLOB_STORE == "s3":
    from botocore.config import Config as S3ClientConfig

    if not env_str("SELLERDESK_S3_BUCKET", ""):
        raise ImproperlyConfigured("SELLERDESK_BLOB_STORE=s3 needs SELLERDESK_S3_BUCKET.")
    STORAGES["blobs"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["SELLERDESK_S3_BUCKET"].strip(),
        "endpoint_url": env_str("SELLERDESK_S3_ENDPOINT_URL", "") or None,
        "region_name": env_str("SELLERDESK_S3_REGION", "") or None,
        # Without keys boto3 looks where AWS tools look (its environment variables, instance role).
        "access_key": env_str("SELLERDESK_S3_ACCESS_KEY_ID", "") or None,
        "secret_key": env_str("SELLERDESK_S3_SECRET_ACCESS_KEY", "") or None,
        "location": env_str("SELLERDESK_S3_PREFIX", "").strip("/"),
        "addressing_style": env_str("SELLERDESK_S3_ADDRESSING_STYLE", "") or None,
        # Keys are random and never reused: no existence check before each upload, no public ACL.
        "file_overwrite": True, "default_acl": None, "querystring_auth": True,
        # A store that does not answer fails a request (and /readyz) in seconds, not minutes.
        "client_config": S3ClientConfig(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}),
    }}
elif BLOB_STORE != "database":
    raise ImproperlyConfigured(f"SELLERDESK_BLOB_STORE must be database, files or s3, not {BLOB_STORE!r}.")

# --- mail (outbound notifications; channel mail uses each account's SMTP) ----------
# With SELLERDESK_SMTP_HOST set, mail goes out through that server (alerts, reports, password resets);
# without it, it is printed to the log. SELLERDESK_EMAIL_BACKEND overrides either.
EMAIL_HOST = env_str("SELLERDESK_SMTP_HOST", "")
EMAIL_PORT = env_int("SELLERDESK_SMTP_PORT", "587")
EMAIL_HOST_USER = os.environ.get("SELLERDESK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SELLERDESK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SELLERDESK_SMTP_STARTTLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("SELLERDESK_SMTP_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = os.environ.get("SELLERDESK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                               else "django.core.mail.backends.console.EmailBackend")

# --- pipeline ------------------------------------------------------------------------
# A raw delivery still unprocessed after this many seconds is queued again
# (covers a worker killed mid-task).
STALE_DELIVERY_SECONDS = env_int("SELLERDESK_STALE_DELIVERY_SECONDS", "120")
# Deliveries a worker parses and triages ahead in one batch (1: one at a time). With many
# workers on one queue each looks ahead on its own; see docs/operations.md.
# Largest file an agent may attach to a reply (Amazon's limit is 10 MB per message).
REPLY_FILE_MAX_BYTES = env_int("SELLERDESK_REPLY_FILE_MAX_BYTES", str(10 * 1024 * 1024))
# The intake writes waiting deliveries this many at a time, in one transaction.
INGEST_BATCH = env_int("SELLERDESK_INGEST_BATCH", "100")
# A run of the intake works this long, then queues the next run behind the tasks queued meanwhile.
INGEST_RUN_SECONDS = env_float("SELLERDESK_INGEST_RUN_SECONDS", "10")
# Helper processes that parse and triage the next batches while one is written (unset: one per
# core, up to 4, when the machine has two or more; 0: the worker does everything itself).
INGEST_HELPERS = env_int("SELLERDESK_INGEST_HELPERS", None)
# Where the trained triage model lives; default DATA_DIR/models/triage.npz.
TRIAGE_MODEL_PATH = os.environ.get("SELLERDESK_TRIAGE_MODEL", "")
# Test-only: process() holds its transaction open this long after creating the message rows,
# so tests/backends can kill a worker at exactly that point. Always 0 in production.
TEST_PAUSE_IN_PROCESS_SECONDS = 0.0 if PRODUCTION else env_float("SELLERDESK_TEST_PAUSE_IN_PROCESS", "0")
IMAP_POLL_SECONDS = env_int("SELLERDESK_IMAP_POLL_SECONDS", "60")
# The demo outbox: a local SMTP server that keeps what the demo accounts send.
MAILSINK_PORT = env_int("SELLERDESK_MAILSINK_PORT", "8025")

# --- automation (docs/automation.md) ---------------------------------------------------
# Quiet hours in the buyer's time zone: no automated message from START to END (HH:MM).
AUTOMATION_QUIET_START = env_str("SELLERDESK_AUTOMATION_QUIET_START", "21:00")
AUTOMATION_QUIET_END = env_str("SELLERDESK_AUTOMATION_QUIET_END", "08:00")
# Below this intent confidence no automated answer goes to a buyer message (a person reads it).
AUTOMATION_MIN_CONFIDENCE = env_float("SELLERDESK_AUTOMATION_MIN_CONFIDENCE", "0.5")

# --- web chat widget (docs/webchat.md) ---------------------------------------------------
# Live streams (server-sent events) held open at once; each holds one web server thread, and
# `sellerdesk run` adds this many threads to its own. Past it a widget polls instead.
WEBCHAT_STREAMS = env_int("SELLERDESK_WEBCHAT_STREAMS", "64")
# How long one stream stays open before the widget reconnects (resuming after its last event).
WEBCHAT_STREAM_SECONDS = env_float("SELLERDESK_WEBCHAT_STREAM_SECONDS", "25")
# How often the web server looks for new lines to push (one query for all open streams).
WEBCHAT_POLL_SECONDS = env_float("SELLERDESK_WEBCHAT_POLL_SECONDS", "0.1")
# The agents' inbox and conversation pages get new messages pushed (a stream per open page, within
# the same budget); 0: they refresh every 60 s instead (docs/webchat.md, "The agent's side").
LIVE_UPDATES = env_bool("SELLERDESK_LIVE_UPDATES", True)
# PostgreSQL: the live watchers wake on the commits' notifications (lib/newrows.py). LISTEN needs a
# session of its own: off behind a pooler in transaction mode (PgBouncer), where it would hear nothing.
LIVE_NOTIFY = env_bool("SELLERDESK_LIVE_NOTIFY", True)
# Rate limits: messages per visitor per minute; messages and new visitors per IP address per minute.
WEBCHAT_VISITOR_PER_MINUTE = env_int("SELLERDESK_WEBCHAT_VISITOR_PER_MINUTE", "20")
WEBCHAT_IP_PER_MINUTE = env_int("SELLERDESK_WEBCHAT_IP_PER_MINUTE", "60")
# Largest photo a visitor may attach (JPEG, PNG, GIF, WebP).
WEBCHAT_PHOTO_MAX_BYTES = env_int("SELLERDESK_WEBCHAT_PHOTO_MAX_BYTES", str(5 * 1024 * 1024))
# An agent counts as online (the widget offers live chat) when signed in and seen this recently.
WEBCHAT_ONLINE_MINUTES = env_int("SELLERDESK_WEBCHAT_ONLINE_MINUTES", "10")

# --- replies (docs/templates.md) ------------------------------------------------------
# {{ shop_name }} in reply templates; empty: the channel account's name.
REPLY_SHOP_NAME = os.environ.get("SELLERDESK_SHOP_NAME", "")
# Days after delivery a buyer may return an item ({{ return_deadline }}, in_return_window).
REPLY_RETURN_DAYS = env_int("SELLERDESK_RETURN_DAYS", "30")
# Refunds and credits above this amount (any currency) wait for a supervisor's approval.
APPROVAL_REFUND_LIMIT = env_str("SELLERDESK_APPROVAL_REFUND_LIMIT", "50")
# Machine translation (docs/translation.md): "deepl" (DeepL-style /v2/translate) or "openai"
# (any OpenAI-compatible /chat/completions); empty: the UI says translation is not configured.
TRANSLATION_PROVIDER = env_str("SELLERDESK_TRANSLATION_PROVIDER", "").lower()
TRANSLATION_URL = os.environ.get("SELLERDESK_TRANSLATION_URL", "")
TRANSLATION_API_KEY = os.environ.get("SELLERDESK_TRANSLATION_API_KEY", "")
TRANSLATION_MODEL = os.environ.get("SELLERDESK_TRANSLATION_MODEL", "")
# Reply drafts from a language model: off unless an OpenAI-compatible endpoint and model are set.
LLM_URL = os.environ.get("SELLERDESK_LLM_URL", "")
LLM_API_KEY = os.environ.get("SELLERDESK_LLM_API_KEY", "")
LLM_MODEL = os.environ.get("SELLERDESK_LLM_MODEL", "")
# Triage's second opinion (docs/triage.md): messages whose intent confidence is under
# TRIAGE_LLM_BELOW are also read by that language model, after the intake; off by default.
TRIAGE_LLM = env_bool("SELLERDESK_TRIAGE_LLM", False)
TRIAGE_LLM_BELOW = env_float("SELLERDESK_TRIAGE_LLM_BELOW", "0.5")

# --- marketplace webhooks (docs/channels.md) ----------------------------------------------
# eBay: where X-EBAY-SIGNATURE public keys and application tokens come from ({kid} is filled in).
EBAY_PUBLIC_KEY_URL = env_str("SELLERDESK_EBAY_PUBLIC_KEY_URL", "https://api.ebay.com/commerce/notification/v1/public_key/{kid}")
EBAY_TOKEN_URL = env_str("SELLERDESK_EBAY_TOKEN_URL", "https://api.ebay.com/identity/v1/oauth2/token")
# eBay asks for its public keys to be cached for about an hour.
EBAY_KEY_CACHE_SECONDS = env_int("SELLERDESK_EBAY_KEY_CACHE_SECONDS", "3600")
# Walmart "Contact Seller" mail comes from an encrypted address at this relay domain ([U]: confirm).
WALMART_RELAY_DOMAINS = [d.strip().lower() for d in os.environ.get("SELLERDESK_WALMART_RELAY_DOMAINS", "relay.walmart.com").split(",") if d.strip()]
# TikTok Shop Partner API (an account's config api_base / auth_base wins).
TIKTOK_API_BASE = env_str("SELLERDESK_TIKTOK_API_BASE", "https://open-api.tiktokglobalshop.com")
TIKTOK_AUTH_BASE = env_str("SELLERDESK_TIKTOK_AUTH_BASE", "https://auth.tiktok-shops.com")
# Chat channels (docs/channels.md; an account's config api_base / data_api_base wins).
WECHAT_API_BASE = env_str("SELLERDESK_WECHAT_API_BASE", "https://api.weixin.qq.com")
# WeChat's plain-mode signature does not cover the body: a request whose timestamp is further
# than this from our clock is refused, so a captured signature cannot be used again later.
WECHAT_MAX_SKEW_SECONDS = env_int("SELLERDESK_WECHAT_MAX_SKEW_SECONDS", "300")
LINE_API_BASE = env_str("SELLERDESK_LINE_API_BASE", "https://api.line.me")
LINE_DATA_API_BASE = env_str("SELLERDESK_LINE_DATA_API_BASE", "https://api-data.line.me")
# A LINE reply token is used only this long after the buyer's event; later replies are pushed.
LINE_REPLY_TOKEN_SECONDS = env_int("SELLERDESK_LINE_REPLY_TOKEN_SECONDS", "50")
# A buyer's picture, voice, video or file downloaded from a chat platform is kept up to this size.
CHAT_MEDIA_MAX_BYTES = env_int("SELLERDESK_CHAT_MEDIA_MAX_BYTES", str(25 * 1024 * 1024))
HTTP_TIMEOUT_SECONDS = env_float("SELLERDESK_HTTP_TIMEOUT_SECONDS", "10")
# Platform API clients (docs/channels.md "Platform API clients"); an account's config wins.
# Amazon SP-API: empty endpoint = sellingpartnerapi-{na|eu|fe}.amazon.com by the account's marketplace.
AMAZON_SPAPI_ENDPOINT = os.environ.get("SELLERDESK_AMAZON_SPAPI_ENDPOINT", "")
AMAZON_LWA_TOKEN_URL = env_str("SELLERDESK_AMAZON_LWA_TOKEN_URL", "https://api.amazon.com/auth/o2/token")
SHOPIFY_API_VERSION = env_str("SELLERDESK_SHOPIFY_API_VERSION", "2025-07")
# Senders of Shopify contact-form mail ([U]): the order number in it is looked up in the Admin API.
SHOPIFY_FORM_SENDERS = [a.strip().lower() for a in os.environ.get("SELLERDESK_SHOPIFY_FORM_SENDERS", "mailer@shopify.com").split(",") if a.strip()]
EBAY_API_BASE = env_str("SELLERDESK_EBAY_API_BASE", "https://api.ebay.com")
# Webhooks under attack (docs/security.md): larger bodies are refused unread; deliveries refused as
# not from the platform are stored (4 KB of them) at most this many per account and minute, then
# answered 429; and they are deleted after this many days.
WEBHOOK_MAX_BYTES = env_int("SELLERDESK_WEBHOOK_MAX_BYTES", str(2 * 1024 * 1024))
WEBHOOK_REJECTED_PER_MINUTE = env_int("SELLERDESK_WEBHOOK_REJECTED_PER_MINUTE", "30")
REJECTED_RETENTION_DAYS = env_float("SELLERDESK_REJECTED_RETENTION_DAYS", "7")

# --- carrier tracking (docs/tracking.md) ------------------------------------------------------
# Empty token / key: that aggregator is "not configured" and never called. Which one polls:
# SELLERDESK_TRACKING_PROVIDER ("17track" or "aftership"), else the first configured.
TRACKING_PROVIDER = env_str("SELLERDESK_TRACKING_PROVIDER", "").lower()
TRACK17_TOKEN = os.environ.get("SELLERDESK_17TRACK_TOKEN", "")
TRACK17_URL = env_str("SELLERDESK_17TRACK_URL", "https://api.17track.net/track/v2.2")
AFTERSHIP_API_KEY = os.environ.get("SELLERDESK_AFTERSHIP_API_KEY", "")
AFTERSHIP_URL = env_str("SELLERDESK_AFTERSHIP_URL", "https://api.aftership.com/tracking/2024-04")
AFTERSHIP_WEBHOOK_SECRET = os.environ.get("SELLERDESK_AFTERSHIP_WEBHOOK_SECRET", "")
# A shipment in transit is asked about again this long after its last check; a failed call sooner.
TRACKING_POLL_HOURS = env_float("SELLERDESK_TRACKING_POLL_HOURS", "6")
TRACKING_RETRY_MINUTES = env_float("SELLERDESK_TRACKING_RETRY_MINUTES", "30")
# Shipments asked about per run of the poll (every 5 minutes).
TRACKING_POLL_BATCH = env_int("SELLERDESK_TRACKING_POLL_BATCH", "200")
# A parcel with no carrier scan for this many days is a delivery problem (order.tracking_exception "no_scan").
TRACKING_STALE_DAYS = env_float("SELLERDESK_TRACKING_STALE_DAYS", "5")
# A shipment not delivered this many days after it was shipped is no longer polled.
TRACKING_GIVE_UP_DAYS = env_float("SELLERDESK_TRACKING_GIVE_UP_DAYS", "60")
# --- satisfaction surveys (docs/csat.md) ------------------------------------------------------
# Ask the buyer for a 1-5 rating after a resolution, where the channel allows it (never Amazon, eBay).
CSAT_AFTER_RESOLUTION = env_bool("SELLERDESK_CSAT_AFTER_RESOLUTION", True)
# Wait this long after the resolution (a conversation reopened meanwhile is not asked).
CSAT_DELAY_MINUTES = env_float("SELLERDESK_CSAT_DELAY_MINUTES", "60")
# How long a survey link works.
CSAT_LINK_DAYS = env_int("SELLERDESK_CSAT_LINK_DAYS", "30")
# --- analytics (docs/analytics.md) -------------------------------------------------------------
# The weekly report goes to supervisors and admins with an email address, on Monday after this hour,
# about the week before, in this time zone.
REPORT_TIMEZONE = env_str("SELLERDESK_REPORT_TIMEZONE", "Asia/Shanghai")
REPORT_HOUR = env_int("SELLERDESK_REPORT_HOUR", "8")

# --- routing (docs/routing.md) ----------------------------------------------------------
# Minutes an assignee may leave a buyer unanswered before the thread goes to another agent on shift.
ROUTING_REASSIGN_AFTER_MINUTES = env_float("SELLERDESK_ROUTING_REASSIGN_AFTER_MINUTES", "30")

# --- operations (docs/operations.md) --------------------------------------------------------
# Prometheus scrapes /metrics with this as a bearer token (empty: only a signed-in admin sees it).
METRICS_TOKEN = env_str("SELLERDESK_METRICS_TOKEN", "")
# Each process of this machine keeps its Prometheus counters in this folder (docs/operations.md,
# "Metrics"); made here so a missing folder is not a crash at the first counter.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
# SQLite: a scheduler that stopped without letting go is replaced after this long (PostgreSQL's
# advisory lock is released by the server at once).
SCHEDULER_LEASE_SECONDS = env_float("SELLERDESK_SCHEDULER_LEASE_SECONDS", "30")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secrets never reach the log: URLs' secret parameters and bearer tokens are masked.
    "filters": {"redact": {"()": "sellerdesk.lib.logredact.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr, "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("SELLERDESK_LOG_LEVEL", "INFO")},
    # httpx logs every request URL at INFO (TikTok's token refresh carries the app secret in it).
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}

# --- accounts, audit and privacy (docs/security.md, "Part B") ------------------------------
# Kept in one block so the other security settings above stay separate from it.
INSTALLED_APPS += [
    "axes",  # login throttling and the record of failed logins
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator apps
    "django_otp.plugins.otp_static",  # recovery codes
    "sellerdesk.audit",
    "sellerdesk.privacy",
]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "django_otp.middleware.OTPMiddleware",
    "sellerdesk.audit.middleware.RequestOriginMiddleware",
    # After OTP: sessions waiting for their second factor reach only the sign-in pages.
    "sellerdesk.accounts.gate.SecurityGateMiddleware",
]
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last: turns a lockout into the login page's answer
AUTHENTICATION_BACKENDS = [
    "sellerdesk.accounts.throttle.LoginThrottleBackend",  # refuses locked-out users and addresses first
    "sellerdesk.accounts.backends.AgentBackend",  # the user with their agent profile, one query
    "django.contrib.auth.backends.ModelBackend",  # sessions signed in before AgentBackend (accounts/backends.py)
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("SELLERDESK_PASSWORD_MIN_LENGTH", "8")}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Number of reverse proxies in front of SellerDesk that append to X-Forwarded-For (0: none, the
# peer address is the client). Login throttling and the audit log read the client's address from it.
TRUSTED_PROXY_COUNT = env_int("SELLERDESK_TRUSTED_PROXY_COUNT", "0")
# Failed logins before a username, or an address, is locked out; and for how long.
AXES_FAILURE_LIMIT = env_int("SELLERDESK_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = env_float("SELLERDESK_LOGIN_LOCKOUT_MINUTES", "15") / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "sellerdesk.audit.origin.client_ip"
AXES_LOCKOUT_CALLABLE = "sellerdesk.web.views_account.locked_out"
AXES_VERBOSE = True
AXES_SENSITIVE_PARAMETERS = []  # the log says which username failed from which address
# Two-factor: the name authenticator apps show next to the code.
OTP_TOTP_ISSUER = os.environ.get("SELLERDESK_OTP_ISSUER", "SellerDesk")
# Password-reset mail: the sender, and how long a reset link works.
DEFAULT_FROM_EMAIL = os.environ.get("SELLERDESK_FROM_EMAIL", f"SellerDesk <no-reply@{MAIL_DOMAIN}>")
PASSWORD_RESET_TIMEOUT = env_int("SELLERDESK_PASSWORD_RESET_SECONDS", str(3600))
# Sessions' last-seen time is written at most this often.
SESSION_TOUCH_SECONDS = 60
# Privacy (docs/security.md "Privacy"): how often the scheduler applies the retention policies.
RETENTION_EVERY_SECONDS = env_int("SELLERDESK_RETENTION_EVERY_SECONDS", str(6 * 3600))
# Deliveries refused for a bad signature are kept this long (to see an attack, or a wrong secret), then deleted.
REJECTED_DELIVERY_DAYS = env_int("SELLERDESK_REJECTED_DELIVERY_DAYS", "7")
# Added beside the secrets filter, never instead of it: both run on every line.
LOGGING["filters"]["mask_personal_data"] = {"()": "sellerdesk.privacy.logmask.MaskPersonalData"}
LOGGING["handlers"]["console"]["filters"].append("mask_personal_data")
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # failures and lockouts (with user and address), not every step

# --- log format (docs/operations.md, "Logs") -------------------------------------------------------
# plain: one readable line per record; json: one JSON object per line, with the request id.
LOG_FORMAT = os.environ.get("SELLERDESK_LOG_FORMAT", "plain").strip().lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"SELLERDESK_LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")
LOGGING["filters"]["request_id"] = {"()": "sellerdesk.lib.requestid.RequestIdFilter"}
LOGGING["handlers"]["console"]["filters"].append("request_id")
LOGGING["formatters"]["json"] = {"()": "sellerdesk.lib.jsonlog.JsonFormatter"}
if LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"
# One line per request (method, path, status, time) where logs are collected as JSON; quiet otherwise.
LOGGING["loggers"]["sellerdesk.request"] = {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"}
