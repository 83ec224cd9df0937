// The bundled .d.ts files: a usage file compiles under `tsc --strict`, a misuse file does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

const tsc = new URL("./node_modules/typescript/bin/tsc", import.meta.url).pathname;
const dir = new URL("./types/", import.meta.url).pathname;
const run = (...args) => spawnSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: "utf8" });

test("a usage file compiles under tsc --strict", () => {
  const r = run("-p", "tsconfig.json");
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test("a file that misuses the types fails under tsc --strict, once per misuse", () => {
  const r = run("--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "misuse.ts");
  assert.notEqual(r.status, 0);
  const errors = r.stdout.split("\n").filter((l) => /^misuse\.ts\(\d+,\d+\): error/.test(l));
  const lines = new Set(errors.map((l) => Number(l.match(/\((\d+),/)[1])));
  assert.deepEqual([...lines].sort((x, y) => x - y), [5, 6, 7, 8, 9, 10, 11], r.stdout);
});
