//! The data validator reports every mistake with its file and entry, and the generator is deterministic.

#[path = "../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;
#[path = "../src/fnv.rs"]
#[allow(dead_code)]
mod fnv;
#[path = "../src/perfect_hash.rs"]
#[allow(dead_code)]
mod perfect_hash;
#[path = "../src/taxonomy.rs"]
#[allow(dead_code)]
mod taxonomy;

use codegen::validate::{jargon_in, validate_file};
use codegen::Diagnostic;

const FILE: &str = "data/vonage.toml";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/validator/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn problems(name: &str) -> Vec<String> {
    match validate_file(FILE, &fixture(name)) {
        Ok(_) => panic!("{name} should be rejected"),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn valid_fixture_passes() {
    let table = validate_file(FILE, &fixture("valid.toml")).expect("valid.toml is valid");
    assert_eq!(table.entries.len(), 1);
    assert_eq!(table.entries[0].code, Some(1006));
}

#[test]
fn syntax_error_names_file_and_line() {
    let p = problems("bad_syntax.toml");
    assert_eq!(p.len(), 1, "{p:?}");
    // The fixture's table header on line 25 is not closed.
    assert_eq!(p[0], "data/vonage.toml:25: TOML syntax error: unclosed array table, expected `]]`");
}

#[test]
fn unknown_field_is_named_with_a_suggestion() {
    let p = problems("unknown_field.toml");
    assert_eq!(
        p,
        ["data/vonage.toml:24: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown field `catgory` (did you mean `category`?)"]
    );
}

#[test]
fn unknown_enum_values_are_each_reported() {
    let p = problems("unknown_enum.toml");
    let entry = |line: usize| format!("data/vonage.toml:{line}: entry 1 (web 1006 \"OT_CONNECT_FAILED\")");
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p[0].starts_with(&format!("{}: unknown category \"netwrk\"; expected one of authentication,", entry(18))),
        "{p:?}"
    );
    assert!(
        p[1].starts_with(&format!("{}: unknown retry \"sometimes\"; expected one of never, backoff", entry(19))),
        "{p:?}"
    );
    assert_eq!(p[2], format!("{}: `actor` = \"End_User\": write it as \"end_user\"", entry(20)));
}

#[test]
fn missing_field_is_reported() {
    assert_eq!(
        problems("missing_field.toml"),
        ["data/vonage.toml:13: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): missing field `user_message`"]
    );
}

#[test]
fn duplicate_keys_name_both_entries() {
    let p = problems("duplicate_key.toml");
    assert_eq!(
        p,
        [
            "data/vonage.toml:25: entry 2 (web 1006 \"OT_OTHER\"): duplicate code 1006 in vonage web: already used by entry 1 (web 1006 \"OT_CONNECT_FAILED\")",
            "data/vonage.toml:37: entry 3 (web 1013 \"OT_CONNECT_FAILED\"): duplicate key \"OT_CONNECT_FAILED\" in vonage web: already used by entry 1 (web 1006 \"OT_CONNECT_FAILED\")",
        ]
    );
}

#[test]
fn code_out_of_range_is_reported() {
    assert_eq!(
        problems("code_out_of_range.toml"),
        ["data/vonage.toml:15: entry 1 (web 100000 \"OT_HUGE\"): `code` 100000 is out of range (-1..=99999)"]
    );
}

#[test]
fn long_user_message_is_reported() {
    let p = problems("message_too_long.toml");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].ends_with("user_message is 200 characters; the limit is 160"), "{p:?}");
}

#[test]
fn jargon_in_user_message_is_reported() {
    assert_eq!(
        problems("jargon.toml"),
        ["data/vonage.toml:21: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): user_message uses jargon an end user will not know: token, webrtc, ice"]
    );
}

#[test]
fn jargon_matches_whole_words_only() {
    assert!(jargon_in("Check your device and notice the service status.").is_empty());
    assert_eq!(jargon_in("The peer  connection failed"), ["peer connection"]);
    assert_eq!(jargon_in("Bad API key"), ["api"]);
}

