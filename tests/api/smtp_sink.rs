//! A real SMTP server on loopback for the mail tests: it speaks enough SMTP for lettre (EHLO,
//! MAIL, RCPT, DATA, RSET, NOOP, QUIT), records every message it accepts, and can be told to
//! misbehave — answer 4xx a number of times, refuse with 5xx, answer slowly, or be down (nothing
//! listening on its port, so connections are refused).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mail_parser::{Message, MessageParser};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// How the sink answers a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// `451` after DATA for the next n messages, then accept.
    TemporaryFailures(usize),
    /// `550` to every recipient.
    Refuse,
}

/// One accepted message as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> Message<'_> {
        MessageParser::default().parse(&self.data).expect("a parsable message")
    }

    pub fn message_id(&self) -> String {
        self.parsed().message_id().expect("a Message-ID").to_owned()
    }

    /// The raw header block, for asserting on encodings.
    pub fn raw_headers(&self) -> String {
        let text = String::from_utf8_lossy(&self.data);
        text.split("\r\n\r\n").next().unwrap_or_default().to_owned()
    }
}

struct State {
    mode: Mode,
    delay: Duration,
    received: Vec<Received>,
    refused: usize,
}

pub struct SmtpSink {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    server: Mutex<Option<JoinHandle<()>>>,
}

impl SmtpSink {
    /// A sink that accepts everything.
    pub async fn start() -> SmtpSink {
        let sink = SmtpSink::start_down().await;
        sink.up();
        sink
    }

    /// A sink with a port of its own but nothing listening on it yet: SMTP is down.
    pub async fn start_down() -> SmtpSink {
        let reserved = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let addr = reserved.local_addr().unwrap();
        drop(reserved);
        let state = State { mode: Mode::Accept, delay: Duration::ZERO, received: Vec::new(), refused: 0 };
        SmtpSink { addr, state: Arc::new(Mutex::new(state)), server: Mutex::new(None) }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Starts listening (again) on the sink's port.
    pub fn up(&self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.addr).expect("the sink's port is free again");
        let listener = socket.listen(64).unwrap();
        let state = self.state.clone();
        let server = tokio::spawn(async move {
            let mut sessions = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                sessions.spawn(session(stream, state.clone()));
            }
        });
        *self.server.lock().unwrap() = Some(server);
    }

    /// Stops listening and cuts every open connection, as a server that went away.
    pub fn down(&self) {
        if let Some(server) = self.server.lock().unwrap().take() {
            server.abort();
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    /// Waits this long before answering each message's DATA.
    pub fn set_delay(&self, delay: Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn received_count(&self) -> usize {
        self.state.lock().unwrap().received.len()
    }

    /// Messages answered with 4xx or 5xx.
    pub fn refused(&self) -> usize {
        self.state.lock().unwrap().refused
    }

    /// Polls until at least `count` messages arrived; panics at the deadline.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(Instant::now() < deadline, "the sink got {} of {count} messages in {within:?}", received.len());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.down();
    }
}

async fn session(stream: TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        ack_at_once(lines.get_ref());
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_owned();
        let verb = command.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let answer: String = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n".into(),
            "HELO" | "NOOP" => "250 OK\r\n".into(),
            "RSET" => {
                (from, to) = (String::new(), Vec::new());
                "250 OK\r\n".into()
            }
            "MAIL" => {
                from = address(&command);
                to.clear();
                "250 OK\r\n".into()
            }
            "RCPT" => {
                let mut state = state.lock().unwrap();
                if state.mode == Mode::Refuse {
                    state.refused += 1;
                    "550 5.1.1 No such mailbox here\r\n".into()
                } else {
                    to.push(address(&command));
                    "250 OK\r\n".into()
                }
            }
            "DATA" => {
                if write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.is_err() {
                    return;
                }
                let Some(data) = read_data(&mut lines).await else { return };
                let delay = state.lock().unwrap().delay;
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                let mut state = state.lock().unwrap();
                match state.mode {
                    Mode::TemporaryFailures(n) if n > 0 => {
                        state.mode = Mode::TemporaryFailures(n - 1);
                        state.refused += 1;
                        "451 4.3.0 Try again later\r\n".into()
                    }
                    _ => {
                        let received = Received { mail_from: from.clone(), rcpt_to: to.clone(), data };
                        state.received.push(received);
                        format!("250 2.0.0 Queued as {}\r\n", state.received.len())
                    }
                }
            }
            "QUIT" => {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            }
            _ => "502 5.5.2 Command not recognised\r\n".into(),
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// Acknowledges what arrives at once instead of after Linux's 40 ms delayed ACK. lettre writes a
/// message and its final dot in two writes without TCP_NODELAY, so Nagle holds the dot back until
/// that ACK: a real relay costs lettre those 40 ms per email, which would make the drain tests
/// measure timers instead of Trygg. (The flag resets itself, so it is set before every read.)
fn ack_at_once(read: &OwnedReadHalf) {
    #[cfg(target_os = "linux")]
    let _ = socket2::SockRef::from(read.as_ref()).set_tcp_quickack(true);
}

/// `MAIL FROM:<a@b> SIZE=1` → `a@b`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..].find('>').map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

/// The message up to the lone dot, with dot-stuffing undone.
async fn read_data(lines: &mut BufReader<OwnedReadHalf>) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        ack_at_once(lines.get_ref());
        if lines.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        if line == b".\r\n" {
            return Some(data);
        }
        let unstuffed = if line.starts_with(b"..") { &line[1..] } else { &line[..] };
        data.extend_from_slice(unstuffed);
    }
}
