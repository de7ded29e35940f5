//! `cpt-guidance check --format markdown|html`: the checked drafts as one Markdown document or
//! one print-ready HTML page ([`crate::export`]). Text and JSON stay with [`super::check`].

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::export::{self, ExportFile};
use crate::reference::Reference;
use crate::rules::{self, Severity};

use super::exit;

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for a terminal (the default).
    Text,
    /// One JSON document (the same as --json).
    Json,
    /// One Markdown document: claim, lines, findings with their sources.
    #[value(alias = "md")]
    Markdown,
    /// One self-contained, print-ready HTML page.
    Html,
}

/// Checks every file, in argument order, and prints them as one Markdown or HTML report.
/// `format` must be [`Format::Markdown`] or [`Format::Html`]; text and JSON are `cli::check`'s.
/// Exit code as `check`: 2 when a file could not be read, else 1 on any error finding, else 0.
pub fn check(files: &[PathBuf], format: Format, reference: &Reference, out: &mut dyn Write) -> u8 {
    let checked: Vec<ExportFile> = files
        .iter()
        .map(|path| ExportFile {
            file: path.display().to_string(),
            outcome: crate::draft::load(path)
                .map(|draft| {
                    let findings = rules::validate(&draft, reference);
                    (draft, findings)
                })
                .map_err(|error| error.to_string()),
        })
        .collect();
    let document = render(&checked, format, reference);
    // A closed pipe (`| head`) is not an error of the check; the exit code still tells.
    write!(out, "{document}").ok();
    exit_code(&checked)
}

/// The report for already-checked files: a single file as a one-claim document, several as a
/// combined one. Text and JSON fall back to Markdown (they are not this module's).
pub fn render(files: &[ExportFile], format: Format, reference: &Reference) -> String {
    let single = match files {
        [
            ExportFile {
                file,
                outcome: Ok((draft, findings)),
            },
        ] => Some((file, draft, findings)),
        _ => None,
    };
    match (format, single) {
        (Format::Html, Some((file, draft, findings))) => {
            export::html(draft, findings, reference, Some(file))
        }
        (Format::Html, None) => export::html_files(files, reference),
        (_, Some((file, draft, findings))) => {
            export::markdown(draft, findings, reference, Some(file))
        }
        (_, None) => export::markdown_files(files, reference),
    }
}

/// 2 when any file could not be checked, else 1 when any has an error finding, else 0.
pub fn exit_code(files: &[ExportFile]) -> u8 {
    if files.iter().any(|f| f.outcome.is_err()) {
        exit::UNREADABLE
    } else if files.iter().any(|f| {
        f.outcome
            .as_ref()
            .is_ok_and(|(_, findings)| findings.iter().any(|x| x.severity == Severity::Error))
    }) {
        exit::ERRORS
    } else {
        exit::CLEAN
    }
}
