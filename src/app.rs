//! The desktop app (eframe). Placeholder until the desktop-app issue lands.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::reference::Reference;

/// Starts the desktop app.
pub fn run(_reference: Reference, _file: Option<PathBuf>) -> ExitCode {
    eprintln!("The desktop app is not built yet; use `cpt-guidance check FILE...`.");
    ExitCode::from(2)
}
