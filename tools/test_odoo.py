# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""`make test-odoo`: Odoo's own test suites of the modules the addon touches, run twice on
throwaway databases, without and with strategic_client, then the addon's tests of its
cooperation with OCA's priority modules, each installed beside it.

    python3 tools/test_odoo.py CONFIG PREFIX [MODULE ...]

CONFIG is the checkout's Odoo config (.odoo.conf), PREFIX the start of the names of the
throwaway databases (PREFIX_without, PREFIX_with, PREFIX_oca_*), dropped at the end. The
table is printed and written to .odoo-data/test-odoo/table.md; each run's whole log stays
in .odoo-data/test-odoo/.

How a suite runs (``suite`` below, one process per module and side): the database's complete
registry is loaded first, then Odoo's own test runner (odoo.tests.loader: make_suite and
run_suite, its OdooTestResult logging each FAIL/ERROR and the summary line "N failed, N
error(s) of N tests when loading database") runs the selected tests, at_install ones then
post_install ones. Under `odoo -i/-u --test-tags` an at_install test runs right after its own
module is loaded, before strategic_client is, so it could never meet the addon: here every
selected test runs on the registry the users have.
"""

import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = "strategic_client"
OUT = ROOT / ".odoo-data" / "test-odoo"

# The Odoo apps installed on both sides (the addon's dependencies, manufacturing, project).
BASE_MODULES = "sale_stock,sale_margin,account,portal,mrp,sale_mrp,project"

# The selection: each module's tests that meet what the addon changes, sized so that a whole
# run takes about an hour on a busy two-core machine. module -> --test-tags (Odoo's standard
# tests of those classes; a class name selects it in every file of the module).
SELECTION = {
    # orders: confirmation, invoicing, portal, tours (the addon overrides confirmation)
    "sale": "/sale",
    # deliveries created from orders (the addon's priority hook)
    "sale_stock": "/sale_stock",
    "sale_margin": "/sale_margin",
    # transfers: multi-step pick/ship chains, routes, reservation, flows, returns (the
    # addon's priority, its propagation along chains, its return wizard)
    "stock": ",".join(
        f"/stock:{cls}"
        for cls in (
            "TestPickShip",
            "TestSinglePicking",
            "TestRoutes",
            "TestAutoAssign",
            "TestPickShipBackorder",
            "TestStockFlow",
            "TestStockFlowPostInstall",
            "TestReturnPicking",
        )
    ),
    # customer invoices: posting (the addon's collection hook), refunds, payments, the
    # customer's form and portal
    "account": ",".join(
        f"/account:{cls}"
        for cls in (
            "TestAccountMoveOutInvoiceOnchanges",
            "TestAccountMoveOutRefundOnchanges",
            "TestAccountMovePaymentsWidget",
            "TestAccountPartner",
            "TestPortalInvoice",
        )
    ),
    # manufacturing orders from procurements and multi-step manufacturing (priority)
    "mrp": "/mrp:TestProcurement,/mrp:TestMultistepManufacturingWarehouse",
    "sale_mrp": "/sale_mrp",
    "portal": "/portal",
    "project": "/project:TestProjectFlow,/project:TestPortalProject",
}

# OCA modules installed beside the addon, one database each: (module, PyPI distribution,
# --test-tags of the addon's tests of the cooperation and of the OCA module's own tests)
OCA = (
    (
        "sale_order_priority",
        "odoo-addon-sale_order_priority",
        f"/{ADDON}:TestOcaSaleOrderPriority,/sale_order_priority",
    ),
    (
        "partner_priority",
        "odoo-addon-partner_priority",
        f"/{ADDON}:TestOcaPartnerPriority,/partner_priority",
    ),
)

SUMMARY_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
# "... ERROR db odoo.addons.sale.tests.test_x: FAIL: TestClass.test_method"
RESULT_RE = re.compile(r"^\S+ \S+ \d+ ERROR \S+ (\S+): (FAIL|ERROR): (.+)$")
CLASS_ERROR_RE = re.compile(r"^(\w+) \(([\w.]+)\)$")
START_RE = re.compile(r" INFO \S+ odoo\.addons\.(\w+)\.tests\.\w+: Starting ")
SKIP_RE = re.compile(r" INFO \S+ odoo\.addons\.\w+\.tests\.\w+: skipped (\S+) : (.*)$")


def say(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------------------
# One suite, in a process of its own: python3 tools/test_odoo.py suite CONFIG DB TAGS
# ------------------------------------------------------------------------------------------
def suite(conf, db, tags):
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.service import server
    from odoo.tests import loader
    from odoo.tests.result import OdooTestResult
    from odoo.tests.result import _logger as result_logger
    from odoo.tools import config

    args = ["-c", conf, "-d", db, "--http-port", str(free_port()), "--max-cron-threads", "0"]
    config.parse_config(args, setup_logging=True)
    threading.current_thread().dbname = db
    server.load_server_wide_modules()
    registry = Registry(db)  # the complete registry, loaded without running any test
    # then the tests, as `--test-tags` would select them (HttpCase tests need the HTTP server)
    config["test_tags"] = tags
    config["test_enable"] = True
    httpd = server.ThreadedServer(odoo.http.root)
    httpd.http_spawn()
    server.server = httpd  # where HttpCase finds the port
    modules = sorted(registry._init_modules)
    report = registry._assertion_report = OdooTestResult()
    for position in ("at_install", "post_install"):
        tests = loader.make_suite(modules, position)
        if position == "post_install" and tests.has_http_case():
            with registry.cursor() as cr:
                api.Environment(cr, api.SUPERUSER_ID, {})["ir.qweb"]._pregenerate_assets_bundles()
        report.update(loader.run_suite(tests, global_report=report))
    report.log_stats()
    log = result_logger.error if not report.wasSuccessful() else result_logger.info
    log("%s when loading database %r", report, db)
    httpd.httpd.shutdown()
    return 0 if report.wasSuccessful() else 1


# ------------------------------------------------------------------------------------------
# Databases
# ------------------------------------------------------------------------------------------
def odoo(conf, db, *args, log):
    cmd = [sys.executable, "-m", "odoo", "-c", conf, "-d", db, *args]
    with open(log, "w") as out:
        rc = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT)
    text = Path(log).read_text(errors="replace")
    if rc or re.search(r" (ERROR|CRITICAL) ", text):
        say(text[-6000:])
        raise SystemExit(f"odoo {' '.join(args)} on {db} failed: see {log}")


def dropdb(db):
    subprocess.call(["dropdb", "--if-exists", db], stderr=subprocess.DEVNULL)


def copydb(source, target):
    dropdb(target)
    subprocess.check_call(["createdb", "-T", source, target])


def install(conf, db, modules, log, template=None):
    started = time.time()
    if template:
        copydb(template, db)
    else:
        dropdb(db)
    odoo(conf, db, "-i", modules, "--stop-after-init", "--log-level=warn", log=log)
    say(f"  {db}: {modules} installed in {time.time() - started:.0f} s")


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------
def parse(log):
    """{module: [run, failed, errors]}, {test: FAIL|ERROR}, {test: skip reason}, summary
    of a suite's log; the summary (run, failed, errors) is None when the suite did not reach
    its end (crash)."""
    text = Path(log).read_text(errors="replace")
    counts, results, skips = {}, {}, {}
    for line in text.splitlines():
        match = START_RE.search(line)
        if match:
            counts.setdefault(match.group(1), [0, 0, 0])[0] += 1
        match = RESULT_RE.match(line)
        if match:
            logger, kind, test = match.groups()
            # a class's set-up is logged by odoo.tests.suite as "setUpClass (its.module.Class)"
            holder = CLASS_ERROR_RE.match(test.strip())
            if holder:
                logger, test = holder.group(2).rsplit(".", 1)
                test = f"{test} ({holder.group(1)})"
            module = logger.removeprefix("odoo.addons.").split(".")[0]
            where = logger.removeprefix("odoo.addons.").replace(".tests.", "/")
            results[f"{where}: {test.strip()}"] = kind
            counts.setdefault(module, [0, 0, 0])[1 if kind == "FAIL" else 2] += 1
        match = SKIP_RE.search(line)
        if match:
            skips[match.group(1)] = match.group(2)
    summary = SUMMARY_RE.findall(text)
    summary = tuple(int(n) for n in summary[-1]) if summary else None
    return counts, results, skips, summary


def run_suite(conf, db, tags, log):
    started = time.time()
    cmd = [sys.executable, __file__, "suite", conf, db, tags]
    env = dict(os.environ, ODOO_TEST_MAX_FAILED_TESTS=str(10**6))
    with open(log, "w") as out:
        subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    return parse(log), time.time() - started


def cell(counts, module, summary):
    if module not in counts:
        return "not reached" if summary is None else "0 / 0 / 0"
    return " / ".join(str(n) for n in counts[module])


def compare_table(modules, without, with_):
    """The markdown table, the tests whose result differs, those failing both ways."""
    lines = [
        "| module | without the addon: run / failed / errors "
        + "| with the addon: run / failed / errors | same results |",
        "|---|---|---|---|",
    ]
    for module in modules:
        a, b = cell(without[0], module, without[3]), cell(with_[0], module, with_[3])
        diff = any(
            test.startswith(f"{module}/") and without[1].get(test) != with_[1].get(test)
            for test in set(without[1]) | set(with_[1])
        )
        same = a == b and not diff and "not reached" not in a
        lines.append(f"| {module} | {a} | {b} | {'yes' if same else 'NO'} |")
    total = [
        "stopped" if side[3] is None else "%s / %s / %s" % (side[3][2], *side[3][:2])
        for side in (without, with_)
    ]
    lines.append(
        f"| **all** | {total[0]} | {total[1]} | {'yes' if total[0] == total[1] else 'NO'} |"
    )
    differences = [
        f"- {test}: without {without[1].get(test, 'ok')}, with {with_[1].get(test, 'ok')}"
        for test in sorted(set(without[1]) | set(with_[1]))
        if without[1].get(test) != with_[1].get(test)
    ]
    failing_both = [
        f"- {test}: {kind} without and with the addon"
        for test, kind in sorted(without[1].items())
        if with_[1].get(test) == kind
    ]
    return lines, differences, failing_both


# ------------------------------------------------------------------------------------------
# OCA's priority modules: the wheels, unpacked into an addons folder of their own
# ------------------------------------------------------------------------------------------
def oca_addons(dists):
    folder = ROOT / ".odoo-data" / "oca"
    wheels = folder / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels)]
    if subprocess.call([*cmd, *dists], stdout=subprocess.DEVNULL) != 0:
        return None
    addons = folder / "addons"
    shutil.rmtree(addons, ignore_errors=True)
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                if name.startswith("odoo/addons/"):
                    archive.extract(name, folder / "unpacked")
    (folder / "unpacked" / "odoo" / "addons").rename(addons)
    shutil.rmtree(folder / "unpacked")
    return addons


def oca_conf(conf, addons):
    text = Path(conf).read_text()
    text = re.sub(r"^addons_path = (.*)$", rf"addons_path = \1,{addons}", text, flags=re.MULTILINE)
    path = OUT / "oca.conf"
    path.write_text(text)
    return str(path)


# ------------------------------------------------------------------------------------------
# make test-odoo
# ------------------------------------------------------------------------------------------
def main(conf, prefix, modules):
    OUT.mkdir(parents=True, exist_ok=True)
    oca_only = modules == ["oca"]  # `make test-odoo MODULES=oca`: the OCA part alone
    modules = [] if oca_only else modules or list(SELECTION)
    unknown = set(modules) - set(SELECTION)
    if unknown:
        raise SystemExit(f"No selection of tests for {', '.join(sorted(unknown))}: see SELECTION")
    without, with_ = f"{prefix}_without", f"{prefix}_with"
    databases = [without, with_]
    started = time.time()
    try:
        say(f"Installing {BASE_MODULES} (no demo data) into {without}, then {ADDON} in a copy ...")
        install(conf, without, BASE_MODULES, OUT / "install-without.log")
        install(conf, with_, ADDON, OUT / "install-with.log", template=without)

        say("Odoo's own tests without and with the addon (logs in .odoo-data/test-odoo/):")
        sides = []
        if modules:
            tags = ",".join(SELECTION[module] for module in modules)
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                jobs = [
                    pool.submit(run_suite, conf, db, tags, OUT / f"odoo-{side}.log")
                    for db, side in ((without, "without"), (with_, "with"))
                ]
                sides = [job.result() for job in jobs]
            for side, (parsed, seconds) in zip(("without", "with"), sides, strict=True):
                say(f"  {side} the addon: {parsed[3] or 'crashed'} in {seconds:.0f} s")

        oca_lines = []
        addons = oca_addons([dist for _module, dist, _tags in OCA])
        if addons is None:
            oca_lines.append("OCA's wheels could not be downloaded (pip download failed): not run.")
        else:
            oconf = oca_conf(conf, addons)
            for module, _dist, tags in OCA:
                db = f"{prefix}_oca_{module}"
                databases.append(db)
                say(f"{ADDON} beside OCA's {module} ({db}) ...")
                install(oconf, db, module, OUT / f"install-{module}.log", template=with_)
                (_counts, results, skips, summary), _sec = run_suite(
                    oconf, db, tags, OUT / f"oca-{module}.log"
                )
                status = "crashed"
                if summary:
                    status = f"{summary[2]} run, {summary[0]} failed, {summary[1]} errors"
                oca_lines.append(f"- beside {module}: {status}, {len(skips)} skipped")
                oca_lines += [f"  - {kind}: {test}" for test, kind in sorted(results.items())]
                oca_lines += [f"  - skipped {test}: {why}" for test, why in sorted(skips.items())]
    finally:
        for db in databases:
            dropdb(db)

    report = [f"make test-odoo of {time.strftime('%Y-%m-%d')}: {time.time() - started:.0f} s."]
    lines, differences = [], []
    if sides:
        table, lines, differences = odoo_report(modules, sides[0][0], sides[1][0])
        report += table
    report += ["", "The addon beside OCA's priority modules:", *oca_lines]
    text = "\n".join(report) + "\n"
    (OUT / ("table-oca.md" if oca_only else "table.md")).write_text(text)
    print(text)
    oca_ok = all(" 0 failed, 0 errors" in line for line in oca_lines if line.startswith("- beside"))
    same = all(line.endswith("| yes |") for line in lines[2:])
    return 0 if same and oca_ok and not differences else 1


def odoo_report(modules, without, with_):
    """The report's part about Odoo's own tests: its lines, the table, the differences."""
    lines, differences, failing_both = compare_table(modules, without, with_)
    stopped = [side for side, parsed in (("without", without), ("with", with_)) if not parsed[3]]
    note = (
        f"STOPPED before its end ({' and '.join(stopped)} the addon): the counts are those "
        + "of the tests run until then, in Odoo's order (at_install tests of all modules, "
        + "then post_install ones); a module not reached shows 'not reached'."
    )
    return (
        [
            "Selection (--test-tags): " + ",".join(SELECTION[module] for module in modules),
            *([note] if stopped else []),
            "",
            *lines,
            "",
            "Tests whose result differs with the addon:",
            *(differences or ["- none"]),
            "",
            "Tests failing without the addon too (Odoo's suite on this set of modules):",
            *(failing_both or ["- none"]),
        ],
        lines,
        differences,
    )


def report_from_logs(out):
    """`python3 tools/test_odoo.py report [FOLDER]`: the table again from the logs of the
    last run (FOLDER: its .odoo-data/test-odoo), also after a run stopped before its end."""
    out = Path(out)
    without, with_ = parse(out / "odoo-without.log"), parse(out / "odoo-with.log")
    table, _lines, _differences = odoo_report(list(SELECTION), without, with_)
    print("\n".join(table))
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "suite":
        sys.exit(suite(*sys.argv[2:5]))
    if sys.argv[1] == "report":
        sys.exit(report_from_logs(sys.argv[2] if len(sys.argv) > 2 else OUT))
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
