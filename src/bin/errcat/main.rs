//! `errcat`: look up Vonage Video, Socket.IO and Zoom Cobrowse errors from the command line.

mod cli;
mod explain;
mod find;
mod render;

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::FromArgMatches;
use errcat::{
    entries, lookup, Classification, Entry, Provider, Query, QueryError, RecordFields, Report, Scope, StreamOptions,
    VerdictReport,
};

use cli::{Cli, Command, ListArgs, OutputArgs, SummaryTo, EXIT_OK, EXIT_UNKNOWN, EXIT_USAGE, EXIT_WRITE};
use render::{safe, warn, Record, Style};

/// What to print and how.
struct Printer {
    json: bool,
    /// `Some(true)`: `--short`; `Some(false)`: `--long`; `None`: the command's default.
    short: Option<bool>,
    style: Style,
}

impl Printer {
    fn new(o: OutputArgs) -> Printer {
        let short = if o.short {
            Some(true)
        } else if o.long {
            Some(false)
        } else {
            None
        };
        Printer { json: o.json, short, style: Style::detect(o.color) }
    }

    /// A known or fallback answer.
    fn report(
        &self,
        out: &mut impl Write,
        query: Option<&str>,
        r: &Report<'_>,
        id: Option<&'static str>,
        short_default: bool,
    ) -> io::Result<()> {
        if self.json {
            return render::json_line(out, &Record { query, input: None, id, answer: r });
        }
        if self.short.unwrap_or(short_default) {
            render::short_line(out, &self.style, r)
        } else {
            render::long_block(out, &self.style, r, id)
        }
    }

    fn entry(
        &self,
        out: &mut impl Write,
        query: Option<&str>,
        e: &'static Entry,
        short_default: bool,
    ) -> io::Result<()> {
        self.report(out, query, &Report::from_entry(e), Some(e.id()), short_default)
    }

    /// An error text's verdict.
    fn verdict(
        &self,
        out: &mut impl Write,
        query: &str,
        v: &VerdictReport<'_>,
        id: Option<&'static str>,
    ) -> io::Result<()> {
        if self.json {
            return render::json_line(out, &Record { query: Some(query), input: Some("text"), id, answer: v });
        }
        render::verdict(out, &self.style, self.short.unwrap_or(false), v, id)
    }
}

fn main() -> ExitCode {
    let matches = match cli::command().color(help_color()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let printer = Printer::new(cli.output);
    let stdout = io::stdout();
    let mut out = BufWriter::new(render::Output::new(stdout.lock()));
    let result = run(cli, &printer, &mut out);
    let result = result.and_then(|code| out.flush().map(|_| code));
    let write_failed = out.get_ref().failed;
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`errcat list | head -1`): nothing more to say, but not a success either.
        Err(_) if write_failed == Some(io::ErrorKind::BrokenPipe) => ExitCode::from(EXIT_WRITE),
        Err(e) if write_failed.is_some() => {
            warn(&format!("cannot write the output: {e}"));
            ExitCode::from(EXIT_WRITE)
        }
        // Only `--stdin` reads: the input is what failed.
        Err(e) => {
            warn(&format!("cannot read standard input: {e}"));
            ExitCode::from(EXIT_UNKNOWN)
        }
    }
}

/// `--color` as given, for clap's own help and error texts, which are printed before the options are read
/// (clap's `auto` already honours NO_COLOR and a terminal).
fn help_color() -> clap::ColorChoice {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let given = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--color") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(value) => value.strip_prefix('='),
        None => None,
    });
    match given {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

/// Help and version requests print and succeed; anything else is a usage error (status 2), reported with the
/// offending input escaped.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return ExitCode::from(if e.print().is_ok() { EXIT_OK } else { EXIT_WRITE });
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(EXIT_USAGE);
        }
        _ => {}
    }
    let rendered = e.render().to_string();
    let rendered = rendered.strip_prefix("error: ").unwrap_or(&rendered);
    let message = match (e.kind(), e.get(ContextKind::InvalidArg)) {
        (ErrorKind::UnknownArgument, Some(ContextValue::String(arg))) => {
            let mut m = format!("unknown option `{arg}`");
            let name = arg.split('=').next().unwrap_or(arg);
            if ["--provider", "--platform", "--domain", "--category", "--retry", "--actor"].contains(&name) {
                m.push_str(&format!(
                    "; {name} goes with `list` (errcat list {name} ...); for lookups write provider:platform:key"
                ));
            }
            let rest = rendered.split_once('\n').map_or("", |(_, rest)| rest);
            format!("{m}\n{}", rest.trim_end())
        }
        _ => rendered.trim_end().to_string(),
    };
    warn(&message);
    ExitCode::from(EXIT_USAGE)
}

