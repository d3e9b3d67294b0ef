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
# Odoo 19.0: a Python of the machine that imports it, else a private virtual environment of
# the checkout (.venv-odoo/, git-ignored) built once from the official source archive or from
# the source tree named by ODOO_SRC, and reused by later runs. ODOO_ENV=venv skips the
# machine's Pythons and uses (or builds) the private environment.
# --------------------------------------------------------------------------------------------
VENV="$ROOT/.venv-odoo"
ODOO_ARCHIVE_URL=https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz

imports_odoo19() {
    [ "$("$1" -c 'import odoo.release as r; print(r.major_version)' 2>/dev/null)" = "19.0" ] &&
        "$1" -c 'import odoo.modules.registry' 2>/dev/null
}

odoo_missing() {
    cat >&2 <<EOF
Odoo 19.0 is not importable by '$PYTHON', and it could not be installed into the private
environment .venv-odoo/ of this checkout (reason above). Either let the command install it
from an Odoo 19.0 source tree you already have, 'ODOO_SRC=/path/to/odoo make run' (or make
test), or install Odoo 19.0 Community into this Python yourself: from the official source
archive, '$PYTHON -m pip install $ODOO_ARCHIVE_URL',
or from a tree, '$PYTHON -m pip install -r TREE/requirements.txt' then '$PYTHON -m pip install -e TREE'
(if the tree keeps its addons in TREE/addons, also export ODOO_ADDONS_PATH=TREE/addons).
python-ldap may be left out; it only serves LDAP login.
EOF
    exit 2
}

check_odoo() {
    local py
    if [ "${ODOO_ENV:-}" != venv ]; then
        imports_odoo19 "$PYTHON" && return 0
        for py in python3 python3.13 python3.12 python3.11 python3.10; do
            command -v "$py" >/dev/null 2>&1 && imports_odoo19 "$py" || continue
            say "Using $(command -v "$py"), which imports Odoo 19.0."
            PYTHON=$py
            return 0
        done
    fi
    if [ -f "$VENV/.installed" ] && imports_odoo19 "$VENV/bin/python"; then
        say "Using Odoo 19.0 in .venv-odoo/ (installed from $(cat "$VENV/.installed"))."
        PYTHON="$VENV/bin/python"
        return 0
    fi
    build_odoo_env || odoo_missing
    PYTHON="$VENV/bin/python"
}

# A Python 3.10+ to base the environment on (Odoo 19.0 needs 3.10 or later).
base_python() {
    local py
    for py in "$PYTHON" python3 python3.13 python3.12 python3.11 python3.10; do
        command -v "$py" >/dev/null 2>&1 || continue
        "$py" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || continue
        echo "$py"
        return 0
    done
    return 1
}

# The Odoo source tree inside an unpacked archive, or ODOO_SRC itself.
odoo_tree_ok() {
    grep -qs '^version_info = (19, 0' "$1/odoo/release.py" && [ -f "$1/requirements.txt" ]
}

build_odoo_env() {
    local base src from log reqs ldap_note=""
    base=$(base_python) || { say "No Python 3.10+ with the venv module here (apt-get install python3-venv)."; return 1; }
    rm -rf "$VENV"
    mkdir -p "$VENV"
    log="$VENV/install.log"
    if [ -n "${ODOO_SRC:-}" ]; then
        src=$(cd "$ODOO_SRC" 2>/dev/null && pwd) && odoo_tree_ok "$src" ||
            { say "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (no odoo/release.py of 19.0 and requirements.txt)."; rm -rf "$VENV"; return 1; }
        from="the source tree $src"
    else
        say "Downloading Odoo 19.0 from $ODOO_ARCHIVE_URL ..."
        if ! "$base" - "$ODOO_ARCHIVE_URL" "$VENV/odoo.tar.gz" >"$log" 2>&1 <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], "wb") as f:
    while chunk := r.read(1 << 20):
        f.write(chunk)
