//! Never losing work in the desktop app (egui_kittest, no display, no GPU): the autosave to a
//! recovery file and its debounce, Restore / Discard after a crash, the check before Save
//! overwrites a file changed on disk, drafts from a newer version opened read-only, and saves
//! that fail (folder gone, read-only folder, full disk) keeping the edits and the old file.
//!
//! Every test uses its own temporary data folder, passed to the app (never the real one). A
//! crash is an app dropped without `on_exit`: its lock is released and its recovery file stays,
//! as after a kill (`tests/crash_recovery.rs` kills the real binary).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use cpt_guidance::app::App;
use cpt_guidance::claim::ClaimDraft;
use cpt_guidance::draft;
use cpt_guidance::recovery::{self, AUTOSAVE_DELAY, AUTOSAVE_RETRY, AutosaveOptions, Clock};
use cpt_guidance::reference::Reference;
use cpt_guidance::ui::dialogs::{Dialog, Then};
use cpt_guidance::ui::labels;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::example;
use common::gui::harness;

/// A copy of an example draft in `folder`, to edit and save.
fn draft_copy(folder: &Path) -> PathBuf {
    let path = folder.join("draft.ron");
    std::fs::copy(example("ct-liver-biopsy.ron"), &path).unwrap();
    path
}

/// An app with autosave in `data` on `clock`, the app's own delay.
fn app_in(data: &Path, clock: &Clock) -> App {
    let reference = Reference::embedded().expect("embedded reference loads");
    let mut app = App::new(reference, None);
    app.wait_for_code_sets();
    app.enable_recovery(AutosaveOptions {
        dir: data.to_path_buf(),
        delay: AUTOSAVE_DELAY,
        clock: clock.clone(),
    });
    app
}

