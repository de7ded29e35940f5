//! The desktop app driven by the keyboard alone (egui_kittest, no display, no GPU): a new draft,
//! Tab through the claim form, the guidance-code chooser (Ctrl+G) and "Use this code", Enter on a
//! finding, zoom and theme that persist, the About box, and the reports (clipboard and files).
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cpt_guidance::app::{App, Settings};
use cpt_guidance::chooser;
use cpt_guidance::claim::ClaimDraft;
use cpt_guidance::export;
use cpt_guidance::reference::{Modality, Reference};
use cpt_guidance::rules::FieldPath;
use cpt_guidance::ui::Theme;
use cpt_guidance::ui::dialogs::Dialog;
use cpt_guidance::ui::files::ReportFormat;
use cpt_guidance::ui::labels;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

mod common;
use common::gui::MemoryStorage;
use common::gui::{harness, harness_with, new_app};

/// Types `text` into the focused widget, as the keyboard does.
fn type_keys(harness: &mut Harness<'static, App>, text: &str) {
    harness.event(egui::Event::Text(text.to_string()));
    harness.run();
}

fn press(harness: &mut Harness<'static, App>, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn shortcut(harness: &mut Harness<'static, App>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn focused(harness: &Harness<'static, App>, label: &str) -> bool {
    harness.get_by_label(label).is_focused()
}

/// Presses Tab until the widget named `label` has the focus; fails after `limit` presses.
fn tab_to(harness: &mut Harness<'static, App>, label: &str, limit: usize) {
    for _ in 0..limit {
        if focused(harness, label) {
            return;
        }
        press(harness, Key::Tab);
    }
    assert!(focused(harness, label), "Tab never reached {label}");
}

#[test]
fn a_new_draft_is_filled_in_by_keyboard_in_form_order() {
    let mut harness = harness_with("ct-liver-biopsy.ron");
    shortcut(&mut harness, Modifiers::COMMAND, Key::N);
    assert_eq!(harness.state().draft(), &ClaimDraft::default());
    // Ctrl+N puts the cursor in the title; Tab then follows the form.
    assert!(focused(&harness, labels::TITLE));
    type_keys(&mut harness, "Keyboard claim");
    press(&mut harness, Key::Tab);
    assert!(focused(&harness, labels::DATE_OF_SERVICE));
    type_keys(&mut harness, "2026-03-14");
    press(&mut harness, Key::Tab);
    assert!(focused(&harness, labels::PLACE_OF_SERVICE));
    press(&mut harness, Key::Tab);
    assert!(focused(&harness, labels::NEW_DIAGNOSIS));
    type_keys(&mut harness, "C78.7");
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().draft().diagnoses, ["C78.7"]);

    // Ctrl+L adds a line and puts the cursor in its code; Tab goes on along the line.
    shortcut(&mut harness, Modifiers::COMMAND, Key::L);
    assert_eq!(harness.state().draft().lines.len(), 1);
    assert!(focused(&harness, &labels::line_code(0)));
    type_keys(&mut harness, "47000");
    press(&mut harness, Key::Tab);
    assert!(focused(&harness, &labels::line_modifiers(0)));

    // Ctrl+D goes back to the new-diagnosis field.
    shortcut(&mut harness, Modifiers::COMMAND, Key::D);
    assert!(focused(&harness, labels::NEW_DIAGNOSIS));

    let draft = harness.state().draft();
    assert_eq!(draft.title, "Keyboard claim");
    assert_eq!(draft.date_of_service, "2026-03-14");
    assert_eq!(draft.lines[0].code, "47000");
    // The status bar counts the findings of the new draft.
    let errors = harness
        .state()
        .findings()
        .iter()
        .filter(|f| f.severity == cpt_guidance::rules::Severity::Error)
        .count();
    harness.get_by_label(&labels::status_count(errors, "error"));
}

