"""Operations subcommands (audit log, resident data export and erasure)."""

from __future__ import annotations

import argparse
from typing import Any


def add_ops_commands(sub: Any) -> None:
    """Register the operations subcommands on the ``gridbot`` parser."""
    del sub  # the production issue adds: audit, export-resident, forget-resident


__all__ = ["add_ops_commands", "argparse"]
