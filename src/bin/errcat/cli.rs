//! The command line's definition: one clap command, from which the parser, `--help`, the shell completions
//! and the man page all come.

use std::fmt::Display;
use std::str::FromStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use errcat::{Actor, Category, Confidence, Domain, MatchedBy, Platform, Provider, RecordFields, Retry};

/// Exit statuses, as documented in `--help` ([`exit_status_help`]) and the README.
pub const EXIT_OK: u8 = 0;
/// Some query or line is not in the catalogue (its fallback is still printed), or the input could not be read.
pub const EXIT_UNKNOWN: u8 = 1;
/// Usage error: bad option or query, contradictory filters; nothing is looked up.
pub const EXIT_USAGE: u8 = 2;
/// The output could not be written (a closed pipe, a full disk).
pub const EXIT_WRITE: u8 = 3;

const ABOUT: &str = "What a Vonage Video (OpenTok), Socket.IO or Zoom Cobrowse error means: its category, whether to \
                     retry, who must act, and what to tell the user.";

#[derive(Debug, Parser)]
#[command(
    name = "errcat",
    version,
    about = ABOUT,
    disable_version_flag = true,
    override_usage = "errcat [OPTIONS] QUERY...\n       errcat [OPTIONS] --stdin\n       errcat [OPTIONS] <COMMAND>"
)]
pub struct Cli {
    /// Error keys (1006, OT_NOT_CONNECTED, socketio:server:transport close) or error texts; `-` reads stdin
    #[arg(value_name = "QUERY", allow_negative_numbers = true)]
    pub queries: Vec<String>,

    /// Read every query as an error text, never as a key
    #[arg(long)]
    pub text: bool,

    /// Read one error payload (JSON object) or error text per line from stdin; write one JSON object per line
    #[arg(long)]
    pub stdin: bool,

    /// Print the version and the catalogue's version
    #[arg(short = 'V', long)]
    pub version: bool,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub stream: StreamArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How answers are printed; accepted before or after a subcommand.
#[derive(Debug, Args, Clone, Copy)]
pub struct OutputArgs {
    /// JSON Lines: one object per match, with the `query` it answers
    #[arg(long, global = true)]
    pub json: bool,

    /// One line per match: `provider platform key  category/retry/actor  user message` (default for list and search)
    #[arg(long, global = true, conflicts_with = "long")]
    pub short: bool,

    /// A block per match with every field (default for lookups)
    #[arg(long, global = true)]
    pub long: bool,

    /// Colour and bold headings: auto (when stdout is a terminal and NO_COLOR is unset), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// How `--stdin` writes its records; only with `--stdin`.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Stream options (with --stdin)")]
pub struct StreamArgs {
    /// Short records: line, id, provider, platform, category, retry, actor, severity, expected, known,
    /// confidence, fingerprint, ambiguous and observed.code
    #[arg(long, conflicts_with = "fields")]
    pub compact: bool,

    /// Only these record fields, comma-separated, e.g. `line,id,category,observed` (an unknown name lists them all)
    #[arg(long, value_name = "LIST", value_parser = parse_fields)]
    pub fields: Option<RecordFields>,

    /// After the stream, counts by category, retry, actor, severity and entry, the commonest unknown
    /// fingerprints and the bad lines: on stderr as text, or as a last JSON record (`--summary=record`)
    #[arg(long, value_name = "WHERE", value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "stderr")]
    pub summary: Option<SummaryTo>,

    /// Threads that classify (default: the machine's cores); the output is the same whatever the number
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,

    /// Exit 0 even when lines are unknown or bad (for hosts such as ClickHouse executable UDFs that treat any
    /// other status as a failure); failures to read or write still exit non-zero
    #[arg(long)]
    pub exit_zero: bool,
}

impl StreamArgs {
    /// Whether any option was given.
    pub fn any(&self) -> bool {
        self.compact || self.fields.is_some() || self.summary.is_some() || self.threads.is_some() || self.exit_zero
    }
}

/// `--summary`: where the summary goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryTo {
    /// As text on stderr
    Stderr,
    /// As a last JSON record on stdout: {"summary": {...}}
    Record,
}

fn parse_fields(text: &str) -> Result<RecordFields, String> {
    text.parse::<RecordFields>().map_err(|e| e.to_string())
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// When stdout is a terminal and NO_COLOR is not set
    Auto,
    /// Always, even when piped
    Always,
    /// Never
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List catalogue entries, optionally filtered (one line each unless --long or --json)
    List(ListArgs),
    /// Find entries whose name, aliases, messages or hints contain the words, best matches first
    Search {
        /// Words to look for (case-insensitive; a word matches the start of a word in the entry)
        #[arg(value_name = "WORD", required = true, allow_negative_numbers = true)]
        words: Vec<String>,
    },
    /// The long form of one answer, like `rustc --explain`: what it means, whether the SDK retries, the likely
    /// causes ranked with the check for each, what to tell the user, the sources (paged on a terminal)
    Explain {
        /// Error keys or texts (like lookups); `-` reads one JSON payload or error text per stdin line
        #[arg(value_name = "KEY", required = true, allow_negative_numbers = true, allow_hyphen_values = true)]
        keys: Vec<String>,
    },
    /// Print a shell completion script (for example: errcat completions bash > /etc/bash_completion.d/errcat)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout (for example: errcat man > errcat.1)
    Man,
    /// Print the version and the catalogue's version
    Version,
}

/// `errcat list` filters; each narrows the list, and contradictory ones are a usage error.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this provider
    #[arg(long, value_name = "PROVIDER", value_parser = EnumParser::<Provider>::new("provider", Provider::ALL))]
    pub provider: Option<Provider>,
    /// Only this platform
    #[arg(long, value_name = "PLATFORM", value_parser = EnumParser::<Platform>::new("platform", Platform::ALL))]
    pub platform: Option<Platform>,
    /// Only this error domain (code space)
    #[arg(long, value_name = "DOMAIN", value_parser = EnumParser::<Domain>::new("domain", Domain::ALL))]
    pub domain: Option<Domain>,
    /// Only this category
    #[arg(long, value_name = "CATEGORY", value_parser = EnumParser::<Category>::new("category", Category::ALL))]
    pub category: Option<Category>,
    /// Only this retry advice
    #[arg(long, value_name = "RETRY", value_parser = EnumParser::<Retry>::new("retry", Retry::ALL))]
    pub retry: Option<Retry>,
    /// Only this actor
    #[arg(long, value_name = "ACTOR", value_parser = EnumParser::<Actor>::new("actor", Actor::ALL))]
    pub actor: Option<Actor>,
    /// Queries given after `list` (an error: list takes none)
    #[arg(hide = true, allow_hyphen_values = true)]
    pub extra: Vec<String>,
}