#[test]
fn ctrl_g_answers_77012_for_ct_and_47000_and_use_this_code_adds_the_line() {
    let mut harness = harness(new_app());
    shortcut(&mut harness, Modifiers::COMMAND, Key::L);
    type_keys(&mut harness, "47000");

    shortcut(&mut harness, Modifiers::COMMAND, Key::G);
    assert!(harness.state().chooser_open());
    let question = harness.state().chooser_question();
    assert_eq!(question.primary, "47000", "prefilled from the claim");
    assert_eq!(question.modality, Modality::Ct);
    // The chosen modality has the focus, so the keyboard starts in the chooser.
    assert!(focused(&harness, labels::CHOOSER_CT));
    harness.get_by_label("Report 77012 with 47000.");
    let diagram = harness.get_by_label_contains(labels::DECISION_DIAGRAM);
    let name = diagram.accesskit_node().label().unwrap_or_default();
    assert!(name.contains("Which imaging?"), "{name}");
    assert!(name.ends_with("Report 77012"), "{name}");

    // A facility place of service, typed in the chooser: modifier 26.
    tab_to(&mut harness, labels::CHOOSER_PLACE_OF_SERVICE, 12);
    type_keys(&mut harness, "22");
    harness.get_by_label("Report 77012-26 with 47000.");

    tab_to(&mut harness, labels::CHOOSER_USE_CODE, 12);
    press(&mut harness, Key::Enter);
    let lines = &harness.state().draft().lines;
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].code, "77012");
    assert_eq!(lines[1].modifiers, ["26"]);

    // A step's link shows its reference text in the reference panel.
    harness
        .get_by_label(&labels::chooser_step_reference(1))
        .click();
    harness.run();
    assert_eq!(harness.state().reference_code(), "77012");

    // Escape closes the chooser.
    press(&mut harness, Key::Escape);
    assert!(!harness.state().chooser_open());
    assert!(
        harness
            .query_by_label_contains(labels::DECISION_DIAGRAM)
            .is_none()
    );
}

#[test]
fn the_chooser_diagram_follows_the_answer() {
    let reference = Reference::embedded().expect("embedded reference loads");
    let mut harness = harness_with("lumbar-epidural-77003.ron");
    shortcut(&mut harness, Modifiers::COMMAND, Key::G);
    let question = harness.state().chooser_question();
    // The claim's guidance line sets the modality and the spine target.
    assert_eq!(question.modality, Modality::Fluoroscopy);
    assert!(question.spine);
    let answer = chooser::choose(&reference, &question);
    let diagram = harness.get_by_label_contains(labels::DECISION_DIAGRAM);
    let name = diagram.accesskit_node().label().unwrap_or_default();
    for step in &answer.steps {
        assert!(name.contains(step.node.label()), "{name}");
    }
    assert!(!name.contains(chooser::Node::NeedleNotRadiationFields.label()));
}

#[test]
fn enter_on_a_focused_finding_moves_the_highlight_and_the_cursor_to_its_field() {
    let mut harness = harness_with("lung-biopsy-77014.ron");
    let prefix = labels::finding_prefix("GUIDANCE_UNITS");
    harness.get_by_label_contains(&prefix).focus();
    harness.run();
    assert!(harness.get_by_label_contains(&prefix).is_focused());
    press(&mut harness, Key::Enter);
    assert_eq!(
        harness.state().highlighted_field(),
        Some(FieldPath::LineUnits(1))
    );
    assert_eq!(harness.state().reference_code(), "77014");
    assert!(focused(&harness, &labels::line_units(1)));

    // Shift+Tab from the claim's title reaches the findings list (it comes before the form).
    // (past the findings panel's resize handle, which the keyboard can move too).
    harness.get_by_label(labels::TITLE).focus();
    harness.run();
    let mut focused_finding = false;
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        harness.run();
        focused_finding = harness
            .query_all_by_label_contains("Finding ")
            .any(|node| node.is_focused());
        if focused_finding {
            break;
        }
    }
    assert!(
        focused_finding,
        "Shift+Tab from the title reaches a finding"
    );
    press(&mut harness, Key::Space);
    assert!(harness.state().highlighted_field().is_some());
}

/// eframe storage in memory, to check what persists.
fn saved_settings(harness: &mut Harness<'static, App>) -> (MemoryStorage, Settings) {
    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let settings: Settings = eframe::get_value(&storage, "settings").expect("settings saved");
    (storage, settings)
}

#[test]
fn zoom_keys_change_the_zoom_and_it_persists() {
    let mut harness = harness(new_app());
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Plus);
    assert_eq!(harness.ctx.zoom_factor(), 1.1);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Equals);
    assert_eq!(harness.ctx.zoom_factor(), 1.2);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Minus);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Minus);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Minus);
    assert_eq!(harness.ctx.zoom_factor(), 0.9);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Num0);
    assert_eq!(harness.ctx.zoom_factor(), 1.0);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Plus);
    shortcut(&mut harness, Modifiers::COMMAND, Key::Plus);
    assert_eq!(harness.state().settings().zoom, 1.2);

    let (storage, saved) = saved_settings(&mut harness);
    assert_eq!(saved.zoom, 1.2);
    let restored = App::new(
        Reference::embedded().expect("embedded reference loads"),
        Some(&storage),
    );
    assert_eq!(restored.settings().zoom, 1.2);
    // The next run starts at the saved zoom.
    let restored = crate::harness(restored);
    assert_eq!(restored.ctx.zoom_factor(), 1.2);
}

