"""`abstracta models`: the chat models found on this machine, what they are, and whether they fit."""

from __future__ import annotations

import argparse

from desktop.cli.output import emit_json
from desktop.core.base.config import Settings
from desktop.core.models.llm import gpu_offload_available, llama_build
from desktop.core.models.model_discovery import (
    discover_embedding_models,
    discover_models,
    model_locations,
    total_ram_bytes,
)


def run(args: argparse.Namespace, settings: Settings) -> int:
    n_ctx = args.context or settings.n_ctx
    ram = total_ram_bytes()
    models = discover_models(extra=settings.model_folders)
    if args.json:
        emit_json(
            {
                "context": n_ctx,
                "ram_mb": ram // 2**20,
                "gpu_offload": gpu_offload_available(),
                "llama_build": llama_build(),
                "searched": [
                    {"origin": origin, "folder": str(folder)}
                    for origin, folder in model_locations(extra=settings.model_folders)
                ],
                "models": [model.to_dict(n_ctx, ram) for model in models],
                "embedding_models": [{"name": name, "path": str(path)} for name, path in discover_embedding_models()],
            }
        )
        return 0
    gpu = f"llama.cpp build: {llama_build()}"
    print(f"{len(models)} models; {ram / 2**30:.1f} GB of RAM; {gpu}; memory at a context of {n_ctx} tokens")
    for model in models:
        info = model.info
        if info is None:
            print(f"  {model.name}  [{model.origin}]  cannot be read: {model.error}")
            continue
        size = info.size_label or f"{info.parameters / 1e9:.2f}B"
        fit = "fits" if model.fits(n_ctx, ram) else "too big for this machine"
        print(
            f"  {model.name}  [{model.origin}]  {info.architecture} {size} {info.quantization}, "
            f"context {info.context_length}, {'chat template' if info.has_chat_template else 'no chat template'}, "
            f"~{model.memory_mb(n_ctx)} MB: {fit}"
        )
        for warning in model.warnings:
            print(f"      warning: {warning}")
        print(f"      {model.path}")
    print("embedding models (abstracta reembed --embedding-model DIR moves a library to one):")
    for name, path in discover_embedding_models():
        print(f"  {name}  {path}")
    return 0
