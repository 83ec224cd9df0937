// The package's API over the wasm-bindgen glue. Written once as an ES module; build.sh derives the CommonJS
// copy (api.cjs) from it. Every rule and string comes from errcat's core in the .wasm: this file only reads
// the error object's fields and turns the answers into plain objects.

// The fields errcat's payload reader looks at (src/payload.rs): scalars are copied, objects under these keys
// are read the same way, `data` only counts as present or not.
const SCALAR_KEYS = [
  "name", "errorName", "exception", "code", "errorCode", "error_code", "message", "errorMsg",
  "localizedDescription", "error_string", "msg", "reason", "title", "operation", "method", "api",
  "provider", "vendor", "platform", "domain", "errorDomain", "error_domain", "type", "event", "status",
  "statusCode", "responseText", "description", "body",
];
const OBJECT_KEYS = ["error", "err", "payload", "exception", "cause", "context", "details", "body", "description"];
const MAX_DEPTH = 6;
// The answer memo: how many answers, and the longest input text (or field copy) remembered.
const MEMO_ENTRIES = 512;
const MEMO_MAX_CHARS = 512;

function read(obj, key) {
  try {
    return obj[key];
  } catch {
    // An XMLHttpRequest throws on `responseText` when its responseType is not text.
    return undefined;
  }
}

// What errcat reads, field by field, written as JSON: an Error's `message` and `name` are not enumerable (and
// `name` is inherited), so JSON.stringify would drop them. The `"key":` prefixes are built once.
const SCALAR_PREFIX = SCALAR_KEYS.map((k) => `${JSON.stringify(k)}:`);
const OBJECT_PREFIX = OBJECT_KEYS.map((k) => `${JSON.stringify(k)}:`);

function jsonOf(obj, depth) {
  let out = "";
  for (let i = 0; i < SCALAR_KEYS.length; i++) {
    const v = read(obj, SCALAR_KEYS[i]);
    let text;
    switch (typeof v) {
      case "string":
        text = JSON.stringify(v);
        break;
      case "boolean":
        text = v ? "true" : "false";
        break;
      case "number":
        if (!Number.isFinite(v)) continue;
        text = String(v);
        break;
      default:
        continue;
    }
    out += (out === "" ? "" : ",") + SCALAR_PREFIX[i] + text;
  }
  if (depth < MAX_DEPTH) {
    for (let i = 0; i < OBJECT_KEYS.length; i++) {
      const v = read(obj, OBJECT_KEYS[i]);
      if (v !== null && typeof v === "object") out += (out === "" ? "" : ",") + OBJECT_PREFIX[i] + jsonOf(v, depth + 1);
    }
  }
  const data = read(obj, "data");
  if (data !== undefined && data !== null) out += (out === "" ? "" : ",") + '"data":true';
  return `{${out}}`;
}

function hintText(hints) {
  if (hints === undefined || hints === null) return "";
  const part = (v) => (v === undefined || v === null ? "" : String(v));
  return `${part(hints.provider)}|${part(hints.platform)}|${part(hints.domain)}|${part(hints.event)}`;
}

