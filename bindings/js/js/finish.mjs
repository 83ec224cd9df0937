// Build step after wasm-bindgen and wasm-opt (called by build.sh): derives the CommonJS copies, the texts
// module of `errcat/full`, the TypeScript unions, then prints each entry point's size, raw and gzipped.
// Usage: node finish.mjs PKG_DIR TEXTS_JSON
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [pkg, textsJson] = process.argv.slice(2);
const at = (f) => join(pkg, f);

// api.cjs: the same code as api.js, as CommonJS.
const api = readFileSync(at("api.js"), "utf8");
const exported = [...api.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
writeFileSync(
  at("api.cjs"),
  `"use strict";\n${api.replace(/^export function /gm, "function ")}\nmodule.exports = { ${exported.join(", ")} };\n`,
);

// glue.cjs: wasm-bindgen's no-modules glue (same .wasm) as CommonJS.
writeFileSync(at("glue.cjs"), `${readFileSync(at("glue.nomodules.js"), "utf8")}\nmodule.exports = wasm_bindgen;\n`);

// texts.js / texts.cjs: the developer-facing texts (JSON.parse of a literal is the fastest way to load data).
const texts = JSON.stringify(JSON.parse(readFileSync(textsJson, "utf8")));
const literal = JSON.stringify(texts);
writeFileSync(at("texts.js"), `export default Object.freeze(JSON.parse(${literal}));\n`);
writeFileSync(at("texts.cjs"), `"use strict";\nmodule.exports = Object.freeze(JSON.parse(${literal}));\n`);

// The TypeScript unions, from the core's enumerations.
const { makeApi } = await import(join(process.cwd(), at("api.js")));
const glue = await import(join(process.cwd(), at("glue.js")));
glue.initSync({ module: readFileSync(at("errcat_bg.wasm")) });
const meta = JSON.parse(glue.meta());
if (meta.catalogue_version !== JSON.parse(texts).catalogue_version) {
  throw new Error("the texts and the .wasm come from different catalogues");
}
makeApi(glue); // fails early when the API cannot start
const unions = Object.entries(meta.values)
  .map(([name, values]) => `export type ${name} = ${values.map((v) => JSON.stringify(v)).join(" | ")};`)
  .join("\n");
const dts = readFileSync(at("index.d.ts"), "utf8").replace("/*@UNIONS@*/", unions);
for (const f of ["index.d.ts", "index.d.cts", "full.d.ts", "full.d.cts"]) writeFileSync(at(f), dts);

// Sizes: what a browser loads for each entry point.
const size = (files) => {
  const bytes = files.map((f) => readFileSync(at(f)));
  const raw = bytes.reduce((n, b) => n + b.length, 0);
  const gz = bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  return `${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`;
};
const browser = ["errcat_bg.wasm", "glue.js", "api.js", "index.js"];
console.log(`size: errcat (default entry, browser: ${browser.join(" ")}): ${size(browser)}`);
console.log(`size:   of which errcat_bg.wasm: ${size(["errcat_bg.wasm"])}`);
console.log(`size: errcat/full (adds texts.js full.js): ${size([...browser, "texts.js", "full.js"])}`);
