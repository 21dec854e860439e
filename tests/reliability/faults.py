"""DanVan with one fault point, for the kill -9 tests (never used outside tests): the WSGI application for
gunicorn, or ``python -m tests.reliability.faults manage <command> …`` for a worker.

``DANVAN_FAULT_TARGET=module:function`` and ``DANVAN_FAULT_AFTER=N``: after the N-th call of that function
returns (before it starts, with ``DANVAN_FAULT_WHEN=before``), the process writes ``DANVAN_FAULT_FILE`` and
sleeps — inside whatever transaction the caller holds — until the test kills it. The function is replaced on its
module, so callers that reach it as ``module.function`` or as a global of that module pass through the fault.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
import time
from pathlib import Path


def install(target: str, after: int, signal_file: Path, *, before: bool = False) -> None:
    module_name, function_name = target.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    lock = threading.Lock()
    calls = 0

    def pause_if_reached():
        nonlocal calls
        with lock:
            calls += 1
            reached = calls == after
        if reached:
            signal_file.write_text(f"{target} call {after} in pid {os.getpid()}")
            time.sleep(3600)  # until SIGKILL

    @functools.wraps(original)
    def paused(*args, **kwargs):
        if before:
            pause_if_reached()
        result = original(*args, **kwargs)
        if not before:
            pause_if_reached()
        return result

    setattr(module, function_name, paused)


def install_from_environment() -> None:
    """``DANVAN_FAULT_SET=module:NAME=int`` first (e.g. a smaller chunk size), then the fault point."""
    if os.environ.get("DANVAN_FAULT_SET"):
        place, value = os.environ["DANVAN_FAULT_SET"].split("=")
        module_name, name = place.split(":")
        setattr(importlib.import_module(module_name), name, int(value))
    if os.environ.get("DANVAN_FAULT_TARGET"):
        install(
            os.environ["DANVAN_FAULT_TARGET"],
            int(os.environ.get("DANVAN_FAULT_AFTER", "1")),
            Path(os.environ["DANVAN_FAULT_FILE"]),
            before=os.environ.get("DANVAN_FAULT_WHEN") == "before",
        )


def _application():
    from django.core.wsgi import get_wsgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    app = get_wsgi_application()
    install_from_environment()
    return app


if __name__ == "__main__":
    # ``python -m tests.reliability.faults manage <command> …``: a management command (a worker) with the fault.
    import sys

    import django
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    django.setup()
    install_from_environment()
    execute_from_command_line(["manage.py", *sys.argv[2:]])
else:
    application = _application()