/// The recovery files in the data folder.
fn recovery_files(data: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(data) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn type_title(harness: &mut Harness<'static, App>, text: &str) {
    harness.get_by_label(labels::TITLE).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(labels::TITLE).type_text(text);
    harness.run();
}

fn save_shortcut(harness: &mut Harness<'static, App>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
}

fn repaint_delay(harness: &Harness<'static, App>) -> Duration {
    harness.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

/// Edits the title and autosaves, then "crashes" (drops the app without a clean exit).
fn crash_with_edit(data: &Path, open: Option<&Path>, title: &str) {
    let clock = Clock::manual();
    let mut harness = harness(app_in(data, &clock));
    if let Some(path) = open {
        assert!(harness.state_mut().open_path(path));
        harness.run();
    }
    type_title(&mut harness, title);
    clock.advance(AUTOSAVE_DELAY);
    harness.step();
    assert_eq!(recovery_files(data).len(), 1, "autosaved before the crash");
    drop(harness);
}

// ---- Autosave ----

#[test]
fn an_edit_is_autosaved_after_the_delay_and_not_before() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    type_title(&mut harness, "Autosave me");
    assert!(recovery_files(data.path()).is_empty());
    // The app asks to be woken for the autosave, no sooner than needed and not continuously.
    let delay = repaint_delay(&harness);
    assert!(
        delay > Duration::ZERO && delay <= AUTOSAVE_DELAY,
        "{delay:?}"
    );

    clock.advance(AUTOSAVE_DELAY - Duration::from_millis(100));
    harness.step();
    assert!(
        recovery_files(data.path()).is_empty(),
        "not before the delay"
    );
    clock.advance(Duration::from_millis(100));
    harness.step();
    let files = recovery_files(data.path());
    assert_eq!(files.len(), 1);
    assert_eq!(harness.state().recovery_file(), Some(files[0].as_path()));
    let saved = recovery::read(&files[0]).unwrap();
    assert_eq!(saved.draft.title, "Autosave me");
    assert_eq!(saved.original_path, None);
    assert!(saved.saved_at.abs_diff(recovery::unix_now()) < 60);
    assert_eq!(saved.app_version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn typing_again_restarts_the_wait() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    type_title(&mut harness, "First");
    clock.advance(Duration::from_secs(2));
    harness.step();
    type_title(&mut harness, "Second");
    clock.advance(Duration::from_secs(2));
    harness.step();
    assert!(
        recovery_files(data.path()).is_empty(),
        "2 s after the last edit"
    );
    clock.advance(Duration::from_secs(1));
    harness.step();
    let files = recovery_files(data.path());
    assert_eq!(recovery::read(&files[0]).unwrap().draft.title, "Second");
}

#[test]
fn the_idle_app_stops_repainting_once_the_autosave_is_written() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    // Edited without focusing a field (no blinking cursor to repaint for).
    harness.state_mut().draft_mut().notes = "edited".into();
    harness.run();
    assert!(repaint_delay(&harness) <= AUTOSAVE_DELAY);
    clock.advance(AUTOSAVE_DELAY);
    harness.run();
    assert_eq!(recovery_files(data.path()).len(), 1);
    assert!(
        repaint_delay(&harness) > Duration::from_secs(3600),
        "nothing left to wake up for: {:?}",
        repaint_delay(&harness)
    );
}

#[test]
fn the_autosave_fires_on_the_real_clock() {
    let data = tempfile::tempdir().unwrap();
    let reference = Reference::embedded().unwrap();
    let mut app = App::new(reference, None);
    app.wait_for_code_sets();
    app.enable_recovery(AutosaveOptions {
        dir: data.path().to_path_buf(),
        delay: Duration::from_millis(300),
        clock: Clock::system(),
    });
    let mut harness = harness(app);
    harness.state_mut().draft_mut().title = "Real time".into();
    harness.run();
    assert!(recovery_files(data.path()).is_empty());
    let delay = repaint_delay(&harness);
    assert!(delay <= Duration::from_millis(300), "{delay:?}");
    // What eframe does with request_repaint_after: sleep, then paint a frame.
    std::thread::sleep(Duration::from_millis(350));
    harness.step();
    let files = recovery_files(data.path());
    assert_eq!(recovery::read(&files[0]).unwrap().draft.title, "Real time");
}

#[test]
fn a_clean_save_removes_the_recovery_file() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Saved cleanly");
    assert!(harness.state_mut().autosave_now());
    let files = recovery_files(data.path());
    assert_eq!(
        recovery::read(&files[0]).unwrap().original_path.as_deref(),
        Some(path.as_path())
    );

    save_shortcut(&mut harness);
    assert!(!harness.state().is_dirty());
    assert!(recovery_files(data.path()).is_empty());
    assert_eq!(harness.state().recovery_file(), None);
    assert_eq!(draft::load(&path).unwrap().title, "Saved cleanly");
}

#[test]
fn new_then_discard_removes_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    type_title(&mut harness, "Throw away");
    assert!(harness.state_mut().autosave_now());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(
        harness.state().dialog(),
        Some(&Dialog::UnsavedChanges { then: Then::New })
    );
    harness.get_by_label(labels::DIALOG_DISCARD).click();
    harness.run();
    assert!(recovery_files(data.path()).is_empty());
}