#[test]
fn empty_file_is_reported() {
    assert_eq!(
        problems("empty.toml"),
        ["data/vonage.toml: the file is empty; it needs a [meta] table, a [fallback] table and [[entry]] tables"]
    );
}

#[test]
fn non_utf8_file_is_reported() {
    let mut bytes = fixture("valid.toml");
    bytes.splice(10..10, [0xff, 0xfe]);
    let diags = validate_file(FILE, &bytes).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0].to_string(),
        "data/vonage.toml:2: not valid UTF-8 (first bad byte at offset 10); save the file as UTF-8"
    );
}

#[test]
fn all_mistakes_in_one_file_are_reported_together() {
    let p = problems("many_mistakes.toml");
    let expected = [
        (23, "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown field `sauce` (did you mean `source`?)"),
        (18, "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown category \"netwrk\""),
        (13, "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): missing field `source`"),
        (33, "entry 2 (web 1006 \"OT_DUPLICATE\"): user_message contains a digit"),
        (38, "entry 3 (client -5 \"OT_NEGATIVE\"): platform `client` is not a vonage platform; expected one of web, ios, android, linux"),
        (39, "entry 3 (client -5 \"OT_NEGATIVE\"): `code` -5 is out of range"),
    ];
    assert_eq!(p.len(), expected.len(), "{p:#?}");
    for (got, (line, want)) in p.iter().zip(expected) {
        assert!(got.starts_with(&format!("data/vonage.toml:{line}: {want}")), "got {got}\nwant line {line}: {want}");
    }
}

#[test]
fn file_name_must_match_provider() {
    let diags = validate_file("data/socketio.toml", &fixture("valid.toml")).unwrap_err();
    assert_eq!(
        diags[0].to_string(),
        "data/socketio.toml:2: [meta]: provider `vonage` does not match the file name; name the file `vonage.toml`"
    );
}

fn real_data() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    codegen::data_files(&dir)
        .unwrap()
        .into_iter()
        .map(|p| {
            // Keep the directory of a platform file (`data/vonage/web.toml`): it tells the generator the provider.
            let relative = p.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
            (format!("data/{relative}"), std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn generated_code_is_deterministic_and_independent_of_file_order() {
    let files = real_data();
    let first = codegen::generate(&files).expect("the shipped data is valid");
    let again = codegen::generate(&files).unwrap();
    let mut reversed = files.clone();
    reversed.reverse();
    let from_reversed = codegen::generate(&reversed).unwrap();
    assert_eq!(first, again);
    assert_eq!(first, from_reversed);
}

#[test]
fn generated_code_is_byte_for_byte_what_the_build_compiled() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let generated = codegen::generate_dir(&dir, "data").expect("the shipped data is valid");
    let compiled = include_str!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
    assert!(generated == compiled, "the generated catalogue differs from the one the build compiled");
    assert!(generated.starts_with("// @generated by build.rs"), "the generated-code header comes first");
    let longest = generated.lines().map(str::len).max().unwrap();
    assert!(longest <= 1000, "generated lines stay readable; the longest has {longest} bytes");
    let version = format!("pub(crate) const CATALOGUE_VERSION: &str = {:?};", errcat::CATALOGUE_VERSION);
    assert!(generated.contains(&version), "CATALOGUE_VERSION is the generated one");
}

#[test]
fn catalogue_version_changes_with_any_byte_of_the_data() {
    let files = real_data();
    let version = |files: &[(String, Vec<u8>)]| {
        let source = codegen::generate(files).unwrap();
        source.lines().find(|l| l.contains("CATALOGUE_VERSION")).unwrap().to_string()
    };
    let original = version(&files);
    let mut edited = files.clone();
    let last = edited.last_mut().unwrap();
    last.1.extend_from_slice(b"\n# a comment changes the revision too\n");
    assert_ne!(version(&edited), original);
    let mut reversed = files.clone();
    reversed.reverse();
    assert_eq!(version(&reversed), original, "file order does not matter");
}

#[test]
fn a_missing_provider_file_is_reported() {
    let files: Vec<_> = real_data().into_iter().filter(|(n, _)| !n.ends_with("cobrowse.toml")).collect();
    let diags = codegen::generate(&files).unwrap_err();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].to_string(), "cobrowse.toml: missing: every provider needs a data file with a [fallback]");
}

