//! cpt-guidance: parse the arguments, then start the desktop app or run a command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cpt_guidance::cli;

/// Look up and check CPT image-guidance codes (77003 fluoroscopy, 77012 CT needle guidance,
/// 77014 CT for radiation therapy fields) on claim drafts.
///
/// With no command, opens the desktop app (with FILE loaded, if given).
#[derive(Parser)]
#[command(name = "cpt-guidance", version, args_conflicts_with_subcommands = true)]
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
        /// Print one JSON document instead of text.
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
        Some(Command::Check { files, json }) => cli::check(&files, json, &reference, &mut out),
        Some(Command::Codes) => {
            cli::codes(&reference, &mut out);
            cli::exit::CLEAN
        }
        Some(Command::Show { code }) => cli::show(&code, &reference, &mut out),
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
