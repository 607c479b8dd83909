//! Email text with minijinja: one template per audience, part and language, compiled into the
//! binary. Templates ending in `.html` are HTML-escaped; a variable a template names but the context
//! lacks is an error (strict), so a typo cannot send a blank to anyone.
//!
//! minijinja rather than askama: the language is chosen per recipient at run time, which is a
//! template name here instead of a Rust type per language and part; and the templates stay plain
//! files a translator can edit, checked by the unit tests below rather than by a proc macro.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Stockholm;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::Lang;

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),+]
    };
}

const SOURCES: &[(&str, &str)] = templates!(
    "coordinator_subject.sv.txt",
    "coordinator_subject.en.txt",
    "coordinator.sv.txt",
    "coordinator.en.txt",
    "coordinator.sv.html",
    "coordinator.en.html",
    "reporter_subject.sv.txt",
    "reporter_subject.en.txt",
    "reporter.sv.txt",
    "reporter.en.txt",
    "reporter.sv.html",
    "reporter.en.html",
    "opt_out.sv.html",
    "opt_out.en.html",
    "action_overdue_subject.sv.txt",
    "action_overdue_subject.en.txt",
    "action_overdue.sv.txt",
    "action_overdue.en.txt",
    "action_overdue.sv.html",
    "action_overdue.en.html",
    "draft_ready_subject.sv.txt",
    "draft_ready_subject.en.txt",
    "draft_ready.sv.txt",
    "draft_ready.en.txt",
    "draft_ready.sv.html",
    "draft_ready.en.html",
);

static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // minijinja's HTML escaping also turns `/` into `&#x2f;`, which is valid but makes every link
    // unreadable in the source of an email; these five are what HTML needs.
    env.set_formatter(|out, state, value| match (state.auto_escape(), value.as_str()) {
        (AutoEscape::Html, Some(text)) if !value.is_safe() => Ok(out.write_str(&escape_html(text))?),
        _ => minijinja::escape_formatter(out, state, value),
    });
    for (name, source) in SOURCES {
        // The sources are compiled in; the unit tests render every one of them.
        env.add_template(name, source).unwrap_or_else(|e| panic!("mail template {name}: {e}"));
    }
    env
});

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The parts of one email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// To coordinators: new reports, as they come (urgent) or once a day (`digest`).
#[derive(Debug, Serialize)]
pub struct CoordinatorMail {
    pub municipality: String,
    pub digest: bool,
    pub urgent_count: usize,
    pub reports: Vec<ReportLine>,
}

/// A report as a coordinator's email shows it: no contact details, and the description only
/// where the configuration allows it.
#[derive(Debug, Serialize)]
pub struct ReportLine {
    pub id: String,
    pub category: String,
    pub area: String,
    pub priority: Option<String>,
    pub received: String,
    pub urgent: bool,
    pub description: Option<String>,
    pub url: String,
}

/// To a reporter who left an email address: what happened with their report.
#[derive(Debug, Serialize)]
pub struct ReporterMail {
    pub municipality: String,
    pub id: String,
    pub updates: Vec<Update>,
    pub tracking_url: String,
    pub opt_out_url: String,
}

#[derive(Debug, Serialize)]
pub struct Update {
    pub at: String,
    /// The new status, in words.
    pub status: Option<String>,
    /// A public reply from the municipality.
    pub reply: Option<String>,
    /// Merged into an earlier report of the same thing: its number and status, in words.
    pub already_reported: Option<(String, String)>,
}

/// The opt-out page: asking (`done` false) or confirming.
#[derive(Debug, Serialize)]
pub struct OptOutPage {
    pub municipality: String,
    pub id: String,
    pub done: bool,
}

/// To an action's owner and the coordinators: the action is past its due date.
#[derive(Debug, Serialize)]
pub struct ActionOverdueMail {
    pub municipality: String,
    pub group: String,
    pub problem: String,
    pub measure: String,
    pub responsible: String,
    pub owner: Option<String>,
    pub status: String,
    pub due_date: String,
    pub url: String,
}

