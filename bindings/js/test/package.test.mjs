// The package as JS developers use it: exports map (import, require, full), one .wasm, the API's answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import * as esm from "errcat";
import * as full from "errcat/full";

const require = createRequire(import.meta.url);
const cjs = require("errcat");
const cjsFull = require("errcat/full");
const pkgDir = new URL("../pkg/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));

test("one .wasm shared by every entry point, listed in files; ESM first, sideEffects false", () => {
  const wasm = readdirSync(pkgDir).filter((f) => f.endsWith(".wasm"));
  assert.deepEqual(wasm, ["errcat_bg.wasm"]);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.sideEffects, false);
  for (const f of manifest.files) assert.ok(readdirSync(pkgDir).includes(f), `${f} is built`);
  for (const entry of [".", "./full"]) {
    const e = manifest.exports[entry];
    assert.ok(e.types && e.node.import && e.node.require && e.browser && e.default, entry);
  }
});

test("import and require answer alike, for every catalogue entry by its id", () => {
  assert.equal(esm.catalogueVersion, cjs.catalogueVersion);
  const all = esm.entries();
  assert.deepEqual(cjs.entries(), all);
  for (const e of all) {
    const v = esm.classify(e.id);
    assert.deepEqual(cjs.classify(e.id), v);
  }
});

test("every entry's own name finds it (lookup) with category, retry, actor and user message", () => {
  const all = esm.entries();
  assert.ok(all.length > 600);
  for (const e of all) {
    assert.ok(e.user_message.length > 0, e.id);
    if (e.name === null) continue;
    const scope = [e.provider, e.platform, e.domain].filter(Boolean).join(":");
    assert.ok(esm.lookup(`${scope}:${e.name}`).some((f) => f.id === e.id), e.id);
  }
});

test("the default entry leaves the developer texts empty; errcat/full has them, for import and require", () => {
  const slim = esm.classify("OT_NOT_CONNECTED");
  assert.equal(slim.developer_hint, "");
  assert.deepEqual(slim.sources, []);
  for (const f of [full, cjsFull]) {
    const v = f.classify("OT_NOT_CONNECTED");
    assert.ok(v.developer_hint.length > 20);
    assert.ok(v.sources.length > 0);
    assert.deepEqual({ ...v, developer_hint: "", sources: [], note: null, raised_by: "", doc_url: null, versions: null }, {
      ...slim,
      note: null,
      doc_url: null,
      versions: null,
    });
  }
  assert.ok(full.entries().every((e) => e.developer_hint.length > 0));
  // An unknown code gets its provider's fallback hint.
  assert.ok(full.classify(424242, { provider: "vonage" }).developer_hint.length > 0);
});

test("helpers read the retry advice; hints are checked", () => {
  const v = esm.classify("OT_NOT_CONNECTED");
  assert.equal(v.shouldReconnect, v.retry === "reconnect");
  assert.equal(esm.classify({ name: "OT_AUTHENTICATION_ERROR", message: "Token has expired" }).needsNewCredentials, true);
  assert.throws(() => esm.classify("x", { provider: "twilio" }), TypeError);
  // Any input gets an answer.
  for (const input of [null, undefined, "", 0, {}, [], new Error(""), "{not json", 12n]) {
    assert.equal(typeof esm.classify(input).category, "string");
  }
});

test("the operation a payload names comes back whole, tabs included", () => {
  const v = esm.classify({ name: "OT_NOT_CONNECTED", operation: "Session.publish\t(retry)" });
  assert.equal(v.id, "vonage.web.OT_NOT_CONNECTED");
  assert.equal(v.operation, "Session.publish\t(retry)");
  assert.equal(esm.classify({ name: "OT_NOT_CONNECTED" }).operation, null);
  assert.equal(esm.classify({ name: "OT_NOT_CONNECTED" }, { event: "exception" }).operation, "exception");
});

test("a remembered answer is a fresh object each time: changing one answer changes no other", () => {
  for (const input of ["OT_NOT_CONNECTED", 1011, { name: "OT_CONNECT_FAILED", code: 1006 }]) {
    const a = esm.classify(input);
    a.category = "changed";
    a.candidates.push("changed");
    const b = esm.classify(input);
    assert.notEqual(b.category, "changed");
    assert.ok(!b.candidates.includes("changed"));
  }
  // Hints are part of what is remembered.
  assert.notEqual(esm.classify(1006, { provider: "socketio" }).provider, esm.classify(1006, { provider: "vonage" }).provider);
});
