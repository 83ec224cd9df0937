//! Facts of the Socket.IO catalogue that a review found wrong once, and the provenance every Socket.IO entry
//! must carry. Each test looks the entry up through the public API, the way a user would.

use errcat::{classify, entries_of, lookup, Category, Domain, Entry, Key, Platform, Provider, Retry, Scope};

fn client() -> Scope {
    Scope::platform(Platform::Client)
}

fn server() -> Scope {
    Scope::platform(Platform::Server)
}

/// The one plain (not refined) entry `name` finds in `scope`.
fn one(scope: Scope, name: &str) -> &'static Entry {
    let found: Vec<_> = lookup(scope, Key::Name(name)).filter(|e| !e.is_refinement()).collect();
    assert_eq!(found.len(), 1, "{name:?} in {scope:?} finds {} entries", found.len());
    found[0]
}

fn http_status(code: i64) -> &'static Entry {
    let scope = server().with_domain(Domain::HttpStatus).unwrap();
    let found: Vec<_> = lookup(scope, Key::Code(code)).collect();
    assert_eq!(found.len(), 1, "HTTP {code} finds {} server entries", found.len());
    found[0]
}

/// The client's own `socket.disconnect()` of its last socket makes the Manager set skipReconnect and then close
/// with "forced close": no reconnection follows. The key must not answer "the SDK reconnects by itself".
#[test]
fn client_forced_close_does_not_promise_reconnection() {
    let c = classify(client(), Key::Name("forced close"));
    assert!(c.known);
    assert!(c.ambiguous, "forced close is either the app's own disconnect or a direct engine close");
    assert_eq!(c.category, Category::Closed);
    assert_ne!(c.retry, Retry::Automatic, "the app's own disconnect is not followed by a reconnection");

    let e = one(client(), "forced close");
    assert!(e.broad);
    let readings: Vec<_> = e.readings().filter_map(|r| r.name).collect();
    assert_eq!(readings, ["io client disconnect"]);
    assert!(e.readings().all(|r| r.retry == Retry::Never));
    let promise = e.user_message.to_lowercase();
    assert!(!promise.contains("will reconnect") && !promise.contains("on its own"), "{}", e.user_message);
    assert!(e.developer_hint.contains("skipReconnect"), "the hint names why nothing reconnects");
}

/// The same decoder limit on both sides: one category, one retry, one piece of advice, one version bound.
#[test]
fn too_many_attachments_reads_the_same_on_client_and_server() {
    let c = one(client(), "too many attachments");
    let s = one(server(), "too many attachments");
    assert_eq!(c.category, Category::Limit);
    assert_eq!(s.category, c.category);
    assert_eq!(s.retry, c.retry);
    assert_eq!(s.actor, c.actor);
    // The same advice, told from each side: fewer attachments per event, or a higher maxAttachments.
    for e in [c, s] {
        assert!(e.developer_hint.contains("maxAttachments, default 10"), "{e}");
        assert!(e.developer_hint.contains("fewer binary buffers per event"), "{e}");
    }
    for e in [c, s] {
        let versions = e.versions.unwrap();
        assert!(versions.starts_with("socket.io-parser 4.2.6+"), "{e}: {versions}");
        assert!(!versions.contains("recent"), "{e}: {versions}");
        assert!(e.sources().any(|src| src.package == Some("socket.io-parser@4.2.6")), "{e} cites the first release");
    }
}

/// engine.io-client removed JSONP in 6.0.0; disconnect details arrived in 6.2.0 (socket.io-client 4.5.0). So no
/// version hands the JSONP error over as disconnect details.
#[test]
fn jsonp_errors_never_arrive_as_disconnect_details() {
    let e = one(client(), "jsonp polling iframe removal error");
    assert!(e.legacy);
    assert!(!e.raised_by.contains("details of"), "{}", e.raised_by);
    assert!(e.raised_by.contains("Manager \"error\" event"), "{}", e.raised_by);
    assert!(e.note.unwrap().contains("4.5.0"), "the note says when details arrived");
    for name in ["jsonp poll error", "jsonp polling iframe removal error"] {
        let e = one(client(), name);
        assert!(!e.raised_by.contains("details of"), "{name}: {}", e.raised_by);
        assert!(e.versions.unwrap().contains("<= 5.x"), "{name}");
    }
}