/// To EST's members and the coordinators: the draft lägesbild for the next meeting is ready.
#[derive(Debug, Serialize)]
pub struct DraftReadyMail {
    pub municipality: String,
    pub group: String,
    pub meeting: String,
    pub url: String,
}

pub fn action_overdue(lang: Lang, mail: &ActionOverdueMail) -> Result<Content, minijinja::Error> {
    render_email("action_overdue", lang, mail)
}

pub fn draft_ready(lang: Lang, mail: &DraftReadyMail) -> Result<Content, minijinja::Error> {
    render_email("draft_ready", lang, mail)
}

pub fn coordinator(lang: Lang, mail: &CoordinatorMail) -> Result<Content, minijinja::Error> {
    render_email("coordinator", lang, mail)
}

pub fn reporter(lang: Lang, mail: &ReporterMail) -> Result<Content, minijinja::Error> {
    render_email("reporter", lang, mail)
}

pub fn opt_out_page(lang: Lang, page: &OptOutPage) -> Result<String, minijinja::Error> {
    render(&format!("opt_out.{lang}.html"), page)
}

fn render_email(audience: &str, lang: Lang, context: &impl Serialize) -> Result<Content, minijinja::Error> {
    let subject = render(&format!("{audience}_subject.{lang}.txt"), context)?;
    Ok(Content {
        // A subject is one line, however the template wraps.
        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        text: render(&format!("{audience}.{lang}.txt"), context)?,
        html: render(&format!("{audience}.{lang}.html"), context)?,
    })
}

fn render(name: &str, context: &impl Serialize) -> Result<String, minijinja::Error> {
    TEMPLATES.get_template(name)?.render(context)
}

