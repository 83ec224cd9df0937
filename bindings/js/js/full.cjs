"use strict";
// `errcat/full` for Node (CommonJS).
const { withTexts } = require("./api.cjs");

module.exports = withTexts(require("./node.cjs"), require("./texts.cjs"));
