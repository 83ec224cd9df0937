//! The data validator reports every mistake with its file and entry, and the generator is deterministic.

#[path = "../codegen/mod.rs"]
#[allow(dead_code)]
mod codegen;
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
    assert!(p[0].starts_with("data/vonage.toml: TOML syntax error at line "), "{p:?}");
}

#[test]
fn unknown_field_is_named_with_a_suggestion() {
    let p = problems("unknown_field.toml");
    assert_eq!(
        p,
        ["data/vonage.toml: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown field `catgory` (did you mean `category`?)"]
    );
}

#[test]
fn unknown_enum_values_are_each_reported() {
    let p = problems("unknown_enum.toml");
    let entry = "data/vonage.toml: entry 1 (web 1006 \"OT_CONNECT_FAILED\")";
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(
        p[0].starts_with(&format!("{entry}: unknown category \"netwrk\"; expected one of authentication,")),
        "{p:?}"
    );
    assert!(
        p[1].starts_with(&format!("{entry}: unknown retry \"sometimes\"; expected one of never, backoff")),
        "{p:?}"
    );
    assert_eq!(p[2], format!("{entry}: `actor` = \"End_User\": write it as \"end_user\""));
}

#[test]
fn missing_field_is_reported() {
    assert_eq!(
        problems("missing_field.toml"),
        ["data/vonage.toml: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): missing field `user_message`"]
    );
}

#[test]
fn duplicate_keys_name_both_entries() {
    let p = problems("duplicate_key.toml");
    assert_eq!(
        p,
        [
            "data/vonage.toml: entry 2 (web 1006 \"OT_OTHER\"): duplicate code 1006 in vonage web: already used by entry 1 (web 1006 \"OT_CONNECT_FAILED\")",
            "data/vonage.toml: entry 3 (web 1013 \"OT_CONNECT_FAILED\"): duplicate key \"OT_CONNECT_FAILED\" in vonage web: already used by entry 1 (web 1006 \"OT_CONNECT_FAILED\")",
        ]
    );
}

#[test]
fn code_out_of_range_is_reported() {
    assert_eq!(
        problems("code_out_of_range.toml"),
        ["data/vonage.toml: entry 1 (web 100000 \"OT_HUGE\"): `code` 100000 is out of range (-1..=99999)"]
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
        ["data/vonage.toml: entry 1 (web 1006 \"OT_CONNECT_FAILED\"): user_message uses jargon an end user will not know: token, webrtc, ice"]
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
        "data/vonage.toml: not valid UTF-8 (first bad byte at offset 10); save the file as UTF-8"
    );
}

#[test]
fn all_mistakes_in_one_file_are_reported_together() {
    let p = problems("many_mistakes.toml");
    let expected = [
        "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown field `sauce` (did you mean `source`?)",
        "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): unknown category \"netwrk\"",
        "entry 1 (web 1006 \"OT_CONNECT_FAILED\"): missing field `source`",
        "entry 2 (web 1006 \"OT_DUPLICATE\"): user_message contains a digit",
        "entry 3 (client -5 \"OT_NEGATIVE\"): platform `client` is not a vonage platform; expected one of web, ios, android, linux",
        "entry 3 (client -5 \"OT_NEGATIVE\"): `code` -5 is out of range",
    ];
    assert_eq!(p.len(), expected.len(), "{p:#?}");
    for (got, want) in p.iter().zip(expected) {
        assert!(got.starts_with(&format!("data/vonage.toml: {want}")), "got {got}\nwant {want}");
    }
}

#[test]
fn file_name_must_match_provider() {
    let diags = validate_file("data/socketio.toml", &fixture("valid.toml")).unwrap_err();
    assert_eq!(
        diags[0].to_string(),
        "data/socketio.toml: [meta]: provider `vonage` does not match the file name; name the file `vonage.toml`"
    );
}

fn real_data() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    codegen::data_files(&dir)
        .unwrap()
        .into_iter()
        .map(|p| (format!("data/{}", p.file_name().unwrap().to_string_lossy()), std::fs::read(&p).unwrap()))
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
fn generated_code_matches_what_the_build_compiled() {
    let files = real_data();
    let generated = codegen::generate(&files).unwrap();
    let entries = generated.lines().filter(|l| l.trim_start().starts_with("Entry { provider:")).count();
    assert_eq!(entries, errcat::entries().len());
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
        "\n[[entry]]\nplatform = \"web\"\nname = {name:?}\n{extra}raised_by = \"x\"\ncategory = \"network\"\nretry = \"backoff\"\nactor = \"end_user\"\nuser_message = \"Check your connection and try again.\"\ndeveloper_hint = \"Hint.\"\nsource = \"test\"\n"
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
    let mut files: Vec<_> = real_data().into_iter().filter(|(n, _)| !n.ends_with("vonage.toml")).collect();
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
