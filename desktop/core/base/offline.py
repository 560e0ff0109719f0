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


def enforce_offline_environment() -> None:
    """Force the offline variables; the user cannot switch the hub back on by accident."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ[name] = value
