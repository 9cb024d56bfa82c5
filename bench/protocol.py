"""A small client of Streamlit's own websocket protocol: opens a page the way the browser does, without a browser.

    from bench.protocol import view
    got = view("http://localhost:8501", "mal-3", "lang=en")   # got.seconds, got.errors, got.ok

The browser's side of the conversation, as Streamlit 1.67 serves it (streamlit/web/server/starlette/
starlette_websocket.py and runtime/app_session.py): connect to `/_stcore/stream` with the subprotocol
"streamlit" (its second and third entries would carry an XSRF token, used only for signed-in users' cookies, and a
session id to resume; a new viewer sends neither), send a `BackMsg` whose `rerun_script` is a `ClientState` naming
the page by its url path (`page_name`, as the frontend does for the URL it was opened at) or by its
`page_script_hash` (as a click on a page link does), then read `ForwardMsg`s until `script_finished`.
`FINISHED_EARLY_FOR_RERUN` means the script asked for another run (st.rerun), so reading goes on.

A view counts as an error when the page shows an exception box, an error alert, "page not found", or does not
finish within the timeout. The server's compression setting is followed (off by default, as here).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class ViewResult:
    page: str
    query: str
    seconds: float = 0.0  # BackMsg sent -> script_finished received
    first_delta_s: float | None = None  # BackMsg sent -> first element received
    messages: int = 0
    bytes: int = 0
    elements: dict[str, int] = field(default_factory=dict)  # element type -> count (plotly_chart, markdown, …)
    errors: list[str] = field(default_factory=list)
    finished: bool = False

    @property
    def ok(self) -> bool:
        return self.finished and not self.errors


def stream_url(url: str) -> str:
    """http://host:port[/base] -> ws://host:port[/base]/_stcore/stream"""
    parts = urlsplit(url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


class Session:
    """One viewer's browser tab: one websocket, one Streamlit session, several page views in turn.

    `cookies` are sent with the websocket handshake (a load balancer's sticky-session cookie, for example)."""

    def __init__(self, url: str, cookies: dict[str, str] | None = None, timeout_s: float = 120):
        self.url = url.rstrip("/")
        self.cookies = dict(cookies or {})
        self.timeout_s = timeout_s
        self.pages: dict[str, str] = {}  # url path -> page_script_hash, from the server's navigation message
        self._ws = None

    async def __aenter__(self) -> Session:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else None
        self._ws = await connect(
            stream_url(self.url),
            subprotocols=["streamlit"],
            additional_headers=headers,
            compression=None,
            max_size=None,
            proxy=None,
            open_timeout=self.timeout_s,
            ping_interval=None,
            user_agent_header="asker2030-bench",
        )
        return self

    async def __aexit__(self, *exc) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def view(self, page: str = "", query: str = "", by_link: bool = False) -> ViewResult:
        """Run one page: `page` is its url path ("" for the default page, "mal-3"), `query` the query string
        without '?'. by_link: name the page by its script hash, as st.page_link does, once the session knows it."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        if by_link and page in self.pages:
            state.page_script_hash = self.pages[page]
        else:
            state.page_name = page
        info = state.context_info
        info.url = f"{self.url}/{page}" + (f"?{query}" if query else "")
        info.timezone = "Europe/Oslo"
        info.locale = "nb-NO"
        result = ViewResult(page, query)
        t0 = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        try:
            await asyncio.wait_for(self._read_until_finished(result, t0), self.timeout_s)
        except TimeoutError:
            result.errors.append(f"timeout: no script_finished within {self.timeout_s:g} s")
        result.seconds = time.perf_counter() - t0
        return result

    async def _read_until_finished(self, result: ViewResult, t0: float) -> None:
        fwd = ForwardMsg()
        while True:
            data = await self._ws.recv()
            result.messages += 1
            result.bytes += len(data)
            fwd.Clear()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                delta = fwd.delta
                if delta.WhichOneof("type") != "new_element":
                    continue
                element = delta.new_element
                etype = element.WhichOneof("type")
                if result.first_delta_s is None:
                    result.first_delta_s = time.perf_counter() - t0
                result.elements[etype] = result.elements.get(etype, 0) + 1
                if etype == "exception" and not element.exception.is_warning:
                    result.errors.append(f"exception: {element.exception.type}: {element.exception.message[:300]}")
                elif etype == "alert" and element.alert.format == Alert.ERROR:
                    result.errors.append(f"error alert: {element.alert.body[:300]}")
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
            elif kind == "page_not_found":
                result.errors.append(f"page not found: {fwd.page_not_found.page_name!r}")
            elif kind == "session_event" and fwd.session_event.WhichOneof("type") == "script_compilation_exception":
                result.errors.append(f"compile error: {fwd.session_event.script_compilation_exception.message[:300]}")
            elif kind == "script_finished":
                status = fwd.script_finished
                if status in FINISHED:
                    result.finished = True
                    return
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.errors.append("script finished with a compile error")
                    return
                # FINISHED_EARLY_FOR_RERUN: the next run follows in the same stream


async def aview(
    url: str, page: str = "", query: str = "", cookies: dict[str, str] | None = None, timeout_s: float = 120
) -> ViewResult:
    """A new viewer opens one page (a new tab at that URL): connect, run, close. Connection failures are
    returned as errors, not raised, so a crowd of viewers can be counted."""
    t0 = time.perf_counter()
    try:
        async with Session(url, cookies, timeout_s) as session:
            return await session.view(page, query)
    except Exception as exc:  # noqa: BLE001 (OSError, websockets' errors, timeouts: they vary by stage)
        result = ViewResult(page, query, seconds=time.perf_counter() - t0)
        result.errors.append(f"connection: {type(exc).__name__}: {exc}")
        return result


def view(
    url: str, page: str = "", query: str = "", cookies: dict[str, str] | None = None, timeout_s: float = 120
) -> ViewResult:
    """Synchronous aview(), for tests and scripts."""
    return asyncio.run(aview(url, page, query, cookies, timeout_s))


def viewer_cookie() -> dict[str, str]:
    """A fresh sticky-session cookie as a load balancer would have set on the viewer's first request."""
    return {"asker2030_route": uuid.uuid4().hex}
