// Default entry for Node (ES module): reads errcat_bg.wasm synchronously.
import { readFileSync } from "node:fs";
import * as glue from "./glue.js";
import { makeApi } from "./api.js";

glue.initSync({ module: readFileSync(new URL("./errcat_bg.wasm", import.meta.url)) });

export const { classify, lookup, entries, catalogueVersion } = makeApi(glue);
