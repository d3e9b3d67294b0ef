#!/usr/bin/env bash
# Developer commands behind the Makefile: `make run`, `make test`, `make lint`, `make pot`.
# Each one does its own set-up: PostgreSQL (the server on the default socket/port, or a private
# cluster in .pgdata/), the Odoo check, the Python tools, the addons folder and the Odoo config.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=strategic_client
PYTHON=${PYTHON:-python3}
ADDONS_DIR="$ROOT/.addons"
CONF="$ROOT/.odoo.conf"
PGDATA_DIR="$ROOT/.pgdata"
DEMO_DB=${DEMO_DB:-strategic_demo}
HTTP_PORT=${HTTP_PORT:-8069}

say() { printf '%s\n' "$*" >&2; }

# --------------------------------------------------------------------------------------------
# Odoo 19.0 must be importable by $PYTHON.
# --------------------------------------------------------------------------------------------
check_odoo() {
    local version
    version=$("$PYTHON" -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null || true)
    if [ "$version" = "19.0" ] && "$PYTHON" -c 'import odoo.modules.registry' 2>/dev/null; then
        return 0
    fi
    cat >&2 <<EOF
Odoo 19.0 is not importable by '$PYTHON'${version:+ (it imports Odoo $version)}. Install Odoo 19.0
Community into this Python, then run this command again: either from the official source
archive, '$PYTHON -m pip install https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz',
or from an Odoo 19.0 source tree you already have, '$PYTHON -m pip install -r TREE/requirements.txt'
then '$PYTHON -m pip install -e TREE' (if the tree keeps its addons in TREE/addons, also export
ODOO_ADDONS_PATH=TREE/addons). python-ldap may be left out; it only serves LDAP login.
EOF
    exit 2
}

# --------------------------------------------------------------------------------------------
# Python tools the test command needs (installed only when missing).
# --------------------------------------------------------------------------------------------
ensure_test_tools() {
    if ! "$PYTHON" -c 'import pytest_odoo, ruff, pylint_odoo, hypothesis, websocket' 2>/dev/null; then
        say "Installing the test tools (requirements-test.txt)..."
        "$PYTHON" -m pip install -q -r "$ROOT/requirements-test.txt"
    fi
}

# Install a Debian package where possible (as root, with apt-get): 0 when installed.
apt_install() {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    say "Installing $1 (Debian package)..."
    apt-get install -y -q "$1" >/dev/null 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$1" >/dev/null 2>&1; }
}

# wkhtmltopdf renders Odoo's PDF reports; install Debian's where missing and possible.
ensure_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    apt_install wkhtmltopdf && return 0
    say "NOTE: wkhtmltopdf is not installed and could not be installed here: PDF reports will be"
    say "      rendered as HTML only (install it with 'apt-get install wkhtmltopdf')."
}

# Chromium runs the browser tours (tests/test_tours.py); install Debian's where missing and
# possible. Without it Odoo reports the tours as skipped ("Chrome executable not found").
ensure_chromium() {
    local bin
    for bin in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && return 0
    done
    apt_install chromium && return 0
    say "NOTE: Chromium is not installed and could not be installed here: the browser tours"
    say "      will be reported as skipped (install it with 'apt-get install chromium')."
}

# --------------------------------------------------------------------------------------------
# PostgreSQL: the server answering on the default socket or 127.0.0.1:5432, else a private
# cluster in .pgdata/ with its socket inside that folder (no TCP port).
# --------------------------------------------------------------------------------------------
pg_bindir() {
    local d
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)" && return
    return 1
}