fn run(cli: Cli, printer: &Printer, out: &mut impl Write) -> io::Result<u8> {
    if cli.version {
        return version(out);
    }
    if cli.command.is_some() && (cli.text || cli.stdin) {
        let flag = if cli.text { "--text" } else { "--stdin" };
        warn(&format!("{flag} goes with lookups, not with a subcommand\nRun `errcat --help` for usage."));
        return Ok(EXIT_USAGE);
    }
    match cli.command {
        Some(Command::List(args)) => return list(out, printer, &args),
        Some(Command::Search { words }) => return search(out, printer, &words),
        Some(Command::Explain { keys }) => return explain::run(out, printer.json, &printer.style, &keys),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut cli::command(), "errcat", out);
            return Ok(EXIT_OK);
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(cli::command()).render(out)?;
            return Ok(EXIT_OK);
        }
        Some(Command::Version) => return version(out),
        None => {}
    }
    let stdin = cli.stdin || cli.queries.iter().any(|q| q == "-");
    if stdin {
        if cli.queries.iter().any(|q| q != "-") || cli.text {
            warn("--stdin reads payloads from standard input; it takes no queries and no --text\nRun `errcat --help` for usage.");
            return Ok(EXIT_USAGE);
        }
        return stream(out, &cli.stream);
    }
    if cli.stream.any() {
        warn(
            "--compact, --fields, --summary, --threads and --exit-zero go with --stdin\nRun `errcat --help` for usage.",
        );
        return Ok(EXIT_USAGE);
    }
    if cli.queries.is_empty() {
        warn("no query given\nRun `errcat --help` for usage.");
        return Ok(EXIT_USAGE);
    }
    run_queries(out, printer, cli.text, &cli.queries)
}

/// `--stdin`: classify every line, then the summary if asked.
fn stream(out: &mut impl Write, args: &cli::StreamArgs) -> io::Result<u8> {
    let fields = if args.compact { RecordFields::COMPACT } else { args.fields.unwrap_or(RecordFields::FULL) };
    let threads = match args.threads {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let options = StreamOptions::default().fields(fields).threads(threads);
    let summary = errcat::classify_stream_with(io::stdin(), &mut *out, &options)?;
    match args.summary {
        Some(SummaryTo::Record) => {
            #[derive(serde::Serialize)]
            struct Last<'a> {
                summary: &'a errcat::StreamSummary,
            }
            serde_json::to_writer(&mut *out, &Last { summary: &summary }).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Some(SummaryTo::Stderr) => eprint!("{}", render::summary(&summary)),
        None => {}
    }
    Ok(if summary.all_known() || args.exit_zero { EXIT_OK } else { EXIT_UNKNOWN })
}

fn version(out: &mut impl Write) -> io::Result<u8> {
    writeln!(
        out,
        "errcat {} (catalogue {}, {} entries)",
        env!("CARGO_PKG_VERSION"),
        errcat::CATALOGUE_VERSION,
        entries().len()
    )?;
    Ok(EXIT_OK)
}

fn run_queries(out: &mut impl Write, printer: &Printer, text: bool, queries: &[String]) -> io::Result<u8> {
    // `None`: read the query as an error text (`--text`, or a prefix that is no provider: `Error: ...`).
    let mut parsed = Vec::with_capacity(queries.len());
    for q in queries {
        match Query::parse(q) {
            _ if text => parsed.push(None),
            Ok(query) => parsed.push(Some(query)),
            Err(QueryError::UnknownProvider { given, .. }) => {
                if let Some(p) = close_provider(&given) {
                    warn(&format!("`{given}` is not a provider (did you mean `{p}`?); reading the query as text"));
                }
                parsed.push(None)
            }
            Err(e) => {
                warn(&e.to_string());
                return Ok(EXIT_USAGE);
            }
        }
    }
    let mut status = EXIT_OK;
    for (query, q) in parsed.iter().zip(queries) {
        if let Some(query) = query {
            let found: Vec<&'static Entry> = lookup(query.scope, query.key).collect();
            if !found.is_empty() {
                if !printer.json && query.scope.provider.is_none() {
                    summary_line(out, &printer.style, q, &found)?;
                }
                for e in found {
                    printer.entry(out, Some(q), e, false)?;
                }
                continue;
            }
        }
        // Not a key: read it as the text an app logged.
        let observation = errcat::read_text(q);
        let verdict = observation.classify();
        let id = verdict.classification.entry.map(Entry::id);
        if verdict.classification.known {
            printer.verdict(out, q, &VerdictReport::new(&verdict, &observation), id)?;
            continue;
        }
        status = EXIT_UNKNOWN;
        warn(&format!("`{}` is not in the catalogue", q.trim()));
        let (given, scope) = match query {
            Some(query) => (key_text(q), query.scope),
            None => (q.as_str(), Scope::ANY),
        };
        suggest(given, scope);
        match query {
            Some(query) => {
                let c = Classification::unknown(query.scope.provider);
                printer.report(out, Some(q), &Report::from_classification(&c, query.scope, query.key), None, false)?;
            }
            None => printer.verdict(out, q, &VerdictReport::new(&verdict, &observation), None)?,
        }
    }
    Ok(status)
}

/// The key part of a query: after the last `:` of a `provider:...:` prefix, when there is one.
fn key_text(q: &str) -> &str {
    let q = q.trim();
    match q.split_once(':') {
        Some((head, _)) if head.parse::<Provider>().is_ok() => {
            let mut rest = q;
            // Drop the provider and any platform or domain segments Query::parse accepted.
            while let Some((head, tail)) = rest.split_once(':') {
                let head = head.trim();
                if head.parse::<Provider>().is_ok()
                    || head.parse::<errcat::Platform>().is_ok()
                    || head.parse::<errcat::Domain>().is_ok()
                {
                    rest = tail;
                } else {
                    break;
                }
            }
            rest.trim()
        }
        _ => q,
    }
}

/// Near-misses for an unknown key on stderr; else a pointer to `errcat search`.
fn suggest(given: &str, scope: Scope) {
    let suggestions = find::near_misses(given, scope);
    if suggestions.is_empty() {
        if given.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return; // a number: no word to search for
        }
        let words: Vec<String> = find::words(given).take(6).collect();
        if !words.is_empty() {
            warn(&format!("to look for words in the catalogue's messages: errcat search {}", words.join(" ")));
        }
        return;
    }
    let listed: Vec<String> =
        suggestions.iter().map(|s| format!("`{}` ({})", s.key, cli::join(&s.providers))).collect();
    warn(&format!("did you mean {}?", listed.join(", ")));
}

