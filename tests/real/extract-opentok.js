#!/usr/bin/env node
// Reads the OpenTok.js source map shipped in the npm package @opentok/client
// (dist/js/opentok.js.map, field sourcesContent) and prints, as JSON:
//
//   {"version":"2.35.2",
//    "names":["OT_...", ...],                                  // src/js/ot/Errors.js, sorted
//    "codes":[{"constant":"AUTHENTICATION_ERROR","code":1004}, ...]}  // ot/exception_codes.js, by code
//
// Usage: node extract-opentok.js [out.json]
// Fails (exit 1, message on stderr) if a source is missing, yields no entry,
// or the counts differ from the fact sheet (74 names, 35 constants for 2.35.2).
"use strict";

const fs = require("fs");
const path = require("path");

const EXPECTED = { version: "2.35.2", names: 74, codes: 35 };

function fail(msg) {
  process.stderr.write(`extract-opentok: ${msg}\n`);
  process.exit(1);
}

function findSource(map, suffix) {
  const hits = [];
  map.sources.forEach((s, i) => {
    if (s.endsWith(suffix)) hits.push(i);
  });
  if (hits.length === 0) fail(`no source ending in ${suffix} in the source map`);
  if (hits.length > 1) fail(`${hits.length} sources end in ${suffix}: ${hits.map((i) => map.sources[i]).join(", ")}`);
  const text = map.sourcesContent && map.sourcesContent[hits[0]];
  if (typeof text !== "string" || text.length === 0) fail(`source ${map.sources[hits[0]]} has no sourcesContent`);
  return text;
}

// Drops /* */ and // comments (the files hold no strings with "//" in them
// that matter: the values are OT_* identifiers).
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

function extractNames(text) {
  // Lines like:   AUTHENTICATION_ERROR: 'OT_AUTHENTICATION_ERROR',
  const re = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*(['"`])(OT_[A-Z0-9_]+)\2\s*,?\s*$/gm;
  const names = new Set();
  let m;
  while ((m = re.exec(stripComments(text))) !== null) names.add(m[3]);
  return [...names].sort();
}

function extractCodes(text) {
  // Lines like:   AUTHENTICATION_ERROR: 1004,
  const re = /^\s*([A-Z][A-Z0-9_]*)\s*:\s*(-?\d+)\s*,?\s*$/gm;
  const codes = [];
  const seen = new Set();
  let m;
  while ((m = re.exec(stripComments(text))) !== null) {
    if (seen.has(m[1])) fail(`exception_codes.js: constant ${m[1]} defined twice`);
    seen.add(m[1]);
    codes.push({ constant: m[1], code: Number(m[2]) });
  }
  codes.sort((a, b) => a.code - b.code || (a.constant < b.constant ? -1 : a.constant > b.constant ? 1 : 0));
  return codes;
}

function main() {
  const pkgDir = path.join(__dirname, "node_modules", "@opentok", "client");
  const mapPath = path.join(pkgDir, "dist", "js", "opentok.js.map");
  const pkgPath = path.join(pkgDir, "package.json");
  if (!fs.existsSync(mapPath)) fail(`${mapPath} not found (run npm ci in tests/real first)`);

  const version = JSON.parse(fs.readFileSync(pkgPath, "utf8")).version;
  let map;
  try {
    map = JSON.parse(fs.readFileSync(mapPath, "utf8"));
  } catch (e) {
    fail(`cannot parse ${mapPath}: ${e.message}`);
  }
  if (!Array.isArray(map.sources) || !Array.isArray(map.sourcesContent)) fail("source map has no sources/sourcesContent");

  const names = extractNames(findSource(map, "ot/Errors.js"));
  const codes = extractCodes(findSource(map, "ot/exception_codes.js"));
  if (names.length === 0) fail("ot/Errors.js yielded zero OT_* names");
  if (codes.length === 0) fail("ot/exception_codes.js yielded zero constants");

  const problems = [];
  if (version !== EXPECTED.version) problems.push(`version ${version}, fact sheet read ${EXPECTED.version}`);
  if (names.length !== EXPECTED.names) problems.push(`${names.length} OT_* names, fact sheet says ${EXPECTED.names}`);
  if (codes.length !== EXPECTED.codes) problems.push(`${codes.length} ExceptionCodes constants, fact sheet says ${EXPECTED.codes}`);
  if (problems.length) fail(`counts differ from the fact sheet: ${problems.join("; ")}`);

  const json = JSON.stringify({ version, names, codes }, null, 2) + "\n";
  const outPath = process.argv[2];
  if (outPath) fs.writeFileSync(outPath, json);
  else process.stdout.write(json);
  process.stderr.write(`extract-opentok: ${version}: ${names.length} names, ${codes.length} codes\n`);
}

main();
