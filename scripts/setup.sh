#!/usr/bin/env bash
# Installs what Khabar needs on a fresh Debian 12 machine with the .NET 10 SDK. Idempotent.
#   setup.sh assets   npm packages (Vazirmatn font, country database)
#   setup.sh test     the above, plus Debian's Chromium for the browser tests, newsboat (reads the feeds), nginx, a Redis server
#                     (started on 127.0.0.1:6379 for the shared page-cache tests) and PostgreSQL 15 (started on
#                     127.0.0.1:5432 with a role khabar/khabar that may create databases: the suite's PostgreSQL run)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
if [[ "${1:-assets}" == "test" ]]; then
    command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
    command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
    command -v nginx >/dev/null 2>&1 || need_apt+=(nginx-light)   # the front of the multi-node tests
    [[ -x /usr/lib/postgresql/15/bin/postgres ]] || need_apt+=(postgresql)
    command -v newsboat >/dev/null 2>&1 || need_apt+=(newsboat)
    command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)   # runs the Nu HTML Checker
fi
if ! command -v npm >/dev/null 2>&1; then
    need_apt+=(nodejs npm)
fi
if ((${#need_apt[@]})); then
    echo "setup: installing ${need_apt[*]} from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm ci only when package-lock.json changed since the last install.
stamp=node_modules/.khabar-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
    echo "setup: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
fi

if [[ "${1:-assets}" == "test" ]] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "setup: starting redis-server on 127.0.0.1:6379" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
    for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

if [[ "${1:-assets}" == "test" ]]; then
    # PostgreSQL refuses to run as root: Debian's cluster tools start it as the postgres user.
    if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
        pg_createcluster 15 main >/dev/null
    fi
    if ! pg_lsclusters -h | grep -q '^15 *main.*online'; then
        echo "setup: starting PostgreSQL 15" >&2
        pg_ctlcluster 15 main start
    fi
    for _ in $(seq 1 50); do runuser -u postgres -- psql -qtAc 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
    # The settings this machine's cluster runs with (README «On PostgreSQL»): the suite runs test classes side by side,
    # each site on a database of its own with its own connections; search reads its documents from TOAST, which
    # wants them in shared buffers rather than the 128 MB default; JIT costs more than it saves on short queries.
    conf=/etc/postgresql/15/main/conf.d/khabar.conf
    wanted=$'# Written by Khabar\'s scripts/setup.sh test.\nmax_connections = 300\nshared_buffers = 1GB\neffective_cache_size = 8GB\nrandom_page_cost = 1.1\njit = off'
    if [[ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]]; then
        printf '%s\n' "$wanted" >"$conf"
        pg_conftool 15 main remove max_connections 2>/dev/null || true
        echo "setup: restarting PostgreSQL 15 with $conf" >&2
        pg_ctlcluster 15 main restart
        for _ in $(seq 1 50); do runuser -u postgres -- psql -qtAc 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
    fi
    runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname = 'khabar'" | grep -q 1 ||
        runuser -u postgres -- psql -qc "CREATE ROLE khabar LOGIN CREATEDB PASSWORD 'khabar'" >/dev/null
    # DROP DATABASE … WITH (FORCE) of a test's database may end a backend that is not the role's own (autovacuum).
    runuser -u postgres -- psql -qc "GRANT pg_signal_backend TO khabar" >/dev/null 2>&1
fi

# The test suite's own tools from npm (Nu HTML Checker, rss-parser), and the Java that runs vnu.jar.
if [[ "${1:-assets}" == "test" ]]; then
    tools_stamp=tests/tools/node_modules/.khabar-lock
    if [[ ! -f $tools_stamp ]] || ! cmp -s tests/tools/package-lock.json "$tools_stamp"; then
        echo "setup: npm ci (tests/tools)" >&2
        (cd tests/tools && npm ci --no-audit --no-fund --loglevel=error >&2)
        cp tests/tools/package-lock.json "$tools_stamp"
    fi
fi
