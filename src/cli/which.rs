//! `cpt-guidance which`: which guidance code to report, answered by [`crate::chooser`] with the
//! same reference tables the checks use, and the decision path with each step's rule and source.

use std::io::Write;

use clap::ValueEnum;
use serde::Serialize;

use crate::chooser::{self, Answer, ModifierWhen, Outcome, Question};
use crate::reference::{Modality, Reference};
use crate::report::describe_link;

/// Exit codes of `which`.
pub mod exit {
    /// A guidance code is to be reported.
    pub const REPORT: u8 = 0;
    /// The primary already includes guidance: no guidance code is reported.
    pub const INCLUDED: u8 = 1;
    /// No answer: the primary is not in the reference or is not a needle procedure, or the place
    /// of service is not one the reference knows.
    pub const NO_ANSWER: u8 = 2;
}

/// The imaging modality as typed on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModalityArg {
    Ct,
    #[value(alias = "fluoro")]
    Fluoroscopy,
    #[value(alias = "us")]
    Ultrasound,
    #[value(alias = "mri")]
    Mr,
}

impl From<ModalityArg> for Modality {
    fn from(arg: ModalityArg) -> Modality {
        match arg {
            ModalityArg::Ct => Modality::Ct,
            ModalityArg::Fluoroscopy => Modality::Fluoroscopy,
            ModalityArg::Ultrasound => Modality::Ultrasound,
            ModalityArg::Mr => Modality::Mr,
        }
    }
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    headline: String,
    /// The guidance code to report; absent when none is.
    code: Option<&'a str>,
    exit_code: u8,
    #[serde(flatten)]
    answer: &'a Answer,
}

/// Runs the chooser and prints the answer; returns the exit code (see [`exit`]).
pub fn run(
    reference: &Reference,
    modality: Modality,
    primary: &str,
    spine: bool,
    place_of_service: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> u8 {
    let question = Question {
        modality,
        spine,
        primary: primary.to_string(),
        place_of_service: place_of_service.map(str::to_string),
    };
    let answer = chooser::choose(reference, &question);
    let code = exit_code(&answer, reference);
    let text = if json {
        let document = JsonAnswer {
            headline: answer.headline(),
            code: answer.code(),
            exit_code: code,
            answer: &answer,
        };
        // Plain strings, numbers and enums: serializing cannot fail.
        serde_json::to_string_pretty(&document).unwrap_or_else(|_| "{}".to_string())
    } else {
        text(&answer)
    };
    // A closed pipe is not an error of the answer; the exit code still tells.
    writeln!(out, "{}", text.trim_end()).ok();
    code
}

/// 0 report a code, 1 guidance included, 2 no answer (or an unknown place of service).
pub fn exit_code(answer: &Answer, reference: &Reference) -> u8 {
    let unknown_pos = answer
        .question
        .place_of_service
        .as_deref()
        .is_some_and(|p| reference.place_of_service(p).is_none());
    match answer.outcome {
        Outcome::Unknown { .. } => exit::NO_ANSWER,
        _ if unknown_pos => exit::NO_ANSWER,
        Outcome::Included { .. } => exit::INCLUDED,
        Outcome::Report { .. } => exit::REPORT,
    }
}

/// The answer for a terminal: headline, numbered decision path, modifiers.
pub fn text(answer: &Answer) -> String {
    let q = &answer.question;
    let mut out = format!(
        "{} with {} guidance{}{}\n\n",
        if q.primary.is_empty() {
            "(no primary)"
        } else {
            &q.primary
        },
        q.modality.label(),
        if q.modality == Modality::Fluoroscopy || q.spine {
            if q.spine {
                ", spine or paraspinous target"
            } else {
                ", target not in the spine"
            }
        } else {
            ""
        },
        q.place_of_service
            .as_deref()
            .map(|p| format!(", place of service {p}"))
            .unwrap_or_default()
    );
    out.push_str(&wrap(&format!("Answer: {}", answer.headline()), 0));
    if let Outcome::Unknown {
        code_if_separate: Some(code),
        ..
    } = &answer.outcome
    {
        out.push_str(&wrap(
            &format!(
                "If {} guidance is separately reportable with this primary, the code is {code}.",
                q.modality.label()
            ),
            0,
        ));
    }
    out.push_str("\nDecision path:\n");
    for (n, step) in answer.steps.iter().enumerate() {
        let mark = if step.caution { "!" } else { " " };
        let rule = step.rule.map(|r| format!("  [{r}]")).unwrap_or_default();
        out.push_str(&format!(
            "{mark}{:>2}. {} {}{rule}\n",
            n + 1,
            step.question,
            step.answer
        ));
        if !step.explanation.is_empty() {
            out.push_str(&wrap(&step.explanation, 5));
        }
        let mut see = format!("see {}", describe_link(&step.link));
        if !step.source.is_empty() {
            see.push_str(&format!("; source: {}", step.source));
        }
        out.push_str(&wrap(&see, 5));
    }
    if !answer.modifiers.is_empty() {
        out.push_str("\nModifiers on the guidance line:\n");
        for advice in &answer.modifiers {
            let list = advice.modifiers.join(", ");
            let what = match advice.when {
                ModifierWhen::Add => format!("add {list}"),
                ModifierWhen::IfFacility => format!("in a facility setting, add {list}"),
                ModifierWhen::IfDistinctLesion => {
                    format!("only for a distinct lesion or site: one of {list}")
                }
                ModifierWhen::NeverTogether => match advice.modifiers.split_first() {
                    Some((first, rest)) => {
                        format!("never {first} together with {}", rest.join(", "))
                    }
                    None => "never together".to_string(),
                },
            };
            out.push_str(&format!("  - {what}  [{}]\n", advice.rule));
            out.push_str(&wrap(&advice.reason, 4));
        }
    }
    out
}

/// Wraps `text` at 100 columns, every line indented by `indent` spaces.
fn wrap(text: &str, indent: usize) -> String {
    const WIDTH: usize = 100;
    let pad = " ".repeat(indent);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent + line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&format!("{pad}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{pad}{line}\n"));
    }
    out
}
