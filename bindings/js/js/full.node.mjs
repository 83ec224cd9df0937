// `errcat/full` for Node (ES module).
import * as base from "./node.mjs";
import texts from "./texts.js";
import { withTexts } from "./api.js";

export const { classify, lookup, entries, catalogueVersion } = withTexts(base, texts);