#[test]
fn the_theme_chosen_in_the_view_menu_persists() {
    let mut harness = harness(new_app());
    assert_eq!(harness.state().settings().theme, Theme::System);
    harness.get_by_label(labels::MENU_VIEW).click();
    harness.run();
    harness.get_by_label(labels::THEME_DARK).click();
    harness.run();
    assert_eq!(harness.state().settings().theme, Theme::Dark);
    assert_eq!(
        harness.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::Dark
    );
    let (storage, saved) = saved_settings(&mut harness);
    assert_eq!(saved.theme, Theme::Dark);
    let restored = App::new(
        Reference::embedded().expect("embedded reference loads"),
        Some(&storage),
    );
    assert_eq!(restored.settings().theme, Theme::Dark);
}

#[test]
fn f1_shows_the_about_box_with_the_reference_version() {
    let reference = Reference::embedded().expect("embedded reference loads");
    let mut harness = harness(new_app());
    press(&mut harness, Key::F1);
    assert!(harness.state().about_open());
    let manifest = &reference.manifest;
    harness.get_by_label(&labels::about_reference(
        &manifest.version,
        &manifest.effective_date,
    ));
    harness.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label(export::CPT_NOTICE);
    let sets = reference.icd10cm().expect("bundled ICD-10-CM");
    assert!(!sets.releases().is_empty());
    for set in sets.releases() {
        harness.get_by_label(&format!("• {}", set.release().name));
    }
    // Shortcuts wait while the box is open; Escape closes it.
    shortcut(&mut harness, Modifiers::COMMAND, Key::G);
    assert!(!harness.state().chooser_open());
    press(&mut harness, Key::Escape);
    assert!(!harness.state().about_open());
}

#[test]
fn ctrl_shift_c_copies_the_markdown_report() {
    let mut harness = harness_with("lung-biopsy-77014.ron");
    // Both key events in one frame, so that frame's output holds the copy command.
    let modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
    for pressed in [true, false] {
        harness.input_mut().events.push(egui::Event::Key {
            key: Key::C,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers,
        });
    }
    harness.step();
    let copied: Vec<&String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text),
            _ => None,
        })
        .collect();
    let app = harness.state();
    let expected = export::markdown(
        app.draft(),
        app.findings(),
        &Reference::embedded().expect("embedded reference loads"),
        Some("lung-biopsy-77014.ron"),
    );
    assert_eq!(copied, [&expected]);
    assert!(expected.contains("GUIDANCE_UNITS"));
}

#[test]
fn reports_export_to_files_and_a_failed_export_shows_the_error() {
    let folder = tempfile::tempdir().expect("temp dir");
    let mut harness = harness_with("lung-biopsy-77014.ron");
    let markdown = folder.path().join("report.md");
    let html = folder.path().join("report.html");
    assert!(
        harness
            .state_mut()
            .export_to(&markdown, ReportFormat::Markdown)
    );
    assert!(harness.state_mut().export_to(&html, ReportFormat::Html));
    let app = harness.state_mut();
    assert_eq!(
        std::fs::read_to_string(&markdown).expect("markdown written"),
        app.report(ReportFormat::Markdown)
    );
    let page = std::fs::read_to_string(&html).expect("html written");
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert!(page.contains("GUIDANCE_UNITS"));

    let nowhere = folder.path().join("missing-folder").join("report.md");
    assert!(
        !harness
            .state_mut()
            .export_to(&nowhere, ReportFormat::Markdown)
    );
    harness.run();
    assert!(matches!(
        harness.state().dialog(),
        Some(Dialog::Error { title, .. }) if title == labels::EXPORT_FAILED_TITLE
    ));
    harness.get_by_label(labels::EXPORT_FAILED_TITLE);
    assert_eq!(std::fs::read_dir(folder.path()).expect("folder").count(), 2);
}

#[test]
fn menus_show_the_new_actions_with_their_shortcuts() {
    let mut harness = harness(new_app());
    harness.get_by_label(labels::MENU_FILE).click();
    harness.run();
    for label in [
        labels::EXPORT_MARKDOWN,
        labels::EXPORT_HTML,
        labels::COPY_REPORT,
    ] {
        harness.get_by_label_contains(label);
    }
    press(&mut harness, Key::Escape);
    harness.get_by_label(labels::MENU_TOOLS).click();
    harness.run();
    harness.get_by_label_contains(labels::MENU_CHOOSER).click();
    harness.run();
    assert!(harness.state().chooser_open());
    harness.get_by_label(labels::CHOOSER_CLOSE).click();
    harness.run();
    assert!(!harness.state().chooser_open());
    // The toolbar button opens it too.
    harness.get_by_label(labels::TOOLBAR_CHOOSER).click();
    harness.run();
    assert!(harness.state().chooser_open());
}
