"""Startup, measured in a fresh process: window shown, search ready, peak RSS. Prints JSON."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def peak_rss_mb() -> float:
    """VmHWM: this process's own peak RSS (ru_maxrss would include the forking parent's)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import desktop  # noqa: F401
    from desktop.core.base.config import Settings
    from desktop.ui.app import make_application, open_window

    app = make_application()
    settings = Settings(library_dir=sys.argv[1])
    window = open_window(settings, "light", config_dir=None)
    window.show()
    app.processEvents()
    shown = time.perf_counter() - STARTED
    marks: dict[str, float] = {}

    def ready() -> None:
        marks["search_ready_s"] = time.perf_counter() - STARTED

    def model_ready() -> None:
        marks["chat_ready_s"] = time.perf_counter() - STARTED

    window.embedder_ready.connect(ready)
    window.model_ready.connect(model_ready)
    deadline = time.perf_counter() + 300
    while len(marks) < 2 and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    peak_mb = peak_rss_mb()
    window.close()
    print(json.dumps({"window_shown_s": shown, **marks, "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main()
