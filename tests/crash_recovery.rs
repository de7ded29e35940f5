//! The crash claim, proved on the real binary: edits made through the app's autosave survive
//! `SIGKILL`. The hidden `__autosave-probe` command drives the same autosave code as the window
//! (`recovery::Autosaver`: same debounce, same recovery file) without a display, prints
//! `autosaved …` once the recovery file is written, then waits. The test kills it with SIGKILL
//! (`Child::kill`), then asks a second run (`__recover-report`) and a new app (kittest) what
//! they find.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use cpt_guidance::recovery::{self, AUTOSAVE_DELAY};

mod common;
use common::example;

const BINARY: &str = env!("CARGO_BIN_EXE_cpt-guidance");
/// Longest wait for one line of the probe (it autosaves after 3 s).
const LINE_TIMEOUT: Duration = Duration::from_secs(60);

/// A running probe; killed with SIGKILL at the latest when dropped.
struct Probe {
    child: Child,
    lines: Receiver<String>,
}

impl Probe {
    fn start(data: &Path, args: &[&str]) -> Probe {
        let mut child = Command::new(BINARY)
            .arg("__autosave-probe")
            .args(args)
            // The probe's folder comes from the same variable the app reads.
            .env(recovery::DATA_DIR_ENV, data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Probe { child, lines }
    }

    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(LINE_TIMEOUT)
            .expect("the probe reports its autosave")
    }

    /// SIGKILL, then the lines it printed before dying.
    fn kill(mut self) -> Vec<String> {
        self.child.kill().expect("SIGKILL is sent");
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status:?}");
        self.lines.try_iter().collect()
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// What a new instance would offer: `__recover-report` on the real binary, as JSON.
fn report(data: &Path) -> Vec<serde_json::Value> {
    let output = Command::new(BINARY)
        .args(["__recover-report", "--data-dir"])
        .arg(data)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn sigkill_after_the_autosave_loses_no_edit() {
    let data = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let probe = Probe::start(
        data.path(),
        &[
            "--edit",
            "title=Typed before the kill",
            "--edit",
            "diagnosis=C78.7",
            "--edit",
            "line=47000",
            "--edit",
            "notes=last keystroke",
            "--edit-gap-ms",
            "300",
        ],
    );
    let line = probe.next_line();
    let elapsed = started.elapsed();
    // The app's own debounce: written a full delay after the last edit (3 × 300 ms of typing).
    assert!(
        elapsed >= AUTOSAVE_DELAY + Duration::from_millis(900),
        "autosaved after {elapsed:?}"
    );
    let file = PathBuf::from(line.strip_prefix("autosaved ").expect(&line));
    assert!(file.starts_with(data.path()));
    // While the instance runs, a second one does not offer its work.
    assert!(report(data.path()).is_empty());

    probe.kill();

    let offered = report(data.path());
    assert_eq!(offered.len(), 1, "{offered:?}");
    assert_eq!(offered[0]["title"], "Typed before the kill");
    assert_eq!(offered[0]["notes"], "last keystroke");
    assert_eq!(offered[0]["lines"], serde_json::json!(["47000"]));
    assert_eq!(offered[0]["original_path"], serde_json::Value::Null);
    assert_eq!(offered[0]["file"], file.display().to_string());

    #[cfg(feature = "gui")]
    gui::restart_and_restore(data.path(), None, "Typed before the kill");
}

#[test]
fn sigkill_of_an_opened_draft_restores_it_to_its_file() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("liver.ron");
    std::fs::copy(example("ct-liver-biopsy.ron"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let probe = Probe::start(
        data.path(),
        &[
            "--open",
            path.to_str().unwrap(),
            "--edit",
            "title=Liver biopsy, edited",
        ],
    );
    probe.next_line();
    probe.kill();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the draft file is untouched"
    );
    let offered = report(data.path());
    assert_eq!(offered[0]["original_path"], path.display().to_string());

    #[cfg(feature = "gui")]
    gui::restart_and_restore(data.path(), Some(&path), "Liver biopsy, edited");
}

#[test]
fn sigkill_at_random_moments_during_autosaves_never_leaves_a_broken_recovery_file() {
    // The probe autosaves as fast as it can (no delay), round after round; each kill lands at a
    // random moment, often in the middle of a write. The recovery file must always read back,
    // with the last reported round or the one after (written, not yet reported).
    const KILLS: u64 = 20;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut mid_write = 0;
    for kill in 0..KILLS {
        let data = tempfile::tempdir().unwrap();
        let probe = Probe::start(
            data.path(),
            &[
                "--edit",
                "title=Stress",
                "--delay-ms",
                "0",
                "--rounds",
                "1000000",
            ],
        );
        probe.next_line();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        let printed = probe.kill();
        let acknowledged = printed
            .iter()
            .filter_map(|l| l.strip_prefix("autosaved round "))
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        let temps = std::fs::read_dir(data.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        if temps > 0 {
            mid_write += 1;
        }

        let offered = report(data.path());
        assert_eq!(offered.len(), 1, "kill {kill}: {offered:?}");
        let notes = offered[0]["notes"].as_str().unwrap();
        let round: u64 = notes
            .strip_prefix("round ")
            .map_or(0, |n| n.parse().unwrap());
        assert!(
            round == acknowledged || round == acknowledged + 1,
            "kill {kill}: the file has round {round}, the probe reported {acknowledged}"
        );
        assert_eq!(offered[0]["title"], "Stress");
        // The second run removed the partial temporary file of the cut-short write.
        let left: Vec<String> = std::fs::read_dir(data.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "kill {kill}: {left:?}");
    }
    eprintln!(
        "{KILLS} kills during autosaves, {mid_write} of them in the middle of a write: no recovery file broken"
    );
}

#[test]
fn a_kill_before_the_delay_loses_only_the_last_seconds() {
    // The documented window: edits younger than the delay (3 s) are not on disk yet.
    let data = tempfile::tempdir().unwrap();
    let probe = Probe::start(data.path(), &["--edit", "title=Too recent"]);
    std::thread::sleep(Duration::from_millis(500));
    let printed = probe.kill();
    assert!(printed.is_empty());
    assert!(report(data.path()).is_empty());
}

#[cfg(feature = "gui")]
mod gui {
    use std::path::Path;

    use cpt_guidance::app::App;
    use cpt_guidance::recovery::{AutosaveOptions, Clock};
    use cpt_guidance::reference::Reference;
    use cpt_guidance::ui::dialogs::Dialog;
    use cpt_guidance::ui::labels;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// A new app (kittest) on the killed instance's data folder: Restore brings the edits back.
    pub fn restart_and_restore(data: &Path, file: Option<&Path>, title: &str) {
        let mut app = App::new(Reference::embedded().unwrap(), None);
        app.wait_for_code_sets();
        app.enable_recovery(AutosaveOptions {
            clock: Clock::manual(),
            ..AutosaveOptions::new(data)
        });
        let mut harness = Harness::builder()
            .with_size([1400.0, 900.0])
            .build_eframe(|_| app);
        harness.run();
        assert!(matches!(
            harness.state().dialog(),
            Some(Dialog::Recovery(_))
        ));
        let name = file.map_or("untitled draft".to_string(), |f| f.display().to_string());
        harness.get_by_label(&name);
        harness.get_by_label(labels::DIALOG_RESTORE).click();
        harness.run();
        let app = harness.state();
        assert_eq!(app.draft().title, title);
        assert_eq!(app.path(), file);
        assert!(app.is_dirty());
    }
}
