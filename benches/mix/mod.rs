//! A realistic mix of the lines `errcat --stdin` reads, for benchmarks and tests: OpenTok.js error objects,
//! iOS `NSError` and Android `OpentokError` dictionaries, Linux codes, Socket.IO `connect_error` and
//! `disconnect` shapes, Cobrowse `session_error` payloads and pasted error texts, built from the catalogue's
//! own entries; about 10% unknown keys and 1% bad lines (truncated JSON, invalid UTF-8, empty).
//!
//! Deterministic: the same `lines` and `seed` give the same bytes.

use errcat::{entries, Entry, Platform, Provider};

/// A small linear congruential generator: reproducible without a crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// One line for a catalogue entry, in the shape its SDK hands over.
fn entry_line(e: &Entry, rng: &mut Lcg) -> String {
    let message = e.messages.first().copied().unwrap_or("request failed");
    let name = e.name.unwrap_or("");
    match (e.provider, e.platform) {
        (Provider::Vonage, Some(Platform::Ios)) => match e.code {
            Some(code) => format!(
                r#"{{"domain":"OT{}ErrorDomain","code":{code},"userInfo":{{"NSLocalizedDescription":{}}}}}"#,
                e.domain.map_or("Session".to_string(), |d| capitalized(&d.to_string())),
                quoted(message)
            ),
            None => format!(r#"{{"platform":"ios","reason":{}}}"#, quoted(name)),
        },
        (Provider::Vonage, Some(Platform::Android)) => format!(
            r#"{{"errorDomain":"{}ErrorDomain","errorCode":{},"message":{}}}"#,
            e.domain.map_or("Session".to_string(), |d| capitalized(&d.to_string())),
            e.code.map_or(quoted(name), |c| c.to_string()),
            quoted(message)
        ),
        (Provider::Vonage, Some(Platform::Linux)) => match e.code {
            Some(code) => {
                format!(r#"{{"provider":"vonage","platform":"linux","code":{code},"message":{}}}"#, quoted(message))
            }
            None => format!(r#"{{"provider":"vonage","platform":"linux","name":{}}}"#, quoted(name)),
        },
        (Provider::Vonage, _) => match (e.name, e.code) {
            (Some(n), _) if n.starts_with("OT_") => {
                let code = e.with_codes.first().copied().or(e.code).unwrap_or(1000);
                format!(
                    r#"{{"name":{},"code":{code},"message":{},"stack":"Error\n    at t.publish (opentok.js:2:{})"}}"#,
                    quoted(n),
                    quoted(message),
                    rng.below(90000)
                )
            }
            (_, Some(code)) => format!(r#"{{"code":{code},"title":"Connect Failed","message":{}}}"#, quoted(message)),
            (Some(n), None) => format!(r#"{{"reason":{}}}"#, quoted(n)),
            (None, None) => format!(r#"{{"message":{}}}"#, quoted(message)),
        },
        (Provider::SocketIo, _) => match (rng.below(4), e.code) {
            (_, Some(code)) => format!(r#"{{"code":{code},"message":{}}}"#, quoted(name)),
            (0, None) => format!("Error: {name}"),
            (1, None) => format!(r#"{{"reason":{},"description":{{"code":1006}}}}"#, quoted(name)),
            _ => format!(r#"{{"message":{},"type":"TransportError","description":0}}"#, quoted(name)),
        },
        (Provider::Cobrowse, _) => match e.code {
            Some(code) => format!(r#"{{"code":{code},"errorMsg":{}}}"#, quoted(message)),
            None => format!(r#"{{"provider":"cobrowse","name":{}}}"#, quoted(name)),
        },
        _ => format!(r#"{{"message":{}}}"#, quoted(message)),
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// A line errcat does not know: a new name, code or message with per-event numbers in it.
fn unknown_line(rng: &mut Lcg) -> String {
    let n = rng.next() % 100_000;
    match rng.below(4) {
        0 => format!(
            r#"{{"name":"OT_FUTURE_ERROR_{}","code":{},"message":"Something new happened for stream {n}"}}"#,
            n % 7,
            3000 + n % 13
        ),
        1 => format!(r#"{{"message":"room {n} is full (user u{n})","data":{{"retryAfter":{}}}}}"#, n % 30),
        2 => format!(r#"{{"code":{},"errorMsg":"Unexpected state {n}"}}"#, 9000 + n % 11),
        _ => format!("Unhandled rejection: request {n} timed out after {} ms", n % 5000),
    }
}

/// A line that is not a readable payload.
fn bad_line(rng: &mut Lcg) -> Vec<u8> {
    match rng.below(3) {
        0 => br#"{"name":"OT_NOT_CONNECTED","code":15"#.to_vec(),
        1 => b"{\"message\":\"xhr poll error\xff\"}".to_vec(),
        _ => Vec::new(),
    }
}

/// `lines` lines, each ending in `\n`.
pub fn mix(lines: usize, seed: u64) -> Vec<u8> {
    let all: Vec<&Entry> = entries().iter().collect();
    let mut rng = Lcg(seed);
    let mut out = Vec::with_capacity(lines * 100);
    for _ in 0..lines {
        match rng.below(100) {
            0 => out.extend_from_slice(&bad_line(&mut rng)),
            1..=10 => out.extend_from_slice(unknown_line(&mut rng).as_bytes()),
            _ => {
                let e = all[rng.below(all.len())];
                out.extend_from_slice(entry_line(e, &mut rng).as_bytes());
            }
        }
        out.push(b'\n');
    }
    out
}