ensure_postgres() {
    if [ -n "${PGHOST:-}" ] && pg_isready -q 2>/dev/null; then
        return 0
    fi
    if pg_isready -q 2>/dev/null; then
        return 0
    fi
    if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
        export PGHOST=127.0.0.1 PGPORT=5432
        return 0
    fi
    local bindir sockdir="$PGDATA_DIR/run" runas=()
    bindir=$(pg_bindir) || { say "No PostgreSQL server answers and initdb is not installed: install PostgreSQL (apt-get install postgresql)."; exit 2; }
    mkdir -p "$PGDATA_DIR"
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the private cluster belongs to the 'postgres' user.
        local owner=postgres
        id "$owner" >/dev/null 2>&1 || owner=nobody
        chown "$owner" "$PGDATA_DIR"
        runas=(runuser -u "$owner" --)
    fi
    if [ ! -f "$PGDATA_DIR/data/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $PGDATA_DIR ..."
        "${runas[@]}" "$bindir/initdb" -D "$PGDATA_DIR/data" -U "$(id -un)" --auth=trust -E UTF8 >/dev/null
    fi
    "${runas[@]}" mkdir -p "$sockdir"
    export PGHOST="$sockdir" PGPORT=5432
    if ! pg_isready -q 2>/dev/null; then
        say "Starting the private PostgreSQL cluster (socket in $sockdir) ..."
        "${runas[@]}" "$bindir/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
            -o "-k $sockdir -c listen_addresses=''" start >/dev/null
    fi
}

db_exists() {
    [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null)" = 1 ]
}

# --------------------------------------------------------------------------------------------
# Addons folder: the checkout linked as 'strategic_client', whatever the checkout is called.
# --------------------------------------------------------------------------------------------
addons_path() {
    local paths="$ADDONS_DIR" odoo_root
    odoo_root=$("$PYTHON" -c 'import os, odoo; print(os.path.dirname(list(odoo.__path__)[0]))')
    # A source tree installed in place keeps its addons beside the odoo package.
    [ -d "$odoo_root/addons/sale_stock" ] && paths="$paths,$odoo_root/addons"
    [ -n "${ODOO_ADDONS_PATH:-}" ] && paths="$paths,$ODOO_ADDONS_PATH"
    echo "$paths"
}

# The addon folder is made of links to the checkout's entries (not one link to the checkout
# itself, which would contain .addons/ again and send Odoo's file walkers round in a loop).
link_addon() {
    local target="$ADDONS_DIR/$ADDON" entry
    rm -rf "$target"
    mkdir -p "$target"
    for entry in "$ROOT"/*; do
        case "$(basename "$entry")" in build|dist) continue ;; esac
        ln -s "$entry" "$target/$(basename "$entry")"
    done
}

write_config() {
    link_addon
    cat > "$CONF" <<EOF
[options]
addons_path = $(addons_path)
data_dir = $ROOT/.odoo-data
http_interface = 127.0.0.1
http_port = $HTTP_PORT
EOF
    if [ -n "${PGHOST:-}" ]; then
        printf 'db_host = %s\ndb_port = %s\n' "$PGHOST" "${PGPORT:-5432}" >> "$CONF"
    fi
}

odoo() { "$PYTHON" -m odoo -c "$CONF" "$@"; }

# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------
cmd_run() {
    check_odoo
    ensure_postgres
    ensure_wkhtmltopdf
    write_config
    if db_exists "$DEMO_DB"; then
        say "Updating $ADDON in the existing database '$DEMO_DB' (your data is kept) ..."
        odoo -d "$DEMO_DB" -u "$ADDON" --stop-after-init --log-level=warn
    else
        say "Creating the database '$DEMO_DB' with demo data and $ADDON installed ..."
        odoo -d "$DEMO_DB" -i "$ADDON" --with-demo --stop-after-init --log-level=warn
    fi
    say ""
    say "Strategic Clients runs at http://127.0.0.1:$HTTP_PORT  (login: admin  password: admin)"
    say "Stop it with Ctrl+C; 'make run' again keeps the database '$DEMO_DB'."
    say ""
    exec "$PYTHON" -m odoo -c "$CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" --log-level=warn
}

cmd_lint() {
    ensure_test_tools
    local rc=0
    say "ruff ..."
    (cd "$ROOT" && "$PYTHON" -m ruff check --quiet . && "$PYTHON" -m ruff format --check --quiet .) || rc=1
    say "pylint-odoo ..."
    link_addon
    (cd "$ADDONS_DIR" && "$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" --score=n "$ADDON") || rc=1
    return $rc
}

cmd_test() {
    check_odoo
    ensure_test_tools
    ensure_postgres
    ensure_wkhtmltopdf
    ensure_chromium
    write_config
    local lint_rc=0
    cmd_lint || { lint_rc=1; say "Lint errors (ruff or pylint-odoo) above: make test will fail."; }
    local db="strategic_test_$$"
    trap 'dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true' EXIT
    # mrp too, to prove the priority in manufacturing where MRP is installed
    say "Installing $ADDON and mrp (with demo data) into the throwaway database '$db' ..."
    local log="$ROOT/.odoo-data/install-$db.log"
    mkdir -p "$ROOT/.odoo-data"
    if ! odoo -d "$db" -i "$ADDON,mrp" --with-demo --stop-after-init --log-level=warn >"$log" 2>&1 \
        || grep -qE ' (ERROR|CRITICAL) | WARNING .*odoo\.addons\.base\.models\.ir_ui_view' "$log"; then
        cat "$log" >&2
        say "Installing $ADDON failed, or Odoo warned about a view (log above)."
        exit 1
    fi
    rm -f "$log"
    # lifecycle, on a copy: uninstalled, Odoo keeps working; installed again, it works
    local life="${db}_life"
    trap 'dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true; dropdb --if-exists "'"$life"'" >/dev/null 2>&1 || true' EXIT
    createdb -T "$db" "$life"
    say "Uninstalling $ADDON from a copy: Odoo must keep working without it ..."
    "$PYTHON" "$ROOT/tools/check_lifecycle.py" "$CONF" "$life"
    say "Installing $ADDON again in that copy ..."
    if ! odoo -d "$life" -i "$ADDON" --stop-after-init --log-level=warn >"$log" 2>&1 \
        || grep -qE ' (ERROR|CRITICAL) ' "$log"; then
        cat "$log" >&2
        say "Installing $ADDON again failed (log above)."
        exit 1
    fi
    rm -f "$log"
    dropdb --if-exists "$life"
    say "Running the test suite (browser tours: screenshots of their last step in .screenshots/) ..."
    local test_rc=0
    # --odoo-http serves Odoo on a free port for the HttpCase tests (tours, external API)
    # -rs lists every skipped test with its reason
    (cd "$ROOT" && "$PYTHON" -m pytest -p no:cacheprovider -rs --odoo-config="$CONF" \
        --odoo-database="$db" --odoo-http "$ADDONS_DIR/$ADDON/tests" "$@") || test_rc=$?
    [ "$test_rc" = 0 ] && [ "$lint_rc" = 0 ]
}

cmd_pot() {
    check_odoo
    ensure_postgres
    write_config
    local db="strategic_pot_$$"
    trap 'dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true' EXIT
    odoo -d "$db" -i "$ADDON" --stop-after-init --log-level=warn
    # writes i18n/$ADDON.pot of the addon (the checkout, through the addons folder)
    "$PYTHON" -m odoo i18n export -c "$CONF" -d "$db" "$ADDON"
    if command -v msgmerge >/dev/null 2>&1; then
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$ROOT/i18n/es.po" "$ROOT/i18n/$ADDON.pot"
    fi
    say "Wrote i18n/$ADDON.pot"
}

# --------------------------------------------------------------------------------------------
# Benchmark: data built once (fixed seed) into two databases kept for later runs
# --------------------------------------------------------------------------------------------
bench_built() {
    local version
    version=$(sed -n 's/^DATA_VERSION = \([0-9]*\).*/\1/p' "$ROOT/bench/build.py")
    [ "$(psql -d "$1" -Atc "SELECT value FROM ir_config_parameter WHERE key = 'strategic_bench.built'" 2>/dev/null)" = "$2:$version" ]
}

bench_build() {
    local db=$1 kind=$2 modules=$3 started
    if bench_built "$db" "$kind"; then
        return 0
    fi
    say "Building the benchmark database '$db' ($kind); kept for later runs ..."
    started=$(date +%s)
    dropdb --if-exists "$db"
    odoo -d "$db" -i "$modules" --stop-after-init --log-level=warn
    "$PYTHON" "$ROOT/bench/build.py" "$CONF" "$db" "$kind"
    say "Built '$db' in $(( $(date +%s) - started )) s (modules and data)."
}

cmd_bench() {
    check_odoo
    ensure_postgres
    write_config
    local full=strategic_bench_full base=strategic_bench_base
    bench_build "$full" full "$ADDON"
    bench_build "$base" base "sale_stock,sale_margin,account"
    say "Updating $ADDON in '$full' to the checkout's code ..."
    odoo -d "$full" -u "$ADDON" --stop-after-init --log-level=warn
    mkdir -p "$ROOT/.bench"
    "$PYTHON" "$ROOT/bench/run.py" "$CONF" "$full" "$base" "$ROOT/.bench/results.json"
}

cmd_wheel() {
    # built from a copy named after the addon, so the distribution is
    # odoo-addon-strategic_client whatever the checkout is called
    local tmp
    tmp=$(mktemp -d)
    mkdir -p "$ROOT/dist"
    git -C "$ROOT" archive --format=tar --prefix="$ADDON/" HEAD | tar -x -C "$tmp"
    cp -r "$ROOT/.git" "$tmp/$ADDON/.git"
    (cd "$tmp/$ADDON" && "$PYTHON" -m pip wheel --no-deps -q -w "$ROOT/dist" .)
    rm -rf "$tmp"
    ls "$ROOT"/dist/*.whl
}

cmd="${1:-}"
shift || true
case "$cmd" in
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    lint) cmd_lint "$@" ;;
    pot) cmd_pot "$@" ;;
    wheel) cmd_wheel "$@" ;;
    bench) cmd_bench "$@" ;;
    *) say "usage: $0 run|test|lint|pot|wheel|bench"; exit 2 ;;
esac
