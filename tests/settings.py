"""The suite runs on the production settings, with a fixed key (a deployment must set its own, R-5.3-1).

The key goes into the environment, and the checkout onto PYTHONPATH, so that the ``govstd``
processes the tests start (workers, the CLI) run with these same settings.
"""

import os
from pathlib import Path

os.environ.setdefault("GOVSTD_SECRET_KEY", "tests-only-not-a-secret-" + "0" * 40)
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))

from govstd.settings import *  # noqa: E402, F403