export function makeApi(glue) {
  const meta = JSON.parse(glue.meta());
  const retryable = new Set(meta.retryable);
  const count = meta.entries;
  const bases = new Array(count);
  const fingerprints = new Array(count);

  function deepFreeze(v) {
    if (v !== null && typeof v === "object") {
      for (const k of Object.keys(v)) deepFreeze(v[k]);
      Object.freeze(v);
    }
    return v;
  }

  function withHelpers(r) {
    r.isRetryable = retryable.has(r.retry);
    r.shouldReconnect = r.retry === "reconnect";
    r.needsNewCredentials = r.retry === "refresh_credentials";
    return r;
  }

  // Entry i's record, parsed once: `id` and errcat's Report, as `errcat --json` prints it.
  function base(i) {
    let b = bases[i];
    if (b === undefined) {
      const parsed = JSON.parse(glue.entry_record(i));
      fingerprints[i] = parsed.fingerprint;
      delete parsed.fingerprint;
      b = bases[i] = deepFreeze(withHelpers(parsed));
    }
    return b;
  }

  function answer(text) {
    if (text.charCodeAt(0) === 35 /* # */) {
      // `#INDEX\tMATCHED_BY\tCONFIDENCE\tOBSERVED\tOPERATION`: OBSERVED is JSON (no raw tab); the operation is
      // the payload's own text (may hold tabs).
      const a = text.indexOf("\t");
      const b = text.indexOf("\t", a + 1);
      const c = text.indexOf("\t", b + 1);
      const d = text.indexOf("\t", c + 1);
      const i = Number(text.slice(1, a));
      const matched_by = text.slice(a + 1, b);
      const confidence = text.slice(b + 1, c);
      const observed = JSON.parse(text.slice(c + 1, d));
      const operation = text.slice(d + 1);
      return {
        ...base(i),
        matched_by,
        confidence,
        fingerprint: fingerprints[i],
        ambiguous: false,
        candidates: [],
        operation: operation === "" ? null : operation,
        observed,
      };
    }
    if (text.charCodeAt(0) === 33 /* ! */) throw new TypeError(`errcat: ${text.slice(1)}`);
    return withHelpers(JSON.parse(text));
  }

  // Answers are pure functions of (input text, hints): the last few hundred short ones are remembered, so
  // the error a handler sees again and again is answered without a call into the .wasm.
  const memo = new Map();
  function remembered(kind, text, h, compute) {
    if (text.length > MEMO_MAX_CHARS) return compute();
    const key = `${kind}${h.length}:${h}${text}`;
    let out = memo.get(key);
    if (out === undefined) {
      out = compute();
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(key, out);
    }
    return out;
  }

  function classifyText(text, h) {
    // A JSON object as text (a logged payload) is read as the object; anything else as an error text.
    if (text.trimStart().startsWith("{")) {
      const out = glue.classify_object(text, h);
      if (out.charCodeAt(0) !== 33 || out.startsWith("!unknown")) return out;
    }
    return glue.classify_text(text, h);
  }

  function classify(input, hints) {
    const h = hintText(hints);
    if (input !== null && typeof input === "object") {
      const json = jsonOf(input, 0);
      return answer(remembered("o", json, h, () => glue.classify_object(json, h)));
    }
    const text = typeof input === "string" ? input : input === undefined || input === null ? "" : String(input);
    return answer(remembered("t", text, h, () => classifyText(text, h)));
  }

  function lookup(key) {
    return Array.from(glue.lookup_indexes(String(key)), (i) => ({ ...base(i) }));
  }

  function entries() {
    const all = new Array(count);
    for (let i = 0; i < count; i++) all[i] = { ...base(i) };
    return all;
  }

  return { classify, lookup, entries, catalogueVersion: meta.catalogue_version };
}

// The developer-facing texts the default .wasm leaves out, merged into answers (the `errcat/full` entry).
export function withTexts(api, texts) {
  for (const s of texts.sources) Object.freeze(s);
  if (texts.catalogue_version !== api.catalogueVersion) {
    throw new Error(`errcat: texts of catalogue ${texts.catalogue_version}, wasm of ${api.catalogueVersion}`);
  }
  function fill(r) {
    const t = r.id === null || r.id === undefined ? undefined : texts.entries[r.id];
    if (t !== undefined) {
      r.developer_hint = t.developer_hint;
      r.note = t.note;
      r.raised_by = t.raised_by;
      r.doc_url = t.doc_url;
      r.versions = t.versions;
      r.sources = t.sources.map((i) => texts.sources[i]);
      r.causes = t.causes.map((c) => ({ ...c, sources: c.sources.map((i) => texts.sources[i]) }));
      r.retry_policy =
        t.retry_policy === null ? null : { ...t.retry_policy, sources: t.retry_policy.sources.map((i) => texts.sources[i]) };
    } else if (r.developer_hint === "" && r.provider) {
      r.developer_hint = texts.fallbacks[r.provider] ?? "";
    }
    return r;
  }
  return {
    classify: (input, hints) => fill(api.classify(input, hints)),
    lookup: (key) => api.lookup(key).map(fill),
    entries: () => api.entries().map(fill),
    catalogueVersion: api.catalogueVersion,
  };
}
