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

/** A likely cause of an error, most frequent first, with the check that confirms or rules it out. */
export interface Cause {
  readonly cause: string;
  readonly check: string;
  readonly actor: Actor;
  readonly sources: readonly Source[];
}

/** Retry numbers for an app's own backoff, and what the SDK already does by itself. */
export interface RetryPolicy {
  readonly initial_ms: number;
  readonly max_ms: number;
  readonly max_attempts: number;
  /** Attempts the SDK makes by itself (0: none). */
  readonly sdk_retries: number | "unlimited";
  readonly sdk_note: string;
  readonly sources: readonly Source[];
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
  /** Ranked causes (empty in the default entry point; see `errcat/full`). */
  causes: readonly Cause[];
  /** Retry numbers where the advice is to back off (null in the default entry point; see `errcat/full`). */
  retry_policy: RetryPolicy | null;
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
