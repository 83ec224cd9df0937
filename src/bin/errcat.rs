//! `errcat`: look up Vonage Video, Socket.IO and Zoom Cobrowse errors from the command line.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use errcat::{entries, lookup, Classification, Entry, Platform, Provider, Query, QueryError, Report, VerdictReport};

const HELP: &str = "\
errcat: what an SDK error means, whether to retry, who must act, what to tell the user.

USAGE:
    errcat [--json] [--text] QUERY...
    errcat list [--provider P] [--platform X] [--json]
    errcat --stdin            (or: errcat -)
    errcat --help | --version

QUERY is [provider[:platform][:domain]:]key
    1006                              every entry with code 1006, all providers
    vonage:1006                       Vonage only
    vonage:ios:1015                   Vonage iOS only
    vonage:android:publisher:2000     Vonage Android, publisher domain
    OT_NOT_CONNECTED                  by name (exact, then ignoring case)
    \"transport close\"                 a Socket.IO reason (client and server)
    socketio:server:transport close   the server-side reason only
    cobrowse:1011  SESSION_JOIN_FAILED

    A query that is no key is read as an error text, as an app logged it:
    \"Error: xhr poll error\"
    \"io.socket.engineio.client.EngineIOException: websocket error\"
    \"Error Domain=OTSessionErrorDomain Code=1004 \\\"...\\\" UserInfo={...}\"
    \"Unhandled Rejection (OT_AUTHENTICATION_ERROR): Invalid token format (1004)\"
    Text forms read: JavaScript (Error:, Uncaught, Unhandled Rejection (NAME):),
    exception class names (Java/Android, Python, .NET), NSError descriptions,
    logcat and Flutter log prefixes, Socket.IO Swift log tags, NAME: message,
    a trailing (code). The answer says how sure it is (confidence: exact, refined,
    inferred, ambiguous, unknown).

    providers: vonage (alias opentok), socketio (socket.io), cobrowse (zoom)
    platforms: vonage web|ios|android|linux;
               socketio client|server (JavaScript) and the ports java|swift|python|dart|dotnet
    domains:   vonage session|publisher|subscriber|signal|socket_close;
               socketio engine_io|http_status|socket_close

