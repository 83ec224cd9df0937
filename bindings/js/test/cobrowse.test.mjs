// Zoom Cobrowse session_error payloads ({ code, errorMsg }): every code in the catalogue, as the SDK hands it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { classify, entries } from "errcat";

const cobrowse = entries().filter((e) => e.provider === "cobrowse" && e.code !== null);

test("every Cobrowse code with the message that selects it is classified as its entry", () => {
  assert.ok(cobrowse.length >= 20, `${cobrowse.length} codes`);
  const wrong = [];
  for (const e of cobrowse) {
    // A reading selected by its message, or a code with one meaning; a broad code alone stays ambiguous.
    const errorMsg = e.when_message[0] ?? e.messages[0];
    const payload = errorMsg === undefined ? { code: e.code } : { code: e.code, errorMsg };
    const v = classify(payload, { event: "session_error" });
    if (e.readings.length > 0) {
      if (!v.ambiguous && v.id !== e.id) wrong.push(`${e.id}: broad code read as ${v.id}`);
      continue;
    }
    // The entry's own message text may be one a refined reading of the same code selects: the narrower wins.
    if (v.id !== e.id && v.id?.startsWith(`${e.id}[`) && e.when_message.length === 0) continue;
    if (v.id !== e.id) {
      // Several entries share this code and this message text: the answer must list this entry.
      const listed = v.candidates.some((c) => c.code === e.code && c.name === e.name);
      if (!listed) wrong.push(`${e.id}: got ${v.id} (${v.confidence})`);
      continue;
    }
    assert.equal(v.provider, "cobrowse");
    assert.deepEqual([v.category, v.retry, v.actor], [e.category, e.retry, e.actor]);
  }
  assert.deepEqual(wrong, []);
});

test("a session_error payload as JSON text and as an object give the same answer", () => {
  for (const e of cobrowse) {
    const payload = { code: e.code, errorMsg: e.when_message[0] ?? e.messages[0] ?? "" };
    const a = classify(payload, { event: "session_error" });
    const b = classify(JSON.stringify({ ...payload, event: "session_error" }));
    assert.deepEqual(b, a, e.id);
  }
});