/// One web entry named `name`, in data-file form.
fn web_entry(name: &str, extra: &str) -> String {
    format!(
        "\n[[entry]]\nplatform = \"web\"\nname = {name:?}\n{extra}raised_by = \"x\"\ncategory = \"network\"\nretry = \"backoff\"\nactor = \"end_user\"\nuser_message = \"Check your connection and try again.\"\ndeveloper_hint = \"Hint.\"\nsource = [\"test\"]\n"
    )
}

#[test]
fn long_names_that_differ_at_any_byte_build_tables() {
    // Names of 100 bytes that differ from a base name at exactly one position each: the name hash must tell
    // every one apart (it once read only the length and three 8-byte windows, and the build panicked).
    let base: String = (0..100).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let mut vonage = String::from_utf8(fixture("valid.toml")).unwrap();
    vonage.push_str(&web_entry(&base, ""));
    for pos in 0..base.len() {
        let mut name = base.clone().into_bytes();
        name[pos] = b'Z';
        vonage.push_str(&web_entry(std::str::from_utf8(&name).unwrap(), ""));
    }
    let mut files: Vec<_> = real_data().into_iter().filter(|(n, _)| !n.contains("vonage")).collect();
    files.push(("data/vonage.toml".into(), vonage.into_bytes()));
    let source = codegen::generate(&files).expect("long names build without a collision");
    // Names that keep bytes 50..90 of the base: 61 of them, each in an entry line and a name-table row.
    let lines = source.lines().filter(|l| l.contains(&base[50..90])).count();
    assert!(lines >= 2 * 61, "{lines} lines hold the long names");
    for pos in [0, 8, 30, 50, 91, 99] {
        let mut name = base.clone().into_bytes();
        name[pos] = b'Z';
        assert!(source.contains(&format!("{:?}", std::str::from_utf8(&name).unwrap())), "differs at {pos}");
    }
}

#[test]
fn a_broken_entry_does_not_make_its_references_look_broken() {
    // The base entry has a typo; its refined reading must not also be reported as refining nothing.
    let mut text =
        String::from_utf8(fixture("valid.toml")).unwrap().replace("category = \"network\"", "category = \"netwrk\"");
    text.push_str(&web_entry("OT_CONNECT_FAILED", "code = 1006\nwhen_message = [\"firewall\"]\n"));
    let p = match validate_file(FILE, text.as_bytes()) {
        Ok(_) => panic!("the typo is reported"),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect::<Vec<_>>(),
    };
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("unknown category \"netwrk\""), "{p:?}");
}

/// The `[sources]` table every fixture ends with.
const TEST_SOURCE: &str =
    "\n[sources.test]\nwhat = \"A test document\"\nurl = \"https://example.com/errors\"\nread = \"2026-12-01\"\n";

/// The valid fixture with another `[sources]` table and its entry citing it.
fn with_sources(sources: &str) -> String {
    let text = String::from_utf8(fixture("valid.toml")).unwrap().replace("source = [\"test\"]", "source = [\"T-doc\"]");
    let text = text.replace(TEST_SOURCE, "");
    text.replacen("\n\n\n[[entry]]", &format!("\n\n{sources}\n[[entry]]"), 1)
}

const GOOD_SOURCE: &str =
    "[sources.T-doc]\nwhat = \"A test page\"\nurl = \"https://example.com/errors#x\"\nread = \"2026-12-01\"\n";

fn diagnostics(files: &[(&str, String)]) -> Vec<String> {
    let mut all: Vec<_> = real_data().into_iter().filter(|(n, _)| !n.contains("vonage")).collect();
    all.extend(files.iter().map(|(n, t)| (n.to_string(), t.clone().into_bytes())));
    match codegen::generate(&all) {
        Ok(_) => Vec::new(),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect(),
    }
}

