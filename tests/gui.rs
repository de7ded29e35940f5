//! The desktop app driven through its widgets (egui_kittest, no display, no GPU): typing codes,
//! editing lines and diagnoses, clicking findings, the unsaved-changes guard, opening and saving.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use cpt_guidance::app::{App, Settings};
use cpt_guidance::claim::ClaimDraft;
use cpt_guidance::draft;
use cpt_guidance::reference::Reference;
use cpt_guidance::rules::{self, FieldPath, ReferenceLink, Section};
use cpt_guidance::ui::Theme;
use cpt_guidance::ui::dialogs::{Dialog, Then};
use cpt_guidance::ui::labels;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

mod common;
use common::example;
use common::gui::MemoryStorage;
use common::gui::{harness, harness_with, new_app};

/// Clicks a text field, replaces its text with `text` and runs the frames that follow.
fn replace_text(harness: &mut Harness<'static, App>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn rule_ids(app: &App) -> Vec<&'static str> {
    app.findings().iter().map(|f| f.rule).collect()
}

#[test]
fn typing_a_code_shows_a_finding_and_fixing_it_clears_it() {
    let mut harness = harness_with("ct-liver-biopsy.ron");
    harness.get_by_label(labels::NO_FINDINGS);

    // 77014 is radiation-therapy guidance: with the needle biopsy 47000 it is the wrong code.
    replace_text(&mut harness, &labels::line_code(1), "77014");
    assert_eq!(harness.state().draft().lines[1].code, "77014");
    assert!(rule_ids(harness.state()).contains(&"CT_77014_NEEDLE"));
    harness.get_by_label_contains(&labels::finding_prefix("CT_77014_NEEDLE"));
    assert!(harness.query_by_label(labels::NO_FINDINGS).is_none());
    // Typing a code with an entry shows that entry in the reference panel.
    assert_eq!(harness.state().reference_code(), "77014");

    replace_text(&mut harness, &labels::line_code(1), "77012");
    assert!(!rule_ids(harness.state()).contains(&"CT_77014_NEEDLE"));
    assert!(
        harness
            .query_by_label_contains(&labels::finding_prefix("CT_77014_NEEDLE"))
            .is_none()
    );
    harness.get_by_label(labels::NO_FINDINGS);
}

#[test]
fn lines_can_be_added_duplicated_reordered_and_removed() {
    let mut harness = harness(new_app());
    harness.get_by_label(labels::ADD_LINE).click();
    harness.run();
    harness.get_by_label(&labels::line_code(0)).click();
    harness.run();
    harness
        .get_by_label(&labels::line_code(0))
        .type_text("47000");
    harness.run();
    harness.get_by_label(labels::ADD_LINE).click();
    harness.run();
    harness.get_by_label(&labels::line_code(1)).click();
    harness.run();
    harness
        .get_by_label(&labels::line_code(1))
        .type_text("77012");
    harness.run();
    replace_text(&mut harness, &labels::line_modifiers(1), "26, XS");
    let codes = |h: &Harness<'static, App>| -> Vec<String> {
        h.state()
            .draft()
            .lines
            .iter()
            .map(|l| l.code.clone())
            .collect()
    };
    assert_eq!(codes(&harness), ["47000", "77012"]);
    assert_eq!(harness.state().draft().lines[1].modifiers, ["26", "XS"]);

    harness.get_by_label(&labels::duplicate_line(1)).click();
    harness.run();
    assert_eq!(codes(&harness), ["47000", "77012", "77012"]);
    assert_eq!(harness.state().draft().lines[2].modifiers, ["26", "XS"]);

    harness.get_by_label(&labels::move_line_up(1)).click();
    harness.run();
    assert_eq!(codes(&harness), ["77012", "47000", "77012"]);

    harness.get_by_label(&labels::remove_line(0)).click();
    harness.run();
    assert_eq!(codes(&harness), ["47000", "77012"]);
    // The moved buffers follow the lines: line 2's modifiers field shows line 2's modifiers.
    assert_eq!(
        harness
            .get_by_label(&labels::line_modifiers(1))
            .value()
            .as_deref(),
        Some("26, XS")
    );
}

