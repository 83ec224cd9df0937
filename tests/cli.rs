//! The `errcat` binary: query forms, `--json` shape, `list`, exit statuses 0/1/2.
#![cfg(all(feature = "json", feature = "cli"))]

use std::process::{Command, Output, Stdio};

fn errcat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat")).args(args).stdin(Stdio::null()).output().expect("errcat runs")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

#[test]
fn bare_number_prints_every_provider() {
    let out = errcat(&["--json", "1006"]);
    assert_eq!(status(&out), 0);
    let rows = json_lines(&out);
    let providers: std::collections::BTreeSet<_> = rows.iter().map(|r| r["provider"].as_str().unwrap()).collect();
    assert_eq!(providers.into_iter().collect::<Vec<_>>(), ["cobrowse", "socketio", "vonage"]);
    assert!(rows.iter().all(|r| r["code"] == 1006 && r["known"] == true));
}

#[test]
fn json_rows_have_the_contract_fields() {
    let out = errcat(&["--json", "vonage:web:OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    for field in [
        "provider",
        "platform",
        "code",
        "name",
        "category",
        "retry",
        "actor",
        "user_message",
        "developer_hint",
        "known",
        "sources",
        "doc_url",
    ] {
        assert!(r.get(field).is_some(), "missing {field} in {r}");
    }
    assert_eq!(r["provider"], "vonage");
    assert_eq!(r["platform"], "web");
    assert_eq!(r["name"], "OT_NOT_CONNECTED");
    assert_eq!(r["category"], "state");
    assert!(r["code"].is_i64() || r["code"].is_null());
}

#[test]
fn query_forms_narrow_the_scope() {
    let rows = json_lines(&errcat(&["--json", "vonage:1006"]));
    assert!(rows.len() >= 2 && rows.iter().all(|r| r["provider"] == "vonage"));
    let rows = json_lines(&errcat(&["--json", "vonage:ios:1015"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "ios");
    let rows = json_lines(&errcat(&["--json", "socketio:server:transport close"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "server");
    let rows = json_lines(&errcat(&["--json", "transport close"]));
    assert_eq!(rows.len(), 6);
    let rows = json_lines(&errcat(&["--json", "socketio:python:transport close"]));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["platform"], "python");
    // A broad code lists its refined readings after it; code and name find the same entries.
    // Each record carries the query it answers; apart from that, the two halves are the same entries.
    let mut rows = json_lines(&errcat(&["--json", "cobrowse:1011", "SESSION_JOIN_FAILED"]));
    let half = rows.len() / 2;
    assert!(half > 1 && rows.len() == 2 * half, "{}", rows.len());
    let queries: Vec<_> = rows.iter_mut().map(|r| r.as_object_mut().unwrap().remove("query").unwrap()).collect();
    assert!(queries[..half].iter().all(|q| q == "cobrowse:1011"), "{queries:?}");
    assert!(queries[half..].iter().all(|q| q == "SESSION_JOIN_FAILED"), "{queries:?}");
    assert_eq!(rows[..half], rows[half..]);
    assert!(rows[1..half].iter().all(|r| !r["when_message"].as_array().unwrap().is_empty()));
}

#[test]
fn unknown_key_prints_a_fallback_and_exits_1() {
    let out = errcat(&["--json", "vonage:424242", "OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 1);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["known"], false);
    assert_eq!(rows[0]["provider"], "vonage");
    assert_eq!(rows[0]["code"], 424242);
    assert_eq!(rows[1]["known"], true);
    assert!(String::from_utf8_lossy(&out.stderr).contains("`vonage:424242` is not in the catalogue"));
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["vonage:iso:1015"], "`iso` is not a vonage platform or domain"),
        (vec!["vonage:web:"], "no code or name after the prefix"),
        (vec!["--frobnicate"], "unknown option `--frobnicate`"),
        (vec![], "no query given"),
        (vec!["  "], "empty query"),
        (vec!["list", "--provider", "twilio"], "unknown provider `twilio`"),
        (vec!["--text"], "no query given"),
        (vec!["list", "1006"], "`list` takes no queries"),
        (vec!["--text", "list"], "--text goes with lookups"),
        (vec!["--stdin", "search", "x"], "--stdin goes with lookups"),
        (vec!["list", "--provider", "socketio", "--platform", "web"], "contradictory filters"),
        (vec!["completions", "tcsh"], "tcsh"),
    ] {
        let out = errcat(&args);
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed results");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn list_prints_every_entry_and_filters() {
    let all = json_lines(&errcat(&["list", "--json"]));
    assert_eq!(all.len(), errcat::entries().len());
    let cobrowse = json_lines(&errcat(&["list", "--provider", "cobrowse", "--json"]));
    assert_eq!(cobrowse.len(), errcat::entries_of(errcat::Provider::Cobrowse).count());
    assert!(cobrowse.iter().all(|r| r["provider"] == "cobrowse"));
    let text = errcat(&["list"]);
    assert_eq!(status(&text), 0);
    assert_eq!(String::from_utf8(text.stdout).unwrap().lines().count(), errcat::entries().len());
}

#[test]
fn human_output_has_one_block_per_match() {
    let out = errcat(&["OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("vonage web"), "{text}");
    assert!(text.contains("\n  category:  state\n"), "{text}");
    assert!(text.contains("\n  user:      "), "{text}");
}

#[test]
fn help_and_version_exit_0() {
    let help = errcat(&["--help"]);
    assert_eq!(status(&help), 0);
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("EXIT STATUS"));
    let version = errcat(&["--version"]);
    assert_eq!(status(&version), 0);
    assert!(String::from_utf8(version.stdout).unwrap().contains(errcat::CATALOGUE_VERSION));
}

/// The documented status of an output that could not be written (issue 11: not 0, not 1).
const EXIT_WRITE: i32 = 3;

#[test]
fn closed_stdout_is_not_a_panic() {
    // `errcat list | head -1`: the reader goes away early. Quiet (no panic, no message), but status 3: the
    // output was not all written.
    for args in [&["list", "--json"][..], &["list"], &["1006"], &["search", "connect"], &["man"]] {
        // The pipe's reader is closed before errcat starts, so every write fails (no race with the reader).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_errcat")).args(args).stdout(writer).output().unwrap();
        assert_eq!(status(&out), EXIT_WRITE, "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_failed_write_has_its_own_status_and_says_so() {
    // A full disk: status 3 and a message naming the output, not the input.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_errcat")).args(["list"]).stdout(full).output().unwrap();
    assert_eq!(status(&out), EXIT_WRITE);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the output"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_prefix_that_is_no_provider_is_read_as_text() {
    // A typo in the provider: read as text (nothing known in it), with a hint on stderr.
    let out = errcat(&["vonag:1006"]);
    assert_eq!(status(&out), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `vonage`"), "{err}");
    // Pasted texts from each provider.
    for (text, needle) in [
        ("Error: xhr poll error", "socketio client xhr poll error"),
        ("io.socket.engineio.client.EngineIOException: websocket error", "websocket error"),
        ("Error Domain=OTSessionErrorDomain Code=1004 \"x\" UserInfo={}", "vonage ios session 1004"),
        ("Unhandled Rejection (OT_NOT_CONNECTED): Session is not connected", "OT_NOT_CONNECTED"),
    ] {
        let out = errcat(&[text]);
        let printed = String::from_utf8_lossy(&out.stdout);
        assert!(printed.starts_with("read as text"), "{text}: {printed}");
        assert!(printed.contains(needle), "{text}: {printed}");
    }
    // --text never reads a key: `1006` as text is a bare number, several readings.
    let out = errcat(&["--json", "--text", "1006"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["input"].as_str(), v["ambiguous"].as_bool()), (Some("text"), Some(true)), "{v}");
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn errcat_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_errcat"));
    cmd.args(args).stdin(Stdio::null()).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("errcat runs")
}

#[test]
fn a_typo_gets_the_closest_keys_on_stderr_and_status_1() {
    let out = errcat(&["OT_NOT_CONECTED"]);
    assert_eq!(status(&out), 1, "the status of an unknown key, suggestions or not");
    let err = stderr(&out);
    let line = err.lines().find(|l| l.contains("did you mean")).unwrap_or_else(|| panic!("no suggestion: {err}"));
    assert!(line.contains("`OT_NOT_CONNECTED` (vonage)"), "{line}");
    assert!(line.matches('`').count() / 2 <= 5, "at most five suggestions: {line}");
    assert!(!stdout(&out).contains("did you mean"), "suggestions go to stderr only");
    // Case does not matter, and a prefix finds the keys it begins.
    let err = stderr(&errcat(&["ot_not_connectd"]));
    assert!(err.contains("`OT_NOT_CONNECTED`"), "{err}");
    let err = stderr(&errcat(&["OT_NOT"]));
    assert!(err.contains("`OT_NOT_CONNECTED`"), "{err}");
    // Within the scope the query names: a Socket.IO typo is not answered with Vonage keys.
    let err = stderr(&errcat(&["socketio:transport clse"]));
    assert!(err.contains("`transport close` (socketio)"), "{err}");
    assert!(!err.contains("(vonage)"), "{err}");
    // Nothing close: a pointer to search instead.
    let out = errcat(&["zzzzqqqq wxyzzy"]);
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("errcat search zzzzqqqq wxyzzy"), "{}", stderr(&out));
}

#[test]
fn search_finds_entries_by_message_words_ranked() {
    // Every entry whose SDK messages hold a word of six letters or more is found by that word.
    let mut checked = 0;
    for e in errcat::entries().iter().filter(|e| !e.messages.is_empty()).step_by(7) {
        let Some(word) = e.messages[0]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 6)
            .max_by_key(|w| w.len())
        else {
            continue;
        };
        let out = errcat(&["search", "--json", word]);
        assert_eq!(status(&out), 0, "{word}");
        let rows = json_lines(&out);
        assert!(rows.iter().any(|r| r["id"] == e.id()), "search {word} misses {}", e.id());
        assert!(rows.iter().all(|r| r["query"] == word && r["known"] == true));
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} entries checked");
    // Several words: entries with every word only, those with a key hit first.
    let rows = json_lines(&errcat(&["search", "--json", "not", "connected"]));
    assert_eq!(rows[0]["name"], "OT_NOT_CONNECTED", "{}", rows[0]);
    assert!(rows.iter().all(|r| r["query"] == "not connected"));
    // Short lines by default, one per entry.
    let out = errcat(&["search", "failover"]);
    let text = stdout(&out);
    assert!(text.lines().count() >= 1 && text.lines().all(|l| l.starts_with("cobrowse ")), "{text}");
    // Nothing found: status 1.
    let out = errcat(&["search", "zzzzqqqq"]);
    assert_eq!(status(&out), 1);
    assert!(out.stdout.is_empty());
}

#[test]
fn options_take_their_value_with_or_without_equals() {
    let spaced = errcat(&["list", "--provider", "socketio", "--json"]);
    let joined = errcat(&["list", "--provider=socketio", "--json"]);
    assert_eq!(status(&joined), 0);
    assert_eq!(spaced.stdout, joined.stdout);
    assert!(json_lines(&joined).iter().all(|r| r["provider"] == "socketio"));
    let joined = errcat(&["--color=never", "list", "--platform=ios", "--category=network"]);
    assert_eq!(status(&joined), 0);
    assert!(stdout(&joined).lines().all(|l| l.starts_with("vonage ios ") && l.contains("  network/")));
    // --json before or after the subcommand.
    assert_eq!(errcat(&["--json", "list"]).stdout, errcat(&["list", "--json"]).stdout);
}

#[test]
fn help_and_version_are_subcommands_and_flags() {
    let flag = errcat(&["--help"]);
    let sub = errcat(&["help"]);
    assert_eq!((status(&flag), status(&sub)), (0, 0));
    assert_eq!(flag.stdout, sub.stdout);
    let help = stdout(&flag);
    for needle in ["INPUT FORMS", "EXIT STATUS", "--stdin", "list", "search", "completions", "man", "vonage:ios:1015"] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    // Every matched_by and confidence value the library has, from the library.
    let values_after = |label: &str| -> Vec<String> {
        let start = help.find(label).unwrap_or_else(|| panic!("--help lacks {label}"));
        let line = help[start..].lines().nth(1).unwrap();
        line.split(',').map(|v| v.trim().to_string()).collect()
    };
    let expected: Vec<String> = errcat::MatchedBy::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(values_after("matched_by, how"), expected);
    let expected: Vec<String> = errcat::Confidence::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(values_after("confidence, how"), expected);
    // Every exit status, with 3 for a failed write.
    let statuses = &help[help.find("EXIT STATUS").unwrap()..];
    for code in ["0  ", "1  ", "2  ", "3  "] {
        assert!(statuses.contains(code), "{statuses}");
    }
    for args in [&["version"][..], &["--version"], &["-V"]] {
        let out = errcat(args);
        assert_eq!(status(&out), 0);
        let text = stdout(&out);
        assert!(text.starts_with("errcat ") && text.contains(errcat::CATALOGUE_VERSION), "{args:?}: {text}");
    }
    // A key that is a subcommand's name is looked up after `--`.
    let out = errcat(&["--", "help"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).starts_with("help (not in the catalogue"), "{}", stdout(&out));
}

#[test]
fn control_characters_in_input_never_reach_the_terminal() {
    for hostile in ["\u{1b}]0;title\u{7}", "OT_\u{9b}31m", "x\u{202e}gnp.exe", "a\u{7f}b\rc"] {
        for args in
            [vec![hostile], vec!["--short", hostile], vec!["--text", hostile], vec!["socketio:client:", hostile]]
        {
            let args: Vec<&str> = if args[0] == "socketio:client:" {
                vec![Box::leak(format!("socketio:client:{hostile}").into_boxed_str())]
            } else {
                args
            };
            let out = errcat(&args);
            let (o, e) = (stdout(&out), stderr(&out));
            for text in [&o, &e] {
                assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
                    "{args:?}: {text:?}"
                );
            }
            assert!(o.contains("\\u{") || e.contains("\\u{"), "{args:?}: the escape is shown: {o:?} {e:?}");
        }
        // An unknown option that repeats the input.
        let opt = format!("--{hostile}");
        let out = errcat(&[&opt]);
        assert_eq!(status(&out), 2);
        assert!(!stderr(&out).chars().any(|c| c.is_control() && c != '\n'), "{:?}", stderr(&out));
    }
    // JSON keeps the text, with C1 controls and bidi overrides escaped as \uXXXX too.
    let out = errcat(&["--json", "x\u{9b}y\u{202e}z"]);
    let raw = stdout(&out);
    assert!(raw.contains("\\u009b") && raw.contains("\\u202e"), "{raw}");
    assert!(!raw.contains('\u{9b}') && !raw.contains('\u{202e}'));
    assert_eq!(json_lines(&out)[0]["query"], "x\u{9b}y\u{202e}z");
}

#[test]
fn short_prints_one_line_per_match_and_is_the_default_for_list() {
    let out = errcat(&["--short", "vonage:web:OT_NOT_CONNECTED"]);
    assert_eq!(status(&out), 0);
    let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    assert_eq!(
        stdout(&out),
        format!("vonage web OT_NOT_CONNECTED  {}/{}/{}  {}\n", e.category, e.retry, e.actor, e.user_message)
    );
    // `list` prints the same lines by default; --long gives blocks.
    let list = stdout(&errcat(&["list", "--provider", "vonage", "--platform", "web"]));
    assert!(list.lines().any(|l| format!("{l}\n") == stdout(&out)), "{list}");
    let long = stdout(&errcat(&["list", "--long", "--provider", "cobrowse"]));
    assert!(long.contains("\n  category:  "));
    // Several matches: one line each (after the summary line).
    let out = stdout(&errcat(&["--short", "socketio:transport close"]));
    assert_eq!(out.lines().count(), 6, "{out}");
}

#[test]
fn a_bare_key_of_several_providers_is_summarised_first() {
    let out = errcat(&["--color", "never", "1006"]);
    assert_eq!(status(&out), 0);
    let text = stdout(&out);
    let rows = json_lines(&errcat(&["--json", "1006"]));
    let count = |p: &str| rows.iter().filter(|r| r["provider"] == p).count();
    let mut counts = [("vonage", count("vonage")), ("socketio", count("socketio")), ("cobrowse", count("cobrowse"))];
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let listed: Vec<String> = counts.iter().map(|(p, n)| format!("{p} {n}")).collect();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "{} matches in 3 providers ({}); add a prefix such as ",
            rows.len(),
            listed.join(", ")
        )),
        "{first}"
    );
    // The example prefix is a provider with the fewest matches, and it works.
    let example = first.rsplit(' ').next().unwrap();
    assert!(example.ends_with(":1006"), "{example}");
    let narrowed = json_lines(&errcat(&["--json", example]));
    assert_eq!(narrowed.len(), counts[2].1);
    // No summary in JSON, nor with a prefix, nor for one provider.
    assert!(json_lines(&errcat(&["--json", "1006"])).iter().all(|r| r.get("provider").is_some()));
    assert!(!stdout(&errcat(&["vonage:1006"])).contains("matches in"));
    assert!(!stdout(&errcat(&["transport close"])).contains("matches in"));
}

#[test]
fn list_filters_and_rejects_contradictions() {
    let all = errcat::entries();
    for (flag, value, keep) in [
        (
            "--category",
            "network",
            &(|e: &errcat::Entry| e.category == errcat::Category::Network) as &dyn Fn(&errcat::Entry) -> bool,
        ),
        ("--retry", "never", &|e: &errcat::Entry| e.retry == errcat::Retry::Never),
        ("--actor", "end_user", &|e: &errcat::Entry| e.actor == errcat::Actor::EndUser),
        ("--actor", "none", &|e: &errcat::Entry| e.actor == errcat::Actor::Nobody),
    ] {
        let rows = json_lines(&errcat(&["list", "--json", flag, value]));
        let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let expected: Vec<&str> = all.iter().filter(|e| keep(e)).map(|e| e.id()).collect();
        assert!(!expected.is_empty());
        assert_eq!(ids, expected, "{flag} {value}");
    }
    for args in [
        &["list", "--provider", "socketio", "--platform", "web"][..],
        &["list", "--provider", "cobrowse", "--platform", "ios"],
        &["list", "--platform", "client", "--domain", "session"],
    ] {
        let out = errcat(args);
        assert_eq!(status(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(stderr(&out).contains("contradictory"), "{}", stderr(&out));
    }
    let out = errcat(&["list", "--category", "netwrk"]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).contains("unknown category `netwrk`; expected one of authentication"), "{}", stderr(&out));
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = errcat(&["completions", shell]);
        assert_eq!(status(&out), 0, "{shell}");
        let script = stdout(&out);
        for word in ["list", "search", "completions", "provider", "json", "socketio"] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    let out = errcat(&["completions", "tcsh"]);
    assert_eq!(status(&out), 2);
    let out = errcat(&["man"]);
    assert_eq!(status(&out), 0);
    let page = stdout(&out);
    assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{}", &page[..80]);
    for needle in [".TH errcat 1", "SUBCOMMANDS", "EXIT STATUS", env!("CARGO_PKG_VERSION")] {
        assert!(page.contains(needle), "man page lacks {needle}");
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let has_escape = |o: &Output| o.stdout.contains(&0x1b);
    // Piped (as here): plain by default, with or without NO_COLOR.
    assert!(!has_escape(&errcat_env(&["OT_NOT_CONNECTED"], &[])));
    assert!(!has_escape(&errcat_env(&["--color", "never", "OT_NOT_CONNECTED"], &[])));
    assert!(!has_escape(&errcat_env(&["--color", "auto", "list"], &[("NO_COLOR", "1")])));
    // Always: bold heading and coloured category, even piped and with NO_COLOR (the flag wins).
    for env in [&[][..], &[("NO_COLOR", "1")]] {
        let out = errcat_env(&["--color", "always", "OT_NOT_CONNECTED"], env);
        let text = stdout(&out);
        assert!(text.starts_with("\u{1b}[1mvonage web OT_NOT_CONNECTED\u{1b}[0m"), "{text:?}");
        assert!(text.contains("category:  \u{1b}[35mstate\u{1b}[0m"), "{text:?}");
    }
    // JSON is never coloured.
    assert!(!has_escape(&errcat_env(&["--color", "always", "--json", "1006"], &[])));
    // Wrapping needs a terminal: piped lines are whole.
    let text = stdout(&errcat(&["vonage:web:OT_NOT_CONNECTED"]));
    let e = errcat::lookup(errcat::Scope::ANY, errcat::Key::Name("OT_NOT_CONNECTED")).next().unwrap();
    assert!(text.contains(&format!("  developer: {}\n", e.developer_hint)));
}

#[test]
fn json_records_carry_the_query_and_the_id() {
    let rows = json_lines(&errcat(&["--json", "vonage:web:OT_NOT_CONNECTED", "nope:nothing", "zzzz"]));
    assert_eq!(rows[0]["query"], "vonage:web:OT_NOT_CONNECTED");
    assert_eq!(rows[0]["id"], "vonage.web.OT_NOT_CONNECTED");
    assert_eq!((rows[1]["query"].as_str(), rows[1]["input"].as_str()), (Some("nope:nothing"), Some("text")));
    assert_eq!(rows[2]["query"], "zzzz");
    assert!(rows[2]["id"].is_null());
    // list records answer no query.
    assert!(json_lines(&errcat(&["list", "--json"])).iter().all(|r| r.get("query").is_none() && r["id"].is_string()));
}

/// Shell words of a simple command line: spaces separate, double or single quotes group.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => (quote, started) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

#[test]
fn the_readme_examples_run() {
    let readme = include_str!("../README.md");
    let start = readme.find("## The command line\n\n```sh\n").expect("README has the CLI examples") + 27;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let mut ran = 0;
    for line in block.lines() {
        let command = line.split(" # ").next().unwrap().trim();
        if command.contains(['>', '&', '|']) {
            continue; // redirections are the shell's business
        }
        let words = shell_words(command);
        assert_eq!(words[0], "errcat", "{line}");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let out = errcat(&args);
        assert_eq!(status(&out), 0, "README example `{command}` fails: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.is_empty(), "{command}");
        ran += 1;
    }
    assert!(ran >= 15, "{ran}");
}

fn errcat_stdin(args: &[&str], input: impl AsRef<[u8]>, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_errcat"));
    cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("errcat runs");
    child.stdin.take().unwrap().write_all(input.as_ref()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn explain_prints_every_section_with_ranked_causes_and_checks() {
    let out = errcat(&["explain", "socketio:client:xhr poll error"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let sections = [
        "What it means",
        "Does the SDK retry?",
        "Likely causes, most frequent first",
        "What to tell the user",
        "Sources",
    ];
    let mut at = 0;
    for s in sections {
        let found = text[at..].find(s).unwrap_or_else(|| panic!("no section {s:?} after byte {at}:\n{text}"));
        at += found;
    }
    let e = errcat::entries().iter().find(|e| e.id() == "socketio.client.xhr poll error").unwrap();
    // Every cause, in rank order, numbered, with its check; every source with its URL.
    let mut at = 0;
    for (n, c) in e.causes.iter().enumerate() {
        let line = format!("{}. {}", n + 1, c.cause);
        at += text[at..].find(&line).unwrap_or_else(|| panic!("cause {n} missing or out of order"));
        assert!(text[at..].contains(&format!("check: {}", c.check)), "check of cause {n}");
    }
    for s in e.causes.iter().flat_map(|c| c.sources()) {
        assert!(text.contains(&format!("[{}] {}", s.key, s.location())), "source {}", s.key);
    }
    let p = e.retry_policy.unwrap();
    assert!(text.contains(p.sdk_note), "the SDK's own retries are stated");
    assert!(text.contains(&format!("{} ms", p.max_ms)));
}

#[test]
fn explain_json_is_the_record_with_causes_and_retry_numbers() {
    let out = errcat(&["explain", "--json", "socketio:client:ping timeout"]);
    assert_eq!(status(&out), 0);
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["id"], "socketio.client.ping timeout");
    let causes = r["causes"].as_array().unwrap();
    assert!(causes.len() >= 3, "{r}");
    for c in causes {
        for field in ["cause", "check", "actor"] {
            assert!(c[field].as_str().is_some_and(|s| !s.is_empty()), "{field} in {c}");
        }
        assert!(c["sources"].as_array().is_some_and(|s| !s.is_empty() && s.iter().all(|s| s["read"].is_string())));
    }
    assert_eq!(r["retry_policy"]["sdk_retries"], "unlimited");
    assert!(r["retry_policy"]["initial_ms"].as_u64().unwrap() <= r["retry_policy"]["max_ms"].as_u64().unwrap());
}

#[test]
fn explain_merges_the_causes_of_an_ambiguous_key_in_rank_order() {
    let out = errcat(&["explain", "--json", "vonage:web:1006"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["ambiguous"], true);
    let readings: Vec<&str> = r["readings"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert!(readings.len() >= 2, "{r}");
    let entries: Vec<&'static errcat::Entry> =
        readings.iter().map(|id| errcat::entries().iter().find(|e| e.id() == *id).unwrap()).collect();
    assert!(entries.iter().filter(|e| !e.causes.is_empty()).count() >= 2, "two readings with causes to merge");
    let expected: Vec<(&str, &str)> = errcat::merge_causes(&entries).iter().map(|(e, c)| (e.id(), c.cause)).collect();
    let got: Vec<(&str, &str)> = r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["entry"].as_str().unwrap(), c["cause"].as_str().unwrap()))
        .collect();
    assert_eq!(got, expected);
    let mut texts: Vec<&str> = got.iter().map(|(_, c)| *c).collect();
    texts.sort();
    texts.dedup();
    assert_eq!(texts.len(), got.len(), "a cause shared by two readings is listed once");
    // Rank order: every reading's first cause comes before any reading's second one.
    let firsts: Vec<&str> = entries.iter().filter_map(|e| e.causes.first()).map(|c| c.cause).collect();
    let first_positions: Vec<usize> = firsts.iter().filter_map(|f| got.iter().position(|(_, c)| c == f)).collect();
    assert!(first_positions.iter().all(|&p| p < firsts.len()), "{got:?}");
}

#[test]
fn explain_reads_payloads_from_stdin_one_per_line() {
    let input = "{\"message\":\"ping timeout\",\"type\":\"TransportError\"}\nOT_AUTHENTICATION_ERROR: token has expired\n\nno such error at all 12345\n";
    let out = errcat_stdin(&["explain", "--json", "-"], input, &[]);
    assert_eq!(status(&out), 1, "the unknown line gives status 1");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2, "{}", stdout(&out));
    assert!(rows.iter().all(|r| r["causes"].is_array()));
    assert!(stderr(&out).contains("no such error at all"));
}

/// A line that is not UTF-8 is reported with its number; the lines after it are still explained.
#[test]
fn explain_reports_a_bad_stdin_line_and_reads_on() {
    let input =
        b"transport close\n\xff\xfe{\"name\":\"OT_NOT_CONNECTED\"}\r\n{\"truncated\":\n{\"name\":\"OT_AUTHENTICATION_ERROR\"}\r\n";
    let out = errcat_stdin(&["explain", "--json", "-"], input, &[]);
    assert_eq!(status(&out), 1, "the bad line gives status 1");
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2, "{}", stdout(&out));
    assert!(stderr(&out).contains("line 2: not valid UTF-8"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("invalid JSON"),
        "a truncated object is reported as --stdin reports it: {}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("OT_AUTHENTICATION_ERROR"));
}

#[test]
fn explain_never_pages_when_piped() {
    let marker = std::env::temp_dir().join(format!("errcat-pager-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let pager = format!("touch {}", marker.display());
    let out = errcat_env(&["explain", "vonage:web:1004"], &[("PAGER", &pager)]);
    assert_eq!(status(&out), 0);
    assert!(stdout(&out).contains("Likely causes"), "printed to the pipe itself");
    assert!(!marker.exists(), "the pager ran although stdout is a pipe");
}

#[test]
fn explain_of_an_unknown_key_says_so_and_exits_1() {
    let out = errcat(&["explain", "vonage:web:OT_NO_SUCH_THING_AT_ALL"]);
    assert_eq!(status(&out), 1);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("not in the catalogue"));
}