#[test]
fn sources_resolve_and_are_reported_by_line() {
    assert_eq!(diagnostics(&[("data/vonage.toml", with_sources(GOOD_SOURCE))]), Vec::<String>::new());

    let text = with_sources(GOOD_SOURCE).replace("[\"T-doc\"]", "[\"T-doc\", \"T-missing\"]");
    let line = 1 + text[..text.find("T-missing").unwrap()].matches('\n').count();
    assert_eq!(
        diagnostics(&[("data/vonage.toml", text)]),
        [format!(
            "data/vonage.toml:{}: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): source \"T-missing\" is not defined in the [sources] table of data/vonage.toml",
            line - 10
        )]
    );

    let unused = format!(
        "{GOOD_SOURCE}\n[sources.T-unused]\nwhat = \"x\"\nurl = \"https://example.com/\"\nread = \"2026-12-01\"\n"
    );
    let text = with_sources(&unused);
    let line = 1 + text[..text.find("[sources.T-unused]").unwrap()].matches('\n').count();
    assert_eq!(
        diagnostics(&[("data/vonage.toml", text)]),
        [format!("data/vonage.toml:{line}: [sources.T-unused]: no entry cites this source; remove it or cite it")]
    );
}

#[test]
fn every_source_problem_is_named() {
    let bad = "[sources.T-doc]\nwhat = \"A test page\"\nurl = \"http://example.com/ x\"\nread = \"2026-13-01\"\n\n\
               [sources.T-pkg]\nwhat = \"A package\"\npackage = \"left-pad\"\npath = \"index.js\"\nread = \"2026-12-01\"\n\n\
               [sources.T-both]\nwhat = \"Both\"\nurl = \"https://example.com/\"\npackage = \"a@1.0.0\"\npath = \"x\"\nread = \"2026-12-01\"\n\n\
               [sources.T-none]\nwhat = \"Nothing\"\nread = \"2026-12-01\"\nwhere = \"?\"\n";
    let p = diagnostics(&[("data/vonage.toml", with_sources(bad))]);
    let expected = [
        "[sources.T-both]: give either `url` or `package` and `path`, not both",
        "[sources.T-doc]: url \"http://example.com/ x\" must be one https:// address",
        "[sources.T-doc]: read \"2026-13-01\" must be a date, YYYY-MM-DD",
        "[sources.T-none]: unknown field `where`",
        "[sources.T-none]: a source needs `url`, or `package` (name@version) and `path` inside it",
        "[sources.T-pkg]: package \"left-pad\" must be name@exact-version",
    ];
    assert_eq!(p.len(), expected.len(), "{p:#?}");
    for (got, want) in p.iter().zip(expected) {
        assert!(got.starts_with("data/vonage.toml:") && got.ends_with(want), "got {got}\nwant {want}");
    }
}

#[test]
fn provenance_is_a_table_not_free_text() {
    // A file without a [sources] table, and an entry whose `source` is a text instead of keys: both rejected.
    let fixture_text = String::from_utf8(fixture("valid.toml")).unwrap();
    let untabled = fixture_text.replace(TEST_SOURCE, "");
    let p = diagnostics(&[("data/vonage.toml", untabled)]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].starts_with("data/vonage.toml:") && p[0].contains("missing table [sources]"), "{p:#?}");

    let text = fixture_text.replace("source = [\"test\"]", "source = \"https://example.com/errors\"");
    let line = 1 + text[..text.find("source = \"https").unwrap()].matches('\n').count();
    // One problem: the broken entry does not also make its source look uncited.
    let p = diagnostics(&[("data/vonage.toml", text)]);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].starts_with(&format!("data/vonage.toml:{line}: entry 1 "))
            && p[0].ends_with("`source` must list keys of the [sources] table, as source = [\"KEY\"], not the text \"https://example.com/errors\""),
        "{p:#?}"
    );
}

