#!/usr/bin/env bash
# `make run`: the product on loopback as it runs deployed (DEBUG off: the Chinese 404/500 pages,
# static files from whitenoise), on the embedded default (SQLite, filesystem broker), with the
# demo data and its logins. A SECRET_KEY is made once into var/secret_key (git-ignored) unless
# one is set. Tests never come here: they set their own settings (tests/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
VAR=${ONESEAL_VAR_DIR:-$PWD/var}
mkdir -p "$VAR"

if [[ -z "${SECRET_KEY:-}" ]]; then
  if [[ ! -s "$VAR/secret_key" ]]; then
    (umask 077 && "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" >"$VAR/secret_key")
  fi
  SECRET_KEY=$(<"$VAR/secret_key")
fi
export SECRET_KEY ONESEAL_VAR_DIR="$VAR"
export DEBUG="${DEBUG:-0}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
# Plain http on loopback: no redirect to https (the cookies stay Secure; browsers keep Secure
# cookies for http://127.0.0.1 and http://localhost, which count as secure origins).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export PYTHONUNBUFFERED=1

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
"$BIN/python" manage.py seed_demo --force
echo ""
echo "OneSeal 一章通: http://127.0.0.1:8000/  (Ctrl-C 停止 web、worker、beat)"
echo "公开页面: http://127.0.0.1:8000/catalog/ (事项清单与办事指南), /progress/ (办件进度查询)"
echo ""
exec "$BIN/honcho" --procfile Procfile --no-prefix start
