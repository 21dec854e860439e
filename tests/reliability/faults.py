"""DanVan's WSGI application with one fault point, for the kill -9 tests (never used outside tests).

``DANVAN_FAULT_TARGET=module:function`` and ``DANVAN_FAULT_AFTER=N``: after the N-th call of that function
returns, the process writes ``DANVAN_FAULT_FILE`` and sleeps — inside whatever transaction the caller holds —
until the test kills it. The function is replaced on its module, so callers that reach it as
``module.function`` (``store.apply_report``, ``services.practice_submit``) pass through the fault point.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
import time
from pathlib import Path


def install(target: str, after: int, signal_file: Path) -> None:
    module_name, function_name = target.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, function_name)
    lock = threading.Lock()
    calls = 0

    @functools.wraps(original)
    def paused(*args, **kwargs):
        nonlocal calls
        result = original(*args, **kwargs)
        with lock:
            calls += 1
            reached = calls == after
        if reached:
            signal_file.write_text(f"{target} call {after} in pid {os.getpid()}")
            time.sleep(3600)  # until SIGKILL
        return result

    setattr(module, function_name, paused)


def _application():
    from django.core.wsgi import get_wsgi_application

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    app = get_wsgi_application()
    if os.environ.get("DANVAN_FAULT_TARGET"):
        install(
            os.environ["DANVAN_FAULT_TARGET"],
            int(os.environ.get("DANVAN_FAULT_AFTER", "1")),
            Path(os.environ["DANVAN_FAULT_FILE"]),
        )
    return app


application = _application()
