// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core): a page served from 127.0.0.1
// imports the ESM package with <script type="module">, connects the browser build of socket.io-client to real
// socket.io 4.8 servers, and classifies the real errors in the page. The test asserts the page's verdicts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { Server } from "socket.io";
import { chromium } from "playwright-core";
import { expected } from "./expectations.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const pkg = new URL("../pkg/", import.meta.url).pathname;
const sioClient = new URL("./node_modules/socket.io-client/dist/", import.meta.url).pathname;
const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

const PAGE = `<!doctype html><meta charset="utf-8"><title>errcat in the browser</title>
<script type="module">
import { classify } from "/pkg/index.js";
import { io } from "/sio/socket.io.esm.min.js";
const hints = { provider: "socketio", platform: "client" };
const pick = (v) => ({ id: v.id, category: v.category, retry: v.retry, actor: v.actor, confidence: v.confidence, matched_by: v.matched_by, candidates: v.candidates.map((c) => [c.platform, c.name, c.category, c.retry, c.actor].join(" ")) });
function connectError(url, opts) {
  return new Promise((resolve) => {
    const s = io(url, { reconnection: false, forceNew: true, timeout: 3000, ...opts });
    s.on("connect_error", (err) => { resolve(pick(classify(err, hints))); s.close(); });
  });
}
function disconnect(url, opts) {
  return new Promise((resolve) => {
    const s = io(url, { reconnection: false, forceNew: true, timeout: 3000, ...opts });
    s.on("disconnect", (reason, details) => resolve(pick(classify({ reason, details }, hints))));
  });
}
const here = location.origin;
const params = new URLSearchParams(location.search);
const closed = "http://127.0.0.1:" + params.get("closed");
window.results = Object.fromEntries(await Promise.all([
  ["closed_port_polling", connectError(closed, { transports: ["polling"] })],
  ["closed_port_websocket", connectError(closed, { transports: ["websocket"] })],
  ["middleware_refusal", connectError(here, { path: "/mw/", transports: ["websocket"] })],
  ["allow_request_polling", connectError(here, { path: "/refuse/", transports: ["polling"] })],
  ["allow_request_websocket", connectError(here, { path: "/refuse/", transports: ["websocket"] })],
  ["server_disconnect", disconnect(here, { path: "/kick/", transports: ["websocket"] })],
].map(async ([k, p]) => [k, await p])));
</script>`;

let httpServer;
let closedPort;
const servers = [];

before(async () => {
  httpServer = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file;
    if (url.pathname === "/") file = null;
    else if (url.pathname.startsWith("/pkg/")) file = normalize(join(pkg, url.pathname.slice(5)));
    else if (url.pathname.startsWith("/sio/")) file = normalize(join(sioClient, url.pathname.slice(5)));
    else return res.writeHead(404).end();
    if (file !== null && !(file.startsWith(pkg) || file.startsWith(sioClient))) return res.writeHead(403).end();
    if (file !== null && !existsSync(file)) return res.writeHead(404).end();
    const body = file === null ? PAGE : readFileSync(file);
    const type = file === null ? TYPES[".html"] : TYPES[file.slice(file.lastIndexOf("."))] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(body);
  });
  const mw = new Server(httpServer, { path: "/mw/" });
  mw.use((socket, next) => next(Object.assign(new Error("not authorized"), { data: { reason: "token expired" } })));
  const refuse = new Server(httpServer, { path: "/refuse/", allowRequest: (req, cb) => cb("refused by allowRequest: bad token", false) });
  const kick = new Server(httpServer, { path: "/kick/" });
  kick.on("connection", (s) => setTimeout(() => s.disconnect(), 20));
  servers.push(mw, refuse, kick);
  await new Promise((r) => httpServer.listen(0, "127.0.0.1", r));
  const probe = http.createServer();
  await new Promise((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = probe.address().port;
  await new Promise((r) => probe.close(r));
});

after(async () => {
  for (const s of servers) s.close();
  httpServer.closeAllConnections();
  await new Promise((r) => httpServer.close(r));
});

test("real socket.io-client errors classified in headless Chromium by the ESM package", { skip: !existsSync(CHROMIUM) && `no ${CHROMIUM}` }, async () => {
  const profile = mkdtempSync(join(tmpdir(), "errcat-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${httpServer.address().port}/?closed=${closedPort}`);
    await page.waitForFunction(() => window.results !== undefined, null, { timeout: 15000 });
    const results = await page.evaluate(() => window.results);
    assert.deepEqual(errors, []);
    console.log(`chromium ${context.browser()?.version() ?? ""}: ${JSON.stringify(results)}`);
    // In Chromium, a refused or failed connection reaches the page with no cause (XMLHttpRequest status 0, a
    // bare WebSocket "error" Event): errcat answers "ambiguous", with the safe advice for every reading, and
    // the reading Node's richer object gets (tests/real_clients.rs) is among the candidates.
    const causeless = new Set(["closed_port_polling", "closed_port_websocket", "allow_request_websocket"]);
    for (const [scenario, v] of Object.entries(results)) {
      const event = scenario === "server_disconnect" ? "disconnect" : "connect_error";
      const want = expected.get(`${scenario}/client/${event}`);
      assert.ok(want, scenario);
      const triple = `${want.category} ${want.retry} ${want.actor}`;
      if (causeless.has(scenario)) {
        assert.equal(v.confidence, "ambiguous", `${scenario} in Chromium: ${v.id}`);
        assert.ok(v.candidates.some((c) => c.endsWith(` ${triple}`)), `${scenario}: ${triple} among ${v.candidates}`);
        continue;
      }
      assert.deepEqual({ category: v.category, retry: v.retry, actor: v.actor }, want, `${scenario} in Chromium: ${v.id}`);
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