#[test]
fn closing_with_discard_leaves_no_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    type_title(&mut harness, "Throw away");
    assert!(harness.state_mut().autosave_now());
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    harness.get_by_label(labels::DIALOG_DISCARD).click();
    harness.run();
    eframe::App::on_exit(harness.state_mut(), None);
    let left: Vec<_> = std::fs::read_dir(data.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_clean_quit_without_edits_leaves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    clock.advance(AUTOSAVE_DELAY * 2);
    harness.run();
    eframe::App::on_exit(harness.state_mut(), None);
    let left: Vec<_> = std::fs::read_dir(data.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn quitting_without_being_asked_keeps_the_latest_edits() {
    // A forced close (log out, session end) with unsaved edits younger than the delay.
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    type_title(&mut harness, "Last second edit");
    assert!(recovery_files(data.path()).is_empty());
    eframe::App::on_exit(harness.state_mut(), None);
    drop(harness);
    let offered = recovery::find_orphans(data.path(), None);
    assert_eq!(offered.found[0].recovery.draft.title, "Last second edit");
}

// ---- Restore / Discard on start ----

#[test]
fn after_a_crash_restore_brings_the_edits_back_unsaved() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    crash_with_edit(data.path(), Some(&path), "Edited before the crash");
    let crashed_file = recovery_files(data.path()).remove(0);

    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Recovery(_))
    ));
    harness.get_by_label(labels::RECOVERY_TITLE);
    harness.get_by_label(&path.display().to_string());
    harness.get_by_label("Edited before the crash");
    harness.get_by_label_contains("UTC (just now)");
    harness.get_by_label(labels::DIALOG_RESTORE).click();
    harness.run();

    let app = harness.state();
    assert!(app.dialog().is_none());
    assert_eq!(app.draft().title, "Edited before the crash");
    assert_eq!(app.path(), Some(path.as_path()));
    assert!(app.is_dirty());
    assert!(app.window_title().starts_with('*'));
    // The untouched file on disk is still the original.
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(example("ct-liver-biopsy.ron")).unwrap()
    );
    // This instance took the work over: its own recovery file holds it, the old one is gone.
    let files = recovery_files(data.path());
    assert_eq!(files.len(), 1);
    assert_ne!(files[0], crashed_file);
    assert_eq!(
        recovery::read(&files[0]).unwrap().draft.title,
        "Edited before the crash"
    );
    // Saving makes it clean and removes the recovery file.
    save_shortcut(&mut harness);
    assert!(harness.state().dialog().is_none());
    assert_eq!(draft::load(&path).unwrap().title, "Edited before the crash");
    assert!(recovery_files(data.path()).is_empty());
}

#[test]
fn an_untitled_draft_is_offered_as_untitled_and_restored_without_a_file() {
    let data = tempfile::tempdir().unwrap();
    crash_with_edit(data.path(), None, "Never saved");
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    harness.get_by_label("untitled draft");
    harness.get_by_label(labels::DIALOG_RESTORE).click();
    harness.run();
    assert_eq!(harness.state().draft().title, "Never saved");
    assert_eq!(harness.state().path(), None);
    assert!(harness.state().is_dirty());
}

#[test]
fn discard_deletes_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    crash_with_edit(data.path(), None, "Not wanted");
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    harness.get_by_label(labels::DIALOG_DISCARD).click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().draft(), &ClaimDraft::default());
    assert!(recovery_files(data.path()).is_empty());
    drop(harness);
    let again = harness_again(data.path());
    assert!(again.state().dialog().is_none(), "nothing offered any more");
}

fn harness_again(data: &Path) -> Harness<'static, App> {
    harness(app_in(data, &Clock::manual()))
}

#[test]
fn escape_decides_later_and_keeps_the_recovery_file() {
    let data = tempfile::tempdir().unwrap();
    crash_with_edit(data.path(), None, "Decide later");
    let mut harness = harness_again(data.path());
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(recovery_files(data.path()).len(), 1);
    drop(harness);
    let again = harness_again(data.path());
    assert!(matches!(again.state().dialog(), Some(Dialog::Recovery(_))));
}

#[test]
fn a_running_instance_work_is_not_offered_to_another() {
    let data = tempfile::tempdir().unwrap();
    let clock = Clock::manual();
    let mut running = harness(app_in(data.path(), &clock));
    type_title(&mut running, "Still open elsewhere");
    assert!(running.state_mut().autosave_now());
    let second = harness_again(data.path());
    assert!(second.state().dialog().is_none());
    assert_eq!(recovery_files(data.path()).len(), 1);
}

