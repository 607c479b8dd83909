//! How a message leaves: an SMTP relay (lettre's async transport on tokio with rustls), `.eml`
//! files under the data directory, or nowhere.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::mail::{Security, SmtpSettings, TransportKind};
use crate::config::Settings;
use crate::store::entity::outbox_email;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    None,
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try: the server is down, busy (4xx) or slow.
    Transient(String),
    /// Will never work: the server refused for good (5xx), or the message cannot be built.
    Permanent(String),
}

impl Transport {
    /// The configured transport; the file transport's directory is created here.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let mail = &settings.mail;
        Ok(match mail.transport {
            TransportKind::Smtp => Transport::Smtp(smtp(&mail.smtp, mail.send_timeout)?),
            TransportKind::File => {
                let dir = settings.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("mail.transport = \"file\": creating {}", dir.display()))?;
                Transport::File(AsyncFileTransport::new(dir))
            }
            TransportKind::None => Transport::None,
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Transport::Smtp(_) => "smtp",
            Transport::File(_) => "file",
            Transport::None => "none",
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| {
                let text = describe(&e);
                if e.is_permanent() {
                    SendError::Permanent(text)
                } else {
                    SendError::Transient(text)
                }
            }),
            Transport::File(file) => file.send(message).await.map(drop).map_err(|e| SendError::Transient(describe(&e))),
            Transport::None => Ok(()),
        }
    }
}

fn smtp(settings: &SmtpSettings, timeout: Duration) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let host = settings.host.trim();
    let builder = match settings.security {
        Security::Plain => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        Security::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
            .with_context(|| format!("mail.smtp: TLS for {host}"))?,
        Security::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(host).with_context(|| format!("mail.smtp: TLS for {host}"))?
        }
    }
    .port(settings.port)
    .timeout(Some(timeout));
    let builder = match &settings.username {
        Some(username) => {
            let password = settings.password.as_ref().map(|p| p.expose_secret().to_owned()).unwrap_or_default();
            builder.credentials(Credentials::new(username.clone(), password))
        }
        None => builder,
    };
    Ok(builder.build())
}

/// An error with its causes, which lettre keeps out of its own message ("Connection refused").
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The message for an outbox row: text and HTML as alternatives, the row's stable Message-ID,
/// marked as automatic (no auto-replies), and with one-click unsubscribe (RFC 8058) where it has
/// an opt-out link. lettre encodes non-ASCII headers (RFC 2047) and bodies.
pub fn message(email: &outbox_email::Model, from: &Mailbox) -> Result<Message, SendError> {
    let to: Mailbox = email
        .recipient
        .parse()
        .map_err(|e| SendError::Permanent(format!("the recipient `{}` is not an address: {e}", email.recipient)))?;
    let header = |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .message_id(Some(email.message_id.clone()))
        .raw_header(header("Auto-Submitted", "auto-generated".to_owned()));
    if let Some(url) = &email.unsubscribe_url {
        builder = builder
            .raw_header(header("List-Unsubscribe", format!("<{url}>")))
            .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_owned()));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(email.body_text.clone(), email.body_html.clone()))
        .map_err(|e| SendError::Permanent(format!("the message cannot be built: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn row(recipient: &str, unsubscribe_url: Option<&str>) -> outbox_email::Model {
        outbox_email::Model {
            id: 1,
            recipient: recipient.into(),
            subject: "Brådskande rapport TRY-2026-000001: Hot eller våld, Herrljunga".into(),
            body_text: "Område: Herrljunga, Åsarp".into(),
            body_html: "<p>Område: Herrljunga, Åsarp</p>".into(),
            kind: "coordinator_alert".into(),
            report_id: Some(1),
            unsubscribe_url: unsubscribe_url.map(Into::into),
            status: "sending".into(),
            attempts: 1,
            next_attempt_at: Utc::now(),
            last_error: None,
            message_id: "<trygg.0123@trygg.example>".into(),
            claimed_by: None,
            claimed_until: None,
            created_at: Utc::now(),
            sent_at: None,
        }
    }

    #[test]
    fn a_message_is_multipart_alternative_with_an_encoded_subject_and_the_rows_message_id() {
        let from: Mailbox = "Trygg <trygg@example.org>".parse().unwrap();
        let raw = String::from_utf8(message(&row("a@example.org", None), &from).unwrap().formatted()).unwrap();
        assert!(raw.contains("Message-ID: <trygg.0123@trygg.example>"), "{raw}");
        assert!(raw.contains("Subject: =?utf-8?"), "non-ASCII subject is RFC 2047 encoded: {raw}");
        assert!(raw.contains("Content-Type: multipart/alternative"), "{raw}");
        assert!(raw.contains("Auto-Submitted: auto-generated"));
        assert!(!raw.contains("List-Unsubscribe"));
        let with_link = row("a@example.org", Some("https://trygg.example/api/v1/mail/opt-out/x"));
        let raw = String::from_utf8(message(&with_link, &from).unwrap().formatted()).unwrap();
        assert!(raw.contains("List-Unsubscribe: <https://trygg.example/api/v1/mail/opt-out/x>"), "{raw}");
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    #[test]
    fn a_recipient_that_is_no_address_fails_for_good() {
        let from: Mailbox = "trygg@example.org".parse().unwrap();
        assert!(matches!(message(&row("not an address", None), &from), Err(SendError::Permanent(_))));
    }
}