#[test]
fn diagnoses_are_added_from_suggestions_reordered_and_removed() {
    let mut harness = harness_with("ct-liver-biopsy.ron");
    // Type a code prefix, then pick with the keyboard: Down moves to the second suggestion.
    harness.get_by_label(labels::NEW_DIAGNOSIS).click();
    harness.run();
    let nodule_titles = |h: &Harness<'static, App>| {
        h.query_all_by_label_contains("Solitary pulmonary nodule")
            .count()
    };
    let before = nodule_titles(&harness);
    harness.get_by_label(labels::NEW_DIAGNOSIS).type_text("R91");
    harness.run();
    harness.get_by_label(&labels::suggestion("R91"));
    harness.get_by_label(&labels::suggestion("R91.1"));
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().draft().diagnoses, ["C78.7", "R91.1"]);
    // The new row shows the title from ICD-10-CM for the date of service.
    assert_eq!(nodule_titles(&harness), before + 1);

    // Title words work too; a click picks.
    harness.get_by_label(labels::NEW_DIAGNOSIS).click();
    harness.run();
    harness
        .get_by_label(labels::NEW_DIAGNOSIS)
        .type_text("secondary malignant neoplasm of lung");
    harness.run();
    harness.get_by_label(&labels::suggestion("C78.0")).click();
    harness.run();
    assert_eq!(
        harness.state().draft().diagnoses,
        ["C78.7", "R91.1", "C78.0"]
    );

    // Move the first diagnosis down: the lines' pointers follow it.
    harness
        .get_by_label(&labels::move_diagnosis_down(0))
        .click();
    harness.run();
    assert_eq!(
        harness.state().draft().diagnoses,
        ["R91.1", "C78.7", "C78.0"]
    );
    assert_eq!(harness.state().draft().lines[0].diagnosis_pointers, [2]);

    harness.get_by_label(&labels::remove_diagnosis(0)).click();
    harness.run();
    assert_eq!(harness.state().draft().diagnoses, ["C78.7", "C78.0"]);
    assert_eq!(harness.state().draft().lines[0].diagnosis_pointers, [1]);
}

#[test]
fn clicking_a_finding_highlights_the_field_and_the_reference_text() {
    let mut harness = harness_with("lung-biopsy-77014.ron");
    harness
        .get_by_label_contains(&labels::finding_prefix("GUIDANCE_UNITS"))
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.highlighted_field(), Some(FieldPath::LineUnits(1)));
    assert_eq!(app.reference_code(), "77014");
    assert_eq!(
        app.reference_link(),
        Some(&ReferenceLink::section(
            "77014",
            Section::CodingGuidelines,
            Some(1)
        ))
    );

    harness
        .get_by_label_contains(&labels::finding_prefix("FACILITY_NEEDS_26"))
        .click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.highlighted_field(), Some(FieldPath::LineModifiers(1)));
    assert_eq!(
        app.reference_link(),
        Some(&ReferenceLink::PlaceOfService { code: "19".into() })
    );
    // The place-of-service row behind the finding is shown in the reference panel.
    harness.get_by_label_contains("Place of service 19: Off Campus-Outpatient Hospital");
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_edits() {
    let mut harness = harness(new_app());
    harness.get_by_label(labels::TITLE).click();
    harness.run();
    harness.get_by_label(labels::TITLE).type_text("Edited");
    harness.run();
    assert!(harness.state().is_dirty());
    assert!(harness.state().window_title().starts_with('*'));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert_eq!(
        harness.state().dialog(),
        Some(&Dialog::UnsavedChanges { then: Then::New })
    );
    harness.get_by_label(labels::UNSAVED_TITLE);
    harness.get_by_label(labels::DIALOG_SAVE);
    harness.get_by_label(labels::DIALOG_CANCEL).click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().draft().title, "Edited");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label(labels::DIALOG_DISCARD).click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().draft(), &ClaimDraft::default());
    assert!(!harness.state().is_dirty());
    assert!(!harness.state().window_title().starts_with('*'));
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let mut harness = harness(new_app());
    harness.state_mut().draft_mut().title = "Edited".into();
    harness.run();
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run();
    assert_eq!(
        harness.state().dialog(),
        Some(&Dialog::UnsavedChanges { then: Then::Quit })
    );
    harness.get_by_label(labels::DIALOG_CANCEL).click();
    harness.run();
    assert_eq!(harness.state().draft().title, "Edited");
}