#[test]
fn the_offer_waits_for_an_error_dialog_to_close() {
    let data = tempfile::tempdir().unwrap();
    crash_with_edit(data.path(), None, "Behind the error");
    let mut app = app_in(data.path(), &Clock::manual());
    assert!(!app.open_path(Path::new("/no/such/draft.ron")));
    let mut harness = harness(app);
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Error { .. })
    ));
    harness.get_by_label(labels::DIALOG_OK).click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Recovery(_))
    ));
}

// ---- Modified on disk ----

/// Another program rewrites the draft file with another title.
fn change_on_disk(path: &Path, title: &str) {
    let mut other = draft::load(path).unwrap();
    other.title = title.to_string();
    draft::save(path, &other).unwrap();
}

#[test]
fn save_asks_when_the_file_changed_on_disk() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Mine");
    change_on_disk(&path, "Theirs");

    save_shortcut(&mut harness);
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ChangedOnDisk { then: None, .. })
    ));
    harness.get_by_label(labels::CHANGED_ON_DISK_TITLE);
    harness.get_by_label_contains("The file changed on disk since you opened it");
    harness.get_by_label(labels::DIALOG_SAVE_AS);
    harness.get_by_label(labels::DIALOG_CANCEL).click();
    harness.run();
    assert_eq!(
        draft::load(&path).unwrap().title,
        "Theirs",
        "Cancel kept theirs"
    );
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().draft().title, "Mine");

    save_shortcut(&mut harness);
    harness.get_by_label(labels::DIALOG_OVERWRITE).click();
    harness.run();
    assert_eq!(draft::load(&path).unwrap().title, "Mine");
    assert!(!harness.state().is_dirty());
    // Saved here: the next save does not ask again.
    type_title(&mut harness, "Mine again");
    save_shortcut(&mut harness);
    assert!(harness.state().dialog().is_none());
    assert_eq!(draft::load(&path).unwrap().title, "Mine again");
}

#[test]
fn an_unchanged_or_identically_rewritten_file_saves_without_asking() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "One");
    // Same bytes written again (a sync tool, `touch`): no change.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, bytes).unwrap();
    save_shortcut(&mut harness);
    assert!(harness.state().dialog().is_none());
    assert_eq!(draft::load(&path).unwrap().title, "One");
}

#[test]
fn the_unsaved_changes_guard_also_asks_before_overwriting() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Mine");
    change_on_disk(&path, "Theirs");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label(labels::DIALOG_SAVE).click();
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ChangedOnDisk {
            then: Some(Then::New),
            ..
        })
    ));
    harness.get_by_label(labels::DIALOG_OVERWRITE).click();
    harness.run();
    assert_eq!(draft::load(&path).unwrap().title, "Mine");
    assert_eq!(harness.state().draft(), &ClaimDraft::default(), "then New");
}

#[test]
fn a_restored_draft_still_notices_changes_made_while_it_was_down() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    crash_with_edit(data.path(), Some(&path), "Mine");
    change_on_disk(&path, "Theirs, after the crash");
    let mut harness = harness_again(data.path());
    harness.get_by_label(labels::DIALOG_RESTORE).click();
    harness.run();
    save_shortcut(&mut harness);
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::ChangedOnDisk { .. })
    ));
}

// ---- Newer format: read-only ----

const NEWER_DRAFT: &str = r#"(
    format_version: 2,
    title: "From the future",
    date_of_service: "2026-03-02",
    place_of_service: "22",
    diagnoses: ["C78.7"],
    lines: [
        (code: "47000", units: 1, diagnosis_pointers: [1], billing_note: "new field"),
    ],
    documentation: (medical_necessity: true, signed_by: Some("Dr. Who")),
    attachments: [(name: "scan.pdf", pages: 3)],
    notes: "",
)
"#;

