"""A small load driver: signed-in clients asking one page over and over, at once.

Each client is a thread with its own keep-alive connection to the server; it asks for
the path's next address (a different youth each time, say) as soon as the last answer
has come, for a fixed time after a short warm-up. Latencies are whole answers, from
sending the request to reading the last byte.
"""

from __future__ import annotations

import http.client
import itertools
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import requests

from carecircle.demo.builder.mfa import demo_code

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(base: str, username: str, password: str, *, step: int = 0) -> str:
    """Sign in through the real pages (use notice, password, authenticator code) and
    return the session cookie's value."""
    browser = requests.Session()

    def post(path: str, data: dict) -> requests.Response:
        page = browser.get(base + path)
        token = CSRF_FIELD.search(page.text)
        form = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return browser.post(base + path, data=form, headers={"Referer": base + path})

    post("/notice/", {"next": ""})
    answer = post("/accounts/login/", {"login": username, "password": password})
    if "/accounts/2fa/authenticate/" in answer.url:
        answer = post("/accounts/2fa/authenticate/", {"code": demo_code(username, step=step)})
    cookie = browser.cookies.get("sessionid")
    if not cookie or "/login/" in answer.url:
        raise RuntimeError(f"{username} could not sign in ({answer.status_code} {answer.url}).")
    return cookie


@dataclass
class Result:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


def run(
    *,
    name: str,
    host: str,
    port: int,
    addresses: Callable[[], Iterator[str]],
    headers: dict[str, str],
    clients: int,
    seconds: float,
    warm_up: float = 2.0,
) -> Result:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start = time.monotonic()
    measuring_from = start + warm_up
    stop = measuring_from + seconds

    def client() -> None:
        connection = http.client.HTTPConnection(host, port, timeout=300)
        mine: list[float] = []
        failed = 0
        for address in addresses():
            began = time.monotonic()
            if began >= stop:
                break
            try:
                connection.request("GET", address, headers=headers)
                answer = connection.getresponse()
                answer.read()
                ok = answer.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=300)
                ok = False
            ended = time.monotonic()
            if began >= measuring_from:
                if ok:
                    mine.append((ended - began) * 1000)
                else:
                    failed += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not latencies:
        raise RuntimeError(f"{name}: no answer was a 200 ({errors[0]} errors).")
    return Result(name, len(latencies), errors[0], seconds, latencies)


def cycle(values: list[str]) -> Callable[[], Iterator[str]]:
    """Each client goes through the same addresses, starting at a different one."""
    counter = itertools.count()

    def addresses() -> Iterator[str]:
        offset = next(counter) * 7919
        for index in itertools.count(offset):
            yield values[index % len(values)]

    return addresses
