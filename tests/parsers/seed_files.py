"""Where the five hand-checked seed reports are: the shared set, else the copies kept here.

The shared folder (``../shared/seeds``, or ``NIANBAO_SHARED``) is the binding
set; a checkout without it falls back to the copies in tests/parsers/seeds/.
The seed tests, the hostile-file tests and the parser benchmarks all read them.
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).parent / "seeds"
SHARED = Path(os.environ.get("NIANBAO_SHARED", Path(__file__).parents[3] / "shared")) / "seeds"
SEEDS = SHARED if SHARED.is_dir() and list(SHARED.glob("*.txt")) else HERE
