"""`make bench`: every benchmark on SQLite and, when reachable, PostgreSQL."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["geo_bench.py", "practices_bench.py", "reports_bench.py"]


def postgres_ready() -> bool:
    create = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "CREATE DATABASE danvan_bench"]
    probe = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT 1"], capture_output=True)
    if probe.returncode != 0:
        return False
    subprocess.run(create, capture_output=True)  # fails harmlessly when it exists
    return True


def main() -> int:
    dbs = ["sqlite"] + (["postgres"] if postgres_ready() else [])
    failed = 0
    for bench in BENCHES:
        for db in dbs:
            failed |= subprocess.run([sys.executable, str(HERE / bench), "--db", db], cwd=HERE).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