#[test]
fn platform_files_take_their_platform_from_the_file_name() {
    let provider = with_sources(GOOD_SOURCE);
    let (head, entry) = provider.split_at(provider.find("[[entry]]").unwrap());
    let ios_entry = entry.replace("platform = \"web\"\n", "").replace("code = 1006", "code = 1004");
    let files = [("data/vonage.toml", head.to_string()), ("data/vonage/ios.toml", ios_entry.clone())];
    assert_eq!(diagnostics(&files), Vec::<String>::new());
    let mut all: Vec<_> = real_data().into_iter().filter(|(n, _)| !n.contains("vonage")).collect();
    all.extend(files.iter().map(|(n, t)| (n.to_string(), t.clone().into_bytes())));
    let generated = codegen::generate(&all).unwrap();
    assert!(generated.contains("platform: Some(Platform::Ios),\n        domain: None,\n        code: Some(1004),"));

    // A platform field in a platform file, a file not named after a platform, and an orphan directory.
    let with_field = format!("{ios_entry}\n{}", ios_entry.replace("code = 1004", "platform = \"ios\"\ncode = 1005"));
    let line = 1 + with_field[..with_field.find("platform = ").unwrap()].matches('\n').count();
    let p = diagnostics(&[
        ("data/vonage.toml", head.to_string()),
        ("data/vonage/ios.toml", with_field),
        ("data/vonage/windows.toml", ios_entry.clone()),
        ("data/zoom/web.toml", ios_entry),
    ]);
    assert_eq!(
        p,
        [
            format!("data/vonage/ios.toml:{line}: entry 2 (ios 1005 \"OT_CONNECT_FAILED\"): remove `platform`: ios.toml holds only ios entries"),
            "data/vonage/windows.toml: a vonage platform file is named after its platform: web.toml, ios.toml, android.toml, linux.toml".to_string(),
            "data/zoom/web.toml: `zoom` is not a provider: platform files go in a directory named after their provider".to_string(),
        ]
    );
}

#[test]
fn each_problem_is_reported_once() {
    // Problems in several files at once: each appears exactly once, and the count is what the files hold.
    let provider = with_sources(GOOD_SOURCE);
    let (head, entry) = provider.split_at(provider.find("[[entry]]").unwrap());
    let broken = entry.replace("platform = \"web\"\n", "").replace("category = \"network\"", "category = \"netwrk\"");
    let p = diagnostics(&[
        ("data/vonage.toml", head.replace("retry = \"backoff\"", "retry = \"often\"")),
        ("data/vonage/web.toml", broken.clone()),
        ("data/vonage/ios.toml", broken),
    ]);
    let unique: std::collections::BTreeSet<&String> = p.iter().collect();
    assert_eq!(unique.len(), p.len(), "{p:#?}");
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn refined_readings_need_distinct_first_substrings() {
    let mut text = String::from_utf8(fixture("valid.toml")).unwrap();
    text.push_str(&web_entry("OT_CONNECT_FAILED", "code = 1006\nwhen_message = [\"firewall\"]\n"));
    text.push_str(&web_entry("OT_CONNECT_FAILED", "code = 1006\nwhen_message = [\"firewall\", \"proxy\"]\n"));
    let p = match validate_file(FILE, text.as_bytes()) {
        Ok(_) => panic!("two refined readings with one id are rejected"),
        Err(diags) => diags.iter().map(Diagnostic::to_string).collect::<Vec<_>>(),
    };
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("its id \"vonage.web.OT_CONNECT_FAILED[firewall]\" is already the id of entry 2"), "{p:?}");
}

