"""A generator of realistic error-telemetry rows: the shapes SDKs hand over, with the ids, timestamps and
messages that vary from one report to the next. About 10% unknown errors and 1% bad rows."""

from __future__ import annotations

import json
import random

# OpenTok.js errors (name, code, message), exception events and the SDKs' native shapes.
_VONAGE_WEB = [
    ("OT_NOT_CONNECTED", 1010, "Cannot publish: not connected to the session"),
    ("OT_AUTHENTICATION_ERROR", 1004, "Invalid token format"),
    ("OT_CONNECT_FAILED", 1006, "Could not connect to the OpenTok server"),
    ("OT_USER_MEDIA_ACCESS_DENIED", 1500, "Publisher Access Denied: Permission Denied"),
    ("OT_MEDIA_ERR_NETWORK", 1500, "A network error caused the media download to fail"),
    ("OT_STREAM_LIMIT_EXCEEDED", 1027, "The stream limit was exceeded"),
    ("OT_INVALID_SESSION_ID", 1005, "Invalid session id"),
]
_NSERROR = [
    ("OTSessionErrorDomain", 1004),
    ("OTSessionErrorDomain", 1006),
    ("OTSessionErrorDomain", 1015),
    ("OTPublisherErrorDomain", 1500),
    ("OTSubscriberErrorDomain", 1600),
]
_SOCKETIO = [
    {"message": "xhr poll error", "type": "TransportError", "description": 403},
    {"message": "websocket error", "type": "TransportError", "description": {"message": "connect ECONNREFUSED"}},
    {"message": "timeout"},
    {"message": "Not authorized", "data": {"content": "Please retry later"}},
    {"reason": "transport close", "event": "disconnect", "details": {"description": "closed"}},
    {"platform": "client", "reason": "io server disconnect"},
    {"platform": "server", "reason": "ping timeout"},
]
_COBROWSE = [
    (1011, "The session does not exist or has ended."),
    (1001, "Session Token is invalid"),
    (1006, "PIN code not found"),
    (1012, "The number of participants has reached the limit"),
]
_TEXTS = [
    "Unhandled Rejection (OT_AUTHENTICATION_ERROR): Invalid token format (1004)",
    "io.socket.engineio.client.EngineIOException: xhr poll error",
    "socketio.exceptions.ConnectionError: Unexpected status code 401 in server response",
    'Error Domain=OTSessionErrorDomain Code=1004 "Token has expired" UserInfo={NSLocalizedDescription=Token has expired}',
    "I/flutter (12345): connect_error: xhr poll error (connect ECONNREFUSED 10.0.0.7:3000)",
]
_UNKNOWN = [
    lambda r: {"name": "OT_SOMETHING_NEW", "code": 1999, "message": f"new failure {r.randrange(10**6)}"},
    lambda r: {"code": 424242, "message": "Unrecognised"},
    lambda r: {"message": f"Request failed with id {r.randrange(10**9):x}"},
    lambda r: f"TypeError: Cannot read properties of undefined (reading 'x{r.randrange(100)}')",
]
_BAD = ["{\"truncated\":", "", "[1, 2", "{not json}", "   "]


def _session(r: random.Random) -> str:
    return "1_MX4" + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(24))


def payload(r: random.Random, envelope: bool = False) -> str:
    """One row: a JSON payload or an error text. With ``envelope``, every JSON payload also carries a timestamp
    and a session id (so every row is distinct); without, the payload is the error as the SDK hands it over,
    which varies only where the SDK puts variable text in it (addresses, ids, numbers in messages)."""
    x = r.random()
    if x < 0.01:
        return r.choice(_BAD)
    if x < 0.11:
        u = r.choice(_UNKNOWN)(r)
        return u if isinstance(u, str) else json.dumps(u)
    kind = r.random()
    ts = 1764633600000 + r.randrange(86_400_000) if envelope else None
    if kind < 0.30:
        name, code, msg = r.choice(_VONAGE_WEB)
        p = {"name": name, "code": code, "message": msg}
        if envelope:
            p.update(sessionId=_session(r), ts=ts)
        return json.dumps(p)
    if kind < 0.45:
        domain, code = r.choice(_NSERROR)
        p = {"domain": domain, "code": code, "userInfo": {"NSLocalizedDescription": "failed"}}
        if envelope:
            p["ts"] = ts
        return json.dumps(p)
    if kind < 0.70:
        p = dict(r.choice(_SOCKETIO))
        if p.get("type") == "TransportError" and r.random() < 0.5:
            # Node's engine.io-client: the socket error with the address it tried.
            p["description"] = {"message": f"connect ECONNREFUSED 10.0.{r.randrange(256)}.{r.randrange(256)}:3000"}
        if envelope:
            p["ts"] = ts
        return json.dumps(p)
    if kind < 0.85:
        code, msg = r.choice(_COBROWSE)
        p = {"event": "session_error", "code": code, "errorMsg": msg}
        if envelope:
            p["ts"] = ts
        return json.dumps(p)
    return r.choice(_TEXTS)


def payloads(n: int, seed: int = 14, envelope: bool = False) -> list[str]:
    """``n`` rows, the same for the same seed."""
    r = random.Random(seed)
    return [payload(r, envelope) for _ in range(n)]