PY
        then
            say "Could not download $ODOO_ARCHIVE_URL: $(tail -n 1 "$log")"
            rm -rf "$VENV"
            return 1
        fi
        mkdir -p "$VENV/src"
        tar -xzf "$VENV/odoo.tar.gz" -C "$VENV/src" && rm -f "$VENV/odoo.tar.gz"
        src=$(dirname "$(dirname "$(ls -d "$VENV"/src/*/odoo/release.py | head -n 1)")")
        odoo_tree_ok "$src" || { say "The archive holds no Odoo 19.0 source tree."; rm -rf "$VENV"; return 1; }
        from="the official archive $ODOO_ARCHIVE_URL"
    fi
    say "Installing Odoo 19.0 and its requirements into .venv-odoo/ (a few minutes, once; log in .venv-odoo/install.log) ..."
    # Odoo's pins, except: cbor2 5.4.2 no longer builds (5.4.6 does); python-ldap only where
    # its headers exist; psycopg2's binary wheel where libpq's headers (pg_config) are missing.
    reqs="$VENV/requirements-odoo.txt"
    sed -e 's/^cbor2==5\.4\.2\b/cbor2==5.4.6/' "$src/requirements.txt" > "$reqs"
    if [ ! -f /usr/include/ldap.h ] || [ ! -f /usr/include/lber.h ]; then
        sed -i '/^python-ldap/d' "$reqs"
        ldap_note=", without python-ldap (no LDAP headers)"
    fi
    command -v pg_config >/dev/null 2>&1 || sed -i 's/^psycopg2==/psycopg2-binary==/' "$reqs"
    # editable_mode=compat: a plain path in a .pth file (the default finder hook makes Odoo
    # warn that its addons path holds a non-directory)
    if ! { "$base" -m venv "$VENV" &&
        "$VENV/bin/python" -m pip install -q --upgrade pip &&
        "$VENV/bin/python" -m pip install -q -r "$reqs" &&
        "$VENV/bin/python" -m pip install -q --no-deps -e "$src" --config-settings editable_mode=compat
    } >>"$log" 2>&1 || ! imports_odoo19 "$VENV/bin/python"; then
        tail -n 15 "$log" >&2
        say "Installing Odoo 19.0 into .venv-odoo/ failed (last lines of its log above)."
        rm -rf "$VENV"
        return 1
    fi
    printf '%s\n' "$from" > "$VENV/.installed"
    say "Installed Odoo 19.0 from $from into .venv-odoo/ with its requirements$ldap_note; later runs reuse it."
}

# --------------------------------------------------------------------------------------------
# Python tools the test command needs, at the versions pinned in requirements-test.txt:
# installed when one is missing or installed at another version.
# --------------------------------------------------------------------------------------------
# Prints the pins of requirements-test.txt that the Python does not satisfy (none: all fine).
test_tools_differing() {
    "$PYTHON" - "$ROOT/requirements-test.txt" <<'PY'
import sys
from importlib import metadata

for line in open(sys.argv[1]):
    pin = line.split("#")[0].strip()
    if not pin:
        continue
    name, wanted = pin.split("==")
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        installed = "missing"
    if installed != wanted:
        print(f"{name} {installed} (pinned {wanted})")
PY
}

ensure_test_tools() {
    local differing
    differing=$(test_tools_differing)
    [ -z "$differing" ] && return 0
    say "Installing the pinned test tools (requirements-test.txt); differing now:"
    say "$(printf '%s\n' "$differing" | sed 's/^/    /')"
    "$PYTHON" -m pip install -q -r "$ROOT/requirements-test.txt"
    differing=$(test_tools_differing)
    [ -z "$differing" ] || { say "Still not the pinned versions after pip install: $differing"; exit 2; }
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

# poppler-utils turns the consumption report's first page into the screenshots of
# tests/test_screens.py (pdftoppm) and reads its text (pdftotext).
ensure_poppler() {
    command -v pdftoppm >/dev/null 2>&1 && return 0
    apt_install poppler-utils && return 0
    say "NOTE: poppler-utils is not installed and could not be installed here: the report's"
    say "      screenshots will be reported as skipped (install it with 'apt-get install poppler-utils')."
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
# --------------------------------------------------------------------------------------------
# `make run` keeps Odoo's whole log in .odoo-data/odoo.log and shows on the terminal only the
# steps, the addon's warnings and errors, and any error or critical line (with its traceback).
# --------------------------------------------------------------------------------------------
RUN_LOG="$ROOT/.odoo-data/odoo.log"

# Reads Odoo's log on stdin; $1 is the phase: "install" or "serve".
log_filter() {
    awk -v phase="$1" -v addon="odoo.addons.$ADDON" -v url="http://127.0.0.1:$HTTP_PORT" '
        function step(s) { print s; fflush() }
        /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9:,]+ [0-9]+ [A-Z]+ / {
            level = $4; logger = $6; sub(/:$/, "", logger)
            show = level == "ERROR" || level == "CRITICAL" ||
                (level == "WARNING" && (logger == addon || index(logger, addon ".") == 1))
            if (phase == "install") {
                if (!installing && / odoo\.modules\.loading: loading [0-9]+ modules/) {
                    installing = 1; step("Installing modules (Odoo'"'"'s, then '"$ADDON"') ...")
                }
                if (!demo && index($0, "Module '"$ADDON"': loading demo")) {
                    demo = 1; step("Loading demo data ...")
                }
            } else {
                if (/ odoo\.service\.server: HTTP service \(werkzeug\) running on /) http = 1
                if (/ odoo\.registry: Registry loaded in /) loaded = 1
            }
            if (phase == "serve" && !ready && http && loaded) {
                ready = 1
                step("Ready at " url " (login admin / password admin; portal of a strategic client: andes / andes). Stop it with Ctrl+C.")
            }
            if (show) { print; fflush() }
            next
        }
        show { print; fflush() }   # the lines that follow a shown record: its traceback
    '
}

# Runs Odoo (its arguments after the phase) with its output appended to the log and shows the
# log through the filter until Odoo ends; returns Odoo's status. Ctrl+C stops Odoo cleanly.
odoo_logged() {
    local phase=$1 start rc=0
    shift
    start=$(( $(stat -c %s "$RUN_LOG") + 1 ))
    odoo "$@" >>"$RUN_LOG" 2>&1 &
    ODOO_PID=$!
    trap 'kill -INT "$ODOO_PID" 2>/dev/null || true' INT TERM
    tail -c "+$start" -F --pid="$ODOO_PID" "$RUN_LOG" 2>/dev/null | log_filter "$phase" >&2 || true
    while :; do
        # a wait that a signal interrupts (Ctrl+C) returns while Odoo shuts down: wait again
        wait "$ODOO_PID" 2>/dev/null && rc=0 || rc=$?
        kill -0 "$ODOO_PID" 2>/dev/null || break
    done
    trap - INT TERM
    return $rc
}

cmd_run() {
    check_odoo
    ensure_postgres
    ensure_wkhtmltopdf
    write_config
    mkdir -p "$ROOT/.odoo-data"
    : > "$RUN_LOG"
    say "Odoo's log: .odoo-data/odoo.log (here: steps, and the warnings and errors of $ADDON or any error)."
    if db_exists "$DEMO_DB"; then
        say "Updating $ADDON in the existing database '$DEMO_DB' (your data is kept) ..."
        odoo_logged update -d "$DEMO_DB" -u "$ADDON" --stop-after-init ||
            { say "Updating $ADDON failed: see .odoo-data/odoo.log."; exit 1; }
    else
        say "Creating the database '$DEMO_DB' with demo data (about 3 minutes) ..."
        odoo_logged install -d "$DEMO_DB" -i "$ADDON" --with-demo --stop-after-init ||
            { say "Creating the database failed: see .odoo-data/odoo.log."; dropdb --if-exists "$DEMO_DB" >/dev/null 2>&1 || true; exit 1; }
    fi
    say "Starting Odoo on http://127.0.0.1:$HTTP_PORT ..."
    odoo_logged serve -d "$DEMO_DB" --db-filter="^$DEMO_DB\$"
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
    ensure_poppler
    ensure_chromium
    write_config
    local lint_rc=0
    cmd_lint || { lint_rc=1; say "Lint errors (ruff or pylint-odoo) above: make test will fail."; }
    local db="strategic_test_$$"
    trap 'dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true' EXIT
    # mrp too, to prove the priority in manufacturing where MRP is installed, and
    # stock_picking_batch, to prove that the first pick leaves batches and waves alone
    say "Installing $ADDON, mrp and stock_picking_batch (with demo data) into the throwaway database '$db' ..."
    local log="$ROOT/.odoo-data/install-$db.log"
    mkdir -p "$ROOT/.odoo-data"
    if ! odoo -d "$db" -i "$ADDON,mrp,stock_picking_batch" --with-demo --stop-after-init --log-level=warn >"$log" 2>&1 \
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

# `make test-odoo`: Odoo's own suites of the modules the addon touches, without and with it,
# and the addon beside OCA's priority modules (tools/test_odoo.py; about an hour). Databases:
# TEST_ODOO_DB_PREFIX (default strategic_odoo_<pid>)_without, _with, _oca_*, dropped at the end.
# Arguments: the modules whose suites to run (default: all of tools/test_odoo.py SELECTION).
cmd_test_odoo() {
    check_odoo
    ensure_postgres
    ensure_wkhtmltopdf
    ensure_chromium
    write_config
    "$PYTHON" "$ROOT/tools/test_odoo.py" "$CONF" "${TEST_ODOO_DB_PREFIX:-strategic_odoo_$$}" "$@"
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
    [ "$(psql -d "$1" -Atc "SELECT value FROM ir_config_parameter WHERE key = 'strategic_bench.built'" 2>/dev/null)" = "$2:$version:${BENCH_SCALE:-1}" ]
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
    # BENCH_DB_PREFIX names the two databases (several checkouts sharing a server);
    # BENCH_SCALE=10: 100,000 clients (databases of their own, kept too)
    local prefix=${BENCH_DB_PREFIX:-strategic_bench}
    local scale=${BENCH_SCALE:-1} suffix=""
    [ "$scale" = 1 ] || suffix="_x$scale"
    local full=${BENCH_DB_FULL:-${prefix}_full$suffix}
    local base=${BENCH_DB_BASE:-${prefix}_base$suffix}
    # the two databases are built at the same time (one core each on a two-core machine)
    local pid_full pid_base failed=0
    bench_build "$full" full "$ADDON" &
    pid_full=$!
    bench_build "$base" base "sale_stock,sale_margin,account" &
    pid_base=$!
    wait "$pid_full" || failed=1
    wait "$pid_base" || failed=1
    [ "$failed" = 0 ] || { say "Building the benchmark databases failed (see above)."; exit 1; }
    say "Updating $ADDON in '$full' to the checkout's code ..."
    odoo -d "$full" -u "$ADDON" --stop-after-init --log-level=warn
    mkdir -p "$ROOT/.bench"
    "$PYTHON" "$ROOT/bench/run.py" "$CONF" "$full" "$base" "$ROOT/.bench/results.json"
}

cmd_cluster() {
    # two Odoo servers in multi-worker mode and a streaming replica, on a copy of the
    # benchmark database (made by make bench first): see tools/cluster.py
    check_odoo
    ensure_postgres
    write_config
    "$PYTHON" "$ROOT/tools/cluster.py" "$CONF" "${CLUSTER_SOURCE_DB:-${BENCH_DB_FULL:-strategic_bench_full}}"
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

# `make wheel-check`: the wheel of `make wheel`, installed with pip into a new virtual
# environment that sees the machine's Odoo 19.0 and its requirements (--system-site-packages:
# the Odoo the commands use, which does not hold the addon), then `odoo -i strategic_client`
# into a new database from that environment, with only Odoo's own addons on the addons path
# (no checkout): the addon is found in the environment's site-packages.
cmd_wheel_check() {
    check_odoo
    ensure_postgres
    local tmp db="${WHEEL_CHECK_DB:-strategic_wheel_$$}" wheel odoo_addons found state
    tmp=$(mktemp -d)
    trap 'rm -rf "'"$tmp"'"; dropdb --if-exists "'"$db"'" >/dev/null 2>&1 || true' EXIT
    if "$PYTHON" -c 'import importlib.util as u, sys; sys.exit(not u.find_spec("odoo.addons.strategic_client"))' 2>/dev/null; then
        say "The Python of Odoo ($PYTHON) already imports odoo.addons.$ADDON (installed there?): the check needs an Odoo without it."
        exit 1
    fi
    rm -rf "$ROOT/dist"
    wheel=$(cmd_wheel | tail -n 1)
    say "Installing $(basename "$wheel") into a new virtual environment ($tmp/venv) ..."
    "$PYTHON" -m venv --system-site-packages "$tmp/venv"
    "$tmp/venv/bin/python" -m pip install -q "$wheel"
    say "Installed into the environment itself: $("$tmp/venv/bin/python" -m pip list -l --format=freeze 2>/dev/null | grep -v '^pip=' | tr '\n' ' ')"
    found=$("$tmp/venv/bin/python" -c 'import importlib.util as u; print(u.find_spec("odoo.addons.strategic_client").origin)')
    case "$found" in "$tmp/venv/"*) ;; *) say "FAILED: the addon is imported from $found, not from the environment"; exit 1 ;; esac
    # Odoo's own addons only: those of the machine's Odoo (beside its odoo package), ODOO_ADDONS_PATH
    odoo_addons=$(addons_path | sed 's|^[^,]*,\{0,1\}||')
    say "Installing $ADDON from the environment into the new database '$db' (addons path: $odoo_addons) ..."
    local args=(-d "$db" -i "$ADDON" --stop-after-init --log-level=warn --data-dir="$tmp/data")
    [ -n "$odoo_addons" ] && args+=(--addons-path="$odoo_addons")
    [ -n "${PGHOST:-}" ] && args+=(--db_host="$PGHOST" --db_port="${PGPORT:-5432}")
    if ! (cd "$tmp" && "$tmp/venv/bin/python" -m odoo "${args[@]}") >"$tmp/install.log" 2>&1 \
        || grep -qE ' (ERROR|CRITICAL) ' "$tmp/install.log"; then
        cat "$tmp/install.log" >&2
        say "FAILED: installing $ADDON from the wheel (log above)."
        exit 1
    fi
    state=$(psql -d "$db" -Atc "SELECT state FROM ir_module_module WHERE name = '$ADDON'")
    [ "$state" = installed ] || { say "FAILED: $ADDON is '$state' in $db, not installed"; exit 1; }
    say "wheel-check passed: $(basename "$wheel") installed with pip into a new environment, and"
    say "$ADDON installed from it ($found) into a new database with no checkout on the addons path."
}

# --------------------------------------------------------------------------------------------
# The private Odoo environment: `odoo-env` says which Odoo the commands use (building the
# environment where needed); `odoo-env-check` builds it from ODOO_SRC in a copy of the checkout,
# imports Odoo from it, and checks that a second run reuses it (a few minutes; not in make test).
# --------------------------------------------------------------------------------------------
cmd_odoo_env() {
    check_odoo
    "$PYTHON" -c 'import sys, odoo, odoo.release as r; print(f"Odoo {r.version} at {list(odoo.__path__)[0]}, Python {sys.executable}")'
    say "addons_path: $(addons_path)"
}

cmd_odoo_env_check() {
    [ -n "${ODOO_SRC:-}" ] || { say "usage: make odoo-env-check ODOO_SRC=/path/to/odoo (an Odoo 19.0 source tree)"; exit 2; }
    local tmp src started out
    src=$(cd "$ODOO_SRC" && pwd)
    tmp=$(mktemp -d)
    trap 'rm -rf "'"$tmp"'"' EXIT
    # the checkout's files as they are now (tracked and new), without its private state
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
        while IFS= read -r -d '' f; do [ -e "$ROOT/$f" ] && (cd "$ROOT" && cp --parents -P "$f" "$tmp"); done
    started=$(date +%s)
    say "Building the private environment from ODOO_SRC=$src in a copy of the checkout ($tmp) ..."
    out=$(cd "$tmp" && ODOO_ENV=venv ODOO_SRC="$src" bash tools/dev.sh odoo-env 2>&1) || { say "$out"; say "FAILED: building the environment"; exit 1; }
    say "$out"
    case "$out" in *"Installed Odoo 19.0 from the source tree $src into .venv-odoo/"*) ;; *) say "FAILED: no line saying what was installed and from where"; exit 1 ;; esac
    case "$out" in *"Odoo 19.0"*" at $src/odoo, Python $tmp/.venv-odoo/bin/python"*) ;; *) say "FAILED: Odoo is not imported from ODOO_SRC by the environment's Python"; exit 1 ;; esac
    case "$out" in *"addons_path: $tmp/.addons,$src/addons"*) ;; *) say "FAILED: the addons of ODOO_SRC are not on the addons path"; exit 1 ;; esac
    say "Running again: it must reuse the environment ..."
    out=$(cd "$tmp" && ODOO_ENV=venv bash tools/dev.sh odoo-env 2>&1) || { say "$out"; exit 1; }
    say "$out"
    case "$out" in *"Using Odoo 19.0 in .venv-odoo/ (installed from the source tree $src)"*) ;; *) say "FAILED: the second run did not reuse .venv-odoo/"; exit 1 ;; esac
    # Odoo's modules and requirements import; no editable finder hook on the addons path
    "$tmp/.venv-odoo/bin/python" -c 'import odoo.modules.registry, odoo.addons, psycopg2, lxml, werkzeug
assert not any("__editable__" in p for p in odoo.addons.__path__), odoo.addons.__path__' ||
        { say "FAILED: importing Odoo's modules from the environment"; exit 1; }
    "$tmp/.venv-odoo/bin/python" -m odoo --version || { say "FAILED: odoo --version"; exit 1; }
    say "odoo-env-check passed in $(( $(date +%s) - started )) s."
}

cmd="${1:-}"
shift || true
case "$cmd" in
    run) cmd_run "$@" ;;
    test) cmd_test "$@" ;;
    lint) cmd_lint "$@" ;;
    pot) cmd_pot "$@" ;;
    wheel) cmd_wheel "$@" ;;
    wheel-check) cmd_wheel_check "$@" ;;
    test-odoo) cmd_test_odoo "$@" ;;
    bench) cmd_bench "$@" ;;
    cluster) cmd_cluster "$@" ;;
    odoo-env) cmd_odoo_env "$@" ;;
    odoo-env-check) cmd_odoo_env_check "$@" ;;
    *) say "usage: $0 run|test|lint|pot|wheel|wheel-check|test-odoo|bench|cluster|odoo-env|odoo-env-check"; exit 2 ;;
esac