#[test]
fn short_texts_drop_only_the_developer_facing_fields() {
    let files = real_data();
    let full = codegen::generate_with(&files, codegen::Texts::Full).unwrap();
    let short = codegen::generate_with(&files, codegen::Texts::Short).unwrap();
    assert_eq!(full, codegen::generate(&files).unwrap(), "generate() is the full catalogue");
    // The short catalogue is the full one with those fields emptied, line for line, and no source.
    let mut expected = String::new();
    let mut in_sources = false;
    let mut emptied = 0;
    // Inside a multi-line `causes` or `retry_policy` value of the full catalogue: the line that ends it.
    let mut skip_to: Option<&str> = None;
    for line in full.lines() {
        if let Some(end) = skip_to {
            if line == end {
                skip_to = None;
            }
            continue;
        }
        if line == "        causes: &[" || line == "        retry_policy: Some(RetryPolicy {" {
            let (field, value, end) = if line.contains("causes") {
                ("causes", "&[]", "        ],")
            } else {
                ("retry_policy", "None", "        }),")
            };
            expected.push_str(&format!("        {field}: {value},\n"));
            emptied += 1;
            skip_to = Some(end);
            continue;
        }
        if line.starts_with("pub(crate) static SOURCES:") {
            expected.push_str("pub(crate) static SOURCES: [Source; 0] = [\n");
            in_sources = true;
            continue;
        }
        if in_sources {
            if line == "];" {
                expected.push_str("];\n");
                in_sources = false;
            }
            continue;
        }
        let field = line.trim_start().split_once(": ").map(|(f, _)| f);
        let emptied_value = match field {
            Some("developer_hint" | "raised_by") if line.starts_with("        ") => Some("\"\""),
            Some("note" | "doc_url" | "versions") if line.starts_with("        ") => Some("None"),
            Some("source_ids") => Some("&[]"),
            Some("causes") if line.starts_with("        ") => Some("&[]"),
            Some("retry_policy") if line.starts_with("        ") => Some("None"),
            _ => None,
        };
        match emptied_value {
            Some(value) => {
                emptied += 1;
                expected.push_str(&format!("        {}: {value},\n", field.unwrap()));
            }
            None => {
                expected.push_str(line);
                expected.push('\n');
            }
        }
    }
    // Every entry has all eight fields (six texts, causes, retry numbers), every fallback a developer hint.
    let entries = full.matches("    Entry {\n").count();
    let fallbacks = full.matches("    Fallback {\n").count();
    assert_eq!(emptied, entries * 8 + fallbacks);
    assert!(short == expected, "the short catalogue differs from the full one beyond the dropped fields");
    assert!(!short.contains("developer_hint: \"A"), "no developer hint is left");
}

#[test]
fn cause_mistakes_are_each_reported_at_their_line() {
    assert_eq!(
        problems("cause_fields.toml"),
        [
            "data/vonage.toml:33: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): cause 2: unknown field `chek` (did you mean `check`?)",
            "data/vonage.toml:32: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): cause 2: `cause` is empty",
            "data/vonage.toml:32: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): cause 2: missing field `check`",
            "data/vonage.toml:34: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): cause 2: unknown actor \"somebody\"; expected one of end_user, developer, operator, vendor, none",
        ]
    );
}

#[test]
fn cause_and_retry_policy_sources_must_resolve() {
    assert_eq!(
        problems("cause_source.toml"),
        [
            "data/vonage.toml:13: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): cause 1: source \"nowhere\" is not defined in the [sources] table of data/vonage.toml",
            "data/vonage.toml:13: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): retry_policy: source \"elsewhere\" is not defined in the [sources] table of data/vonage.toml",
        ]
    );
}

#[test]
fn retry_policy_numbers_and_placement_are_checked() {
    assert_eq!(
        problems("retry_policy_bad.toml"),
        [
            "data/vonage.toml:31: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): retry_policy: unknown field `jitter`",
            "data/vonage.toml:28: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): retry_policy: `max_attempts` 0 is out of range (1..=86400000)",
            "data/vonage.toml:26: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): retry_policy: initial_ms 9000 is above max_ms 5000: the first delay cannot exceed the longest",
            "data/vonage.toml:29: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): retry_policy: `sdk_retries` must be 0 to 1000 or \"unlimited\", found string",
            "data/vonage.toml:45: entry 2 (web 1004 \"OT_AUTHENTICATION_ERROR\"): `causes` is empty: leave it out, or list at least one cause",
            "data/vonage.toml:47: entry 2 (web 1004 \"OT_AUTHENTICATION_ERROR\"): retry_policy: retry = \"after_fix\" does not retry: retry_policy goes with backoff, throttled or automatic",
        ]
    );
}