#[test]
fn a_newer_format_draft_opens_read_only_and_is_never_overwritten() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = folder.path().join("future.ron");
    std::fs::write(&path, NEWER_DRAFT).unwrap();
    let clock = Clock::manual();
    let mut harness = harness(app_in(data.path(), &clock));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    let app = harness.state();
    assert!(app.is_read_only());
    assert!(app.dialog().is_none());
    assert_eq!(app.draft().title, "From the future");
    assert_eq!(app.draft().lines[0].code, "47000");
    assert!(app.draft().documentation.medical_necessity);
    harness.get_by_label(labels::READ_ONLY_BANNER);
    harness.get_by_label_contains("draft format 2; this version reads up to 1");
    assert_eq!(
        harness.get_by_label(labels::TITLE).value().as_deref(),
        Some("From the future")
    );

    // Typing does nothing.
    harness.get_by_label(labels::TITLE).click();
    harness.run();
    harness.get_by_label(labels::TITLE).type_text("changed");
    harness.run();
    assert_eq!(harness.state().draft().title, "From the future");
    assert!(!harness.state().is_dirty());

    // Save is refused with the reason; the file is untouched; nothing is autosaved.
    save_shortcut(&mut harness);
    let Some(Dialog::Error { title, report }) = harness.state().dialog().cloned() else {
        panic!("the read-only explanation shows");
    };
    assert_eq!(title, labels::READ_ONLY_TITLE);
    assert!(report.reason.contains("newer version"), "{}", report.reason);
    harness.get_by_label(labels::DIALOG_OK).click();
    harness.run();
    assert!(!harness.state_mut().save_to(&path));
    harness.run();
    harness.get_by_label(labels::DIALOG_OK).click();
    harness.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), NEWER_DRAFT);
    clock.advance(AUTOSAVE_DELAY * 2);
    harness.run();
    assert!(recovery_files(data.path()).is_empty());

    // Opening a current draft ends read-only mode.
    let current = draft_copy(folder.path());
    assert!(harness.state_mut().open_path(&current));
    harness.run();
    assert!(!harness.state().is_read_only());
    assert!(harness.query_by_label(labels::READ_ONLY_BANNER).is_none());
}

#[test]
fn a_newer_draft_whose_known_fields_changed_shows_why_it_cannot_open() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let path = folder.path().join("future.ron");
    std::fs::write(&path, "(format_version: 3, title: (text: \"moved\"))\n").unwrap();
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    harness.state_mut().draft_mut().title = "Current work".into();
    assert!(!harness.state_mut().open_path(&path));
    harness.run();
    let Some(Dialog::Error { title, report }) = harness.state().dialog().cloned() else {
        panic!("an error dialog shows");
    };
    assert_eq!(title, labels::OPEN_FAILED_TITLE);
    assert!(report.reason.contains("newer version"), "{}", report.reason);
    assert_eq!(harness.state().draft().title, "Current work");
    assert!(!harness.state().is_read_only());
}

// ---- Failed saves: the reason shows, the edits stay, the old file is intact ----

/// Checks the state after a failed save: the error names the reason, the edits and the dirty
/// mark stay, the recovery file holds the edits, and `path` still has `old` (if given).
fn assert_failed_save(
    harness: &mut Harness<'static, App>,
    path: &Path,
    old: Option<&[u8]>,
    reason: &str,
) {
    let Some(Dialog::Error { title, report }) = harness.state().dialog().cloned() else {
        panic!("the save error shows");
    };
    assert_eq!(title, labels::SAVE_FAILED_TITLE);
    assert!(
        report.reason.contains(reason),
        "reason {:?} should mention {reason:?}",
        report.reason
    );
    harness.get_by_label(labels::SAVE_FAILED_TITLE);
    harness.get_by_label(labels::DIALOG_OK).click();
    harness.run();
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().draft().title, "Edits to keep");
    assert!(harness.state_mut().autosave_now());
    let file = harness.state().recovery_file().unwrap().to_path_buf();
    assert_eq!(recovery::read(&file).unwrap().draft.title, "Edits to keep");
    if let Some(old) = old {
        assert_eq!(std::fs::read(path).unwrap(), old, "the old file is intact");
    }
    let folder = path.parent().unwrap();
    if let Ok(entries) = std::fs::read_dir(folder) {
        let temps: Vec<_> = entries
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(temps.is_empty(), "no temporary file is left: {temps:?}");
    }
}

