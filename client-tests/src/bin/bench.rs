//! `cargo run --release -p client-tests --bin bench`: the client at run time, against a
//! loopback HTTP/1.1 server, each figure a ratio to a baseline measured in the same run.
//! `cargo xtask bench` runs it and gathers its `target` lines.
//!
//! - `fetch` and `create` through the generated client vs the same request by hand with
//!   reqwest and serde_json (reqwest's default connection pool; Basic auth, `Accept`,
//!   `User-Agent` and a timeout, as the client sends): latency and requests per second
//!   of the fastest round, and the median over interleaved rounds of the two sides' ratio;
//! - a 1000-item list page, through the client vs by hand (the body is ~400 KB, so the
//!   decoding dominates);
//! - streaming 100 000 items over 1 000 pages: time, and the peak resident memory of a
//!   child process that streams them against one that streams a single page;
//! - streaming with the next page prefetched or not, from a server on its own thread that
//!   takes 2 ms per page, with 2 ms of waiting after each page's items.

use client_tests::fuzz;
use futures_util::TryStreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use twilio_assistants::{models, Client};

const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
/// The per-request timeout of `fuzz::client_for`'s client, which the requests by hand
/// set too, so that both sides do the same work.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The example body (from spec/) of an operation's success response.
fn example(spec: &fuzz::Spec, operation: &str) -> serde_json::Value {
    let expected = spec
        .operations
        .iter()
        .find(|expected| expected.operation == operation)
        .and_then(|expected| expected.schema.as_ref())
        .unwrap_or_else(|| panic!("spec/ has a response schema for {operation}"));
    spec.example(expected)
}

/// An assistant as a list returns it, with its own id.
fn assistant(template: &serde_json::Value, index: usize) -> serde_json::Value {
    let mut assistant = template.clone();
    assistant["id"] = serde_json::json!(format!("aia_asst_{index:08}"));
    assistant["name"] = serde_json::json!(format!("Assistant {index}"));
    assistant
}

/// A page of `size` assistants (the same ones on every page, built once per size, so that
/// the server, which shares the thread with the client, costs little); its
/// `next_page_url` names page `index + 1` until `pages`.
fn page(items: &str, port: u16, index: usize, size: usize, pages: usize) -> String {
    let next = if index + 1 < pages {
        format!(
            "\"http://127.0.0.1:{port}/v1/Assistants?PageSize={size}&PageToken=p{}\"",
            index + 1
        )
    } else {
        "null".to_owned()
    };
    format!(
        "{{\"assistants\":{items},\"meta\":{{\"page\":{index},\"page_size\":{size},\
         \"first_page_url\":\"\",\"previous_page_url\":null,\"url\":\"\",\
         \"next_page_url\":{next},\"key\":\"assistants\"}}}}"
    )
}

