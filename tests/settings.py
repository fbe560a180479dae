"""The suite runs on the production settings, with a fixed key (a deployment must set its own, R-5.3-1).

The key goes into the environment so that the ``govstd`` processes the tests start use it too.
"""

import os

os.environ.setdefault("GOVSTD_SECRET_KEY", "tests-only-not-a-secret-" + "0" * 40)

from govstd.settings import *  # noqa: F403
