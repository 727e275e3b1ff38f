import sys
from pathlib import Path

# The shared hypothesis strategies live in tests/strategies.py (one module for the suite).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
