# StreamRefiner. `make run` and `make test` work on a fresh machine: they install what is missing.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET ?= dotnet

.PHONY: setup setup-run restore build run test chaos bench clean

# Installs those of the Debian packages named in its argument that are missing.
define install_missing
	@missing=""; \
	for package in $(1); do \
	  case "$$package" in \
	    redis-server) command -v redis-server >/dev/null || missing="$$missing redis-server" ;; \
	    postgresql) [ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql" ;; \
	    prometheus) command -v prometheus >/dev/null && command -v promtool >/dev/null || missing="$$missing prometheus" ;; \
	  esac; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

## setup: install every server the tests run against (Debian packages) if missing
setup:
	$(call install_missing,redis-server postgresql prometheus)

## setup-run: install what `make run` needs (Redis) if missing
setup-run:
	$(call install_missing,redis-server)

restore:
	$(DOTNET) restore StreamRefiner.sln

build: restore
	$(DOTNET) build StreamRefiner.sln -c $(CONFIG) --no-restore

## run: the embedded default — local Redis, dev broker, worker, sample traffic, transitions printed
run: setup-run build
	./scripts/run-local.sh $(ARGS)

## test: the whole suite against real Redis and the real Kafka-protocol broker; ends with "N passed, N failed"
test: setup build
	./scripts/test.sh $(CONFIG)

## chaos: the fault tests at full size (200,000 events, 2,000 contacts, 32 partitions, 12 SIGKILLs, Redis down 30 s)
chaos: setup build
	STREAMREFINER_FAULT_EVENTS=200000 STREAMREFINER_FAULT_CONTACTS=2000 STREAMREFINER_FAULT_PARTITIONS=32 \
	STREAMREFINER_FAULT_RATE=2000 STREAMREFINER_FAULT_STEP_SECONDS=5 STREAMREFINER_FAULT_KILLS=12 STREAMREFINER_FAULT_REDIS_DOWN_SECONDS=30 \
	STREAMREFINER_FAULT_CATCHUP_SECONDS=600 \
	$(DOTNET) test tests/StreamRefiner.Pipeline.Tests -c $(CONFIG) --no-build --filter "Category=Faults" \
	  --logger "console;verbosity=detailed"

## bench: benchmarks that start what they need and print tables (figures, never assertions)
bench: setup build
	$(DOTNET) tests/StreamRefiner.Benchmarks/bin/$(CONFIG)/net10.0/StreamRefiner.Benchmarks.dll $(ARGS)

clean:
	rm -rf .run TestResults
	$(DOTNET) clean StreamRefiner.sln -c $(CONFIG)
