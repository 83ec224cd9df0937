// `errcat/full` for browsers and bundlers: the default entry plus developer hints, notes and sources.
import * as base from "./index.js";
import texts from "./texts.js";
import { withTexts } from "./api.js";

export const { classify, lookup, entries, catalogueVersion } = withTexts(base, texts);
