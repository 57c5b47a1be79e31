"""Django settings, fed only by duizhao.web.config (which reads DUIZHAO_* variables)."""

import os
from pathlib import Path

from duizhao.web import config

ENV = dict(os.environ)
DATA_DIR = config.data_dir(ENV)
DATA_DIR.mkdir(parents=True, exist_ok=True)
BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.debug(ENV)
ALLOWED_HOSTS = config.allowed_hosts(ENV)
CSRF_TRUSTED_ORIGINS = config.csrf_trusted_origins(ENV)
DUIZHAO_PUBLIC_URL = config.public_url(ENV)  # posters and links given to people outside the workbench
DUIZHAO_SERVE_HOST = config.serve_host(ENV)  # what `duizhao serve` listens on ('' under another server)
DUIZHAO_BEHIND_PROXY = config.trusted_proxy(ENV) is not None  # a proxy in front takes the outside requests
DUIZHAO_REDIS_URL = config.redis_url(ENV)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "duizhao.web.workbench",
    "duizhao.web.audit",
]

MIDDLEWARE = [
    "duizhao.web.request_limits.RequestSizeMiddleware",  # first: an oversized body is never read
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "duizhao.web.headers.NoStoreForUsersMiddleware",
    "csp.middleware.CSPMiddleware",
    "duizhao.web.audit.middleware.AuditMiddleware",
    "duizhao.web.throttle.ThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duizhao.web.workbench.middleware.PasswordChangeRequiredMiddleware",
]

# Only this server's own (vendored) scripts run: no inline script, no eval, no other origin.
# Inline style attributes are still allowed (templates use them; they cannot run code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

ROOT_URLCONF = "duizhao.web.urls"
WSGI_APPLICATION = "duizhao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "duizhao.web.workbench.context.roles",
                "duizhao.web.audit.context.audit_reader",
            ],
        },
    },
]

DATABASES = {"default": config.database_settings(ENV, DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["duizhao.web.workbench.backends.NormalizedUsernameBackend"]  # width and case do not matter
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = config.session_age_seconds(ENV)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "duizhao.web.workbench.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if config.https(ENV):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = config.hsts_seconds(ENV)

if DUIZHAO_REDIS_URL:  # several app servers: what is cached is seen by all of them
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DUIZHAO_REDIS_URL,
            "KEY_PREFIX": config.redis_prefix(ENV) + ":cache",
        }
    }

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"  # never served directly: downloads go through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