#[test]
fn every_example_opens_through_open_path() {
    let reference = Reference::embedded().expect("embedded reference loads");
    let mut app = new_app();
    let mut names: Vec<PathBuf> = std::fs::read_dir(example(""))
        .expect("examples folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    let mut harness = harness(new_app());
    for path in &names {
        assert!(app.open_path(path), "{} opens", path.display());
        assert_eq!(app.path(), Some(path.as_path()));
        assert!(!app.is_dirty());
        assert!(harness.state_mut().open_path(path));
        harness.run();
        let expected = rules::validate(&draft::load(path).expect("loads"), &reference);
        assert_eq!(harness.state().findings(), expected.as_slice());
        assert!(
            harness.state().window_title().starts_with(
                path.file_name()
                    .and_then(|n| n.to_str())
                    .expect("file name")
            )
        );
    }
}

#[test]
fn a_malformed_draft_shows_the_error_and_keeps_the_current_draft() {
    let folder = tempfile::tempdir().expect("temp dir");
    let bad = folder.path().join("bad.ron");
    std::fs::write(&bad, "(\n    format_version: 1,\n    title: 42,\n)\n").expect("write");
    let mut harness = harness_with("lung-biopsy-77014.ron");
    harness.state_mut().draft_mut().notes = "my edit".into();
    harness.run();
    let before = harness.state().draft().clone();

    assert!(!harness.state_mut().open_path(&bad));
    harness.run();
    let Some(Dialog::Error { title, report }) = harness.state().dialog().cloned() else {
        panic!("an error dialog shows");
    };
    assert_eq!(title, labels::OPEN_FAILED_TITLE);
    assert_eq!(report.file, bad.display().to_string());
    assert_eq!(report.position.map(|(line, _)| line), Some(3));
    assert!(!report.reason.is_empty());
    harness.get_by_label(labels::OPEN_FAILED_TITLE);
    harness.get_by_label_contains("line 3, column");
    assert_eq!(harness.state().draft(), &before);
    assert!(
        harness
            .state()
            .path()
            .is_some_and(|p| p.ends_with("lung-biopsy-77014.ron"))
    );

    harness.get_by_label(labels::DIALOG_OK).click();
    harness.run();
    assert!(harness.state().dialog().is_none());
    assert_eq!(harness.state().draft(), &before);
}

#[test]
fn save_then_reopen_gives_the_identical_draft() {
    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("saved.ron");
    let mut harness = harness_with("renal-biopsy-two-guidance.ron");
    replace_text(&mut harness, labels::TITLE, "Renal biopsy, saved copy");
    assert!(harness.state().is_dirty());
    assert!(harness.state_mut().save_to(&target));
    harness.run();
    assert!(!harness.state().is_dirty());
    assert_eq!(harness.state().path(), Some(target.as_path()));

    // Ctrl+S now saves to the new file.
    harness.get_by_label(labels::MEDICAL_NECESSITY).click();
    harness.run();
    assert!(harness.state().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(!harness.state().is_dirty());

    let mut reopened = new_app();
    assert!(reopened.open_path(&target));
    assert_eq!(reopened.draft(), harness.state().draft());
    assert_eq!(reopened.draft().title, "Renal biopsy, saved copy");
}

#[test]
fn a_failed_save_keeps_the_edits_and_the_dirty_mark() {
    let folder = tempfile::tempdir().expect("temp dir");
    let nowhere = folder.path().join("missing-folder").join("draft.ron");
    let mut harness = harness(new_app());
    harness.state_mut().draft_mut().title = "Unsaved work".into();
    harness.run();
    assert!(!harness.state_mut().save_to(&nowhere));
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Error { .. })
    ));
    harness.get_by_label(labels::SAVE_FAILED_TITLE);
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().draft().title, "Unsaved work");
    assert!(harness.state().window_title().starts_with('*'));
}