#[test]
fn save_fails_when_the_folder_is_gone() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let sub = folder.path().join("project");
    std::fs::create_dir(&sub).unwrap();
    let path = draft_copy(&sub);
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Edits to keep");
    std::fs::remove_dir_all(&sub).unwrap();
    save_shortcut(&mut harness);
    assert_failed_save(&mut harness, &path, None, "No such file or directory");
}

/// The effective user id, from a file this process creates (no libc needed).
fn running_as_root(folder: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = folder.join(".uid-probe");
    std::fs::write(&probe, b"").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(&probe).unwrap();
    uid == 0
}

fn run_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Undoes a way of making a folder read-only when dropped (also when the test fails).
enum ReadOnlyFolder {
    Mode(PathBuf),
    Immutable(PathBuf),
    BindMount(PathBuf),
}

impl ReadOnlyFolder {
    /// What the operating system says when a file cannot be created in the folder.
    fn expected_reason(&self) -> &'static str {
        match self {
            ReadOnlyFolder::Mode(_) => "Permission denied",
            ReadOnlyFolder::Immutable(_) => "Operation not permitted",
            ReadOnlyFolder::BindMount(_) => "Read-only file system",
        }
    }

    /// Makes `folder` read-only for this process: permissions for a normal user; for root
    /// (whom permissions do not stop) the immutable attribute, else a read-only bind mount.
    fn make(folder: &Path) -> Option<ReadOnlyFolder> {
        use std::os::unix::fs::PermissionsExt;
        let text = folder.to_str()?;
        if !running_as_root(folder) {
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).ok()?;
            return Some(ReadOnlyFolder::Mode(folder.to_path_buf()));
        }
        if run_ok("chattr", &["+i", text]) {
            return Some(ReadOnlyFolder::Immutable(folder.to_path_buf()));
        }
        if run_ok("mount", &["--bind", text, text]) {
            if run_ok("mount", &["-o", "remount,bind,ro", text]) {
                return Some(ReadOnlyFolder::BindMount(folder.to_path_buf()));
            }
            run_ok("umount", &[text]);
        }
        None
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        match self {
            ReadOnlyFolder::Mode(p) => {
                std::fs::set_permissions(&*p, std::fs::Permissions::from_mode(0o755)).ok();
            }
            ReadOnlyFolder::Immutable(p) => {
                run_ok("chattr", &["-i", &p.to_string_lossy()]);
            }
            ReadOnlyFolder::BindMount(p) => {
                run_ok("umount", &[&p.to_string_lossy()]);
            }
        }
    }
}

#[test]
fn save_fails_in_a_read_only_folder_and_the_old_file_stays() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let sub = folder.path().join("read-only");
    std::fs::create_dir(&sub).unwrap();
    let path = draft_copy(&sub);
    let old = std::fs::read(&path).unwrap();
    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Edits to keep");
    let Some(guard) = ReadOnlyFolder::make(&sub) else {
        eprintln!(
            "SKIPPED save_fails_in_a_read_only_folder: running as root, and neither `chattr +i` \
             nor a read-only bind mount is allowed here"
        );
        return;
    };
    save_shortcut(&mut harness);
    let reason = guard.expected_reason();
    assert_failed_save(&mut harness, &path, Some(&old), reason);
    drop(guard);
}

/// A small tmpfs mounted on `folder`, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(folder: &Path, size: &str) -> Option<SmallDisk> {
        let text = folder.to_str()?;
        let options = format!("size={size}");
        run_ok("mount", &["-t", "tmpfs", "-o", &options, "tmpfs", text])
            .then(|| SmallDisk(folder.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        run_ok("umount", &[&self.0.to_string_lossy()]);
    }
}

