#!/usr/bin/env node
// Provokes Socket.IO / Engine.IO failures against REAL servers and clients
// (socket.io + socket.io-client from package.json) on 127.0.0.1 and prints
// what each side reported, one JSON line per observation:
//
//   {"scenario":"...","observer":"raw|server|client","event":"...","payload":{...}}
//
// Usage: node capture-socketio.js [out.jsonl]
//
// Rules kept here:
// - every server listens on 127.0.0.1, port 0 (ephemeral), and is closed at
//   the end of its scenario;
// - every client uses reconnection:false, so nothing retries;
// - every scenario is bounded in time (SCENARIO_TIMEOUT_MS); a scenario that
//   does not see all the events it waits for is reported on stderr, the
//   script exits 1;
// - scenarios run one after the other; within a scenario, lines are printed
//   in a fixed observer order (raw, server, client), then in arrival order;
// - ports and session ids are replaced by PORT / SID so runs are
//   byte-identical.
"use strict";

const fs = require("fs");
const http = require("http");
const crypto = require("crypto");
const { Server } = require("socket.io");
const { io: ioc } = require("socket.io-client");

const SCENARIO_TIMEOUT_MS = 5000;
const SETTLE_MS = 50; // lets late duplicates of the awaited events show up (none expected)
const OBSERVER_ORDER = ["raw", "server", "client"];

// ---------------------------------------------------------------- helpers

const knownSids = new Set();

function normalizeString(s) {
  let out = s.replace(/(127\.0\.0\.1|localhost|\[::1\]|::1):\d+/g, "$1:PORT");
  for (const sid of knownSids) {
    if (sid) out = out.split(sid).join("SID");
  }
  return out;
}

// Deep copy to plain JSON, normalising every string.
function normalize(value) {
  if (typeof value === "string") return normalizeString(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === "object") {
    const out = {};
    for (const k of Object.keys(value)) {
      if (value[k] === undefined || typeof value[k] === "function") continue;
      out[k] = normalize(value[k]);
    }
    return out;
  }
  return value === undefined ? null : value;
}

// TransportError.description / server disconnect description: keep numbers
// and strings; for an object (ws ErrorEvent, Error) keep its message, else
// its status.
function scalarDescription(d) {
  if (d === undefined || d === null) return null;
  if (typeof d === "number" || typeof d === "string") return d;
  if (typeof d === "object") {
    if (typeof d.message === "string") return d.message;
    if (d.error && typeof d.error.message === "string") return d.error.message;
    if (typeof d.status === "number") return d.status;
  }
  return String(d);
}

// XMLHttpRequest (polling) or CloseEvent (websocket) -> small plain object.
function summarizeContext(ctx) {
  if (ctx === undefined || ctx === null) return undefined;
  if (typeof ctx !== "object") return ctx;
  if ("status" in ctx && "responseText" in ctx) {
    let text = typeof ctx.responseText === "string" ? ctx.responseText : String(ctx.responseText);
    // xmlhttprequest-ssl puts error.stack into responseText when there was no
    // HTTP response (status 0): keep only the first line (no file paths).
    if (ctx.status === 0) text = text.split("\n")[0];
    return { status: ctx.status, responseText: text };
  }
  if ("code" in ctx && "wasClean" in ctx) {
    return { code: ctx.code, reason: ctx.reason === undefined ? "" : String(ctx.reason), wasClean: ctx.wasClean };
  }
  if (typeof ctx.status === "number") return { status: ctx.status };
  return undefined;
}

function connectErrorPayload(err) {
  const p = {
    message: err && err.message,
    type: err && err.type !== undefined ? err.type : null,
    description: scalarDescription(err && err.description),
  };
  const ctx = summarizeContext(err && err.context);
  if (ctx !== undefined) p.context = ctx;
  if (err && err.data !== undefined) p.data = err.data;
  return normalize(p);
}

function disconnectPayload(reason, details) {
  const p = { reason };
  if (details !== undefined && details !== null) {
    const d = {};
    if (details instanceof Error) {
      d.message = details.message;
      if (details.type !== undefined) d.type = details.type;
    }
    d.description = scalarDescription(details.description);
    const ctx = summarizeContext(details.context);
    if (ctx !== undefined) d.context = ctx;
    p.details = d;
  }
  return normalize(p);
}

