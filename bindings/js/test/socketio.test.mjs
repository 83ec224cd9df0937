// Real socket.io 4.8 server and socket.io-client objects on 127.0.0.1, passed straight into classify().
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { Server } from "socket.io";
import { io as ioc } from "socket.io-client";
import { classify } from "errcat";
import { expected } from "./expectations.mjs";

const checked = new Set();

// Classified inside the handler, as an app would: some fields (an XMLHttpRequest's responseText) are reset
// once the handler returns. The handler knows its side: the platform hint.
function observed(observer, event, input) {
  return { observer, event, input, verdict: classify(input, { provider: "socketio", platform: observer }) };
}

// Starts a server and client, runs `provoke`, waits for the events named in `wait`; returns what was seen.
async function run({ server: serverOpts, client: clientOpts = {}, path = "", setup, provoke, wait, closedPort }) {
  const seen = [];
  const cleanups = [];
  let url;
  let io;
  if (closedPort) {
    const s = http.createServer();
    await new Promise((r) => s.listen(0, "127.0.0.1", r));
    const port = s.address().port;
    await new Promise((r) => s.close(r));
    url = `http://127.0.0.1:${port}`;
  } else {
    const httpServer = http.createServer((req, res) => res.writeHead(404).end());
    io = new Server(httpServer, serverOpts);
    io.engine.on("connection_error", (err) => seen.push(observed("server", "connection_error", err)));
    io.on("connection", (socket) => {
      socket.on("disconnect", (reason, description) =>
        seen.push(observed("server", "disconnect", { reason, description })),
      );
    });
    await new Promise((r) => httpServer.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${httpServer.address().port}`;
    cleanups.push(
      () =>
        new Promise((r) => {
          io.close(() => r());
          httpServer.closeAllConnections();
        }),
    );
  }
  if (setup) setup(io);
  const socket = ioc(url + path, { reconnection: false, forceNew: true, timeout: 3000, ...clientOpts });
  socket.on("connect_error", (err) => seen.push(observed("client", "connect_error", err)));
  socket.on("disconnect", (reason, details) => seen.push(observed("client", "disconnect", { reason, details })));
  cleanups.unshift(() => socket.disconnect());
  if (provoke) {
    await new Promise((r) => socket.once("connect", r));
    provoke(socket, io);
  }
  const deadline = Date.now() + 5000;
  while (!wait.every((w) => seen.some((s) => `${s.observer}/${s.event}` === w))) {
    if (Date.now() > deadline) throw new Error(`waited in vain for ${wait.join(", ")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const c of cleanups) await c();
  return seen;
}

// Every observation of the scenario gets the table's answer; the handler knows its side (platform hint).
function check(scenario, seen) {
  assert.ok(seen.length > 0);
  for (const { observer, event, verdict: v } of seen) {
    const key = `${scenario}/${observer}/${event}`;
    const want = expected.get(key);
    assert.ok(want, `${key}: no expectation in tests/real_clients.rs`);
    assert.deepEqual(
      { category: v.category, retry: v.retry, actor: v.actor },
      want,
      `${key}: errcat answered ${v.category}/${v.retry}/${v.actor} (${v.id}) for the real object`,
    );
    assert.equal(v.provider, "socketio", key);
    assert.equal(v.ambiguous, false, key);
    checked.add(key);
  }
}

const refuse = { allowRequest: (req, cb) => cb("refused by allowRequest: bad token", false) };

for (const transport of ["polling", "websocket"]) {
  test(`closed port (${transport}): connect_error`, async () => {
    const seen = await run({ closedPort: true, client: { transports: [transport] }, wait: ["client/connect_error"] });
    check(`closed_port_${transport}`, seen);
    assert.ok(seen[0].input instanceof Error, "a real Error object");
  });
}

test("middleware refusal next(new Error(...)) with data: connect_error", async () => {
  const seen = await run({
    client: { transports: ["websocket"] },
    setup: (io) =>
      io.use((socket, next) => {
        const err = new Error("not authorized");
        err.data = { reason: "token expired" };
        next(err);
      }),
    wait: ["client/connect_error"],
  });
  check("middleware_refusal", seen);
  // JSON.stringify drops the message of the real object; classify reads it field by field.
  assert.equal(JSON.parse(JSON.stringify(seen[0].input)).message, undefined);
  assert.equal(classify(seen[0].input).category, "authorization");
});

test("allowRequest refusal over polling: connect_error and the server's connection_error", async () => {
  const seen = await run({
    server: refuse,
    client: { transports: ["polling"] },
    wait: ["client/connect_error", "server/connection_error"],
  });
  check("allow_request_polling", seen);
});

test("allowRequest refusal over websocket only: connect_error and connection_error", async () => {
  const seen = await run({
    server: refuse,
    client: { transports: ["websocket"] },
    wait: ["client/connect_error", "server/connection_error"],
  });
  check("allow_request_websocket", seen);
});

test("missing namespace: connect_error", async () => {
  const seen = await run({ path: "/no-such-namespace", client: { transports: ["websocket"] }, wait: ["client/connect_error"] });
  check("missing_namespace", seen);
});

for (const close of [false, true]) {
  test(`server-side disconnect(${close}): both sides' disconnect`, async () => {
    const seen = await run({
      client: { transports: ["websocket"] },
      setup: (io) => io.on("connection", (s) => setTimeout(() => s.disconnect(close), 20)),
      wait: ["client/disconnect", "server/disconnect"],
    });
    check(close ? "server_disconnect_close" : "server_disconnect", seen);
    assert.equal(seen.find((s) => s.observer === "client").verdict.shouldReconnect, true);
  });
}

test("ping timeout seen by the server (client stops answering pings)", async () => {
  const seen = await run({
    server: { pingInterval: 300, pingTimeout: 100 },
    client: { transports: ["websocket"] },
    setup: () => {},
    provoke: (socket) => {
      const engine = socket.io.engine;
      const send = engine._sendPacket.bind(engine);
      engine._sendPacket = (type, ...rest) => (type === "pong" ? undefined : send(type, ...rest));
    },
    wait: ["client/disconnect", "server/disconnect"],
  });
  check("ping_timeout_server", seen);
});

test("ping timeout seen by the client (server stops pinging)", async () => {
  const seen = await run({
    server: { pingInterval: 200, pingTimeout: 100 },
    client: { transports: ["websocket"] },
    setup: (io) =>
      io.engine.on("connection", (engineSocket) => {
        clearTimeout(engineSocket.pingIntervalTimer);
        engineSocket.schedulePing = () => {};
      }),
    wait: ["client/disconnect", "server/disconnect"],
  });
  check("ping_timeout_client", seen);
  assert.equal(seen.find((s) => s.observer === "client").verdict.expected, true);
});

for (const transport of ["polling", "websocket"]) {
  test(`oversize payload over ${transport} (maxHttpBufferSize)`, async () => {
    const seen = await run({
      server: { maxHttpBufferSize: 1000 },
      client: { transports: [transport] },
      provoke: (socket) => socket.emit("big", "x".repeat(5000)),
      wait: ["client/disconnect", "server/disconnect"],
    });
    check(`payload_too_large_${transport}`, seen);
  });
}

after(() => {
  assert.ok(checked.size >= 20, `${checked.size} real observations checked`);
});
