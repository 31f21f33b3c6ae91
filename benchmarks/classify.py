"""Benchmark the intent engine beside the previous one: start-up, throughput, and --eval FILE.

The previous engine is main's `intents/` at commit PREVIOUS, exported with `git archive` into
the temp directory and imported as `intents_v1` (its own imports rewritten), so both engines
run in one process on the same messages.

    python benchmarks/classify.py                          # start-up and messages/second
    python benchmarks/classify.py --eval FILE [--engine current|previous|both]
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intents.evaluate import Evaluation, evaluate, read_rows  # noqa: E402

PREVIOUS = "7760661"
DATA = [ROOT / "tests" / "data" / "intents_dev.tsv", ROOT / "tests" / "data" / "intents_test.tsv"]
ROUNDS = 4
REPEATS = 5
"""Throughput: REPEATS timings of ROUNDS passes, the engines taking turns (so both see the
same load from other jobs on the machine); the best and the median are printed."""
STARTUPS = 3
STARTUP = (
    "import sys, time; sys.path.insert(0, {path!r}); t = time.perf_counter();"
    "from {package} import Matcher, load_catalogue; Matcher(load_catalogue());"
    "print(time.perf_counter() - t)"
)


def previous_dir() -> Path:
    """A directory holding the previous engine as the package `intents_v1` (made once)."""
    target = Path(tempfile.gettempdir()) / f"gridbot-intents-v1-{PREVIOUS}"
    package = target / "intents_v1"
    if (package / "__init__.py").is_file():
        return target
    archive = subprocess.run(
        ["git", "archive", "--format=tar", PREVIOUS, "intents"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    package.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            data = tar.extractfile(member)
            assert data is not None
            content = data.read()
            if member.name.endswith(".py"):
                text = re.sub(r"\b(from|import) intents\b", r"\1 intents_v1", content.decode())
                content = text.encode()
            (package / Path(member.name).name).write_bytes(content)
    return target


def engines(which: str) -> dict[str, tuple[Path, str]]:
    """name -> (sys.path entry, package name) for the engines asked for."""
    found = {"previous": (previous_dir(), "intents_v1"), "current": (ROOT, "intents")}
    return {k: v for k, v in found.items() if which in (k, "both")}


def load(path: Path, package: str) -> ModuleType:
    """Import an engine package."""
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
    return __import__(package)


def startup_seconds(path: Path, package: str) -> float:
    """Start-up in a fresh interpreter: imports, catalogue, jieba dictionary, indexes."""
    code = STARTUP.format(path=str(path), package=package)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tempfile.gettempdir(), capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(out.stderr)
    return float(out.stdout.strip().splitlines()[-1])


def messages() -> list[str]:
    """The texts of the labelled dev and first test set."""
    return [row.text for path in DATA if path.is_file() for row in read_rows(path)]


def throughput(matcher: Any, texts: list[str]) -> tuple[float, float]:
    """Messages per second over ROUNDS passes: per wall-clock second and per CPU second (the
    second is what one core does when other jobs share the machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(ROUNDS):
        for text in texts:
            matcher.classify(text)
    n = ROUNDS * len(texts)
    return n / (time.perf_counter() - wall), n / (time.process_time() - cpu)


def _rates(
    chosen: dict[str, tuple[Path, str]], texts: list[str]
) -> dict[str, list[tuple[float, float]]]:
    """REPEATS throughput timings per engine, the engines taking turns."""
    matchers = {}
    for name, (path, package) in chosen.items():
        module = load(path, package)
        matchers[name] = module.Matcher(module.load_catalogue())
        for text in texts:  # warm-up
            matchers[name].classify(text)
    rates: dict[str, list[tuple[float, float]]] = {name: [] for name in chosen}
    for _ in range(REPEATS):
        for name, matcher in matchers.items():
            rates[name].append(throughput(matcher, texts))
    return rates


def bench(which: str) -> int:
    """Print start-up and throughput of the engines side by side."""
    texts = messages()
    chosen = engines(which)
    starts = {
        n: [startup_seconds(p, k) for _ in range(STARTUPS + 1)] for n, (p, k) in chosen.items()
    }
    rates = _rates(chosen, texts)
    rows = {}
    for name, times in starts.items():
        wall = [w for w, _ in rates[name]]
        cpu = [c for _, c in rates[name]]
        rows[name] = [
            f"{times[0]:.3f} s",
            f"{min(times[1:]):.3f}–{max(times[1:]):.3f} s",
            f"{max(wall):,.0f}",
            f"{statistics.median(wall):,.0f}",
            f"{max(cpu):,.0f}",
            f"{statistics.median(cpu):,.0f}",
        ]
    heads = [
        "first start-up",
        f"warm start-up ({STARTUPS} runs)",
        "messages/s wall (best)",
        f"messages/s wall (median of {REPEATS})",
        "messages/CPU-s (best)",
        f"messages/CPU-s (median of {REPEATS})",
    ]
    print(
        f"{len(texts)} distinct messages, {REPEATS} × {ROUNDS} passes per engine taking turns,"
        " one core; start-up in a fresh process"
    )
    print(f"{'':<30}" + "".join(f"{name:>20}" for name in rows))
    for n, head in enumerate(heads):
        print(f"{head:<30}" + "".join(f"{cells[n]:>20}" for cells in rows.values()))
    return 0


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def figures(ev: Evaluation) -> list[tuple[str, str]]:
    """The aggregate figures of an evaluation, as (name, value) lines."""
    return [
        ("messages", str(ev.total)),
        (f"in-scope accuracy (n={ev.in_scope})", _pct(ev.in_scope_accuracy)),
        (f"out-of-scope rejection (n={ev.out_of_scope})", _pct(ev.rejection_rate)),
        (f"two problems, both in order (n={ev.two_problems})", _pct(ev.two_problem_accuracy)),
        ("dialogue-act accuracy", _pct(ev.act_accuracy)),
        (f"emergencies flagged (n={ev.emergencies})", _pct(ev.emergency_recall)),
        ("emergency kind accuracy", _pct(ev.kind_accuracy)),
        ("false emergencies", "n/a" if ev.false_emergencies is None else str(ev.false_emergencies)),
    ]


def run_eval(path: Path, which: str) -> int:
    """Print aggregate figures of the engines on one labelled file, side by side."""
    rows = read_rows(path)
    results: dict[str, list[tuple[str, str]]] = {}
    for name, (where, package) in engines(which).items():
        module = load(where, package)
        results[name] = figures(evaluate(module.Matcher(module.load_catalogue()), rows))
    print(path.name)
    names = next(iter(results.values()))
    print(f"{'':<44}" + "".join(f"{name:>12}" for name in results))
    for n, (label, _) in enumerate(names):
        print(f"{label:<44}" + "".join(f"{lines[n][1]:>12}" for lines in results.values()))
    return 0


def main() -> int:
    """Benchmark, or evaluate on a labelled file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", metavar="FILE", type=Path)
    parser.add_argument("--engine", choices=["current", "previous", "both"], default="both")
    args = parser.parse_args()
    if args.eval:
        return run_eval(args.eval, args.engine)
    return bench(args.engine)


if __name__ == "__main__":
    sys.exit(main())