function serverDisconnectPayload(reason, description) {
  return normalize({ reason, description: scalarDescription(description) });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- recorder

class Recorder {
  constructor(scenario) {
    this.scenario = scenario;
    this.lines = [];
    this.done = false;
    this.waiters = [];
  }
  add(observer, event, payload) {
    if (this.done) return;
    this.lines.push({ scenario: this.scenario, observer, event, payload });
    for (const w of this.waiters) w.check();
  }
  count(observer, event) {
    return this.lines.filter((l) => l.observer === observer && l.event === event).length;
  }
  // Resolves once `n` observations of (observer, event) were recorded.
  wait(observer, event, n = 1) {
    return new Promise((resolve) => {
      const w = {
        check: () => {
          if (this.count(observer, event) >= n) {
            this.waiters = this.waiters.filter((x) => x !== w);
            resolve();
          }
        },
      };
      this.waiters.push(w);
      w.check();
    }).then(() => undefined, () => undefined);
  }
  sorted() {
    return this.lines
      .map((l, i) => ({ l, i }))
      .sort((a, b) => OBSERVER_ORDER.indexOf(a.l.observer) - OBSERVER_ORDER.indexOf(b.l.observer) || a.i - b.i)
      .map((x) => x.l);
  }
}

// ---------------------------------------------------------------- servers / clients

function notFound(req, res) {
  // The same answer socket.io's own listen(port) gives for other paths.
  res.writeHead(404);
  res.end();
}

async function startServer(ctx, opts = {}) {
  const httpServer = http.createServer(notFound);
  const io = new Server(httpServer, opts);
  io.engine.on("connection_error", (err) => {
    ctx.rec.add("server", "connection_error", normalize({ code: err.code, message: err.message, context: err.context || {} }));
  });
  io.engine.on("connection", (engineSocket) => knownSids.add(engineSocket.id));
  io.on("connection", (socket) => {
    socket.on("disconnect", (reason, description) => {
      ctx.rec.add("server", "disconnect", serverDisconnectPayload(reason, description));
    });
  });
  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", resolve);
  });
  const port = httpServer.address().port;
  ctx.cleanups.push(() => stopServer(io, httpServer));
  return { io, httpServer, port, url: `http://127.0.0.1:${port}` };
}

async function stopServer(io, httpServer) {
  await new Promise((resolve) => {
    try {
      io.close(() => resolve());
    } catch (_) {
      resolve();
    }
    if (httpServer.closeAllConnections) httpServer.closeAllConnections();
  });
  if (httpServer.listening) await new Promise((r) => httpServer.close(() => r()));
}

function startClient(ctx, url, opts = {}) {
  const socket = ioc(url, {
    reconnection: false,
    forceNew: true,
    timeout: 3000,
    ...opts,
  });
  socket.on("connect_error", (err) => ctx.rec.add("client", "connect_error", connectErrorPayload(err)));
  socket.on("disconnect", (reason, details) => ctx.rec.add("client", "disconnect", disconnectPayload(reason, details)));
  ctx.cleanups.push(() => {
    socket.disconnect();
    if (socket.io && socket.io.engine) socket.io.engine.close();
  });
  return socket;
}

function onceConnected(socket) {
  return new Promise((resolve) => socket.once("connect", resolve));
}

function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch (_) {
    return text;
  }
}

// Plain HTTP request (agent:false: no keep-alive pool left behind).
function rawHttp(port, { method = "GET", path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode, body: parseBody(data) }));
      res.on("error", reject);
    });
    req.setTimeout(3000, () => req.destroy(new Error("raw request timeout")));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// WebSocket upgrade request. A refusal is an HTTP response ({status, body});
// an accepted upgrade (101) is reported as status 101 with whatever bytes the
// server then wrote into the raw stream before closing it (as a string).
function rawUpgrade(port, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port,
      path,
      agent: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": crypto.randomBytes(16).toString("base64"),
      },
    });
    req.setTimeout(3000, () => req.destroy(new Error("raw upgrade timeout")));
    req.on("response", (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode, body: parseBody(data) }));
      res.on("error", () => resolve({ status: res.statusCode, body: parseBody(data) }));
    });
    req.on("upgrade", (res, socket, head) => {
      const chunks = [head];
      const timer = setTimeout(() => socket.destroy(), 2000);
      socket.on("data", (c) => chunks.push(c));
      const finish = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("latin1") });
      };
      socket.on("close", finish);
      socket.on("error", () => {});
    });
    req.on("error", reject);
    req.end();
  });
}

async function freePortThatIsClosed() {
  const srv = http.createServer();
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  const port = srv.address().port;
  await new Promise((r) => srv.close(() => r()));
  return port;
}

const EIO = "/socket.io/?EIO=4";

// ---------------------------------------------------------------- scenarios

const scenarios = [];
function scenario(name, fn) {
  scenarios.push({ name, fn });
}

// --- Engine.IO handshake / request errors (raw HTTP, server connection_error)

