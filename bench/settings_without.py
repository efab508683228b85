"""The production settings without one middleware (BENCH_WITHOUT_MIDDLEWARE, a dotted path), for
`bench/load.py --middleware-costs` to measure what each one costs on every request."""

import os

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

MIDDLEWARE = [name for name in MIDDLEWARE if name != os.environ.get("BENCH_WITHOUT_MIDDLEWARE", "")]
