//! cpt-guidance: parse the arguments, then start the desktop app or run a command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cpt_guidance::cli;
use cpt_guidance::date::Date;

/// Look up and check CPT image-guidance codes (77003 fluoroscopy, 77012 CT needle guidance,
/// 77014 CT for radiation therapy fields) on claim drafts.
///
/// With no command, opens the desktop app (with FILE loaded, if given).
#[derive(Parser)]
#[command(name = "cpt-guidance", version)]
struct Arguments {
    /// A claim draft (.ron) to open in the desktop app.
    file: Option<PathBuf>,

    /// Use the reference files in this folder instead of the built-in ones
    /// (manifest.ron, 77014.ron, rules.ron, ... as in the repository's reference/ folder).
    #[arg(long, global = true, value_name = "DIR")]
    reference: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check claim drafts and print every finding. Exit code: 0 no errors, 1 at least one error
    /// finding, 2 a file could not be read (the other files are still checked).
    Check {
        /// Draft files (.ron) to check, in this order.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of text (the same as --format json).
        #[arg(long)]
        json: bool,
        /// Output format: text, json, markdown (one document) or html (one self-contained,
        /// print-ready page; save it with `> report.html`).
        #[arg(long, value_enum, value_name = "FORMAT", conflicts_with = "json")]
        format: Option<cli::export::Format>,
    },
    /// Which guidance code to report for a primary procedure, with the decision path, the rule and
    /// source behind each step, and the modifiers to consider. Exit code: 0 a guidance code is
    /// reported, 1 the primary already includes guidance (no guidance code), 2 no answer (the
    /// primary is not in the reference or not a needle procedure, or --pos is unknown).
    Which {
        /// The imaging that guided the needle.
        #[arg(long, value_enum)]
        modality: cli::which::ModalityArg,
        /// The primary procedure code (for example 47000).
        #[arg(long, value_name = "CODE")]
        primary: String,
        /// The target is in the spine or paraspinous (fluoroscopy: 77003 rather than 77002).
        #[arg(long)]
        spine: bool,
        /// CMS place-of-service code (for example 22); a facility setting adds modifier 26.
        #[arg(long, value_name = "POS")]
        pos: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List the codes the reference knows, with a short description.
    Codes,
    /// Print everything the reference says about one code (for example 77003).
    Show {
        /// The CPT code.
        code: String,
    },
    /// Look up an ICD-10-CM code on a date (billable, header and its billable codes, or not
    /// valid), or search codes and titles with --search. Exit 0 when billable or found.
    Icd {
        /// The diagnosis code (dot and case optional: m545 = M54.5).
        #[arg(required_unless_present = "search", conflicts_with = "search")]
        code: Option<String>,
        /// Search code prefixes or title words instead ("low back pain", "M54.5").
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        /// Date of service (YYYY-MM-DD) choosing the ICD-10-CM release; default today.
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// How many matches --search prints.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Probe(Probe),
}

/// Hidden commands for the crash test (`tests/crash_recovery.rs`).
#[derive(Subcommand)]
enum Probe {
    /// Edits a draft through the app's autosave (same debounce, same recovery file), prints
    /// `autosaved FILE` once the recovery file is written, then waits to be killed.
    #[command(name = "__autosave-probe", hide = true)]
    AutosaveProbe {
        /// The folder for recovery files; the app's (CPT_GUIDANCE_DATA_DIR, else the platform
        /// data folder) when not given.
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Open this draft before editing.
        #[arg(long, value_name = "FILE")]
        open: Option<PathBuf>,
        /// FIELD=VALUE, in order (title, notes, date, pos, diagnosis, line).
        #[arg(long)]
        edit: Vec<String>,
        #[arg(long, default_value_t = 0)]
        edit_gap_ms: u64,
        /// The autosave delay; the app's when not given.
        #[arg(long)]
        delay_ms: Option<u64>,
        /// More rounds of "edit the notes, wait for the autosave" after the first.
        #[arg(long, default_value_t = 0)]
        rounds: u32,
    },
    /// Prints, as JSON, the recovery files a new instance would offer to restore.
    #[command(name = "__recover-report", hide = true)]
    RecoverReport {
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

fn run_probe(command: Probe) -> ExitCode {
    use cpt_guidance::recovery::{self, probe};
    let mut out = std::io::stdout().lock();
    let folder = |given: Option<PathBuf>| {
        given
            .or_else(recovery::data_dir)
            .ok_or_else(|| format!("no data folder: set {}", recovery::DATA_DIR_ENV))
    };
    let result = match command {
        Probe::AutosaveProbe {
            data_dir,
            open,
            edit,
            edit_gap_ms,
            delay_ms,
            rounds,
        } => folder(data_dir).and_then(|data_dir| {
            let options = probe::Probe {
                data_dir,
                open,
                edits: edit,
                edit_gap: std::time::Duration::from_millis(edit_gap_ms),
                delay: delay_ms
                    .map(std::time::Duration::from_millis)
                    .unwrap_or(recovery::AUTOSAVE_DELAY),
                rounds,
            };
            probe::run(&options, &mut out).map(|_kept_until_killed| {
                // Wait to be killed (at most ten minutes, so a forgotten probe ends by itself).
                std::thread::sleep(std::time::Duration::from_secs(600));
            })
        }),
        Probe::RecoverReport { data_dir } => {
            folder(data_dir).and_then(|data_dir| probe::report(&data_dir, &mut out))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("cpt-guidance: {reason}");
            ExitCode::from(cli::exit::UNREADABLE)
        }
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|error| error.to_string())
}

fn main() -> ExitCode {
    let arguments = Arguments::parse();
    let reference = match cli::load_reference(arguments.reference.as_deref()) {
        Ok(reference) => reference,
        Err(error) => {
            eprintln!("cpt-guidance: the reference data could not be loaded:\n  {error}");
            return ExitCode::from(cli::exit::UNREADABLE);
        }
    };
    let mut out = std::io::stdout().lock();
    let code = match arguments.command {
        Some(Command::Check {
            files,
            json,
            format,
        }) => match format {
            Some(format @ (cli::export::Format::Markdown | cli::export::Format::Html)) => {
                cli::export::check(&files, format, &reference, &mut out)
            }
            Some(cli::export::Format::Json) => cli::check(&files, true, &reference, &mut out),
            Some(cli::export::Format::Text) | None => {
                cli::check(&files, json, &reference, &mut out)
            }
        },
        Some(Command::Which {
            modality,
            primary,
            spine,
            pos,
            json,
        }) => cli::which::run(
            &reference,
            modality.into(),
            &primary,
            spine,
            pos.as_deref(),
            json,
            &mut out,
        ),
        Some(Command::Codes) => {
            cli::codes(&reference, &mut out);
            cli::exit::CLEAN
        }
        Some(Command::Show { code }) => cli::show(&code, &reference, &mut out),
        Some(Command::Icd {
            code,
            search,
            date,
            limit,
            json,
        }) => {
            let Some(sets) = reference.icd10cm() else {
                eprintln!(
                    "cpt-guidance: this reference has no ICD-10-CM code sets (no icd10cm/ folder)."
                );
                return ExitCode::from(cli::exit::UNREADABLE);
            };
            let date = date.unwrap_or_else(Date::today_utc);
            match (search, code) {
                (Some(query), _) => cli::icd::search(sets, &query, date, limit, json, &mut out),
                (None, Some(code)) => cli::icd::lookup(sets, &code, date, json, &mut out),
                (None, None) => cli::exit::UNREADABLE, // clap requires one of them
            }
        }
        Some(Command::Probe(command)) => {
            drop(out);
            return run_probe(command);
        }
        None => {
            drop(out);
            return start_gui(reference, arguments.file);
        }
    };
    ExitCode::from(code)
}

#[cfg(feature = "gui")]
fn start_gui(reference: cpt_guidance::reference::Reference, file: Option<PathBuf>) -> ExitCode {
    cpt_guidance::app::run(reference, file)
}

#[cfg(not(feature = "gui"))]
fn start_gui(_reference: cpt_guidance::reference::Reference, _file: Option<PathBuf>) -> ExitCode {
    eprintln!(
        "cpt-guidance was built without the desktop app (feature \"gui\"); use `cpt-guidance check FILE...`."
    );
    ExitCode::from(cli::exit::UNREADABLE)
}