#[test]
fn save_fails_on_a_full_disk_and_the_old_file_stays() {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let disk_folder = folder.path().join("small-disk");
    std::fs::create_dir(&disk_folder).unwrap();
    let Some(disk) = SmallDisk::mount(&disk_folder, "64k") else {
        eprintln!(
            "SKIPPED save_fails_on_a_full_disk: mounting a small tmpfs is not allowed here; \
             write_fails_half_way_and_the_old_file_stays covers it with an injected error"
        );
        return;
    };
    let path = draft_copy(&disk.0);
    let old = std::fs::read(&path).unwrap();
    // Fill the disk.
    let mut filler = std::fs::File::create(disk.0.join("filler")).unwrap();
    let block = vec![0u8; 4096];
    while filler.write_all(&block).is_ok() {}
    filler.sync_all().ok();
    drop(filler);

    let mut harness = harness(app_in(data.path(), &Clock::manual()));
    assert!(harness.state_mut().open_path(&path));
    harness.run();
    type_title(&mut harness, "Edits to keep");
    save_shortcut(&mut harness);
    assert_failed_save(&mut harness, &path, Some(&old), "No space left on device");
    drop(harness);
    drop(disk);
}

#[test]
fn write_fails_half_way_and_the_old_file_stays() {
    // The disk filling up during the write, injected: half the bytes reach the temporary
    // file, then the write fails as a full disk does.
    let folder = tempfile::tempdir().unwrap();
    let path = draft_copy(folder.path());
    let old = std::fs::read(&path).unwrap();
    let mut edited = draft::load(&path).unwrap();
    edited.title = "Edits to keep".into();
    let text = draft::to_ron_string(&edited).unwrap();
    let error = draft::write_atomically_with(&path, text.as_bytes(), |file, bytes| {
        file.write_all(&bytes[..bytes.len() / 2])?;
        Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            "No space left on device (injected)",
        ))
    })
    .unwrap_err();
    assert!(error.to_string().contains("No space left on device"));
    assert_eq!(std::fs::read(&path).unwrap(), old);
    let names: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["draft.ron"], "no temporary file is left");
}

// ---- A failing autosave ----

#[test]
fn a_failing_autosave_is_reported_retried_and_never_loses_the_edits() {
    let data = tempfile::tempdir().unwrap();
    let recovery_dir = data.path().join("data");
    let clock = Clock::manual();
    let mut harness = harness(app_in(&recovery_dir, &clock));
    // The data folder disappears under the running app.
    std::fs::remove_dir_all(&recovery_dir).unwrap();
    type_title(&mut harness, "Edits to keep");
    clock.advance(AUTOSAVE_DELAY);
    harness.step();
    harness.run();
    harness.get_by_label_contains("Autosave failed");
    assert_eq!(harness.state().draft().title, "Edits to keep");
    assert!(repaint_delay(&harness) <= AUTOSAVE_RETRY);

    std::fs::create_dir(&recovery_dir).unwrap();
    clock.advance(AUTOSAVE_RETRY);
    harness.step();
    harness.run();
    let files = recovery_files(&recovery_dir);
    assert_eq!(
        recovery::read(&files[0]).unwrap().draft.title,
        "Edits to keep"
    );
    harness.get_by_label_contains("Autosave works again");
}

#[test]
fn an_unusable_data_folder_turns_autosave_off_with_a_note() {
    let folder = tempfile::tempdir().unwrap();
    let not_a_folder = folder.path().join("file");
    std::fs::write(&not_a_folder, "").unwrap();
    let mut harness = harness(app_in(&not_a_folder, &Clock::manual()));
    harness.get_by_label_contains("Autosave is off");
    type_title(&mut harness, "Still editable");
    assert_eq!(harness.state().draft().title, "Still editable");
}
