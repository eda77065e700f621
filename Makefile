# SellerDesk: `make run` starts it with demo data (`sellerdesk run --demo`); `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test install install-test system-deps bench clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
	$(PY) -m sellerdesk.cli compilemessages_babel
	$(PY) -m sellerdesk.cli triage-build

# Debian packages the tests use: dovecot (real IMAP server) and chromium (UI tests).
system-deps:
	@missing=""; \
	command -v /usr/sbin/dovecot >/dev/null || missing="$$missing dovecot-imapd"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing) >/tmp/sellerdesk-apt.log 2>&1 \
	    || { echo "apt-get failed (see /tmp/sellerdesk-apt.log); tests needing$$missing will be skipped"; }; \
	fi

run: install
	PORT=$(PORT) $(PY) -m sellerdesk.cli run --demo

test: install $(VENV)/.installed-test system-deps
	$(PY) -m pytest -n 2 --dist loadfile tests sellerdesk/channels; rc=$$?; if [ $$rc -eq 5 ]; then echo 'no tests collected'; exit 0; fi; exit $$rc

bench: install
	$(PY) bench/ingest.py

clean:
	rm -rf $(VENV) var