/// A value parser for the library's enums: their `FromStr` (aliases included), their names for completions,
/// and an error message that lists the accepted values.
#[derive(Clone)]
pub struct EnumParser<T: 'static> {
    kind: &'static str,
    all: &'static [T],
}

impl<T> EnumParser<T> {
    fn new(kind: &'static str, all: &'static [T]) -> Self {
        EnumParser { kind, all }
    }
}

impl<T> TypedValueParser for EnumParser<T>
where
    T: FromStr + Display + Clone + Send + Sync + 'static,
{
    type Value = T;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.parse::<T>().map_err(|_| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("unknown {} `{text}`; expected one of {}\n", self.kind, join(self.all)),
            )
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.all.iter().map(|v| PossibleValue::new(v.to_string()))))
    }
}

/// `a, b, c`.
pub fn join<T: Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// The exit statuses, for `--help`, the man page and the README.
pub fn exit_status_help() -> String {
    format!(
        "EXIT STATUS:\n\
         \x20   {EXIT_OK}  every query (or stdin line) matched a catalogue entry; search found something\n\
         \x20   {EXIT_UNKNOWN}  some query or line is not in the catalogue (its fallback answer is still printed),\n\
         \x20      a search found nothing, or the input could not be read\n\
         \x20   {EXIT_USAGE}  usage error (bad option or query, contradictory list filters); nothing is looked up\n\
         \x20   {EXIT_WRITE}  the output could not be written (a closed pipe such as `errcat list | head -1`,\n\
         \x20      a full disk); nothing more is printed when the pipe was closed\n"
    )
}

/// The text after the options in `--help`: every input form, every `matched_by` and `confidence` value, the
/// providers, platforms and domains (all from the library's types), and the exit statuses.
pub fn after_help() -> String {
    let mut scopes = String::new();
    for &p in Provider::ALL {
        let platforms = Platform::of(p);
        let domains = Domain::of(p);
        scopes.push_str(&format!(
            "    {p:<9} platforms: {}; domains: {}\n",
            if platforms.is_empty() { "none".to_string() } else { join(platforms) },
            if domains.is_empty() { "none".to_string() } else { join(domains) },
        ));
    }
    format!(
        "INPUT FORMS:
    errcat 1006                             a code: every provider that uses it
    errcat vonage:1006                      provider:key
    errcat vonage:ios:1015                  provider:platform:key
    errcat vonage:android:publisher:2000    provider:platform:domain:key
    errcat OT_NOT_CONNECTED                 a name or reason (exact, then ignoring case)
    errcat 'socketio:server:transport close'
    errcat 'Error: xhr poll error'          a query that is no key is read as an error text
    errcat --text 1006                      every query read as an error text
    errcat --stdin  (or errcat -)           one JSON payload or error text per stdin line,
                                            e.g. {{\"message\":\"xhr poll error\",\"type\":\"TransportError\",\"description\":403}}
    errcat --stdin --compact --summary      short records, and counts on stderr at the end
    errcat --stdin --fields line,id,category,observed --exit-zero
    errcat list [--provider P] [--platform X] [--domain D] [--category C] [--retry R] [--actor A]
    errcat search WORDS...                  entries whose name, aliases, messages or hints hold the words
    errcat explain 'xhr poll error'         the long form: meaning, SDK retries, ranked causes and checks
    errcat explain - < payloads.jsonl       the same for one payload or error text per stdin line
    errcat completions bash|zsh|fish        a completion script;  errcat man: the man page
    errcat help | --help,  errcat version | --version

  Text forms read: JavaScript (Error:, Uncaught, Unhandled Rejection (NAME):), exception class names
  (Java/Android, Python, .NET), NSError descriptions, logcat and Flutter log prefixes, Socket.IO Swift log
  tags, NAME: message, a trailing (code), a JSON error object inside the text.

PROVIDERS (aliases: opentok, socket.io, zoom):
{scopes}
ANSWERS:
    matched_by, how an answer was reached:
        {}
    confidence, how sure it is:
        {}
    An unknown key prints the provider's fallback advice with \"known\": false, the closest catalogue keys
    on stderr, and exit status 1. Several providers for a bare key: a one-line summary comes first.

{}
Results go to stdout, diagnostics to stderr. NO_COLOR turns colour off unless --color always.",
        join(MatchedBy::ALL),
        join(Confidence::ALL),
        exit_status_help(),
    )
}

/// The whole command, with the generated help text: for parsing, completions and the man page alike.
pub fn command() -> clap::Command {
    Cli::command().after_help(after_help())
}