fn http(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The server: one assistant for a fetch or create, pages for a list (`PageSize` items,
/// `pages` pages in all, from the query), each page after `latency`.
async fn server(pages: usize, latency: Duration) -> u16 {
    let spec = fuzz::Spec::load();
    let fetched = example(&spec, "FetchAssistant").to_string();
    let created = example(&spec, "CreateAssistant").to_string();
    let template = example(&spec, "CreateAssistant");
    let items: Mutex<HashMap<usize, Arc<String>>> = Mutex::new(HashMap::new());
    let port = Arc::new(std::sync::OnceLock::new());
    let port_for_pages = port.clone();
    let bound = fuzz::serve(move |head| {
        let line = head.lines().next().unwrap_or_default();
        let target = line.split_whitespace().nth(1).unwrap_or_default();
        if line.starts_with("POST") {
            return http(201, &created);
        }
        match target.split_once('?') {
            Some(("/v1/Assistants", query)) => {
                let value = |name: &str| {
                    query
                        .split('&')
                        .find_map(|pair| pair.strip_prefix(name))
                        .and_then(|value| value.trim_start_matches('p').parse::<usize>().ok())
                };
                let size = value("PageSize=").unwrap_or(50);
                let index = value("PageToken=").unwrap_or(0);
                let port = *port_for_pages.get().unwrap_or(&0);
                let items = items
                    .lock()
                    .map(|mut items| {
                        items
                            .entry(size)
                            .or_insert_with(|| {
                                let list: Vec<_> =
                                    (0..size).map(|item| assistant(&template, item)).collect();
                                Arc::new(serde_json::Value::from(list).to_string())
                            })
                            .clone()
                    })
                    .unwrap_or_default();
                // The server's own thread waits, as a distant API would.
                if !latency.is_zero() {
                    std::thread::sleep(latency);
                }
                http(200, &page(&items, port, index, size, pages))
            }
            _ => http(200, &fetched),
        }
    })
    .await;
    let _ = port.set(bound);
    bound
}

/// A request made by hand with the headers and timeout the client sends; the answer's body.
async fn request_by_hand(request: reqwest::RequestBuilder, user_agent: &str) -> impl AsRef<[u8]> {
    request
        .basic_auth(ACCOUNT, Some("token"))
        .timeout(TIMEOUT)
        .header("User-Agent", user_agent)
        .header("Accept", "application/json")
        .send()
        .await
        .expect("an answer")
        .bytes()
        .await
        .expect("a body")
}

/// Runs `work` `count` times; its wall time.
async fn timed<F: std::future::Future<Output = ()>>(
    count: usize,
    mut work: impl FnMut() -> F,
) -> Duration {
    let started = Instant::now();
    for _ in 0..count {
        work().await;
    }
    started.elapsed()
}

/// Both sides compared over `rounds` rounds of `count` requests each, in alternating order
/// (so neither always runs on the warmer side of a round).
struct Comparison {
    /// The fastest round of each side.
    fastest: (Duration, Duration),
    /// The median over rounds of the first side's time over the second's in the same
    /// round: a slow spell of this shared machine stretches both halves of a round alike.
    ratio: f64,
}

async fn compare<A, B, FA, FB>(rounds: usize, count: usize, mut a: A, mut b: B) -> Comparison
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: std::future::Future<Output = ()>,
    FB: std::future::Future<Output = ()>,
{
    let mut fastest = (Duration::MAX, Duration::MAX);
    let mut ratios = Vec::with_capacity(rounds);
    // One warm-up round each, so both pools hold an open connection.
    timed(count / 10 + 1, &mut a).await;
    timed(count / 10 + 1, &mut b).await;
    for round in 0..rounds {
        let (time_a, time_b) = if round % 2 == 0 {
            let time_a = timed(count, &mut a).await;
            (time_a, timed(count, &mut b).await)
        } else {
            let time_b = timed(count, &mut b).await;
            (timed(count, &mut a).await, time_b)
        };
        fastest = (fastest.0.min(time_a), fastest.1.min(time_b));
        ratios.push(time_a.as_secs_f64() / time_b.as_secs_f64().max(1e-9));
    }
    ratios.sort_by(f64::total_cmp);
    Comparison {
        fastest,
        ratio: ratios[ratios.len() / 2],
    }
}

fn target(name: &str, measured: f64, goal: f64) {
    println!("target {name}: measured {measured:.3} (goal {goal})");
}

fn per_request(total: Duration, count: usize) -> String {
    let micros = total.as_secs_f64() * 1e6 / count as f64;
    format!("{micros:>8.1} µs/request {:>8.0} requests/s", 1e6 / micros)
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// `bench --stream PAGES`: streams PAGES pages of 100 items and prints
/// `ITEMS MICROS BASELINE_KIB PEAK_KIB`.
async fn stream_child(pages: usize) {
    let port = server(pages, Duration::ZERO).await;
    let client = fuzz::client_for(port);
    // The first page, so that the connection, TLS-free as it is, and the client's buffers
    // exist before the baseline is taken.
    client
        .assistants()
        .list()
        .page_size(100)
        .send()
        .await
        .expect("a first page");
    let baseline = peak_kib();
    let started = Instant::now();
    let mut items = 0usize;
    let mut stream = std::pin::pin!(client.assistants().list().page_size(100).stream());
    while let Some(item) = stream.try_next().await.expect("every page decodes") {
        items += usize::from(!item.name.is_empty());
    }
    println!(
        "{items} {} {baseline} {}",
        started.elapsed().as_micros(),
        peak_kib()
    );
}

/// Streams `pages` pages in a child process: items, time, and the child's peak resident
/// size (KiB) before and after streaming.
fn stream_in_child(pages: usize) -> (usize, Duration, u64, u64) {
    let exe = std::env::current_exe().expect("this program");
    let output = std::process::Command::new(exe)
        .args(["--stream", &pages.to_string()])
        .output()
        .expect("the child runs");
    let numbers: Vec<u64> = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    match numbers[..] {
        [items, micros, baseline, peak] => (
            items as usize,
            Duration::from_micros(micros),
            baseline,
            peak,
        ),
        _ => panic!(
            "the streaming child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

/// A page server with `latency` per page, on a thread and runtime of its own, so that
/// it answers while the client's thread works; its port.
fn distant_server(pages: usize, latency: Duration) -> u16 {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the server");
        runtime.block_on(async move {
            let _ = sender.send(server(pages, latency).await);
            std::future::pending::<()>().await
        });
    });
    receiver.recv().expect("the server's port")
}

/// Streams every item of the list at `port` in pages of 100, with `work` of waiting (a
/// database write, say) after each page's items; the wall time.
async fn stream_with_work(port: u16, prefetch: bool, work: Duration) -> Duration {
    let client = fuzz::builder_for(port)
        .prefetch_pages(prefetch)
        .build()
        .expect("a valid client");
    let started = Instant::now();
    let mut stream = std::pin::pin!(client.assistants().list().page_size(100).stream());
    let mut items = 0usize;
    while let Some(item) = stream.try_next().await.expect("every page decodes") {
        items += usize::from(!item.name.is_empty());
        if items % 100 == 0 {
            tokio::time::sleep(work).await;
        }
    }
    started.elapsed()
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, pages] = &args[..] {
        if flag == "--stream" {
            stream_child(pages.parse().expect("a page count")).await;
            return;
        }
    }

    let port = server(1, Duration::ZERO).await;
    let client: Client = fuzz::client_for(port);
    let hand = reqwest::Client::new();
    let user_agent = client.user_agent().to_owned();
    let base = format!("http://127.0.0.1:{port}");
    let id: models::AssistantId = "aia_asst_00000001".parse().expect("an id");

    // Rounds of 2000 requests (about 0.1 s a side): in rounds of 500 (25 ms) a few
    // milliseconds of this shared machine's other work moved the median ratio by 5-10%.
    let (rounds, count) = (21, 2000);
    let fetch = compare(
        rounds,
        count,
        || async { drop(client.assistants().fetch(&id).send().await.expect("fetch")) },
        || async {
            let body = request_by_hand(
                hand.get(format!("{base}/v1/Assistants/aia_asst_00000001")),
                &user_agent,
            )
            .await;
            drop(
                serde_json::from_slice::<models::AssistantWithToolsAndKnowledge>(body.as_ref())
                    .expect("an assistant"),
            );
        },
    )
    .await;
    println!("fetch   client {}", per_request(fetch.fastest.0, count));
    println!("fetch   by hand{}", per_request(fetch.fastest.1, count));
    target("client-fetch-vs-reqwest", fetch.ratio, 1.05);

    let request = models::CreateAssistantRequest {
        name: "Bench".to_owned(),
        ..Default::default()
    };
    let create = compare(
        rounds,
        count,
        || async {
            drop(
                client
                    .assistants()
                    .create("Bench")
                    .send()
                    .await
                    .expect("create"),
            )
        },
        || async {
            let body = request_by_hand(
                hand.post(format!("{base}/v1/Assistants"))
                    .header("Content-Type", "application/json")
                    .body(serde_json::to_vec(&request).expect("a body")),
                &user_agent,
            )
            .await;
            drop(serde_json::from_slice::<models::Assistant>(body.as_ref()).expect("an assistant"));
        },
    )
    .await;
    println!("create  client {}", per_request(create.fastest.0, count));
    println!("create  by hand{}", per_request(create.fastest.1, count));
    target("client-create-vs-reqwest", create.ratio, 1.05);

    let count = 20;
    let page = compare(
        11,
        count,
        || async {
            let page = client
                .assistants()
                .list()
                .page_size(1000)
                .send()
                .await
                .expect("a page");
            assert_eq!(page.assistants.len(), 1000);
        },
        || async {
            let body = request_by_hand(
                hand.get(format!("{base}/v1/Assistants?PageSize=1000")),
                &user_agent,
            )
            .await;
            let page: models::AssistantList =
                serde_json::from_slice(body.as_ref()).expect("a page");
            assert_eq!(page.assistants.len(), 1000);
        },
    )
    .await;
    println!(
        "1000-item page client  {:>8.2} ms",
        page.fastest.0.as_secs_f64() * 1e3 / count as f64
    );
    println!(
        "1000-item page by hand {:>8.2} ms",
        page.fastest.1.as_secs_f64() * 1e3 / count as f64
    );
    target("client-decode-1000-item-page", page.ratio, 1.10);

    let (one_items, _, _, one_peak) = stream_in_child(1);
    let (items, time, baseline, peak) = stream_in_child(1000);
    assert_eq!((one_items, items), (100, 100_000));
    println!(
        "streaming {items} items over 1000 pages: {:.2} s ({:.0} items/s); peak memory {peak} KiB \
         (before streaming {baseline} KiB), one page: {one_peak} KiB",
        time.as_secs_f64(),
        items as f64 / time.as_secs_f64(),
    );
    // Memory flat in the number of pages: the whole process's peak while streaming 1000
    // pages may be at most twice its peak while reading one.
    target(
        "client-stream-memory (peak, 1000 pages / 1 page)",
        peak as f64 / one_peak.max(1) as f64,
        2.0,
    );

    // Prefetching pays when each page takes a while to arrive and the caller does something
    // with each page: the next page's wait then overlaps with that work.
    let (pages, latency, work) = (200, Duration::from_millis(2), Duration::from_millis(2));
    let port = distant_server(pages, latency);
    let mut times = (Vec::new(), Vec::new());
    for round in 0..3 {
        let order = if round % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        };
        for prefetch in order {
            let time = stream_with_work(port, prefetch, work).await;
            if prefetch {
                times.1.push(time);
            } else {
                times.0.push(time);
            }
        }
    }
    let (sequential, prefetched) = (
        times.0.iter().min().copied().unwrap_or_default(),
        times.1.iter().min().copied().unwrap_or_default(),
    );
    println!(
        "streaming {pages} pages, {} ms per page from the server and {} ms of work per page: \
         {:.2} s, with prefetch_pages {:.2} s ({:.2}x)",
        latency.as_millis(),
        work.as_millis(),
        sequential.as_secs_f64(),
        prefetched.as_secs_f64(),
        prefetched.as_secs_f64() / sequential.as_secs_f64().max(1e-9),
    );
}
