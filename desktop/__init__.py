"""Abstracta: a local, offline reading assistant for research-paper abstracts."""

from desktop.core.base.offline import enforce_offline_environment

__version__ = "0.1.0"

enforce_offline_environment()