STDIN MODE:
    --stdin, -    read one SDK error payload (a JSON object) or error text per line, and
                  write one JSON object per input line, in order, with its \"line\"
                  number, \"matched_by\" (name, code, code+platform, message, http_status,
                  shape, text, fallback), \"confidence\" and \"ambiguous\"; a line read as
                  text carries \"input\":\"text\". A bad line (invalid UTF-8, empty, over
                  1 MiB, or starting with { or [ but not a JSON object) gives
                  {\"line\":N,\"error\":...,\"known\":false} and the stream goes on.
                  Example lines:
                  {\"name\":\"OT_NOT_CONNECTED\",\"code\":1010,\"message\":\"...\"}
                  {\"message\":\"xhr poll error\",\"type\":\"TransportError\",\"description\":403}
                  {\"provider\":\"cobrowse\",\"code\":1011}

OPTIONS:
    --json        JSON Lines: one object per match (unknown keys: \"known\": false)
    --text        read every query as an error text, never as a key
    --provider P  with list: only provider P
    --platform X  with list: only platform X
    -h, --help    this text
    -V, --version version and catalogue version

EXIT STATUS:
    0  every query (or stdin line) matched a catalogue entry
    1  some query or line is unknown (its fallback answer is still printed) or unreadable
    2  usage error (bad option, unreadable query); nothing is looked up

Results go to stdout, diagnostics to stderr.
";

/// Exit statuses, as documented in `--help`.
const EXIT_OK: u8 = 0;
const EXIT_UNKNOWN: u8 = 1;
const EXIT_USAGE: u8 = 2;

enum Command {
    Help,
    Version,
    Lookup { json: bool, text: bool, queries: Vec<String> },
    List { json: bool, provider: Option<Provider>, platform: Option<Platform> },
    Stdin,
}

fn parse_args(args: Vec<String>) -> Result<Command, String> {
    let mut json = false;
    let mut text = false;
    let mut provider = None;
    let mut platform = None;
    let mut queries = Vec::new();
    let mut list = false;
    let mut stdin = false;
    let mut only_queries = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if only_queries {
            queries.push(arg);
            continue;
        }
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--json" => json = true,
            "--text" => text = true,
            "--stdin" | "-" => stdin = true,
            "--" => only_queries = true,
            "--provider" | "--platform" => {
                let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
                if arg == "--provider" {
                    provider = Some(value.parse::<Provider>().map_err(|_| {
                        format!("unknown provider `{value}`; expected one of vonage, socketio, cobrowse")
                    })?);
                } else {
                    platform = Some(value.parse::<Platform>().map_err(|_| {
                        format!("unknown platform `{value}`; expected one of web, ios, android, linux, client, server, java, swift, python, dart, dotnet")
                    })?);
                }
            }
            "list" if queries.is_empty() && !list => list = true,
            s if s.starts_with('-') && s.len() > 1 && s.parse::<i64>().is_err() => {
                return Err(format!("unknown option `{s}`"));
            }
            _ => queries.push(arg),
        }
    }
    if stdin {
        if list || !queries.is_empty() {
            return Err("--stdin reads payloads from standard input; it takes no queries and no `list`".into());
        }
        return Ok(Command::Stdin);
    }
    if list {
        if !queries.is_empty() {
            return Err(format!("`list` takes no queries (got `{}`)", queries[0]));
        }
        return Ok(Command::List { json, provider, platform });
    }
    if provider.is_some() || platform.is_some() {
        return Err("--provider and --platform go with `list`; for lookups write provider:platform:key".into());
    }
    if queries.is_empty() {
        return Err("no query given".into());
    }
    Ok(Command::Lookup { json, text, queries })
}

fn main() -> ExitCode {
    let args: Vec<String> = match std::env::args_os().skip(1).map(|a| a.into_string()).collect() {
        Ok(args) => args,
        Err(bad) => {
            eprintln!("errcat: argument {bad:?} is not valid UTF-8");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let command = match parse_args(args) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("errcat: {message}\nRun `errcat --help` for usage.");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = match command {
        Command::Help => out.write_all(HELP.as_bytes()).map(|_| EXIT_OK),
        Command::Version => writeln!(
            out,
            "errcat {} (catalogue {}, {} entries)",
            env!("CARGO_PKG_VERSION"),
            errcat::CATALOGUE_VERSION,
            entries().len()
        )
        .map(|_| EXIT_OK),
        Command::List { json, provider, platform } => list(&mut out, json, provider, platform),
        Command::Lookup { json, text, queries } => run_queries(&mut out, json, text, &queries),
        Command::Stdin => errcat::classify_stream(io::stdin().lock(), &mut out).map(|summary| {
            if summary.all_known() {
                EXIT_OK
            } else {
                EXIT_UNKNOWN
            }
        }),
    };
    match result.and_then(|code| out.flush().map(|_| code)) {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`errcat list | head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("errcat: cannot write output: {e}");
            ExitCode::from(EXIT_UNKNOWN)
        }
    }
}

fn run_queries(out: &mut impl Write, json: bool, text: bool, queries: &[String]) -> io::Result<u8> {
    // `None`: read the query as an error text (`--text`, or a prefix that is no provider: `Error: ...`).
    let mut parsed = Vec::with_capacity(queries.len());
    for q in queries {
        match Query::parse(q) {
            _ if text => parsed.push(None),
            Ok(query) => parsed.push(Some(query)),
            Err(QueryError::UnknownProvider { given, .. }) => {
                if let Some(p) = close_provider(&given) {
                    eprintln!("errcat: `{given}` is not a provider (did you mean `{p}`?); reading the query as text");
                }
                parsed.push(None)
            }
            Err(e) => {
                eprintln!("errcat: {e}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    let mut status = EXIT_OK;
    for (query, q) in parsed.iter().zip(queries) {
        let found = match query {
            Some(query) => {
                let mut found = false;
                for entry in lookup(query.scope, query.key) {
                    found = true;
                    print_report(out, json, &Report::from_entry(entry))?;
                }
                found
            }
            None => false,
        };
        if found {
            continue;
        }
        // Not a key: read it as the text an app logged.
        let observation = errcat::read_text(q);
        let verdict = observation.classify();
        if verdict.classification.known {
            print_verdict(out, json, &VerdictReport::new(&verdict, &observation))?;
            continue;
        }
        status = EXIT_UNKNOWN;
        eprintln!("errcat: `{}` is not in the catalogue", q.trim());
        match query {
            Some(query) => {
                let c = Classification::unknown(query.scope.provider);
                print_report(out, json, &Report::from_classification(&c, query.scope, query.key))?;
            }
            None => print_verdict(out, json, &VerdictReport::new(&verdict, &observation))?,
        }
    }
    Ok(status)
}

/// The provider name a mistyped prefix is closest to (at most two edits), if any.
fn close_provider(given: &str) -> Option<&'static str> {
    let given = given.to_ascii_lowercase();
    ["vonage", "opentok", "socketio", "socket.io", "cobrowse", "zoom"]
        .into_iter()
        .find(|name| edit_distance(&given, name) <= 2 && given.len() >= 3)
}

/// Levenshtein distance over bytes (short ASCII words).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A text's verdict: the report, then how it was read and every reading when ambiguous.
fn print_verdict(out: &mut impl Write, json: bool, v: &VerdictReport<'_>) -> io::Result<()> {
    if json {
        #[derive(serde::Serialize)]
        struct TextOut<'a> {
            input: &'static str,
            #[serde(flatten)]
            verdict: &'a VerdictReport<'a>,
        }
        serde_json::to_writer(&mut *out, &TextOut { input: "text", verdict: v }).map_err(io::Error::from)?;
        return writeln!(out);
    }
    writeln!(out, "read as text: confidence {}, matched by {}", v.confidence, v.matched_by)?;
    if v.ambiguous {
        writeln!(out, "several readings fit; the advice below is what is safe for all of them:")?;
        for c in &v.candidates {
            let mut title: Vec<String> = vec![c.provider.to_string()];
            title.extend(c.platform.map(|p| p.to_string()));
            title.extend(c.domain.map(|d| d.to_string()));
            title.extend(c.code.map(|n| n.to_string()));
            title.extend(c.name.map(str::to_string));
            writeln!(out, "  - {}: {}/{}/{}", title.join(" "), c.category, c.retry, c.actor)?;
        }
    }
    print_report(out, false, &v.report)
}

fn list(out: &mut impl Write, json: bool, provider: Option<Provider>, platform: Option<Platform>) -> io::Result<u8> {
    let selected = entries()
        .iter()
        .filter(|e| provider.is_none_or(|p| e.provider == p))
        .filter(|e| platform.is_none_or(|p| e.platform == Some(p)));
    for entry in selected {
        if json {
            print_report(out, true, &Report::from_entry(entry))?;
        } else {
            list_line(out, entry)?;
        }
    }
    Ok(EXIT_OK)
}

fn list_line(out: &mut impl Write, e: &Entry) -> io::Result<()> {
    writeln!(out, "{e}\t{}/{}/{}\t{}", e.category, e.retry, e.actor, e.user_message)
}

fn print_report(out: &mut impl Write, json: bool, r: &Report<'_>) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, r).map_err(io::Error::from)?;
        return writeln!(out);
    }
    let mut title: Vec<String> = Vec::new();
    title.extend(r.provider.map(|p| p.to_string()));
    title.extend(r.platform.map(|p| p.to_string()));
    title.extend(r.domain.map(|d| d.to_string()));
    title.extend(r.code.map(|c| c.to_string()));
    match (r.name, r.aliases.first()) {
        (Some(name), _) => title.push(name.to_string()),
        (None, Some(alias)) => title.push(format!("({alias})")),
        (None, None) => {}
    }
    if !r.known {
        title.push("(not in the catalogue; fallback answer)".to_string());
    }
    writeln!(out, "{}", title.join(" "))?;
    writeln!(out, "  category:  {}", r.category)?;
    writeln!(out, "  retry:     {}", r.retry)?;
    writeln!(out, "  actor:     {}", r.actor)?;
    writeln!(out, "  user:      {}", r.user_message)?;
    writeln!(out, "  developer: {}", r.developer_hint)?;
    if let Some(raised_by) = r.raised_by {
        writeln!(out, "  raised by: {raised_by}")?;
    }
    if !r.aliases.is_empty() {
        writeln!(out, "  aliases:   {}", r.aliases.join(", "))?;
    }
    if !r.with_codes.is_empty() {
        let codes: Vec<String> = r.with_codes.iter().map(i64::to_string).collect();
        writeln!(out, "  with codes: {}", codes.join(", "))?;
    }
    if !r.with_names.is_empty() {
        writeln!(out, "  with names: {}", r.with_names.join(", "))?;
    }
    if let Some(v) = r.versions {
        writeln!(out, "  versions:  {v}")?;
    }
    if r.legacy {
        writeln!(out, "  legacy:    not raised by current SDKs")?;
    }
    if let Some(n) = r.note {
        writeln!(out, "  note:      {n}")?;
    }
    if let Some(url) = r.doc_url {
        writeln!(out, "  docs:      {url}")?;
    }
    for (i, s) in r.sources.iter().enumerate() {
        let label = if i == 0 { "sources:" } else { "" };
        writeln!(out, "  {label:<10} [{}] {} ({}; read {})", s.key, s.location(), s.what, s.read)?;
    }
    writeln!(out)
}
