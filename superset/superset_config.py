"""Superset configuration for pardw (SUPERSET_CONFIG_PATH points here). Secrets come from the environment."""

import os

SECRET_KEY = os.environ["SUPERSET_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = os.environ.get("SUPERSET_METADATA_URI", "sqlite:////app/superset_home/superset.db")
FEATURE_FLAGS = {"ROW_LEVEL_SECURITY": True, "DASHBOARD_RBAC": True}
WTF_CSRF_ENABLED = os.environ.get("PARDW_SUPERSET_VALIDATING") != "1"  # the validation client posts JSON
BABEL_DEFAULT_LOCALE = "vi"
LANGUAGES = {"vi": {"flag": "vn", "name": "Tiếng Việt"}, "en": {"flag": "us", "name": "English"}}
D3_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}  # 1.993; 96,91
SQLLAB_CTAS_NO_LIMIT = False
PREVENT_UNSAFE_DB_CONNECTIONS = True
