"""CPU time of the ceiling request through the middleware stack, in process, one middleware left out at a time.

    .venv/bin/python bench/middleware_costs.py [--requests 3000] [--rounds 5]

`bench/load.py --middleware-costs` measures the same under wrk and gunicorn, which moves with
whatever else loads the machine; this counts the process's own CPU time (time.process_time) per
request of /bench/ceiling (the minimal JSON view) through Django's WSGI handler, as wrk sends it (an
anonymous GET behind the TLS proxy), with SHEQU_DEBUG=0 and the local-memory cache (the ceiling
reads no cache entry and no database row). Rows: the whole stack, the stack without each
middleware in turn, and Django's default middleware (startproject's, bench/bare/) as the target's
reference. Each figure is the best of --rounds rounds, the way timeit reports, so that another
process's burst does not count.
"""

import argparse
import io
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

DJANGO_DEFAULT = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Middleware that refuses to run without another one: left out together with it.
DEPENDENTS = {
    "django.contrib.sessions.middleware.SessionMiddleware": [
        "shequ.core.sessions.SessionRefreshMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "axes.middleware.AxesMiddleware",
    ],
    "django.contrib.auth.middleware.AuthenticationMiddleware": ["axes.middleware.AxesMiddleware"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    os.environ.update(
        SHEQU_DEBUG="0",
        SHEQU_SECRET_KEY=secrets.token_urlsafe(50),
        SHEQU_ALLOWED_HOSTS="127.0.0.1",
        SHEQU_BENCH_CEILING="1",
        SHEQU_CACHE_URL="",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    import django

    django.setup()
    from django.conf import settings

    whole = list(settings.MIDDLEWARE)
    variants = [("(whole stack)", whole)]
    for name in whole:
        dropped = {name, *DEPENDENTS.get(name, ())}
        label = " + ".join(sorted(part.rsplit(".", 1)[1] for part in dropped))
        variants.append((f"without {label}", [m for m in whole if m not in dropped]))
    variants.append(("Django's default middleware", DJANGO_DEFAULT))
    base = None
    print("| stack | CPU µs / request | vs the whole stack |\n| --- | ---: | ---: |")
    for label, middleware in variants:
        micros = _best(middleware, options.requests, options.rounds)
        base = base or micros
        print(f"| {label} | {micros:.0f} | {micros / base - 1:+.0%} |", flush=True)
    return 0


def _best(middleware: list[str], requests: int, rounds: int) -> float:
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = WSGIHandler()
        for _ in range(200):  # imports, URL resolver and translation catalogues warm
            _call(handler)
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(requests):
                _call(handler)
            best = min(best, (time.process_time() - started) / requests * 1e6)
    return best


def _call(handler) -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/bench/ceiling",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT_LANGUAGE": "zh-hans",
        "HTTP_X_FORWARDED_PROTO": "https",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    status = []
    body = b"".join(handler(environ, lambda code, headers, exc_info=None: status.append(code)))
    if not status[0].startswith("200") or b'"ok"' not in body:
        raise SystemExit(f"/bench/ceiling answered {status[0]}: {body[:500]!r}")


if __name__ == "__main__":
    sys.exit(main())
