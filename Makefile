# Two commands for a fresh machine: `make run` (install + open the app), `make test` (install + all checks).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# llama.cpp is built once per machine into a wheel cache outside the repo (about 6 minutes on
# 2 cores): portable (no -march=native), without AMX kernels (they crash on some CPUs/VMs), and
# without OpenMP (sharing libgomp with torch made decoding 3x slower after any embedding; bench/).
LLAMA_VERSION := 0.3.36
WHEELHOUSE ?= $(HOME)/.cache/abstracta-wheels
LLAMA_WHEEL_STAMP := $(WHEELHOUSE)/.llama-cpp-python-$(LLAMA_VERSION)-portable-noomp
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
	-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF \
	-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF

.PHONY: run test lint bench bench-full bench-scale bench-answers bench-roles bundle bundle-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(LLAMA_WHEEL_STAMP): | $(BIN)/python
	mkdir -p $(WHEELHOUSE)
	rm -f $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip wheel --quiet --no-cache-dir --no-deps \
		llama-cpp-python==$(LLAMA_VERSION) -w $(WHEELHOUSE)
	touch $@

$(STAMP): pyproject.toml $(LLAMA_WHEEL_STAMP) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_VERSION)-*.whl
	$(BIN)/python -m pip install --quiet --find-links $(WHEELHOUSE) -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	bash tools/ensure-qt-libs.sh
	$(BIN)/abstracta

lint: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check desktop tests bench
	$(BIN)/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench --quick

bench-full: $(STAMP)
	$(BIN)/python -m bench

bench-scale: $(STAMP)
	$(BIN)/python -m bench --scale

# Answer quality on the mixed library (the seeds and ../shared/realworld), held-out beside dev.
bench-answers: $(STAMP)
	$(BIN)/python -m bench.qa_run

# Compare cells: the cue rules against the learned role reading, on the labelled compare sets.
bench-roles: $(STAMP)
	$(BIN)/python -m bench.roles_cv --split all

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache

# A onedir bundle (PyInstaller) in dist/abstracta, and its smoke test with no Python on the PATH.
bundle: $(STAMP)
	$(BIN)/python -m pip install --quiet 'pyinstaller>=6.10'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

bundle-test:
	bash tests/bundle_smoke.sh dist/abstracta/abstracta
