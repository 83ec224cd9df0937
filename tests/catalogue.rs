//! Guarantees over the whole catalogue: every entry reachable, every message within the rules,
//! every seed key present, colliding numbers resolved per provider and platform.

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

use errcat::{
    classify, entries, entries_of, lookup, Actor, Category, Domain, Entry, Key, Platform, Provider, Query, Retry, Scope,
};

fn own_scope(e: &Entry) -> Scope {
    Scope::of(e)
}

fn keys(e: &'static Entry) -> Vec<Key<'static>> {
    e.code.map(Key::Code).into_iter().chain(e.string_keys().map(Key::Name)).collect()
}

#[test]
fn every_entry_is_reachable_by_each_key() {
    let mut checked = 0;
    for e in entries() {
        let ks = keys(e);
        assert!(!ks.is_empty(), "{e} has no key");
        for key in ks {
            for scope in [own_scope(e), Scope::provider(e.provider), Scope::ANY] {
                assert!(lookup(scope, key).any(|m| std::ptr::eq(m, e)), "{e} is not found by {key} in {scope:?}");
            }
            checked += 1;
        }
    }
    assert!(checked >= entries().len());
}

#[test]
fn every_entry_is_complete_and_obeys_the_message_rules() {
    for e in entries() {
        for (field, text) in
            [("raised_by", e.raised_by), ("user_message", e.user_message), ("developer_hint", e.developer_hint)]
        {
            assert!(!text.trim().is_empty(), "{e}: empty {field}");
        }
        assert!(e.user_message.chars().count() <= 160, "{e}: user_message too long");
        assert!(e.developer_hint.chars().count() <= 400, "{e}: developer_hint too long");
        assert!(!e.user_message.chars().any(|c| c.is_ascii_digit()), "{e}: digits in user_message");
        let jargon = codegen::validate::jargon_in(e.user_message);
        assert!(jargon.is_empty(), "{e}: jargon {jargon:?} in user_message");
        assert!(!e.legacy || e.note.is_some(), "{e}: legacy without a note");
        assert!(Platform::of(e.provider).is_empty() == e.platform.is_none(), "{e}: platform does not fit provider");
    }
}

#[test]
fn developer_hints_are_not_copied_between_entries() {
    let mut seen = std::collections::BTreeMap::new();
    for e in entries() {
        if let Some(first) = seen.insert(e.developer_hint, e) {
            panic!("{e} repeats the developer_hint of {first} word for word");
        }
    }
}

#[test]
fn entries_are_sorted_and_grouped_by_provider() {
    let key = |e: &Entry| (e.provider, e.platform, e.domain, e.code, e.name);
    assert!(entries().windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    for p in Provider::ALL.iter().copied() {
        let n = entries_of(p).count();
        assert!(n > 0, "{p} has no entries");
        assert!(entries_of(p).all(|e| e.provider == p));
    }
    assert_eq!(Provider::ALL.iter().copied().map(|p| entries_of(p).count()).sum::<usize>(), entries().len());
}

#[test]
fn every_seed_key_is_present() {
    let text = include_str!("fixtures/seed_keys.txt");
    let mut checked = 0;
    for line in text.lines().map(|l| l.split('#').next().unwrap().trim()).filter(|l| !l.is_empty()) {
        let (scope, key) = line.split_once(' ').unwrap();
        let query = format!("{scope}:{}", key.trim());
        let q = Query::parse(&query).unwrap_or_else(|e| panic!("{query}: {e}"));
        assert!(lookup(q.scope, q.key).next().is_some(), "seed key {query} is not in the catalogue");
        checked += 1;
    }
    assert_eq!(checked, 59, "every line of seed_keys.txt was checked");
}

fn first(query: &str) -> &'static Entry {
    let q = Query::parse(query).unwrap();
    lookup(q.scope, q.key).next().unwrap_or_else(|| panic!("{query} finds nothing"))
}

#[test]
fn colliding_codes_resolve_per_provider() {
    // 1006: Vonage connect failure, WebSocket abnormal closure, Cobrowse PIN not found.
    assert_eq!(first("vonage:web:1006").domain, None);
    assert_eq!(first("vonage:web:1006").category, Category::Network);
    assert_eq!(first("vonage:web:socket_close:1006").name, Some("OT_SOCKET_CLOSE_ABNORMAL"));
    assert_eq!(first("cobrowse:1006").name, Some("SESSION_JOIN_PIN_NOT_FOUND"));
    assert_eq!(first("cobrowse:1006").category, Category::NotFound);
    // 1011: Vonage invalid parameter vs Cobrowse join failure.
    assert_eq!(first("vonage:web:1011").category, Category::InvalidRequest);
    assert_eq!(first("cobrowse:1011").name, Some("SESSION_JOIN_FAILED"));
    // 1004: Vonage authentication vs Cobrowse one-session-per-browser limit.
    assert_eq!(first("vonage:web:1004").category, Category::Authentication);
    assert_eq!(first("cobrowse:1004").name, Some("SESSION_COUNT_LIMIT"));
    // 1015: web stats call without a peer connection vs native illegal state.
    assert_ne!(first("vonage:web:1015").name, first("vonage:ios:1015").name);
    assert_eq!(first("vonage:ios:1015").category, Category::State);
    // 2000 per Android domain.
    let names: Vec<_> = ["session", "publisher", "subscriber"]
        .iter()
        .map(|d| first(&format!("vonage:android:{d}:2000")).name)
        .collect();
    assert_eq!(names, [Some("SessionInternalError"), Some("PublisherInternalError"), Some("SubscriberInternalError")]);
    // 6006 per iOS domain.
    assert_ne!(first("vonage:ios:publisher:6006").name, first("vonage:ios:subscriber:6006").name);
    // Socket.IO code 1 is an Engine.IO error, unrelated to any Vonage or Cobrowse number.
    assert_eq!(first("socketio:1").name, Some("Session ID unknown"));
}

#[test]
fn one_number_lists_every_provider() {
    let providers: std::collections::BTreeSet<_> = lookup(Scope::ANY, Key::Code(1006)).map(|e| e.provider).collect();
    assert_eq!(providers.len(), 3, "{providers:?}");
}

#[test]
fn same_reason_string_differs_between_client_and_server() {
    let client = first("socketio:client:transport close");
    let server = first("socketio:server:transport close");
    assert_eq!(client.platform, Some(Platform::Client));
    assert_eq!(server.platform, Some(Platform::Server));
    assert_ne!(client.developer_hint, server.developer_hint);
    // The Node.js client and server, plus the Java, Python, Dart and .NET ports (Swift says "Socket Disconnected").
    assert_eq!(lookup(Scope::ANY, Key::Name("transport close")).count(), 6);
    let js = lookup(Scope::ANY, Key::Name("transport close"))
        .filter(|e| matches!(e.platform, Some(Platform::Client | Platform::Server)))
        .count();
    assert_eq!(js, 2);
}

#[test]
fn names_match_ignoring_case_but_exact_first() {
    let exact = first("OT_NOT_CONNECTED");
    assert!(std::ptr::eq(first("ot_not_connected"), exact));
    assert!(std::ptr::eq(first("Ot_Not_Connected"), exact));
}

#[test]
fn unknown_keys_get_the_provider_fallback() {
    for p in Provider::ALL.iter().copied() {
        let c = classify(Scope::provider(p), Key::Code(77_777));
        let f = errcat::fallback(p);
        assert!(!c.known && c.entry.is_none());
        assert_eq!((c.provider, c.category, c.retry, c.actor), (Some(p), f.category, f.retry, f.actor));
        assert_eq!(c.user_message(), f.user_message);
        assert_eq!(c.developer_hint(), f.developer_hint);
        let c = classify(Scope::provider(p), Key::Name("no such error"));
        assert!(!c.known);
    }
    let c = classify(Scope::ANY, Key::Name("no such error anywhere"));
    assert!(!c.known && c.provider.is_none());
    assert_eq!(c.category, Category::Unknown);
}

#[test]
fn classify_agrees_with_the_lookup_in_every_scope() {
    let mut ambiguous = 0;
    for e in entries().iter().filter(|e| !e.is_refinement()) {
        for key in keys(e) {
            for provider in [None, Some(e.provider)] {
                for platform in [None, e.platform] {
                    for domain in [None, e.domain] {
                        let scope = Scope::new(provider, platform, domain).unwrap();
                        let c = classify(scope, key);
                        let all: Vec<_> = lookup(scope, key).collect();
                        let found: Vec<_> = all.iter().copied().filter(|m| !m.is_refinement()).collect();
                        let m = found.first().unwrap_or_else(|| panic!("{e}: {key} in {scope:?}"));
                        assert!(c.known);
                        // One reading: entries that share provider and platform behind a first without a domain,
                        // unless that first is broad (its refined readings and `readings` count).
                        let several = !found.iter().all(|f| f.provider == m.provider && f.platform == m.platform)
                            || (m.domain.is_some() && found.len() > 1);
                        let one = !several && !m.broad;
                        if one {
                            assert!(!c.ambiguous, "{e}: {key} in {scope:?}");
                            assert!(
                                std::ptr::eq(c.entry.unwrap(), *m),
                                "{e}: {key} in {scope:?} gave {}",
                                c.entry.unwrap()
                            );
                            assert_eq!((c.category, c.retry, c.actor), (m.category, m.retry, m.actor));
                        } else {
                            ambiguous += 1;
                            assert!(c.ambiguous && c.entry.is_none(), "{e}: {key} in {scope:?}");
                            // Each field is what every reading shares, else the unknown answer's value. A broad
                            // key's refined readings count as readings.
                            let own: Vec<&Entry> = std::iter::once(*m)
                                .chain(entries().iter().filter(|r| {
                                    r.is_refinement()
                                        && (r.provider, r.platform, r.domain) == (m.provider, m.platform, m.domain)
                                        && match m.code {
                                            Some(code) => r.code == Some(code),
                                            None => r.name == m.name,
                                        }
                                }))
                                .chain(m.readings())
                                .collect();
                            let readings = if several { &found } else { &own };
                            let shared = |f: &dyn Fn(&Entry) -> String| readings.iter().all(|x| f(x) == f(m));
                            let cat = if shared(&|x| x.category.to_string()) { m.category } else { Category::Unknown };
                            let retry = if shared(&|x| x.retry.to_string()) { m.retry } else { Retry::Backoff };
                            let actor = if shared(&|x| x.actor.to_string()) { m.actor } else { Actor::Developer };
                            assert_eq!((c.category, c.retry, c.actor), (cat, retry, actor), "{e}: {key} in {scope:?}");
                        }
                    }
                }
            }
        }
    }
    assert!(ambiguous > 0, "some keys have several readings");
}

#[test]
fn a_domain_picks_between_same_named_entries() {
    let q = |s: &str| {
        let q = Query::parse(s).unwrap();
        classify(q.scope, q.key).entry.unwrap()
    };
    assert_eq!(q("vonage:android:publisher:SessionDisconnected").domain, Some(Domain::Publisher));
    assert_eq!(q("vonage:android:subscriber:SessionDisconnected").domain, Some(Domain::Subscriber));
    // A domain does not hide names that have none.
    assert_eq!(q("vonage:web:session:OT_NOT_CONNECTED").name, Some("OT_NOT_CONNECTED"));
}

fn round_trip<T>(all: &[T])
where
    T: Copy + std::fmt::Display + std::str::FromStr + serde::Serialize + serde::de::DeserializeOwned,
    T: PartialEq + std::fmt::Debug,
    <T as std::str::FromStr>::Err: std::fmt::Debug,
{
    for &v in all {
        let s = v.to_string();
        assert_eq!(s.parse::<T>().unwrap(), v);
        assert_eq!(s.to_uppercase().parse::<T>().unwrap(), v, "FromStr ignores ASCII case");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{s}\""), "serde and Display agree");
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), v);
    }
}

