//! Help → About: the app's version, the reference data's version and effective date, the bundled
//! ICD-10-CM releases, the AMA notice for CPT and where the app's descriptions come from.

use egui::RichText;

use crate::export::CPT_NOTICE;
use crate::reference::Reference;

use super::labels;

/// Where the app's texts come from, next to the AMA notice.
pub const PLAIN_LANGUAGE_NOTE: &str = "The code descriptions, rule explanations and findings in this app are the project's own plain-language wording, written from the sources each rule cites; they are not CPT descriptors and do not replace the payer's rules or the medical record.";

/// Shows the About box as a modal; true once the user closed it (Close or Escape).
/// `code_sets_ready`: the ICD-10-CM releases are loaded and can be listed without waiting.
pub fn show(ctx: &egui::Context, reference: &Reference, code_sets_ready: bool) -> bool {
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("about-box")).show(ctx, |ui| {
        ui.set_max_width(500.0);
        ui.heading(labels::ABOUT);
        ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
        ui.label(RichText::new(env!("CARGO_PKG_DESCRIPTION")).weak());
        ui.separator();
        let manifest = &reference.manifest;
        ui.label(labels::about_reference(
            &manifest.version,
            &manifest.effective_date,
        ));
        ui.label(RichText::new("ICD-10-CM releases bundled").strong());
        if !code_sets_ready {
            ui.label(RichText::new(labels::LOADING_CODE_SETS).weak());
        } else {
            match reference.icd10cm() {
                Some(sets) => {
                    for set in sets.releases() {
                        ui.label(format!("• {}", set.release().name));
                    }
                }
                None => {
                    ui.label(RichText::new("None: only the reference's own diagnosis list").weak());
                }
            }
        }
        ui.separator();
        ui.add(egui::Label::new(RichText::new(CPT_NOTICE).small()).wrap());
        ui.add(egui::Label::new(RichText::new(PLAIN_LANGUAGE_NOTE).small()).wrap());
        ui.add_space(8.0);
        let button = ui
            .button(labels::ABOUT_CLOSE)
            .on_hover_text("Close (Escape)");
        if ui.memory(|m| m.focused().is_none()) {
            // Enter or Space closes the box at once.
            button.request_focus();
        }
        if button.clicked() {
            close = true;
        }
    });
    close || modal.should_close()
}
