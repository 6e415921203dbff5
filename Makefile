# Two commands on a fresh machine:  `make run` (install, build the index, start the app) and `make test`.
PY      := .venv/bin/python
PIP     := .venv/bin/pip
STAMP   := .venv/.installed

.PHONY: run test index bench eval clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	# the CPU build of torch comes first: a bare requirement would pull a multi-GB CUDA build
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m assistant index
	$(PY) app.py

test: $(STAMP)
	bash scripts/system-deps.sh
	$(PY) -m pytest -q

index: $(STAMP)
	$(PY) -m assistant index

bench: $(STAMP)
	$(PY) bench/bench.py

eval: $(STAMP)
	$(PY) -m assistant eval

clean:
	rm -rf .venv .data
