// Node timings of classify(): the median over many batches (each batch's time / its size). The first cases
// repeat one input (as a handler sees the same error again: answered from the memo after the first call); the
// last two take a different input each call (cold: every call goes into the .wasm).
// Usage: node bench.mjs   (after build.sh; reads pkg/node.mjs)
import { classify, entries } from "./pkg/node.mjs";

function median(fn, { batch = 2000, samples = 101 } = {}) {
  for (let i = 0; i < batch * 5; i++) fn(); // warm up
  const per = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    per.push(Number(process.hrtime.bigint() - t0) / batch / 1000);
  }
  per.sort((a, b) => a - b);
  return per[samples >> 1];
}

const transportError = Object.assign(new Error("xhr poll error"), {
  type: "TransportError",
  description: 403,
  context: { status: 403, responseText: '{"code":4,"message":"Forbidden"}' },
});
const otError = Object.assign(new Error("Could not connect"), { name: "OT_CONNECT_FAILED", code: 1006 });
const middleware = Object.assign(new Error("not authorized"), { data: { reason: "token expired" } });

const cases = [
  ["name lookup: classify('OT_NOT_CONNECTED')", () => classify("OT_NOT_CONNECTED"), 2],
  ["code: classify(1006, { provider: 'vonage', platform: 'web' })", () => classify(1006, { provider: "vonage", platform: "web" })],
  ["Error object: socket.io TransportError (xhr poll error, 403)", () => classify(transportError), 5],
  ["Error object: OpenTok OT_CONNECT_FAILED 1006", () => classify(otError), 5],
  ["Error object: middleware refusal with data", () => classify(middleware), 5],
  ["text: 'Error: xhr poll error'", () => classify("Error: xhr poll error")],
  ["ambiguous code: classify(1011) (full record from JSON)", () => classify(1011)],
];
// Cold: a different input each call, more than the answer memo holds (every call goes into the .wasm).
const names = entries().map((e) => e.name).filter((n) => n !== null);
const errs = names.map((n) => Object.assign(new Error("Could not connect"), { name: n, code: 1006 }));
let k = 0;
cases.push(
  [`cold name lookups (${names.length} distinct names in turn)`, () => classify(names[k++ % names.length])],
  [`cold Error objects (${errs.length} distinct OpenTok-style errors in turn)`, () => classify(errs[k++ % errs.length])],
);
for (const [name, fn, target] of cases) {
  const us = median(fn);
  console.log(`${us.toFixed(2).padStart(6)} µs  ${name}${target ? `  (target ≤ ${target} µs)` : ""}`);
}