/// Every Socket.IO entry names at least one source, and every source leads somewhere a reader can follow:
/// an https address, or an exact package version and a path inside it.
#[test]
fn every_socketio_entry_has_a_followable_source() {
    let mut checked = 0;
    for e in entries_of(Provider::SocketIo) {
        assert!(e.sources().len() > 0, "{e} cites no source");
        for src in e.sources() {
            assert_eq!(src.provider, Provider::SocketIo, "{e} cites {} of another provider", src.key);
            match (src.url, src.package, src.path) {
                (Some(url), None, None) => {
                    assert!(url.starts_with("https://") && !url.contains(' '), "{}: {url}", src.key);
                    if url.starts_with("https://github.com/") {
                        assert!(url.contains("/blob/") && !url.contains("/blob/main/"), "{}: pin a tag", src.key);
                    }
                }
                (None, Some(package), Some(path)) => {
                    let (name, version) = package.rsplit_once('@').unwrap();
                    assert!(!name.is_empty(), "{}: {package}", src.key);
                    assert!(version.split('.').count() == 3, "{}: {package} is not an exact version", src.key);
                    assert!(version.split('.').all(|p| p.parse::<u32>().is_ok()), "{}: {package}", src.key);
                    assert!(!path.is_empty() && !path.starts_with('/'), "{}: {path}", src.key);
                }
                other => panic!("{}: neither a url nor a package and path: {other:?}", src.key),
            }
            assert!(!src.what.is_empty() && src.read.len() == 10, "{}", src.key);
            checked += 1;
        }
        if let Some(doc) = e.doc_url {
            assert!(doc.starts_with("https://socket.io/docs/"), "{e}: {doc}");
        }
    }
    assert!(checked > 300, "only {checked} citations walked");
}

/// engine.io 6.6.13 answers a stalled polling POST body with 408 and a body in too many chunks with 413, and
/// closes the session with transport error and a description naming the cause.
#[test]
fn engine_io_6_6_13_request_body_limits_are_catalogued() {
    let timeout = http_status(408);
    assert_eq!(timeout.category, Category::Network);
    assert_eq!(timeout.retry, Retry::Automatic);
    assert!(!timeout.legacy);
    assert!(timeout.versions.unwrap().contains("6.6.13"));
    assert_eq!(timeout.with_names, ["http request timeout"]);

    let too_large = http_status(413);
    assert_eq!(too_large.category, Category::Limit);
    assert_eq!(too_large.retry, Retry::AfterFix);
    assert!(too_large.with_names.contains(&"too many chunks") && too_large.with_names.contains(&"payload too large"));

    for (name, category) in [
        ("http request timeout", Category::Network),
        ("payload too large", Category::Limit),
        ("too many chunks", Category::Limit),
        ("Too many buffered chunks", Category::Limit),
    ] {
        let e = one(server(), name);
        assert_eq!(e.category, category, "{name}");
        assert!(!e.legacy, "{name}");
        assert!(e.versions.unwrap().contains("6.6.13"), "{name}");
        assert!(
            e.sources().any(|s| s.package.is_some_and(|p| p == "engine.io@6.6.13" || p.starts_with("ws@8.23"))),
            "{name} cites the release that raises it"
        );
        let transport_error = one(server(), "transport error");
        assert!(transport_error.with_names.contains(&name), "transport error lists {name}");
    }
}