/// A time as people in the municipality read it: Stockholm time, to the minute.
pub fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Stockholm).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::ReportStatus;

    fn line(id: &str, urgent: bool, description: Option<&str>) -> ReportLine {
        ReportLine {
            id: id.into(),
            category: "Hot eller våld".into(),
            area: "Herrljunga".into(),
            priority: None,
            received: "2026-11-25 21:30".into(),
            urgent,
            description: description.map(Into::into),
            url: format!("https://trygg.example/personal/rapporter/{id}"),
        }
    }

    fn coordinator_mail(reports: Vec<ReportLine>, digest: bool) -> CoordinatorMail {
        let urgent_count = reports.iter().filter(|r| r.urgent).count();
        CoordinatorMail { municipality: "Herrljunga kommun".into(), digest, urgent_count, reports }
    }

    #[test]
    fn every_template_renders_in_both_languages() {
        for lang in [Lang::Sv, Lang::En] {
            for digest in [false, true] {
                let mail = coordinator_mail(vec![line("TRY-2026-000001", true, Some("x"))], digest);
                coordinator(lang, &mail).unwrap();
            }
            reporter(lang, &reporter_mail()).unwrap();
            let overdue = ActionOverdueMail {
                municipality: "Herrljunga kommun".into(),
                group: "EST".into(),
                problem: "Mörk gångtunnel".into(),
                measure: "Byt armaturer".into(),
                responsible: "Samhällsbyggnad".into(),
                owner: Some("Olle".into()),
                status: "pågår".into(),
                due_date: "2026-12-01".into(),
                url: "https://trygg.example/personal/lagesbild/1".into(),
            };
            assert!(action_overdue(lang, &overdue).unwrap().html.contains("Mörk gångtunnel"));
            let ready = DraftReadyMail {
                municipality: "Herrljunga kommun".into(),
                group: "EST".into(),
                meeting: "2027-01-12 09:00".into(),
                url: "https://trygg.example/personal/lagesbild/2".into(),
            };
            assert!(draft_ready(lang, &ready).unwrap().subject.contains("2027-01-12"));
            for done in [false, true] {
                opt_out_page(lang, &OptOutPage { municipality: "Herrljunga kommun".into(), id: "TRY-1".into(), done })
                    .unwrap();
            }
        }
        assert_eq!(SOURCES.len(), 26);
    }

    #[test]
    fn one_urgent_report_is_named_in_the_subject_with_its_summary_in_the_body() {
        let content =
            coordinator(Lang::Sv, &coordinator_mail(vec![line("TRY-2026-000123", true, None)], false)).unwrap();
        assert_eq!(content.subject, "Brådskande rapport TRY-2026-000123: Hot eller våld, Herrljunga");
        for expected in
            ["TRY-2026-000123: Hot eller våld (brådskande)", "Område:    Herrljunga", "Prioritet: inte satt"]
        {
            assert!(content.text.contains(expected), "{expected} in\n{}", content.text);
        }
        assert!(!content.text.contains("Beskrivning:"), "no free text by default");
        assert!(content.html.contains(r#"<a href="https://trygg.example/personal/rapporter/TRY-2026-000123">"#));
    }

    #[test]
    fn several_reports_make_one_email_and_the_digest_says_so() {
        let reports = vec![line("TRY-2026-000001", true, None), line("TRY-2026-000002", false, None)];
        let batch = coordinator(Lang::Sv, &coordinator_mail(reports, false)).unwrap();
        assert_eq!(batch.subject, "Trygg: 2 nya rapporter, 1 brådskande");
        let digest =
            coordinator(Lang::En, &coordinator_mail(vec![line("TRY-2026-000003", false, None)], true)).unwrap();
        assert_eq!(digest.subject, "Trygg: daily summary, 1 new report");
        assert!(
            digest.text.starts_with("Daily summary from Trygg, Herrljunga kommun: 1 new report"),
            "{}",
            digest.text
        );
    }

    #[test]
    fn free_text_is_escaped_in_html_and_kept_as_is_in_text() {
        let mail = coordinator_mail(vec![line("TRY-2026-000001", false, Some("<script>å & ö</script>"))], false);
        let content = coordinator(Lang::Sv, &mail).unwrap();
        assert!(content.html.contains("&lt;script&gt;å &amp; ö&lt;/script&gt;"), "{}", content.html);
        assert!(!content.html.contains("<script>"));
        assert!(content.text.contains("Beskrivning: <script>å & ö</script>"));
    }

    fn reporter_mail() -> ReporterMail {
        ReporterMail {
            municipality: "Herrljunga kommun".into(),
            id: "TRY-2026-000007".into(),
            updates: vec![
                Update {
                    at: "2026-11-26 09:00".into(),
                    status: Some(ReportStatus::InProgress.name(Lang::Sv).to_owned()),
                    reply: None,
                    already_reported: None,
                },
                Update {
                    at: "2026-11-27 10:15".into(),
                    status: Some(ReportStatus::Resolved.name(Lang::Sv).to_owned()),
                    reply: Some("Vi har bytt lamporna i gångtunneln.".into()),
                    already_reported: None,
                },
                Update {
                    at: "2026-11-27 10:20".into(),
                    status: None,
                    reply: None,
                    already_reported: Some(("TRY-2026-000003".into(), ReportStatus::InProgress.name(Lang::Sv).into())),
                },
            ],
            tracking_url: "https://trygg.example/folj/abc".into(),
            opt_out_url: "https://trygg.example/api/v1/mail/opt-out/def".into(),
        }
    }

    #[test]
    fn a_reporter_reads_each_update_with_the_tracking_and_opt_out_links() {
        let content = reporter(Lang::Sv, &reporter_mail()).unwrap();
        assert_eq!(content.subject, "Din rapport TRY-2026-000007 till Herrljunga kommun har uppdaterats");
        for expected in [
            "2026-11-26 09:00: status hanteras\n",
            "2026-11-27 10:15: status åtgärdad\n  Vi har bytt lamporna i gångtunneln.\n",
            "2026-11-27 10:20: samma sak hade redan rapporterats, i rapport TRY-2026-000003 (status hanteras).",
            "Följ rapporten här: https://trygg.example/folj/abc",
            "https://trygg.example/api/v1/mail/opt-out/def",
        ] {
            assert!(content.text.contains(expected), "{expected:?} in\n{}", content.text);
        }
        assert!(content.html.contains(r#"href="https://trygg.example/api/v1/mail/opt-out/def""#));
    }

    #[test]
    fn times_are_shown_in_stockholm_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T20:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(local_time(at), "2026-11-25 21:30");
    }
}
