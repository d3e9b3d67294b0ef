# Strategic Clients: developer commands. Each does its own set-up (see tools/dev.sh).
.PHONY: run test lint pot bench cluster wheel wheel-check test-odoo odoo-env-check

run:  ## Odoo with the addon and demo data at http://127.0.0.1:8069
	@bash tools/dev.sh run

test:  ## lint, then the whole suite against real Odoo on a throwaway database
	@bash tools/dev.sh test

lint:  ## ruff and pylint-odoo
	@bash tools/dev.sh lint

pot:  ## regenerate i18n/strategic_client.pot and merge it into i18n/es.po
	@bash tools/dev.sh pot

wheel:  ## build the odoo-addon-strategic_client wheel into dist/
	@bash tools/dev.sh wheel

wheel-check:  ## install the wheel into a new virtual environment and the addon from it into a new database
	@bash tools/dev.sh wheel-check

test-odoo:  ## Odoo's own tests without and with the addon, and the addon beside OCA's priority modules (long)
	@bash tools/dev.sh test-odoo $(MODULES)

bench:  ## benchmark at 10,000 clients (BENCH_SCALE=10: 100,000), data built once and kept
	@bash tools/dev.sh bench

cluster:  ## two Odoo servers (workers) and a PostgreSQL replica on a copy of the bench database; four checks
	@bash tools/dev.sh cluster

odoo-env-check:  ## build the private Odoo environment from ODOO_SRC=/path/to/odoo in a copy and import it
	@bash tools/dev.sh odoo-env-check