/// `7 matches in 3 providers (vonage 5, socketio 1, cobrowse 1); add a prefix such as socketio:1006`, when a
/// bare key matches entries of several providers.
fn summary_line(out: &mut impl Write, style: &Style, q: &str, found: &[&'static Entry]) -> io::Result<()> {
    let mut counts: Vec<(Provider, usize)> = Vec::new();
    for e in found {
        match counts.iter_mut().find(|(p, _)| *p == e.provider) {
            Some((_, n)) => *n += 1,
            None => counts.push((e.provider, 1)),
        }
    }
    if counts.len() < 2 {
        return Ok(());
    }
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let fewest = counts.iter().min_by_key(|&&(_, n)| n).map(|&(p, _)| p).unwrap_or(Provider::Vonage);
    let listed: Vec<String> = counts.iter().map(|(p, n)| format!("{p} {n}")).collect();
    let mut example = format!("{fewest}:{}", q.trim());
    if example.contains(char::is_whitespace) {
        example = format!("'{example}'");
    }
    let line = format!(
        "{} matches in {} providers ({}); add a prefix such as {}",
        found.len(),
        counts.len(),
        listed.join(", "),
        safe(&example)
    );
    writeln!(out, "{}\n", style.bold(&line))
}

/// The provider name a mistyped prefix is closest to (at most two edits), if any.
fn close_provider(given: &str) -> Option<&'static str> {
    ["vonage", "opentok", "socketio", "socket.io", "cobrowse", "zoom"]
        .into_iter()
        .find(|name| given.len() >= 3 && find::edit_distance(given, name) <= 2)
}

fn list(out: &mut impl Write, printer: &Printer, args: &ListArgs) -> io::Result<u8> {
    if let Some(extra) = args.extra.first() {
        warn(&format!("`list` takes no queries (got `{extra}`); filter with --provider, --platform, --category, --retry, --actor\nRun `errcat list --help` for usage."));
        return Ok(EXIT_USAGE);
    }
    let scope = match Scope::new(args.provider, args.platform, args.domain) {
        Ok(scope) => scope,
        Err(e) => {
            warn(&format!("contradictory filters: {e}"));
            return Ok(EXIT_USAGE);
        }
    };
    let selected = entries()
        .iter()
        .filter(|e| scope.provider.is_none_or(|p| e.provider == p))
        .filter(|e| scope.platform.is_none_or(|p| e.platform == Some(p)))
        .filter(|e| scope.domain.is_none_or(|d| e.domain == Some(d)))
        .filter(|e| args.category.is_none_or(|c| e.category == c))
        .filter(|e| args.retry.is_none_or(|r| e.retry == r))
        .filter(|e| args.actor.is_none_or(|a| e.actor == a));
    let mut any = false;
    for entry in selected {
        any = true;
        printer.entry(out, None, entry, true)?;
    }
    if !any {
        warn("no entry matches these filters");
    }
    Ok(EXIT_OK)
}

fn search(out: &mut impl Write, printer: &Printer, words: &[String]) -> io::Result<u8> {
    let (hits, all) = find::search(words);
    let query = words.join(" ");
    if hits.is_empty() {
        warn(&format!("no entry holds `{query}`"));
        return Ok(EXIT_UNKNOWN);
    }
    if !all {
        warn("no entry holds every word; showing those that hold some, most first");
    }
    for hit in hits {
        printer.entry(out, Some(&query), hit.entry, true)?;
    }
    Ok(EXIT_OK)
}
