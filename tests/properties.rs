//! Property tests: whatever the input, errcat answers or reports an error, never panics, and what it
//! prints parses back.
#![cfg(feature = "json")]

use errcat::{
    classify, classify_bytes, classify_json, classify_stream, entries, Actor, Category, Domain, Platform, Provider,
    Query, Report, Retry, VerdictReport,
};
use proptest::prelude::*;

fn round_trips<T>(v: T) -> Result<(), TestCaseError>
where
    T: Copy + std::fmt::Display + std::str::FromStr + serde::Serialize + serde::de::DeserializeOwned,
    T: PartialEq + std::fmt::Debug,
{
    let text = v.to_string();
    prop_assert_eq!(text.parse::<T>().ok(), Some(v));
    let json = serde_json::to_string(&v).unwrap();
    prop_assert_eq!(&json, &format!("\"{text}\""));
    prop_assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
    Ok(())
}

fn a_category() -> impl Strategy<Value = Category> {
    proptest::sample::select(Category::ALL.to_vec())
}

proptest! {
    #[test]
    fn enum_strings_round_trip(
        p in proptest::sample::select(Provider::ALL.to_vec()),
        pl in proptest::sample::select(Platform::ALL.to_vec()),
        d in proptest::sample::select(Domain::ALL.to_vec()),
        c in a_category(),
        r in proptest::sample::select(Retry::ALL.to_vec()),
        a in proptest::sample::select(Actor::ALL.to_vec()),
    ) {
        round_trips(p)?;
        round_trips(pl)?;
        round_trips(d)?;
        round_trips(c)?;
        round_trips(r)?;
        round_trips(a)?;
    }

    #[test]
    fn entry_json_round_trips(i in 0..entries().len()) {
        let e = &entries()[i];
        let v: serde_json::Value = serde_json::to_value(Report::from_entry(e)).unwrap();
        let text = serde_json::to_string(&v).unwrap();
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(back["provider"].as_str().unwrap().parse::<Provider>().unwrap(), e.provider);
        prop_assert_eq!(back["category"].as_str().unwrap().parse::<Category>().unwrap(), e.category);
        prop_assert_eq!(back["retry"].as_str().unwrap().parse::<Retry>().unwrap(), e.retry);
        prop_assert_eq!(back["actor"].as_str().unwrap().parse::<Actor>().unwrap(), e.actor);
        prop_assert_eq!(back["user_message"].as_str(), Some(e.user_message));
        prop_assert_eq!(back["code"].as_i64(), e.code);
        prop_assert_eq!(back["with_codes"].as_array().map(Vec::len), Some(e.with_codes.len()));
        prop_assert_eq!(back["name"].as_str(), e.name);
        prop_assert_eq!(back["known"].as_bool(), Some(true));
    }

    #[test]
    fn any_query_answers_or_reports(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(q) = Query::parse(&text) {
            let c = classify(q.scope, q.key);
            prop_assert!(Category::ALL.contains(&c.category));
            // Known: one entry, or several readings and none put first.
            prop_assert_eq!(c.known, c.entry.is_some() || c.ambiguous);
            prop_assert!(!(c.ambiguous && c.entry.is_some()));
        }
    }

    #[test]
    fn shaped_queries_answer(
        provider in proptest::option::of("(vonage|socketio|cobrowse|opentok|zoom|bogus)"),
        rest in "[a-z_:]{0,12}",
        key in "([0-9]{1,6}|[A-Za-z_ ]{1,20})",
    ) {
        let text = match provider { Some(p) => format!("{p}:{rest}{key}"), None => format!("{rest}{key}") };
        match Query::parse(&text) {
            Ok(q) => { let _ = classify(q.scope, q.key); }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn any_bytes_as_payload_answer_or_report(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        match classify_bytes(&bytes) {
            Ok(v) => prop_assert!(Category::ALL.contains(&v.classification.category)),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn payload_shaped_objects_classify_and_print_valid_json(
        fields in proptest::collection::btree_map(
            "(name|code|message|reason|description|type|errorCode|errorDomain|domain|provider|platform|status|body|data|details|context|errorMsg|title|event)",
            prop_oneof![
                any::<i64>().prop_map(serde_json::Value::from),
                (0i64..7000).prop_map(serde_json::Value::from),
                "[A-Za-z_: 0-9]{0,30}".prop_map(serde_json::Value::from),
                proptest::sample::select(vec!["OT_NOT_CONNECTED", "xhr poll error", "transport close", "TransportError",
                    "OTSessionErrorDomain", "vonage", "socketio", "cobrowse", "client", "server", "Publisher Access Denied: x",
                    "Unexpected server response: 403", "HTTP/1.1 400 Bad Request\r\n\r\nSession ID unknown"])
                    .prop_map(serde_json::Value::from),
                Just(serde_json::Value::Null),
                Just(serde_json::json!({"status": 403, "responseText": "{\"code\":4}", "code": 1009, "description": 413})),
            ],
            0..8,
        )
    ) {
        let object = serde_json::Value::Object(fields.into_iter().collect());
        let text = object.to_string();
        let verdict = classify_json(&text).unwrap();
        prop_assert!(!verdict.ambiguous || verdict.candidates.len() > 1);
        prop_assert_eq!(verdict.classification.known, verdict.classification.entry.is_some() || verdict.ambiguous);
        prop_assert_eq!(verdict.ambiguous, verdict.confidence == errcat::Confidence::Ambiguous);
        prop_assert_eq!(!verdict.classification.known, verdict.confidence == errcat::Confidence::Unknown);
        let observation = errcat::observe(&object).unwrap();
        let printed = serde_json::to_string(&VerdictReport::new(&verdict, &observation)).unwrap();
        let back: serde_json::Value = serde_json::from_str(&printed).unwrap();
        prop_assert_eq!(back["known"].as_bool(), Some(verdict.classification.known));
    }

    #[test]
    fn a_line_in_gives_exactly_one_line_out(lines in proptest::collection::vec(
        prop_oneof![
            "[ -~]{0,40}",
            Just("{\"name\":\"OT_NOT_CONNECTED\"}".to_string()),
            Just("{\"code\":1011}".to_string()),
            Just(String::new()),
        ], 0..30)
    ) {
        let input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
        let mut out = Vec::new();
        let summary = classify_stream(input.as_bytes(), &mut out).unwrap();
        let printed: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        prop_assert_eq!(printed.len(), lines.len());
        prop_assert_eq!(summary.lines as usize, lines.len());
        prop_assert_eq!((summary.known + summary.unknown + summary.bad) as usize, lines.len());
        for (i, l) in printed.iter().enumerate() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            prop_assert_eq!(v["line"].as_u64(), Some(i as u64 + 1));
        }
    }
}