scenario("unknown_transport", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: `${EIO}&transport=carrier-pigeon` })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("unknown_transport_websocket", async (ctx) => {
  // The server only allows polling; the client only tries websocket.
  const { url } = await startServer(ctx, { transports: ["polling"] });
  startClient(ctx, url, { transports: ["websocket"] });
  await Promise.all([ctx.rec.wait("server", "connection_error"), ctx.rec.wait("client", "connect_error")]);
});

scenario("unknown_sid", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: `${EIO}&transport=polling&sid=unknown-sid-0000` })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("unknown_sid_websocket", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "upgrade_response", normalize(await rawUpgrade(port, `${EIO}&transport=websocket&sid=unknown-sid-0000`)));
  await ctx.rec.wait("server", "connection_error");
});

scenario("bad_handshake_method", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { method: "POST", path: `${EIO}&transport=polling`, body: "" })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("bad_request_transport_handshake", async (ctx) => {
  // transport=websocket handshake arriving as plain HTTP (a proxy that drops
  // the Upgrade header).
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: `${EIO}&transport=websocket` })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("bad_request_transport_mismatch", async (ctx) => {
  // A real polling session, then a plain GET for it with transport=websocket.
  const { port } = await startServer(ctx);
  const hs = await rawHttp(port, { path: `${EIO}&transport=polling` });
  const text = typeof hs.body === "string" ? hs.body : JSON.stringify(hs.body);
  const sid = JSON.parse(text.slice(1)).sid; // "0{...}" open packet
  knownSids.add(sid);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: `${EIO}&transport=websocket&sid=${sid}` })));
  await ctx.rec.wait("server", "connection_error");
});

// --- allowRequest refusal

const REFUSAL = "refused by allowRequest: bad token";
const refuse = { allowRequest: (req, cb) => cb(REFUSAL, false) };

scenario("allow_request_polling", async (ctx) => {
  const { url } = await startServer(ctx, refuse);
  startClient(ctx, url, { transports: ["polling"] });
  await Promise.all([ctx.rec.wait("server", "connection_error"), ctx.rec.wait("client", "connect_error")]);
});

scenario("allow_request_websocket", async (ctx) => {
  const { url, port } = await startServer(ctx, refuse);
  startClient(ctx, url, { transports: ["websocket"] });
  await Promise.all([ctx.rec.wait("server", "connection_error"), ctx.rec.wait("client", "connect_error")]);
  // The same refusal, seen as raw bytes: the 400 body of the refused upgrade.
  ctx.rec.add("raw", "upgrade_response", normalize(await rawUpgrade(port, `${EIO}&transport=websocket`)));
  await ctx.rec.wait("server", "connection_error", 2);
});

// --- protocol version

scenario("unsupported_protocol_version", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: "/socket.io/?EIO=3&transport=polling" })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("unsupported_protocol_version_missing_eio", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "http_response", normalize(await rawHttp(port, { path: "/socket.io/?transport=polling" })));
  await ctx.rec.wait("server", "connection_error");
});

scenario("unsupported_protocol_version_websocket", async (ctx) => {
  const { port } = await startServer(ctx);
  ctx.rec.add("raw", "upgrade_response", normalize(await rawUpgrade(port, "/socket.io/?EIO=3&transport=websocket")));
  await ctx.rec.wait("server", "connection_error");
});

// --- Socket.IO namespace level refusals

scenario("missing_namespace", async (ctx) => {
  const { url } = await startServer(ctx);
  startClient(ctx, `${url}/no-such-namespace`, { transports: ["websocket"] });
  await ctx.rec.wait("client", "connect_error");
});

scenario("middleware_refusal", async (ctx) => {
  const { io, url } = await startServer(ctx);
  io.use((socket, next) => {
    const err = new Error("not authorized");
    err.data = { reason: "token expired" };
    next(err);
  });
  startClient(ctx, url, { transports: ["websocket"] });
  await ctx.rec.wait("client", "connect_error");
});

// --- server-initiated disconnects

for (const close of [false, true]) {
  scenario(close ? "server_disconnect_close" : "server_disconnect", async (ctx) => {
    const { io, url } = await startServer(ctx);
    io.on("connection", (socket) => setTimeout(() => socket.disconnect(close), 20));
    startClient(ctx, url, { transports: ["websocket"] });
    await Promise.all([ctx.rec.wait("server", "disconnect"), ctx.rec.wait("client", "disconnect")]);
  });
}

for (const transport of ["websocket", "polling"]) {
  scenario(`io_close_${transport}`, async (ctx) => {
    const { io, url } = await startServer(ctx);
    const client = startClient(ctx, url, { transports: [transport] });
    await onceConnected(client);
    io.close();
    await Promise.all([ctx.rec.wait("server", "disconnect"), ctx.rec.wait("client", "disconnect")]);
  });
}

// --- heartbeat