/// The uServer Content-Length checks are gone in engine.io 6.6.13: kept as legacy, bounded, and 411 no longer
/// listed among the statuses xhr post error arrives with.
#[test]
fn engine_io_content_length_answers_are_legacy_from_6_6_13() {
    let length_required = http_status(411);
    let scope = server().with_domain(Domain::HttpStatus).unwrap();
    let mismatch: Vec<_> = lookup(scope, Key::Name("Content-Length Mismatch")).collect();
    assert_eq!(mismatch.len(), 1);
    let descriptions = [one(server(), "content-length header required"), one(server(), "content-length mismatch")];
    for e in [length_required, mismatch[0]].into_iter().chain(descriptions) {
        assert!(e.legacy, "{e}");
        assert_eq!(e.versions, Some("engine.io 6.1.3 to 6.6.12 (uServer)"), "{e}");
        assert!(e.note.unwrap().contains("6.6.13"), "{e}");
    }
    let post = one(client(), "xhr post error");
    assert!(!post.with_codes.contains(&411));
    assert!(post.with_codes.contains(&408) && post.with_codes.contains(&413));
}

/// socket.io 4.8.4 and engine.io-client 6.6.8 raise these option and namespace errors; each is a setup problem.
#[test]
fn option_and_namespace_errors_of_current_releases_are_catalogued() {
    for (scope, name, category) in [
        (client(), "No transports available", Category::Configuration),
        (
            client(),
            "specifying both 'transportImplementations' and 'transports' options is not supported",
            Category::Configuration,
        ),
        (client(), "URI too long", Category::InvalidRequest),
        (server(), "stateful regular expressions are not supported", Category::Configuration),
        (server(), "fetchSockets() is not supported on parent namespaces", Category::Unsupported),
    ] {
        let e = one(scope, name);
        assert_eq!(e.category, category, "{name}");
        assert_eq!(e.retry, Retry::AfterFix, "{name}");
        assert!(!e.legacy, "{name}");
    }
}

/// What python-engineio 4.14 to 4.15.1 and python-socketio 5.17 to 5.18.1 began to raise, answer or log: each is
/// catalogued with the first version that has it and a source in the release read, and the texts with a value
/// inserted are found from the full message an app sees.
#[test]
fn python_socketio_5_18_and_engineio_4_15_additions_are_catalogued() {
    let python = Scope::platform(Platform::Python);
    for (name, category, since, package) in [
        ("Connect handler failed", Category::Configuration, "python-engineio 4.14.0+", "python-engineio@4.15.1"),
        ("Not connected", Category::State, "python-engineio 4.15.1+", "python-engineio@4.15.1"),
        ("Unexpected HTTP request", Category::State, "python-engineio 4.15.0+", "python-engineio@4.15.1"),
        ("Unexpected connection error", Category::Network, "python-socketio 5.17.0+", "python-socketio@5.18.1"),
        ("cannot enter a sid room", Category::InvalidRequest, "python-socketio 5.17.0+", "python-socketio@5.18.1"),
        ("cannot close a sid room", Category::InvalidRequest, "python-socketio 5.17.0+", "python-socketio@5.18.1"),
    ] {
        let e = one(python, name);
        assert_eq!(e.category, category, "{name}");
        assert!(!e.legacy, "{name}");
        assert!(e.versions.unwrap().starts_with(since), "{name}: {:?}", e.versions);
        assert!(e.sources().any(|s| s.package == Some(package)), "{name} cites {package}");
    }
    // The connect failures are readings of the ConnectionError they arrive in.
    let connection_error = one(python, "ConnectionError");
    let readings: Vec<_> = connection_error.readings().filter_map(|r| r.name).collect();
    for name in ["Connect handler failed", "Unexpected connection error"] {
        assert!(readings.contains(&name), "ConnectionError reads as {name}: {readings:?}");
    }
    // The handler's own exception text follows the colon.
    let o = errcat::Observation::new()
        .provider(Provider::SocketIo)
        .platform(Platform::Python)
        .message("Connect handler failed: division by zero");
    let v = o.classify();
    assert_eq!(v.classification.entry.map(|e| e.name), Some(Some("Connect handler failed")), "{v:?}");
}
