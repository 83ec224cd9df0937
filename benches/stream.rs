//! Whole-stream comparisons on a 1,000,000-line mix (`benches/mix`): errcat's stream (compact and full records,
//! 1 and 2 threads) against a floor that only validates each line with serde_json (`IgnoredAny`), and a Python
//! script doing `json.loads` plus dict lookups (`benches/baseline.py`). Each figure is the median of several
//! runs in this process; ratios are against the floor measured in the same run.
//!
//! `cargo bench --bench stream` (set `ERRCAT_MIX_LINES` for another size; `ERRCAT_MIX_OUT=FILE` only writes
//! the mix to FILE).

#[path = "mix/mod.rs"]
mod mix;

use std::time::{Duration, Instant};

use errcat::{classify_stream_with, RecordFields, StreamOptions};
use serde::de::IgnoredAny;

const RUNS: usize = 5;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The floor: split lines and validate each with serde_json, nothing else.
fn floor(input: &[u8]) -> usize {
    input.split(|&b| b == b'\n').filter(|line| serde_json::from_slice::<IgnoredAny>(line).is_ok()).count()
}

/// Output is counted, not kept: a sink that still sees every byte.
struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let lines: usize = std::env::var("ERRCAT_MIX_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let input = mix::mix(lines, 1);
    if let Ok(path) = std::env::var("ERRCAT_MIX_OUT") {
        // Only write the mix, for runs of the command line (`errcat --stdin < FILE`).
        std::fs::write(&path, &input).expect("write the mix");
        println!("wrote {lines} lines to {path}");
        return;
    }
    let mb = input.len() as f64 / 1e6;
    println!("stream mix: {lines} lines, {mb:.1} MB, median of {RUNS} runs\n");
    println!("{:<34} {:>10} {:>9} {:>11} {:>10} {:>9}", "run", "median", "MB/s", "lines/s", "out B/line", "× floor");

    let base = median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(floor(&input));
                t.elapsed()
            })
            .collect(),
    );
    let row = |name: &str, t: Duration, out_bytes: Option<u64>| {
        let s = t.as_secs_f64();
        let per_line = out_bytes.map_or("-".to_string(), |b| format!("{:.0}", b as f64 / lines as f64));
        println!(
            "{name:<34} {:>8.1}ms {:>9.0} {:>11.0} {per_line:>10} {:>9.2}",
            s * 1e3,
            mb / s,
            lines as f64 / s,
            s / base.as_secs_f64()
        );
    };
    row("floor: serde_json IgnoredAny", base, None);
    let mut one_thread = Duration::ZERO;
    for (name, fields, threads) in [
        ("errcat --compact --threads 1", RecordFields::COMPACT, 1),
        ("errcat --compact --threads 2", RecordFields::COMPACT, 2),
        ("errcat (full) --threads 1", RecordFields::FULL, 1),
        ("errcat (full) --threads 2", RecordFields::FULL, 2),
    ] {
        let options = StreamOptions::default().fields(fields).threads(threads);
        let mut out_bytes = 0;
        let t = median(
            (0..RUNS)
                .map(|_| {
                    let mut out = Count(0);
                    let t = Instant::now();
                    classify_stream_with(&input[..], &mut out, &options).unwrap();
                    let elapsed = t.elapsed();
                    out_bytes = out.0;
                    elapsed
                })
                .collect(),
        );
        row(name, t, Some(out_bytes));
        if threads == 1 {
            one_thread = t;
        } else {
            println!("{:<34} {:>8.2}× faster than 1 thread", "", one_thread.as_secs_f64() / t.as_secs_f64());
        }
    }

    // The Python baseline, when python3 is here.
    let path = std::env::temp_dir().join(format!("errcat-mix-{}.jsonl", std::process::id()));
    if std::fs::write(&path, &input).is_ok() {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/baseline.py");
        match std::process::Command::new("python3").arg(script).arg(&path).output() {
            Ok(out) if out.status.success() => {
                let secs: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(f64::NAN);
                row("python: json.loads + dict lookups", Duration::from_secs_f64(secs), None);
            }
            _ => println!("python baseline skipped: python3 did not run"),
        }
        let _ = std::fs::remove_file(&path);
    }
}
