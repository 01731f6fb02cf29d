//! `cargo run --release -p client-tests --bin fuzz -- [--seconds N] [--seed N]`: the
//! response fuzzer of `client_tests::fuzz` for a fixed time (default 60 s); fails when any
//! call panicked.

use std::process::ExitCode;
use std::time::{Duration, Instant};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut seconds = 60;
    let mut seed = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|value| value.parse::<u64>().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(value)) => seconds = value,
            ("--seed", Some(value)) => seed = value,
            _ => {
                eprintln!("usage: fuzz [--seconds N] [--seed N]");
                return ExitCode::from(2);
            }
        }
    }
    // A panic is reported with its operation below; the hook would print each twice.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let budget = Duration::from_secs(seconds);
    let report = client_tests::fuzz::run(seed, |_| started.elapsed() < budget).await;
    let elapsed = started.elapsed().as_secs_f64();
    for panic in &report.panics {
        println!("fuzz-client: PANIC {panic}");
    }
    println!(
        "fuzz-client: {} executions in {elapsed:.0} s ({:.0}/s): {} ok, {} errors, {} panics",
        report.executions,
        report.executions as f64 / elapsed.max(0.001),
        report.ok,
        report.errors,
        report.panics.len()
    );
    if report.panics.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
