//! Classifying the objects SDKs hand over: name over code, platform and domain, contract substrings,
//! HTTP statuses behind Socket.IO transport errors, provider detection and honest ambiguity.
#![cfg(feature = "json")]

use errcat::{classify_json, Actor, Category, MatchedBy, Observation, Platform, Provider, Retry, Verdict};

fn verdict(json: &str) -> Verdict {
    classify_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn entry_name(v: &Verdict) -> Option<&'static str> {
    v.classification.entry.and_then(|e| e.name)
}

#[test]
fn vonage_1006_is_read_by_its_name_first() {
    let abnormal =
        verdict(r#"{"name":"OT_SOCKET_CLOSE_ABNORMAL","code":1006,"message":"WebSocket closed abnormally"}"#);
    assert_eq!(entry_name(&abnormal), Some("OT_SOCKET_CLOSE_ABNORMAL"));
    assert_eq!(abnormal.matched_by, MatchedBy::Name);
    assert_eq!(abnormal.classification.entry.unwrap().domain, Some(errcat::Domain::SocketClose));

    let failed = verdict(r#"{"name":"OT_CONNECT_FAILED","code":1006,"message":"Could not connect"}"#);
    assert_eq!(entry_name(&failed), Some("OT_CONNECT_FAILED"));
    assert_eq!(failed.classification.category, Category::Network);

    // No name: the platform's default reading of 1006 (connect failed), not ambiguous within Vonage web.
    let bare = verdict(r#"{"provider":"vonage","platform":"web","code":1006}"#);
    let e = bare.classification.entry.unwrap();
    assert_eq!((e.code, e.domain), (Some(1006), None));
    assert_eq!(bare.matched_by, MatchedBy::CodePlatform);
    assert!(!bare.ambiguous);
    assert_eq!(bare.confidence, errcat::Confidence::Exact);
    assert!(bare.candidates.is_empty(), "one reading lists no candidates");
}

#[test]
fn publisher_access_denied_prefix_turns_1500_into_a_permission_failure() {
    let denied = verdict(
        r#"{"code":1500,"message":"Publisher Access Denied: Permission Denied: End-user denied permission to hardware devices","name":"OT_USER_MEDIA_ACCESS_DENIED"}"#,
    );
    assert_eq!(denied.classification.category, Category::MediaPermission);
    assert_eq!(denied.classification.actor, Actor::EndUser);

    // Only the code and the contract prefix: the message decides.
    let by_message = verdict(r#"{"provider":"vonage","code":1500,"message":"Publisher Access Denied: user said no"}"#);
    assert_eq!(by_message.classification.category, Category::MediaPermission);
    assert_eq!(by_message.classification.retry, Retry::AfterUserAction);
    assert_eq!((by_message.matched_by, by_message.confidence), (MatchedBy::Message, errcat::Confidence::Refined));

    // Without a message that tells, web 1500 is every reading of a publish failure, none put first.
    let plain =
        verdict(r#"{"provider":"vonage","platform":"web","code":1500,"message":"Unable to publish: timed out"}"#);
    assert!(plain.ambiguous);
    assert!(plain.candidates.iter().all(|e| e.platform == Some(Platform::Web) && e.code == Some(1500)));
    assert!(plain.candidates.iter().any(|e| e.category == Category::MediaPermission));
    assert_eq!(plain.classification.category, Category::Unknown);

    // Without a platform 1500 is also a native publisher code: several readings, none put first.
    let open = verdict(r#"{"provider":"vonage","code":1500,"message":"Unable to publish: timed out"}"#);
    assert!(open.ambiguous && open.classification.entry.is_none());
    assert!(open.candidates.iter().any(|c| c.platform == Some(errcat::Platform::Web) && c.code == Some(1500)));
}

#[test]
fn ios_1015_differs_from_web_1015() {
    let ios = verdict(r#"{"domain":"OTSessionErrorDomain","code":1015,"localizedDescription":"illegal state"}"#);
    let e = ios.classification.entry.unwrap();
    assert_eq!(
        (e.provider, e.platform, e.name),
        (Provider::Vonage, Some(Platform::Ios), Some("OTSessionIllegalState"))
    );
    assert_eq!(ios.classification.category, Category::State);

    let web =
        verdict(r#"{"name":"OT_PEER_CONNECTION_NOT_CONNECTED","code":1015,"message":"PeerConnection not connected"}"#);
    assert_eq!(web.classification.entry.unwrap().platform, Some(Platform::Web));
    assert_ne!(web.classification.entry.unwrap().name, e.name);
}

#[test]
fn android_error_domain_and_enum_name_are_understood() {
    let by_name = verdict(r#"{"errorDomain":"SessionErrorDomain","errorCode":"ConnectionFailed","message":"Failed"}"#);
    let e = by_name.classification.entry.unwrap();
    assert_eq!((e.platform, e.name), (Some(Platform::Android), Some("ConnectionFailed")));
    assert_eq!(by_name.matched_by, MatchedBy::Name);

    let by_domain = verdict(r#"{"errorDomain":"PublisherErrorDomain","errorCode":2000}"#);
    assert_eq!(entry_name(&by_domain), Some("PublisherInternalError"));
    assert_eq!(by_domain.matched_by, MatchedBy::CodePlatform);
}

#[test]
fn xhr_poll_error_reads_the_http_status() {
    let offline = verdict(
        r#"{"message":"xhr poll error","type":"TransportError","description":0,"context":{"status":0,"responseText":""}}"#,
    );
    // No HTTP answer: a server that is down, a name that does not resolve, a certificate or cleartext refusal
    // (a browser shows a CORS block the same way). Readings that need an HTTP answer are ruled out.
    assert!(offline.ambiguous, "{offline:?}");
    assert_eq!(offline.matched_by, MatchedBy::Name);
    let names: Vec<_> = offline.candidates.iter().filter_map(|c| c.name).collect();
    assert!(names.contains(&"ECONNREFUSED") && names.contains(&"UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "{names:?}");
    assert!(offline.candidates.iter().all(|c| c.domain.is_none()), "no HTTP-answer readings");

    let refused = verdict(
        r#"{"message":"xhr poll error","type":"TransportError","description":0,"context":{"status":0,"responseText":"Error: connect ECONNREFUSED 127.0.0.1:3000"}}"#,
    );
    assert_eq!(entry_name(&refused), Some("ECONNREFUSED"));
    assert_eq!(refused.confidence, errcat::Confidence::Refined);

    let unknown_sid = verdict(
        r#"{"message":"xhr poll error","type":"TransportError","description":400,"context":{"status":400,"responseText":"{\"code\":1,\"message\":\"Session ID unknown\"}"}}"#,
    );
    assert_eq!(entry_name(&unknown_sid), Some("Session ID unknown"));
    // Ranked as what threads resolve it to: missing sticky sessions, for the operator to fix.
    assert_eq!(unknown_sid.classification.category, Category::Configuration);
    assert_eq!(unknown_sid.classification.actor, Actor::Operator);
    assert_eq!(unknown_sid.matched_by, MatchedBy::HttpStatus);

    let refused = verdict(r#"{"message":"xhr poll error","type":"TransportError","description":403}"#);
    assert_eq!(refused.classification.category, Category::Authorization);
    assert_eq!(refused.classification.retry, Retry::AfterFix, "the client retries in vain");

    let wrong_path = verdict(r#"{"message":"xhr poll error","type":"TransportError","description":404}"#);
    assert_eq!(wrong_path.classification.category, Category::Configuration);
}

#[test]
fn server_disconnect_is_not_a_network_drop() {
    let server = verdict(r#"{"reason":"io server disconnect"}"#);
    assert_eq!(server.classification.category, Category::Closed);
    assert_eq!(server.classification.retry, Retry::Reconnect);

    let dropped = verdict(
        r#"{"reason":"transport close","details":{"description":"websocket connection closed","context":{"code":1006}}}"#,
    );
    assert_eq!(dropped.classification.category, Category::Network);
    assert_eq!(dropped.classification.retry, Retry::Automatic);
    assert_eq!(dropped.classification.entry.unwrap().platform, Some(Platform::Client));

    // The same reason without anything that says which side saw it: both readings, marked ambiguous.
    let unsure = verdict(r#"{"reason":"transport close"}"#);
    assert!(unsure.ambiguous);
    let platforms: Vec<_> = unsure.candidates.iter().map(|e| e.platform).collect();
    assert_eq!(
        platforms,
        [
            Some(Platform::Client),
            Some(Platform::Server),
            Some(Platform::Java),
            Some(Platform::Python),
            Some(Platform::Dart),
            Some(Platform::Dotnet)
        ]
    );
}

#[test]
fn cobrowse_1011_and_vonage_1011_need_a_hint() {
    let bare = verdict(r#"{"code":1011}"#);
    assert!(bare.ambiguous, "1011 alone fits several providers");
    let providers: std::collections::BTreeSet<_> = bare.candidates.iter().map(|e| e.provider).collect();
    assert!(providers.contains(&Provider::Vonage) && providers.contains(&Provider::Cobrowse));

    // Cobrowse 1011 covers several causes that only errorMsg tells apart: without it, every reading.
    let hinted = verdict(r#"{"provider":"cobrowse","code":1011}"#);
    assert!(hinted.ambiguous);
    assert!(hinted.candidates.iter().all(|e| e.provider == Provider::Cobrowse && e.code == Some(1011)));
    assert_eq!(hinted.candidates[0].name, Some("SESSION_JOIN_FAILED"));

    let by_shape = verdict(r#"{"code":1011,"errorMsg":"The session does not exist or has ended."}"#);
    assert_eq!(by_shape.classification.category, Category::NotFound);
    assert_eq!(by_shape.confidence, errcat::Confidence::Refined);

    let event = verdict(r#"{"event":"session_error","payload":{"code":1011}}"#);
    assert!(event.ambiguous && event.candidates.iter().all(|e| e.provider == Provider::Cobrowse));

    let vonage = verdict(r#"{"name":"OT_INVALID_PARAMETER","code":1011,"message":"Invalid parameter"}"#);
    assert_eq!(vonage.classification.provider, Some(Provider::Vonage));
    assert_eq!(vonage.classification.category, Category::InvalidRequest);
}

#[test]
fn socketio_middleware_refusal_is_recognised_by_its_data() {
    let v = verdict(r#"{"message":"not authorized","data":{"reason":"token expired"}}"#);
    assert_eq!(v.matched_by, MatchedBy::Shape);
    assert_eq!(v.classification.category, Category::Authorization);
    assert_eq!(v.classification.provider, Some(Provider::SocketIo));
}

#[test]
fn engine_io_bodies_and_server_descriptions_are_read() {
    let body = verdict(r#"{"code":5,"message":"Unsupported protocol version","context":{"protocol":3}}"#);
    assert_eq!(body.classification.category, Category::Unsupported);
    let raw = verdict(
        r#"{"status":101,"body":"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nUnsupported protocol version"}"#,
    );
    assert_eq!(entry_name(&raw), Some("Unsupported protocol version"));
    let too_big = verdict(r#"{"reason":"transport error","description":"RangeError: Max payload size exceeded"}"#);
    assert_eq!(too_big.classification.category, Category::Limit);
    assert_eq!(too_big.classification.entry.unwrap().platform, Some(Platform::Server));
    let decoder = verdict(r#"{"provider":"socketio","platform":"client","message":"unknown packet type 9"}"#);
    assert_eq!(decoder.matched_by, MatchedBy::Message);
}

/// A real `Error` in `description` (Node's ws client, engine.io's server transport) reads as its message does:
/// `{"description":{"message":...}}` is `{"description":"..."}` passed field by field.
#[test]
fn a_description_object_reads_as_its_message() {
    for (message, reason_or_error) in [
        ("RangeError: Max payload size exceeded", r#""reason":"transport error""#),
        ("Unexpected server response: 403", r#""message":"websocket error","type":"TransportError""#),
    ] {
        let as_text =
            verdict(&format!(r#"{{{reason_or_error},"description":{}}}"#, serde_json::to_string(message).unwrap()));
        let as_object = verdict(&format!(
            r#"{{{reason_or_error},"description":{{"message":{}}}}}"#,
            serde_json::to_string(message).unwrap()
        ));
        assert!(as_text.classification.known, "{message}");
        assert_eq!(as_object, as_text, "{message}");
    }
}

#[test]
fn unknown_payloads_fall_back_and_say_so() {
    let v = verdict(r#"{"provider":"vonage","name":"OT_SOMETHING_NEW","code":4242}"#);
    assert!(!v.classification.known);
    assert_eq!(v.matched_by, MatchedBy::Fallback);
    assert_eq!(v.classification.category, errcat::fallback(Provider::Vonage).category);
    let nothing = verdict(r#"{"hello":"world"}"#);
    assert!(!nothing.classification.known);
    assert_eq!(nothing.classification.provider, None);
}

#[test]
fn bad_payloads_are_errors_not_panics() {
    for (input, needle) in [
        ("", "empty line"),
        ("{\"name\":", "invalid JSON"),
        ("[1,2]", "found an array"),
        ("42", "found a number"),
        ("null", "found null"),
    ] {
        let err = classify_json(input).unwrap_err().to_string();
        assert!(err.contains(needle), "{input:?}: {err}");
    }
    let deep = "[".repeat(100_000);
    assert!(classify_json(&deep).unwrap_err().to_string().contains("invalid JSON"));
    let huge = format!("{{\"message\":\"{}\"}}", "x".repeat(errcat::MAX_PAYLOAD_BYTES));
    assert!(classify_json(&huge).unwrap_err().to_string().contains("limit"));
}

#[test]
fn the_builder_gives_the_same_answer_as_json() {
    let built = Observation::new()
        .provider(Provider::SocketIo)
        .platform(Platform::Client)
        .message("xhr poll error")
        .http_status(403)
        .classify();
    let parsed = verdict(r#"{"message":"xhr poll error","type":"TransportError","description":403}"#);
    assert_eq!(built.classification, parsed.classification);
    assert_eq!(built.matched_by, parsed.matched_by);
}

#[test]
fn a_transport_error_without_its_message_is_still_read() {
    // JSON.stringify(err) drops Error.message: only type, description and context survive.
    let offline = verdict(r#"{"type":"TransportError","description":0,"context":{"status":0}}"#);
    // Every reading of a transport error without an HTTP answer is a network failure the client retries.
    assert_eq!(offline.classification.category, Category::Network);
    assert_eq!(offline.classification.retry, errcat::Retry::Automatic);
    assert_eq!(offline.matched_by, MatchedBy::Shape);
    let refused = verdict(r#"{"type":"TransportError","description":403}"#);
    assert_eq!(refused.classification.category, Category::Authorization);
}

#[test]
fn c_sdk_callback_arguments_are_read_as_linux() {
    let v = verdict(r#"{"error_code":1541,"error_string":"publisher timed out"}"#);
    let e = v.classification.entry.unwrap();
    assert_eq!((e.platform, e.name), (Some(Platform::Linux), Some("OTC_PUBLISHER_TIMED_OUT")));
}

#[test]
fn objects_are_read_robustly() {
    // A byte-order mark, an integral float and a numeric string are the same code.
    for text in [
        "\u{feff}{\"provider\":\"cobrowse\",\"code\":1012}",
        r#"{"provider":"cobrowse","code":1012.0}"#,
        r#"{"provider":"cobrowse","code":"1012"}"#,
    ] {
        assert_eq!(entry_name(&verdict(text)), Some("SESSION_CUSTOMER_COUNT_LIMIT"), "{text}");
    }
    // A fractional number is no code.
    assert!(!verdict(r#"{"provider":"cobrowse","code":1012.5}"#).classification.known);
    // Wrappers nested several levels deep (a telemetry envelope around the SDK's object).
    let nested = verdict(r#"{"app":"x","payload":{"error":{"name":"OT_NOT_CONNECTED","code":1010}}}"#);
    assert_eq!(entry_name(&nested), Some("OT_NOT_CONNECTED"));
    let cause = verdict(r#"{"exception":{"cause":{"reason":"io server disconnect"}},"platform":"client"}"#);
    assert_eq!(cause.classification.category, Category::Closed);
}

#[test]
fn a_description_names_the_cause_never_a_wrapper_word() {
    // Node's engine.io-client: the description is the socket error.
    let dns = verdict(
        r#"{"message":"xhr poll error","type":"TransportError","description":"Error: getaddrinfo ENOTFOUND api.example.test"}"#,
    );
    assert_eq!(entry_name(&dns), Some("ENOTFOUND"));
    assert_eq!(dns.confidence, errcat::Confidence::Refined);
    // "Error" alone in front of an unknown cause is no key: the transport error's readings stay.
    let vague = verdict(r#"{"message":"xhr poll error","type":"TransportError","description":"Error: something odd"}"#);
    assert!(vague.ambiguous && vague.candidates.iter().all(|c| c.name != Some("error")), "{vague:?}");
}

#[test]
fn a_middleware_refusal_is_read_with_or_without_data() {
    let with_data = verdict(r#"{"message":"not authorized","data":{"reason":"token"}}"#);
    let without = verdict(r#"{"event":"connect_error","message":"not authorized"}"#);
    for v in [&with_data, &without] {
        assert_eq!(entry_name(v), Some("CONNECT_ERROR"), "{v:?}");
        assert_eq!(v.classification.category, Category::Authorization);
        assert_eq!(v.confidence, errcat::Confidence::Inferred);
    }
    // A connect_error whose message is a transport error is not a refusal.
    let transport =
        verdict(r#"{"event":"connect_error","message":"xhr poll error","type":"TransportError","description":403}"#);
    assert_eq!(transport.classification.category, Category::Authorization);
    assert_eq!(transport.matched_by, MatchedBy::HttpStatus);
}
