//! A Tool's webhook: a small HTTP server that answers the requests an Assistant makes
//! when it uses a Tool, after checking that each comes from Twilio (its
//! `X-Twilio-Signature` header). Forged or altered requests get `403 Forbidden`.
//!
//! `TWILIO_AUTH_TOKEN=... PUBLIC_URL=https://tools.example.com cargo run --example tool_webhook --features webhooks`
//! (`PUBLIC_URL` is where Twilio reaches this server, such as a tunnel to port 8080; the
//! signature covers the URL Twilio requested, not the one this server sees).
//!
//! The server reads one request per connection with the standard library, to need no web
//! framework; with one, hand its `http::Request` to `RequestValidator::validate` the same
//! way.

#[cfg(feature = "webhooks")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::net::TcpListener;
    use twilio_assistants::RequestValidator;

    // TWILIO_AUTH_TOKEN, and TWILIO_SECONDARY_AUTH_TOKEN while a new token is promoted.
    let validator = RequestValidator::from_env()?;
    let public_url = std::env::var("PUBLIC_URL")?;
    let listener = TcpListener::bind("127.0.0.1:8080")?;
    println!("listening on {}", listener.local_addr()?);
    for stream in listener.incoming() {
        let mut stream = stream?;
        let (status, body) = match server::read_request(&mut stream) {
            Ok(request) => {
                let url = format!("{public_url}{}", request.uri());
                match validator.validate(&request, Some(&url)) {
                    // The Tool's answer: what the Assistant reads.
                    Ok(()) => ("200 OK", r#"{"status": "shipped", "eta": "tomorrow"}"#),
                    Err(error) => {
                        eprintln!("refused: {error}");
                        ("403 Forbidden", r#"{"error": "forbidden"}"#)
                    }
                }
            }
            Err(error) => {
                eprintln!("unreadable request: {error}");
                ("400 Bad Request", r#"{"error": "bad request"}"#)
            }
        };
        server::answer(&mut stream, status, body)?;
    }
    Ok(())
}

#[cfg(not(feature = "webhooks"))]
fn main() {
    eprintln!("this example needs the `webhooks` feature: add `--features webhooks`");
    std::process::exit(2);
}

/// Just enough HTTP/1.1 for the example: one request per connection, read whole.
#[cfg(feature = "webhooks")]
mod server {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    /// The request on `stream`: its method, target, headers and `Content-Length` body.
    pub fn read_request(stream: &mut TcpStream) -> std::io::Result<http::Request<Vec<u8>>> {
        let invalid = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let mut parts = line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
            return Err(invalid("no request line"));
        };
        let mut request = http::Request::builder().method(method).uri(target);
        let mut length = 0;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header
                .split_once(':')
                .ok_or_else(|| invalid("a bad header"))?;
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|_| invalid("a bad length"))?;
            }
            request = request.header(name, value.trim());
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        request.body(body).map_err(|_| invalid("a bad request"))
    }

    /// Answers with `status` and the JSON `body`, and closes the connection.
    pub fn answer(stream: &mut TcpStream, status: &str, body: &str) -> std::io::Result<()> {
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
    }
}
