// OpenTok.js error objects built by the published @opentok/client package's own code: its error factory
// (src/js/helpers/otError.js), its OT.Error class constructor (src/js/ot/ot_error_class.js), its error names
// (src/js/ot/Errors.js) and its ExceptionCodes (src/js/ot/exception_codes.js), all read from the package's
// source map (sourcesContent), as tests/real/extract-opentok.js does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { classify, lookup } from "errcat";

const require = createRequire(import.meta.url);
const pkgDir = require.resolve("@opentok/client/package.json").replace(/package\.json$/, "");
const version = JSON.parse(readFileSync(`${pkgDir}package.json`, "utf8")).version;
const map = JSON.parse(readFileSync(`${pkgDir}dist/js/opentok.js.map`, "utf8"));

function source(suffix) {
  const hits = map.sources.filter((s) => s.endsWith(suffix));
  assert.equal(hits.length, 1, `one source ends in ${suffix}`);
  return map.sourcesContent[map.sources.indexOf(hits[0])];
}

// The package's own modules, evaluated without their imports (the factory takes its dependencies).
const Errors = new Function(source("src/js/ot/Errors.js").replace("export default", "return"))();
const ExceptionCodes = new Function(
  source("src/js/ot/exception_codes.js").replace("export default ExceptionCodes;", "return ExceptionCodes;"),
)();
const classText = source("src/js/ot/ot_error_class.js");
const classStart = classText.indexOf("const OTErrorClass = function");
const classEnd = classText.indexOf("OTErrorClass.prototype.constructor = OTErrorClass;");
assert.ok(classStart > 0 && classEnd > classStart, "OTErrorClass's constructor is in the source");
const OTErrorClass = new Function(`${classText.slice(classStart, classEnd)}\nreturn OTErrorClass;`)();
const factoryText = source("src/js/helpers/otError.js")
  .replace(/^import .*$/gm, "")
  .replace("export default function otErrorFactory", "return function otErrorFactory");
const otError = new Function("ErrorsDefault", "OTErrorClassDefault", factoryText)(Errors, OTErrorClass)({
  Errors,
  OTErrorClass,
});

const names = Object.values(Errors);

// The catalogue's entry for an OpenTok.js name (its refined readings have ids with a `[...]` suffix).
const entryOf = (name) => lookup(`vonage:web:${name}`).find((e) => !e.id.includes("["));
// A name with refined readings (selected by message) and a message that selects none: every reading listed.
const broadAnswer = (name, v) =>
  v.ambiguous &&
  v.candidates.length === lookup(`vonage:web:${name}`).length &&
  v.candidates.every((c) => c.name === name);

test(`@opentok/client ${version}: the package's error names and codes were read`, () => {
  assert.ok(names.length >= 70, `${names.length} names`);
  assert.ok(Object.keys(ExceptionCodes).length >= 30);
  const err = otError(Errors.CONNECT_FAILED, new Error("Could not connect"), ExceptionCodes.CONNECT_FAILED);
  assert.ok(err instanceof Error && err.name === "OT_CONNECT_FAILED" && err.code === 1006);
});

test("every OT_* error the SDK's factory builds is classified as its catalogue entry", () => {
  const wrong = [];
  for (const name of names) {
    const err = otError(name, new Error("an SDK message errcat does not know"));
    const v = classify(err);
    const e = entryOf(name);
    if (e === undefined) {
      wrong.push(`${name}: not in the catalogue`);
      continue;
    }
    if (lookup(`vonage:web:${name}`).length > 1) {
      if (!broadAnswer(name, v) && v.id !== e.id) wrong.push(`${name}: broad, got ${v.id}`);
      continue;
    }
    const got = `${v.id} ${v.category}/${v.retry}/${v.actor}`;
    const want = `${e.id} ${e.category}/${e.retry}/${e.actor}`;
    if (got !== want) wrong.push(`${name}: got ${got}, catalogue ${want}`);
  }
  assert.deepEqual(wrong, []);
});

test("an OT_* error with the ExceptionCode the SDK pairs it with keeps the name's category, retry and actor", () => {
  const wrong = [];
  let paired = 0;
  for (const [constant, code] of Object.entries(ExceptionCodes)) {
    const name = Errors[constant];
    if (name === undefined) continue;
    paired++;
    const v = classify(otError(name, new Error("an SDK message errcat does not know"), code));
    const e = entryOf(name);
    if (lookup(`vonage:web:${name}`).length > 1) {
      if (!broadAnswer(name, v) && v.id !== e.id) wrong.push(`${name} ${code}: broad, got ${v.id}`);
      continue;
    }
    const got = `${v.category}/${v.retry}/${v.actor}`;
    const want = `${e.category}/${e.retry}/${e.actor}`;
    if (v.id !== e.id && got !== want) wrong.push(`${name} ${code}: got ${v.id} ${got}, catalogue ${want}`);
  }
  assert.ok(paired >= 10, `${paired} constants share a name`);
  assert.deepEqual(wrong, []);
});

test("a publish() completion handler: permission denied is the end user's to fix", () => {
  const err = otError(Errors.USER_MEDIA_ACCESS_DENIED, new Error("End-user denied permission to hardware devices"), 1500);
  const v = classify(err);
  assert.equal(v.category, "media_permission");
  assert.equal(v.actor, "end_user");
  assert.equal(v.isRetryable, false);
});