#[test]
fn enum_strings_round_trip_through_display_fromstr_and_serde() {
    round_trip(Provider::ALL);
    round_trip(Platform::ALL);
    round_trip(Domain::ALL);
    round_trip(Category::ALL);
    round_trip(Retry::ALL);
    round_trip(Actor::ALL);
    assert_eq!("opentok".parse::<Provider>().unwrap(), Provider::Vonage);
    assert_eq!("socket.io".parse::<Provider>().unwrap(), Provider::SocketIo);
}

#[test]
fn the_contract_strings_are_exactly_the_issue_taxonomy() {
    let cats: Vec<String> = Category::ALL.iter().copied().map(|c| c.to_string()).collect();
    assert_eq!(
        cats,
        [
            "authentication",
            "authorization",
            "media_permission",
            "device",
            "network",
            "media",
            "invalid_request",
            "state",
            "not_found",
            "limit",
            "unsupported",
            "configuration",
            "server",
            "closed",
            "notice",
            "unknown"
        ]
    );
    let retries: Vec<String> = Retry::ALL.iter().copied().map(|r| r.to_string()).collect();
    assert_eq!(
        retries,
        [
            "never",
            "backoff",
            "throttled",
            "automatic",
            "reconnect",
            "refresh_credentials",
            "after_user_action",
            "after_fix"
        ]
    );
    let actors: Vec<String> = Actor::ALL.iter().copied().map(|a| a.to_string()).collect();
    assert_eq!(actors, ["end_user", "developer", "operator", "vendor", "none"]);
}

