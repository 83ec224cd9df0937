// What errcat must answer for each real Socket.IO observation: the table of tests/real_clients.rs (checked
// there against data/socketio.toml and the committed captures), read from that file so there is one table.
import { readFileSync } from "node:fs";

const source = readFileSync(new URL("../../../tests/real_clients.rs", import.meta.url), "utf8");
const row = /\(\s*"([\w]+)",\s*"(\w+)",\s*"(\w+)",\s*"(\w+)",\s*"(\w+)",\s*"(\w+)"\s*\)/g;

export const expected = new Map();
for (const m of source.matchAll(row)) {
  expected.set(`${m[1]}/${m[2]}/${m[3]}`, { category: m[4], retry: m[5], actor: m[6] });
}
if (expected.size < 40) throw new Error(`tests/real_clients.rs: only ${expected.size} expectations read`);
