// Default entry for browsers and bundlers: loads errcat_bg.wasm next to this file (top-level await).
import init, * as glue from "./glue.js";
import { makeApi } from "./api.js";

await init({ module_or_path: new URL("./errcat_bg.wasm", import.meta.url) });

export const { classify, lookup, entries, catalogueVersion } = makeApi(glue);
