"""A profile per chat model: context size, threads, GPU layers, chat template, extra stop strings and
answer style. Defaults come from the model's own metadata; what the user changes for a model is
kept in Settings (`model_profiles`, by the model's path) and applies to that model only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from desktop.core.base.config import Settings
from desktop.core.models.gguf_info import GgufInfo

TEMPLATES = ("", "chatml")  # "": the file's own template (ChatML when it has none)
STYLES = ("", "close", "free", "quote")  # "": by the model's size


@dataclass(frozen=True)
class ModelProfile:
    n_ctx: int = 4096
    n_threads: int = 0
    n_gpu_layers: int = 0
    chat_template: str = ""
    stops: list[str] = field(default_factory=list)
    answer_style: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_profile(settings: Settings, info: GgufInfo | None, gpu: bool = False) -> ModelProfile:
    """From the settings and the model's metadata: never a context past the model's own, and with
    a GPU build all layers offloaded unless the settings name a number."""
    n_ctx = settings.n_ctx
    if info is not None and info.context_length:
        n_ctx = min(n_ctx, info.context_length)
    gpu_layers = settings.n_gpu_layers or (-1 if gpu else 0)
    return ModelProfile(n_ctx=n_ctx, n_threads=settings.n_threads, n_gpu_layers=gpu_layers)


def profile_for(settings: Settings, path: str, info: GgufInfo | None, gpu: bool = False) -> ModelProfile:
    """The default profile with the user's overrides for this model (invalid ones ignored)."""
    profile = default_profile(settings, info, gpu)
    saved = settings.model_profiles.get(path, {})
    if not isinstance(saved, dict):
        return profile
    changes: dict[str, Any] = {}
    for item in fields(ModelProfile):
        value = saved.get(item.name)
        default = getattr(profile, item.name)
        if isinstance(value, type(default)) and not isinstance(value, bool):
            changes[item.name] = value
    if changes.get("chat_template", "") not in TEMPLATES:
        changes.pop("chat_template")
    if changes.get("answer_style", "") not in STYLES:
        changes.pop("answer_style")
    if "stops" in changes:
        changes["stops"] = [stop for stop in changes["stops"] if isinstance(stop, str) and stop]
    return replace(profile, **changes)


def overrides(profile: ModelProfile, default: ModelProfile) -> dict[str, Any]:
    """What a profile changes from the default: what Settings keeps for the model."""
    return {key: value for key, value in profile.to_dict().items() if value != getattr(default, key)}
