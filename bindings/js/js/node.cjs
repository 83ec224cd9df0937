"use strict";
// Default entry for Node (CommonJS): reads errcat_bg.wasm synchronously.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const glue = require("./glue.cjs");
const { makeApi } = require("./api.cjs");

glue.initSync({ module: readFileSync(join(__dirname, "errcat_bg.wasm")) });

module.exports = makeApi(glue);
