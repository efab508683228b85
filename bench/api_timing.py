"""Timing of API lists through the DRF test client, shared by the registry benchmarks
(bench/facilities.py, bench/workforce.py): routing, scope, filters, serializer and keyset page,
no network."""

import time

ROUNDS = 200


def measure(client, url: str) -> list[float]:
    """Milliseconds of ROUNDS requests to `url`, after two unmeasured warm-ups."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times
