#!/usr/bin/env python3
"""Unit tests of drift.py's extractors and matching rules (no network): python3 tests/real/drift/test_drift.py"""

import ast
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drift  # noqa: E402


def texts(items):
    return sorted(i.text for i in items if i.parts is not None)


class JsTests(unittest.TestCase):
    def test_comments_removed_strings_and_regexes_kept(self):
        src = 'a = "x // y"; // gone\nb = /"/g; /* gone\n */ c = `t//u` / 2;'
        out = drift.strip_js_comments(src)
        self.assertNotIn("gone", out)
        for kept in ['"x // y"', '/"/g', "`t//u`"]:
            self.assertIn(kept, out)

    def test_read_expr(self):
        r = drift.read_expr
        self.assertEqual(r('"a" + "b")', 0), ["ab"])
        self.assertEqual(r('"probe error: " + err);', 0), ["probe error: ", ""])
        self.assertEqual(r("'\"' + ev.toString() + '\" is a reserved event name')", 0), ['"', '" is a reserved event name'])
        self.assertEqual(r("`Unable to perform ${action}, you are not connected.`)", 0), ["Unable to perform ", ", you are not connected."])
        self.assertIsNone(r("msg)", 0))
        self.assertIsNone(r('x ? "a" : "b")', 0))
        self.assertEqual(r('"xhr poll error", xhrStatus, context)', 0), ["xhr poll error"])

    def test_js_rules(self):
        code = drift.strip_js_comments(
            """
            this.onclose("io server disconnect");
            this._onClose("transport close", { description: "network connection lost" });
            this.onError("xhr post error", status);
            this.emitReserved("error", "No transports available");
            throw new Error("unknown packet type " + p.type);
            const e = new TransportError(msg, desc);
            debug("not extracted");
            // this.onclose("commented out");
            packet({ type: 4, data: { message: "Invalid namespace" } });
            """
        )
        items = drift.extract_js("socket.io-client", {"x.js": code})
        self.assertEqual(
            texts(items),
            ["Invalid namespace", "No transports available", "io server disconnect", "network connection lost",
             "transport close", "unknown packet type {}", "xhr post error"],
        )
        self.assertEqual([i.to for i in items if i.text == "Invalid namespace"], [(("socketio", "client"),)])

    def test_engineio_tables_and_statuses(self):
        code = """
        BaseServer.errors = { UNKNOWN_TRANSPORT: 0, FORBIDDEN: 4 };
        BaseServer.errorMessages = { 0: "Transport unknown", 4: "Forbidden" };
        fn(Server.errors.BAD_REQUEST, { name: "TRANSPORT_MISMATCH", transport });
        const statusCode = errorCode === Server.errors.FORBIDDEN ? 403 : 400;
        res.writeHead(200); res.writeHead(413).end();
        res.writeStatus("400 Content-Length Mismatch").end(); res.writeStatus("411 Length Required");
        """
        items = drift.extract_engineio_server("server.js", code)
        self.assertEqual(sorted(i.number for i in items if i.parts is None), [0, 4, 400, 400, 403, 411, 413])
        self.assertEqual(texts(items), ["Content-Length Mismatch", "Forbidden", "TRANSPORT_MISMATCH", "Transport unknown"])


class PythonTests(unittest.TestCase):
    def test_python_rules(self):
        src = '''
class reason:
    CLIENT_DISCONNECT = 'client disconnect'
def f(self):
    raise exceptions.ConnectionError('Unexpected status code {} in server response'.format(r.status))
    raise ValueError(f'Invalid session {sid}')
    raise exceptions.QueueEmpty()
    self.logger.warning('not extracted')
    r = self._bad_request('Invalid transport')
def _method_not_found(self):
    return {'status': '405', 'response': b'Method Not Found'}
'''
        items = drift.extract_python("python-engineio", {"engineio/server.py": src})
        self.assertEqual(
            texts(items),
            ["Invalid session {}", "Invalid transport", "Method Not Found", "Unexpected status code {} in server response",
             "client disconnect"],
        )
        self.assertEqual(drift.py_parts(ast.parse("'a %s b' % x").body[0].value), ["a ", " b"])


class MatchingTests(unittest.TestCase):
    def entry(self, **raw):
        return drift.Entry("socketio", "client", raw, "data/x.toml")

    def test_covers(self):
        scope = drift.Scope([
            self.entry(name="Unexpected status code", aliases=["Unexpected status code 500 in server response"]),
            self.entry(name="probe error", aliases=["probe error: transport closed"]),
            self.entry(name="x", messages=["was not upgraded to websocket"], with_codes=[413]),
            self.entry(name="Invalid session"),
        ])
        t = lambda *parts: drift.Item(parts=list(parts))  # noqa: E731
        self.assertTrue(scope.covers(t("PROBE ERROR")))  # case ignored
        self.assertTrue(scope.covers(t("probe error: ", "")))  # {} matched by an alias
        self.assertTrue(scope.covers(t("Unexpected status code ", " in server response")))
        self.assertTrue(scope.covers(t("Invalid session ", "")))  # fixed beginning is a name
        self.assertTrue(scope.covers(t("Error: the socket was not upgraded to websocket")))  # message inside
        self.assertTrue(scope.covers(drift.Item(number=413)))
        self.assertFalse(scope.covers(drift.Item(number=408)))
        self.assertFalse(scope.covers(t("probe")))
        self.assertFalse(scope.covers(t("too many chunks")))
        self.assertFalse(scope.covers(t("Invalid ", "")))  # a beginning shorter than 12 characters says nothing

    def test_item_matches_key(self):
        it = drift.Item(parts=['"', '" is a reserved event name'])
        self.assertTrue(drift.item_matches_key(it, '"connect" is a reserved event name'))
        self.assertFalse(drift.item_matches_key(it, "connect is a reserved event name"))

    def test_md_cells(self):
        self.assertEqual(drift.md_cell(" `a \\| b` "), "a | b")
        self.assertEqual(drift.md_cell("`` x `y` ``"), "x `y`")

    def test_both_opentok_names_are_checked(self):
        # @vonage/client-sdk-video is the same OpenTok.js as @opentok/client: both are checked the same way and
        # pinned to the same version (the pinned run reads no network for this).
        self.assertIn("@vonage/client-sdk-video", drift.PACKAGES)
        self.assertEqual(drift.PACKAGES["@vonage/client-sdk-video"], drift.PACKAGES["@opentok/client"])
        pins = drift.pinned_versions()
        self.assertEqual(set(pins), set(drift.PACKAGES))
        self.assertEqual(pins["@vonage/client-sdk-video"], pins["@opentok/client"])

    def test_excluded_tables_parse(self):
        items, keys = drift.load_exclusions()
        self.assertIn(("engine.io", "transport closed"), items)
        self.assertIn(("socketio.client/socket_close", "*", True), keys)
        self.assertTrue(all(reason.strip() for reason in list(items.values()) + list(keys.values())))


if __name__ == "__main__":
    unittest.main()
