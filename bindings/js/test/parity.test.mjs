// Parity: over every fixture payload and text in the repository, the .wasm (through the package's
// `errcat/full` entry) and the native library (the errcat CLI's --stdin records) give identical records.
// The native binary: $ERRCAT_BIN, else target/debug/errcat (ci.sh builds it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { classify } from "errcat/full";

const root = new URL("../../../", import.meta.url).pathname;
const bin = process.env.ERRCAT_BIN ?? `${root}target/debug/errcat`;

function inputs() {
  const lines = [];
  const add = (text, from) => {
    if (typeof text !== "string") text = JSON.stringify(text);
    // One stdin line each; a line the stream reads as a JSON string or array is not an error object.
    if (text.includes("\n") || text.includes("\r") || text.trim() === "" || /^\s*["[]/.test(text)) return;
    lines.push({ text, from });
  };
  for (const f of ["socketio.jsonl", "vonage_cobrowse.jsonl"]) {
    for (const l of readFileSync(`${root}tests/corpus/${f}`, "utf8").split("\n").filter(Boolean)) {
      const c = JSON.parse(l);
      add(c.input, `corpus ${c.id}`);
      if (c.hints && typeof c.input === "object") add({ ...c.hints, ...c.input }, `corpus ${c.id} with hints`);
    }
  }
  for (const l of readFileSync(`${root}tests/real/captures/socketio.jsonl`, "utf8").split("\n").filter(Boolean)) {
    const c = JSON.parse(l);
    add(c.payload, `capture ${c.scenario}`);
    if (c.observer !== "raw") add({ ...c.payload, platform: c.observer }, `capture ${c.scenario} ${c.observer}`);
  }
  for (const l of readFileSync(`${root}tests/fixtures/seed_keys.txt`, "utf8").split("\n")) {
    const key = l.replace(/#.*/, "").trim().split(/\s+/)[1];
    if (key) add(key, "seed key");
  }
  for (const dir of ["stdin_lines", "classify_json"]) {
    const path = `${root}fuzz/corpus/${dir}`;
    if (!existsSync(path)) continue;
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (const f of readdirSync(path).sort()) {
      let text;
      try {
        text = decoder.decode(readFileSync(`${path}/${f}`));
      } catch {
        continue; // not UTF-8: the native side reports a bad line, JavaScript strings cannot hold it
      }
      for (const l of text.split("\n")) if (l.length <= 4096 && !/[\u0000\u2028\u2029]/.test(l)) add(l, `fuzz ${dir}/${f}`);
    }
  }
  return lines;
}

const HELPERS = ["isRetryable", "shouldReconnect", "needsNewCredentials"];

test("the .wasm and the native library give identical records for every fixture input", { skip: !existsSync(bin) && `no ${bin}` }, () => {
  const all = inputs();
  // Exit status 1 means "some line unknown": expected here.
  const run = spawnSync(bin, ["--stdin"], { input: all.map((l) => l.text).join("\n") + "\n", maxBuffer: 1 << 30 });
  assert.ok(run.status === 0 || run.status === 1, `errcat --stdin exited with ${run.status}: ${run.stderr}`);
  const out = run.stdout
    .toString()
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(out.length, all.length);
  let compared = 0;
  const wrong = [];
  all.forEach(({ text, from }, i) => {
    const native = out[i];
    if (native.error !== undefined) return; // a bad line natively (e.g. `{` that is not JSON): no record
    delete native.line;
    delete native.input;
    const wasm = classify(text);
    for (const h of HELPERS) delete wasm[h];
    compared++;
    try {
      assert.deepStrictEqual(wasm, native);
    } catch {
      if (wrong.length < 5) wrong.push(`${from}: ${text.slice(0, 120)}\n  wasm   ${JSON.stringify(wasm).slice(0, 400)}\n  native ${JSON.stringify(native).slice(0, 400)}`);
      else wrong.push(from);
    }
  });
  console.log(`parity: ${compared} inputs compared, ${wrong.length} differ`);
  assert.ok(compared >= 1000, `${compared} inputs compared`);
  assert.deepEqual(wrong, []);
});