/// Entries per provider and platform. A data change that adds or drops entries updates this pin on purpose.
#[test]
fn catalogue_size_is_pinned() {
    let count = |p: Provider, pl: Option<Platform>| entries_of(p).filter(|e| e.platform == pl).count();
    assert_eq!(count(Provider::Vonage, Some(Platform::Web)), 184);
    assert_eq!(count(Provider::Vonage, Some(Platform::Ios)), 67);
    assert_eq!(count(Provider::Vonage, Some(Platform::Android)), 64);
    assert_eq!(count(Provider::Vonage, Some(Platform::Linux)), 45);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Client)), 68);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Server)), 58);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Java)), 32);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Swift)), 26);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Python)), 57);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Dart)), 30);
    assert_eq!(count(Provider::SocketIo, Some(Platform::Dotnet)), 23);
    assert_eq!(count(Provider::Cobrowse, None), 42);
    assert_eq!(entries().len(), 696);
}

#[test]
fn ids_are_unique_and_name_the_entry() {
    let mut seen = std::collections::BTreeMap::new();
    for e in entries() {
        if let Some(other) = seen.insert(e.id(), e) {
            panic!("{e} and {other} share the id {}", e.id());
        }
        let mut prefix = e.provider.to_string();
        prefix.extend(e.platform.map(|p| format!(".{p}")));
        prefix.extend(e.domain.map(|d| format!(".{d}")));
        let key =
            e.name.map(str::to_string).or(e.code.map(|c| c.to_string())).or(e.aliases.first().map(|a| a.to_string()));
        let mut expected = format!("{prefix}.{}", key.unwrap());
        if let Some(first) = e.when_message.first() {
            expected.push_str(&format!("[{first}]"));
        }
        assert_eq!(e.id(), expected);
    }
    assert_eq!(seen.len(), entries().len());
}