#[test]
fn validation_runs_only_when_the_draft_changes() {
    let mut harness = harness_with("lung-biopsy-77014.ron");
    let generation = harness.state().findings_generation();
    for _ in 0..5 {
        harness.step();
    }
    assert_eq!(harness.state().findings_generation(), generation);
    harness.get_by_label(labels::SUPERVISION).click();
    harness.run();
    assert_eq!(harness.state().findings_generation(), generation + 1);
    assert!(!rule_ids(harness.state()).contains(&"DOC_SUPERVISION"));
}

#[test]
fn ctrl_f_focuses_the_reference_search() {
    let mut harness = harness(new_app());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.get_by_label(labels::SEARCH_REFERENCE).is_focused());
    harness
        .get_by_label(labels::SEARCH_REFERENCE)
        .type_text("fiducial");
    harness.run();
    harness.get_by_label_contains("“fiducial”:");
    harness.get_by_label(&labels::show_code("77012")).click();
    harness.run();
    assert_eq!(harness.state().reference_code(), "77012");
}

/// eframe storage in memory, to check what persists.
#[test]
fn settings_persist_but_the_claim_does_not() {
    let mut harness = harness_with("myelography-77003.ron");
    harness.state_mut().draft_mut().title = "not persisted".into();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, cpt_guidance::ui::Command::SetTheme(Theme::Dark));
    harness.run();
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let saved: Settings = eframe::get_value(&storage, "settings").expect("settings saved");
    assert_eq!(saved.theme, Theme::Dark);
    assert!(saved.recent_files[0].ends_with("myelography-77003.ron"));
    assert!(!storage.0.values().any(|v| v.contains("not persisted")));

    let restored = App::new(
        Reference::embedded().expect("embedded reference loads"),
        Some(&storage),
    );
    assert_eq!(restored.settings(), &saved);
    assert_eq!(restored.draft(), &ClaimDraft::default());
}

#[test]
fn a_typed_code_without_suggestions_is_kept_in_dotted_upper_case() {
    let mut harness = harness_with("ct-liver-biopsy.ron");
    harness.get_by_label(labels::NEW_DIAGNOSIS).click();
    harness.run();
    // Z99.999 is no ICD-10-CM code, so nothing is suggested and the typed text is added.
    harness
        .get_by_label(labels::NEW_DIAGNOSIS)
        .type_text("z99999");
    harness.run();
    harness.get_by_label(labels::ADD_DIAGNOSIS).click();
    harness.run();
    assert_eq!(harness.state().draft().diagnoses, ["C78.7", "Z99.999"]);
    assert!(
        harness
            .state()
            .findings()
            .iter()
            .any(|f| f.rule == "DX_NOT_IN_CODE_SET" && f.message.contains("Z99.999"))
    );
}

/// The "done when": open an example, see its findings, fix the claim until it is clean,
/// save it, reopen it and find it identical.
#[test]
fn an_example_is_fixed_until_clean_saved_and_reopened_identical() {
    use cpt_guidance::rules::Severity;
    let mut harness = harness_with("renal-biopsy-two-guidance.ron");
    assert!(rule_ids(harness.state()).contains(&"GUIDANCE_MULTIPLE_MODALITIES"));
    assert!(harness.query_by_label(labels::NO_FINDINGS).is_none());

    // Ultrasound could not show the lesion: only CT guided the needle, so 76942 goes.
    harness.get_by_label(&labels::remove_line(1)).click();
    harness.run();
    let serious = |app: &App| {
        app.findings()
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .count()
    };
    assert_eq!(
        serious(harness.state()),
        0,
        "{:?}",
        rule_ids(harness.state())
    );
    harness.get_by_label(labels::NO_FINDINGS);

    let folder = tempfile::tempdir().expect("temp dir");
    let target = folder.path().join("renal-fixed.ron");
    assert!(harness.state_mut().save_to(&target));
    harness.run();
    let mut reopened = new_app();
    assert!(reopened.open_path(&target));
    assert_eq!(reopened.draft(), harness.state().draft());
    assert_eq!(reopened.draft().lines.len(), 2);
}
