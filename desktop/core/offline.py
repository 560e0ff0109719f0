"""Environment settings that keep every library offline and quiet. Applied before any HF import."""

import os

OFFLINE_ENVIRONMENT: dict[str, str] = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "DO_NOT_TRACK": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
# MKL's spinning worker threads, once torch has run, slow llama.cpp's decoding about 3x on 2 cores
# (bench/); torch's own intra-op threads do the embedding work just as fast without them.
THREADING_DEFAULTS: dict[str, str] = {"MKL_NUM_THREADS": "1"}


def enforce_offline_environment() -> None:
    """Force the offline variables; the user cannot switch the hub back on by accident."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ[name] = value
    for name, value in THREADING_DEFAULTS.items():
        os.environ.setdefault(name, value)