scenario("ping_timeout_server", async (ctx) => {
  // The server pings every 300 ms and waits 100 ms for the PONG; the client
  // is made to never answer, so the SERVER times out (at ping + 100 ms, well
  // before the client's own deadline of ping + 400 ms).
  const { url } = await startServer(ctx, { pingInterval: 300, pingTimeout: 100 });
  const client = startClient(ctx, url, { transports: ["websocket"] });
  client.io.on("open", () => {
    const engine = client.io.engine;
    const send = engine._sendPacket.bind(engine);
    engine._sendPacket = (type, ...rest) => {
      if (type === "pong") return; // swallow heartbeat answers
      return send(type, ...rest);
    };
  });
  await Promise.all([ctx.rec.wait("server", "disconnect"), ctx.rec.wait("client", "disconnect")]);
});

scenario("ping_timeout_client", async (ctx) => {
  // The server announces pingInterval 200 + pingTimeout 100 but never sends a
  // PING, so the CLIENT times out after 300 ms.
  const { io, url } = await startServer(ctx, { pingInterval: 200, pingTimeout: 100 });
  io.engine.on("connection", (engineSocket) => {
    clearTimeout(engineSocket.pingIntervalTimer);
    engineSocket.schedulePing = () => {};
  });
  startClient(ctx, url, { transports: ["websocket"] });
  await Promise.all([ctx.rec.wait("server", "disconnect"), ctx.rec.wait("client", "disconnect")]);
});

// --- size limit

for (const transport of ["polling", "websocket"]) {
  scenario(`payload_too_large_${transport}`, async (ctx) => {
    const { url } = await startServer(ctx, { maxHttpBufferSize: 1000 });
    const client = startClient(ctx, url, { transports: [transport] });
    await onceConnected(client);
    client.emit("big", "x".repeat(5000));
    await Promise.all([ctx.rec.wait("server", "disconnect"), ctx.rec.wait("client", "disconnect")]);
  });
}

// --- nothing listening / wrong path

for (const transport of ["polling", "websocket"]) {
  scenario(`closed_port_${transport}`, async (ctx) => {
    const port = await freePortThatIsClosed();
    startClient(ctx, `http://127.0.0.1:${port}`, { transports: [transport] });
    await ctx.rec.wait("client", "connect_error");
  });
}

for (const transport of ["polling", "websocket"]) {
  scenario(`wrong_path_${transport}`, async (ctx) => {
    // Server on the default path /socket.io/, client on /wrong-path/.
    // destroyUpgradeTimeout shortened from 1000 ms so the run stays quick.
    const { url } = await startServer(ctx, { destroyUpgradeTimeout: 200 });
    startClient(ctx, url, { transports: [transport], path: "/wrong-path/" });
    await ctx.rec.wait("client", "connect_error");
  });
}

// ---------------------------------------------------------------- main

async function runScenario({ name, fn }) {
  const ctx = { rec: new Recorder(name), cleanups: [] };
  let error = null;
  try {
    await withTimeout(fn(ctx), SCENARIO_TIMEOUT_MS, name);
    await sleep(SETTLE_MS);
  } catch (e) {
    error = e;
  }
  ctx.rec.done = true;
  for (const c of ctx.cleanups.reverse()) {
    try {
      await withTimeout(Promise.resolve().then(c), 2000, `${name} cleanup`);
    } catch (e) {
      if (!error) error = e;
    }
  }
  return { lines: ctx.rec.sorted(), error };
}

async function main() {
  const outPath = process.argv[2];
  const started = Date.now();
  const out = [];
  const failed = [];
  for (const s of scenarios) {
    const { lines, error } = await runScenario(s);
    for (const l of lines) out.push(JSON.stringify(l));
    if (error) failed.push(`${s.name}: ${error.message}`);
  }
  const text = out.join("\n") + "\n";
  if (outPath) fs.writeFileSync(outPath, text);
  else process.stdout.write(text);
  process.stderr.write(`capture-socketio: ${scenarios.length} scenarios, ${out.length} observations, ${Date.now() - started} ms\n`);
  if (failed.length) {
    process.stderr.write(`capture-socketio: FAILED scenarios:\n  ${failed.join("\n  ")}\n`);
    process.exitCode = 1;
  }
}

// Hard stop: the whole capture must never hang.
const hardStop = setTimeout(() => {
  process.stderr.write("capture-socketio: global timeout (45 s), aborting\n");
  process.exit(2);
}, 45000);
hardStop.unref();

main().then(
  () => {
    // Give handles a moment to close; anything still open is a bug, but do not hang.
    setTimeout(() => process.exit(process.exitCode || 0), 100).unref();
  },
  (e) => {
    process.stderr.write(`capture-socketio: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
