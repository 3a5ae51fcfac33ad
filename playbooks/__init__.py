"""Scenario playbooks (``*.yaml``) and drill scripts (``drills/*.yaml``) as data, shipped
with the package; ``assistant.prepare`` reads and validates them."""

from pathlib import Path

PLAYBOOKS_DIR = Path(__file__).resolve().parent
DRILLS_DIR = PLAYBOOKS_DIR / "drills"
