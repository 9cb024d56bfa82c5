"""One HTTP client for every agency (httpx): proxies from the environment, a rate limit per agency, retries with
backoff for transient failures, and errors that say in plain words what went wrong."""

from __future__ import annotations

import collections
import email.utils
import json
from dataclasses import dataclass, field

import httpx

from etl.fetch.settings import Settings

USER_AGENT = "asker2030-dashboard (Asker kommune; python-httpx)"
RETRY_STATUSES = (429, 502, 503, 504)


class FetchError(Exception):
    """A fetch that failed, with a message in bokmål and English that says what to do. `code` is stable
    (http_400, http_404, rate_limited, unavailable, connection, unreadable, bad_spec, …) for tests and the page."""

    def __init__(self, code: str, nb: str, en: str, url: str = "", status: int | None = None):
        self.code, self.nb, self.en, self.url, self.status = code, nb, en, url, status
        super().__init__(en)

    def text(self, lang: str = "nb") -> str:
        return self.en if lang == "en" else self.nb


@dataclass
class Request:
    """One source request: what is sent, and the name its answer is read under (like an uploaded file)."""

    agency: str
    url: str
    name: str
    method: str = "GET"
    body: dict | None = None
    params: list[tuple[str, str | int | float | bool | None]] = field(default_factory=list)

    @property
    def full_url(self) -> str:
        return str(httpx.URL(self.url, params=self.params)) if self.params else self.url

    @property
    def audit(self) -> str:
        """What the upload's audit row records: the address, and for a POST its body too."""
        if self.method == "GET":
            return self.full_url
        return f"{self.method} {self.full_url} {json.dumps(self.body, ensure_ascii=False, separators=(',', ':'))}"


class RateLimit:
    """At most `limit` requests in any `window` seconds (a sliding window over the send times)."""

    def __init__(self, limit: int, window: float, settings: Settings):
        self.limit, self.window, self.settings = max(1, limit), window, settings
        self.sent: collections.deque[float] = collections.deque()

    def wait(self) -> None:
        clock, sleep = self.settings.clock, self.settings.sleep
        while True:
            now = clock()
            while self.sent and now - self.sent[0] >= self.window:
                self.sent.popleft()
            if len(self.sent) < self.limit:
                self.sent.append(now)
                return
            sleep(self.window - (now - self.sent[0]))


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (RFC 9110)."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import datetime as dt

    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _problem(response: httpx.Response) -> str:
    """The agency's own explanation of an error answer: PxWebApi sends RFC 7807 problem JSON (`title`, `detail`),
    Udir `{"melding": …}`; otherwise the start of the text."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:200]
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail", "melding", "message", "tilleggsinfo") if body.get(k)]
        return " – ".join(dict.fromkeys(parts))[:300]
    return str(body)[:200]


AGENCY_NAMES = {"ssb": "SSB", "fhi": "FHI", "udir": "Udir", "url": "kilden"}


class Client:
    """Sends requests for every agency; one instance per run (it keeps the rate-limit windows)."""

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.http = httpx.Client(
            timeout=settings.timeout_s,
            trust_env=True,
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )
        self.limits = {"ssb": RateLimit(settings.ssb_max_requests, settings.ssb_window_s, settings)}
        self.sent = 0  # requests on the wire, retries included (reported by the command)

    def close(self) -> None:
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _limit(self, agency: str) -> RateLimit:
        if agency not in self.limits:
            self.limits[agency] = RateLimit(self.settings.max_requests, self.settings.ssb_window_s, self.settings)
        return self.limits[agency]

    def send(self, request: Request) -> bytes:
        """The answer's bytes. Retries 429 (after Retry-After), 502/503/504 and cut connections with doubling
        waits; reports 400, 404 and other answers at once, since asking again would get the same answer."""
        s = self.settings
        who = AGENCY_NAMES.get(request.agency, request.agency)
        url = request.audit
        last: FetchError | None = None
        for attempt in range(s.retries + 1):
            self._limit(request.agency).wait()
            self.sent += 1
            wait = s.backoff_s * 2**attempt
            try:
                response = self.http.request(
                    request.method, request.url, params=request.params or None, json=request.body
                )
                content = response.content  # read it all here: a cut connection raises now, not later
            except httpx.TimeoutException:
                last = FetchError(
                    "timeout",
                    f"{who} svarte ikke innen {s.timeout_s:g} sekunder.",
                    f"{who} did not answer within {s.timeout_s:g} seconds.",
                    url,
                )
            except httpx.TransportError as exc:
                last = FetchError(
                    "connection",
                    f"Forbindelsen til {who} ble brutt ({type(exc).__name__}).",
                    f"The connection to {who} was cut ({type(exc).__name__}).",
                    url,
                )
            else:
                status = response.status_code
                if status < 400:
                    return content
                detail = _problem(response)
                if status == 429:
                    wait = _retry_after(response) if _retry_after(response) is not None else wait
                    last = FetchError(
                        "rate_limited",
                        f"{who} ba oss vente fordi vi spurte for ofte (HTTP 429), og svarte fortsatt "
                        f"ikke etter {attempt + 1} forsøk.",
                        f"{who} asked us to wait because we asked too often (HTTP 429), and still "
                        f"refused after {attempt + 1} attempts.",
                        url,
                        status,
                    )
                elif status in RETRY_STATUSES:
                    after = _retry_after(response)
                    wait = after if after is not None else wait
                    last = FetchError(
                        "unavailable",
                        f"{who} var utilgjengelig (HTTP {status}) i {attempt + 1} forsøk. Prøv igjen "
                        "senere; SSB oppdaterer tabellene kl. 05 og 11.30.",
                        f"{who} was unavailable (HTTP {status}) for {attempt + 1} attempts. Try again later.",
                        url,
                        status,
                    )
                else:
                    raise _answer_error(who, status, detail, url)
            if attempt < s.retries:
                s.sleep(min(wait, s.max_wait_s))
        assert last is not None
        raise last


def _answer_error(who: str, status: int, detail: str, url: str) -> FetchError:
    said = f" («{detail}»)" if detail else ""
    if status == 404:
        return FetchError(
            "http_404",
            f"{who} fant ikke det vi ba om (HTTP 404){said}. Tabellen kan være avsluttet "
            "eller ha fått nytt nummer, eller adressen er for lang; rett hentespesifikasjonen "
            "i katalogen.",
            f"{who} did not find what we asked for (HTTP 404){said}. The table may have been "
            "discontinued or renumbered, or the address is too long; correct the fetch spec in the "
            "catalog.",
            url,
            status,
        )
    if status in (400, 403):
        return FetchError(
            f"http_{status}",
            f"{who} avviste spørringen (HTTP {status}){said}. En kode i "
            "hentespesifikasjonen finnes trolig ikke i tabellen; rett katalogen.",
            f"{who} rejected the query (HTTP {status}){said}. A code in the fetch spec probably does "
            "not exist in the table; correct the catalog.",
            url,
            status,
        )
    return FetchError(
        f"http_{status}",
        f"{who} svarte med en feil (HTTP {status}){said}.",
        f"{who} answered with an error (HTTP {status}){said}.",
        url,
        status,
    )
