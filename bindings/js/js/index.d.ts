// Types of the errcat package. Field names and strings are those of `errcat --json` (snake_case); the
// helpers added in JavaScript are camelCase.

// The unions below are written by build.sh from the enumerations of errcat's core.
/*@UNIONS@*/

/** Where a fact comes from (empty in the default entry point; see `errcat/full`). */
export interface Source {
  readonly provider: Provider;
  readonly key: string;
  readonly what: string;
  readonly url?: string;
  readonly package?: string;
  readonly path?: string;
  readonly read: string;
}

/** A catalogue entry or answer, as `errcat --json` prints it, plus helpers. */
export interface Report {
  /** The entry's stable id; null when unknown or ambiguous. */
  id: string | null;
  provider: Provider | null;
  platform: Platform | null;
  domain: Domain | null;
  code: number | null;
  name: string | null;
  category: Category;
  retry: Retry;
  actor: Actor;
  severity: Severity;
  expected: boolean;
  /** Safe to show end users. */
  user_message: string;
  /** What a developer should check ("" in the default entry point except for ambiguous and unknown answers). */
  developer_hint: string;
  known: boolean;
  sources: readonly Source[];
  doc_url: string | null;
  raised_by: string | null;
  aliases: readonly string[];
  with_codes: readonly number[];
  with_names: readonly string[];
  when_message: readonly string[];
  messages: readonly string[];
  readings: readonly string[];
  versions: string | null;
  legacy: boolean;
  note: string | null;
  /** Retrying without any change may succeed (`backoff`, `throttled`, `automatic`, `reconnect`). */
  isRetryable: boolean;
  /** The connection is gone and the SDK will not restore it: the app must connect again. */
  shouldReconnect: boolean;
  /** Get a fresh token, then retry. */
  needsNewCredentials: boolean;
}

/** Another reading of an ambiguous input. */
export interface Candidate {
  provider: Provider;
  platform: Platform | null;
  domain: Domain | null;
  code: number | null;
  name: string | null;
  category: Category;
  retry: Retry;
  actor: Actor;
}

/** The answer for one input. */
export interface Verdict extends Report {
  matched_by: MatchedBy;
  confidence: Confidence;
  /** A stable key to group by (16 hex digits). */
  fingerprint: string;
  ambiguous: boolean;
  candidates: Candidate[];
  operation: string | null;
  /** What arrived: the code, name, message (cut at 200 characters) and reason as the input held them. */
  observed: { code: number | null; name: string | null; message: string | null; reason: string | null };
}

/** What the caller knows: the SDK whose handler this is, its platform, the code space, the event. */
export interface Hints {
  provider?: Provider;
  platform?: Platform;
  domain?: Domain;
  event?: string;
}

/** An error as a handler holds it: an Error or plain object, a JSON string, a text, a code or a name. */
export type ErrorInput = object | string | number | bigint;

/** Classify an error; never fails for an input (throws TypeError only for a hint that is no provider, platform or domain). */
export function classify(input: ErrorInput, hints?: Hints): Verdict;
/** Every entry a key finds: a code, a name, or `provider:platform:key`. */
export function lookup(key: string | number): Report[];
/** Every catalogue entry. */
export function entries(): Report[];
/** The catalogue's data revision. */
export const catalogueVersion: string;
