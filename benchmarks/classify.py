"""Benchmark the intent matcher: cold start-up time and messages per second on one core."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = [ROOT / "tests" / "data" / "intents_dev.tsv", ROOT / "tests" / "data" / "intents_test.tsv"]
STARTUP = (
    "import time; t = time.perf_counter();"
    "from intents import Matcher, load_catalogue; Matcher(load_catalogue());"
    "print(time.perf_counter() - t)"
)
ROUNDS = 20


def startup_seconds() -> float:
    """Start-up of a fresh interpreter: imports, catalogue, jieba dictionary, phrase index."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True, text=True, check=True
    )
    total = time.perf_counter() - started
    print(f"  in-process start-up {float(out.stdout.strip()):.3f} s (process total {total:.3f} s)")
    return float(out.stdout.strip())


def messages() -> list[str]:
    """The texts of the labelled dev and test sets (whichever exist)."""
    texts = []
    for path in DATA:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if "\t" in line and not line.startswith("#"):
                    texts.append(line.split("\t", 1)[1])
    return texts


def main() -> int:
    """Print start-up and throughput figures."""
    print("start-up (fresh subprocess, 3 runs; the first may be cold):")
    for _ in range(3):
        startup_seconds()
    sys.path.insert(0, str(ROOT))
    from intents import Matcher, load_catalogue

    matcher = Matcher(load_catalogue())
    texts = messages()
    for text in texts:
        matcher.classify(text)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for text in texts:
            matcher.classify(text)
    elapsed = time.perf_counter() - started
    n = ROUNDS * len(texts)
    print(f"throughput: {n} classifications of {len(texts)} distinct messages in {elapsed:.2f} s")
    print(f"  {n / elapsed:,.0f} messages/second on one core ({elapsed / n * 1e6:.0f} µs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
