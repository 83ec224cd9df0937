// Must NOT compile under `tsc --strict`: each line misuses the types.
import { classify, lookup } from "errcat";

const v = classify(new Error("x"));
const a: number = v.category; // a category is a string union
const b: "backoff" | "never" = v.retry; // not every retry value
classify("x", { provider: "twilio" }); // no such provider
classify("x", { platfrom: "web" }); // misspelt hint
const c: string = v.id; // id may be null
lookup(); // a key is required
v.candidates[0].category = "nope"; // not a category
console.log(a, b, c);