#[test]
fn every_entry_cites_sources_a_reader_can_follow() {
    let mut cited = std::collections::BTreeSet::new();
    for e in entries() {
        assert!(e.sources().len() != 0, "{} cites no source", e.id());
        // The entry's own sources, and those of its causes and retry numbers.
        let all = e
            .sources()
            .chain(e.causes.iter().flat_map(|c| c.sources()))
            .chain(e.retry_policy.iter().flat_map(|p| p.sources()));
        for s in all {
            assert_eq!(s.provider, e.provider, "{} cites {} of another provider", e.id(), s.key);
            match (s.url, s.package, s.path) {
                (Some(url), None, None) => assert!(url.starts_with("https://"), "{}: {url}", s.key),
                (None, Some(package), Some(path)) => {
                    let (name, version) = package.rsplit_once('@').expect("name@version");
                    assert!(!name.is_empty() && version.starts_with(|c: char| c.is_ascii_digit()), "{package}");
                    assert!(!path.is_empty() && !path.starts_with('/'), "{}: {path}", s.key);
                }
                other => panic!("{}: source {} has neither a url nor a package path: {other:?}", e.id(), s.key),
            }
            assert!(s.read.len() == 10 && s.read.starts_with("20"), "{}: read {}", s.key, s.read);
            cited.insert((s.provider, s.key));
        }
    }
    // Every source of the catalogue is cited by some entry (the validator rejects unused ones).
    assert_eq!(cited.len(), errcat::sources().len());
}
