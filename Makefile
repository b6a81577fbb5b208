# StreamRefiner. `make run` and `make test` work on a fresh machine: they install what is missing.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET ?= dotnet

.PHONY: setup setup-run restore build run test bench clean

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

## bench: benchmarks that start what they need and print tables (figures, never assertions)
bench: setup build
	$(DOTNET) tests/StreamRefiner.Benchmarks/bin/$(CONFIG)/net10.0/StreamRefiner.Benchmarks.dll $(ARGS)

clean:
	rm -rf .run TestResults
	$(DOTNET) clean StreamRefiner.sln -c $(CONFIG)
