// Compiles under `tsc --strict`: how the package is meant to be used.
import { classify, lookup, entries, catalogueVersion, type Verdict, type Category } from "errcat";
import * as full from "errcat/full";

declare const socket: { on(event: "connect_error", handler: (err: Error) => void): void };

socket.on("connect_error", (err) => {
  const v: Verdict = classify(err, { provider: "socketio", platform: "client" });
  const category: Category = v.category;
  if (v.isRetryable && !v.shouldReconnect) console.log(category, v.user_message, v.retry === "backoff");
  for (const c of v.candidates) console.log(c.provider, c.actor);
});

const byName = classify("OT_NOT_CONNECTED");
const byCode: number | null = classify(1006, { provider: "vonage" }).code;
const id: string | null = byName.id;
const hint: string = full.classify({ code: 1011, errorMsg: "x" }, { event: "session_error" }).developer_hint;
const n: number = entries().length + lookup("1006").length + lookup(1006).length;
const version: string = catalogueVersion;
console.log(byCode, id, hint, n, version, byName.confidence === "exact", byName.sources[0]?.url);
