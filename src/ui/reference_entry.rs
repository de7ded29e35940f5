//! One code's reference entry in readable sections, with search matches marked and the section or
//! item a finding points at highlighted (and scrolled to once).

use egui::{Align, Color32, Frame, RichText, Ui};

use crate::reference::CodeEntry;
use crate::rules::Section;

use super::rows::{Pass, Rows};
use super::text::{self, Look};

/// What the entry view marks: the search query and the section/item a finding links to.
pub struct Marks<'a> {
    pub query: &'a str,
    /// The linked section, and within it the linked item (0-based), if any.
    pub target: Option<(Section, Option<usize>)>,
    /// Scroll to the target on this frame (then cleared).
    pub scroll: &'a mut bool,
}

impl Marks<'_> {
    fn section_targeted(&self, section: Section) -> bool {
        self.target
            .is_some_and(|(s, item)| s == section && item.is_none())
    }

    fn item_targeted(&self, section: Section, index: usize) -> bool {
        self.target == Some((section, Some(index)))
    }
}

/// Every text of an entry, for the search.
pub fn texts(entry: &CodeEntry) -> Vec<&str> {
    let mut all = vec![entry.code.as_str(), entry.description.as_str()];
    all.extend(entry.banner.as_deref());
    all.extend(entry.source_descriptor.as_deref());
    all.extend(entry.summary.iter().map(String::as_str));
    all.extend(entry.service_type.as_deref());
    all.extend(entry.clinical_indications.iter().map(String::as_str));
    all.extend(entry.procedure_steps.iter().map(String::as_str));
    all.extend(entry.coding_guidelines.iter().map(String::as_str));
    for diagnosis in &entry.icd10_codes {
        all.extend([diagnosis.code.as_str(), diagnosis.title.as_str()]);
        all.extend(diagnosis.note.as_deref());
    }
    for modifier in &entry.modifiers {
        all.extend([
            modifier.modifier.as_str(),
            modifier.description.as_str(),
            modifier.when_to_use.as_str(),
        ]);
    }
    all.extend(entry.payers.iter().map(String::as_str));
    all.extend(entry.sites_of_service.iter().map(String::as_str));
    all.extend(entry.vignette.as_deref());
    all.extend(entry.readers_learn.as_deref());
    all.extend(entry.notes.iter().map(String::as_str));
    all.push(entry.source.as_str());
    all
}

/// The background of the item or section a finding points at.
pub fn target_fill(ui: &Ui) -> Color32 {
    ui.visuals().selection.bg_fill.gamma_multiply(0.45)
}

/// Draws the whole entry. It is long: `rows` remembers its blocks' heights, so the blocks out of
/// sight are not laid out (nothing in an entry takes the keyboard focus).
pub fn entry_ui(ui: &mut Ui, entry: &CodeEntry, marks: &mut Marks, rows: &mut Rows) {
    let mut blocks = Blocks {
        pass: rows.begin(ui, None),
        // Every block's height depends on the entry, the search and the target (and the width).
        key: egui::util::hash((&entry.code, marks.query, marks.target)),
    };
    blocks.add(ui, false, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.heading(RichText::new(&entry.code).strong());
            ui.label(RichText::new(kind_label(entry)).weak());
        });
        paragraph(ui, marks, &entry.description, Look::default());
    });
    if let Some(banner) = &entry.banner {
        blocks.add(ui, false, |ui| banner_ui(ui, banner, marks.query));
    }
    if let Some(descriptor) = &entry.source_descriptor {
        blocks.add(ui, false, |ui| {
            ui.add_space(4.0);
            ui.label(RichText::new("Descriptor as the source states it").weak());
            let look = Look {
                italic: true,
                ..Look::default()
            };
            paragraph(ui, marks, descriptor, look);
        });
    }
    list_section(
        ui,
        &mut blocks,
        marks,
        "Summary",
        Section::Summary,
        &entry.summary,
        false,
    );
    if let Some(service_type) = &entry.service_type {
        plain_section(ui, &mut blocks, marks, "Service type", service_type);
    }
    let steps = [
        (
            "Clinical indications",
            Section::ClinicalIndications,
            &entry.clinical_indications,
            false,
        ),
        (
            "Procedure steps",
            Section::ProcedureSteps,
            &entry.procedure_steps,
            true,
        ),
        (
            "Coding guidelines",
            Section::CodingGuidelines,
            &entry.coding_guidelines,
            true,
        ),
    ];
    for (title, section, items, numbered) in steps {
        list_section(ui, &mut blocks, marks, title, section, items, numbered);
    }
    if !entry.icd10_codes.is_empty() {
        let title = "Associated ICD-10 codes";
        section_heading(ui, &mut blocks, marks, title, Section::Icd10Codes);
        for (i, diagnosis) in entry.icd10_codes.iter().enumerate() {
            item_frame(
                ui,
                &mut blocks,
                marks,
                Section::Icd10Codes,
                i,
                |ui, query| {
                    let code = Look {
                        monospace: true,
                        strong: true,
                        ..Look::default()
                    };
                    ui.horizontal_wrapped(|ui| {
                        text::marked_label(ui, &diagnosis.code, query, code);
                        text::marked_label(ui, &diagnosis.title, query, Look::default());
                    });
                    if let Some(note) = &diagnosis.note {
                        let look = Look {
                            italic: true,
                            color: Some(ui.visuals().warn_fg_color),
                            ..Look::default()
                        };
                        text::marked_label(ui, &format!("Note: {note}"), query, look);
                    }
                },
            );
        }
    }
    if !entry.modifiers.is_empty() {
        section_heading(ui, &mut blocks, marks, "Modifiers", Section::Modifiers);
        for (i, modifier) in entry.modifiers.iter().enumerate() {
            item_frame(
                ui,
                &mut blocks,
                marks,
                Section::Modifiers,
                i,
                |ui, query| {
                    let head = format!("{}: {}", modifier.modifier, modifier.description);
                    let strong = Look {
                        strong: true,
                        ..Look::default()
                    };
                    text::marked_label(ui, &head, query, strong);
                    text::marked_label(ui, &modifier.when_to_use, query, Look::default());
                },
            );
        }
    }
    joined_section(ui, &mut blocks, marks, "Payers", &entry.payers);
    joined_section(
        ui,
        &mut blocks,
        marks,
        "Sites of service",
        &entry.sites_of_service,
    );
    if let Some(vignette) = &entry.vignette {
        plain_section(ui, &mut blocks, marks, "Clinical vignette", vignette);
    }
    if let Some(learn) = &entry.readers_learn {
        plain_section(ui, &mut blocks, marks, "What readers learn", learn);
    }
    list_section(
        ui,
        &mut blocks,
        marks,
        "Notes",
        Section::Notes,
        &entry.notes,
        false,
    );
    blocks.add(ui, false, |ui| {
        ui.add_space(8.0);
        ui.label(RichText::new("Source").strong());
        let weak = Look {
            color: Some(ui.visuals().weak_text_color()),
            ..Look::default()
        };
        paragraph(ui, marks, &entry.source, weak);
    });
}

/// The entry's blocks in order: each is laid out only when in sight or targeted.
struct Blocks<'r> {
    pass: Pass<'r>,
    key: u64,
}

impl Blocks<'_> {
    fn add(&mut self, ui: &mut Ui, targeted: bool, draw: impl FnOnce(&mut Ui)) {
        self.pass.row(ui, self.key, targeted, draw);
    }
}

fn kind_label(entry: &CodeEntry) -> &'static str {
    use crate::reference::CodeKind;
    match entry.kind {
        CodeKind::ImageGuidance => "image guidance",
        CodeKind::RadiationOncology => "radiation oncology",
        CodeKind::Procedure => "procedure",
        CodeKind::Other => "other",
    }
}

/// The entry's warning, on a red background so nobody reads past it.
fn banner_ui(ui: &mut Ui, banner: &str, query: &str) {
    let dark = ui.visuals().dark_mode;
    let (fill, fg) = if dark {
        (
            Color32::from_rgb(90, 20, 20),
            Color32::from_rgb(255, 225, 225),
        )
    } else {
        (
            Color32::from_rgb(255, 228, 225),
            Color32::from_rgb(120, 0, 0),
        )
    };
    ui.add_space(6.0);
    Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(2.0, ui.visuals().error_fg_color))
        .corner_radius(6.0)
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new("WARNING: read this first")
                    .strong()
                    .size(16.0)
                    .color(fg),
            );
            let look = Look {
                strong: true,
                color: Some(fg),
                ..Look::default()
            };
            text::marked_label(ui, banner, query, look);
        });
}

fn paragraph(ui: &mut Ui, marks: &Marks, body: &str, look: Look) {
    text::marked_label(ui, body, marks.query, look);
}

/// A section heading; highlighted (and scrolled to) when a finding points at the whole section.
fn section_heading(
    ui: &mut Ui,
    blocks: &mut Blocks,
    marks: &mut Marks,
    title: &str,
    section: Section,
) {
    let targeted = marks.section_targeted(section);
    blocks.add(ui, targeted, |ui| {
        ui.add_space(10.0);
        let text = RichText::new(title).heading().size(17.0);
        let response = if targeted {
            Frame::new()
                .fill(target_fill(ui))
                .corner_radius(4.0)
                .inner_margin(4.0)
                .show(ui, |ui| ui.label(text))
                .response
        } else {
            ui.label(text)
        };
        if targeted && std::mem::take(marks.scroll) {
            response.scroll_to_me(Some(Align::TOP));
        }
    });
}

fn plain_section(ui: &mut Ui, blocks: &mut Blocks, marks: &mut Marks, title: &str, body: &str) {
    blocks.add(ui, false, |ui| {
        ui.add_space(10.0);
        ui.label(RichText::new(title).heading().size(17.0));
        paragraph(ui, marks, body, Look::default());
    });
}

fn joined_section(
    ui: &mut Ui,
    blocks: &mut Blocks,
    marks: &mut Marks,
    title: &str,
    items: &[String],
) {
    if !items.is_empty() {
        plain_section(ui, blocks, marks, title, &items.join("; "));
    }
}

fn list_section(
    ui: &mut Ui,
    blocks: &mut Blocks,
    marks: &mut Marks,
    title: &str,
    section: Section,
    items: &[String],
    numbered: bool,
) {
    if items.is_empty() {
        return;
    }
    section_heading(ui, blocks, marks, title, section);
    for (i, item) in items.iter().enumerate() {
        item_frame(ui, blocks, marks, section, i, |ui, query| {
            let bullet = if numbered {
                format!("{}.", i + 1)
            } else {
                "•".to_string()
            };
            ui.horizontal_top(|ui| {
                ui.add_sized(
                    [22.0, 0.0],
                    egui::Label::new(RichText::new(bullet).strong()),
                );
                text::marked_label(ui, item, query, Look::default());
            });
        });
    }
}

/// One item of a section, with the target background when a finding points at it.
fn item_frame(
    ui: &mut Ui,
    blocks: &mut Blocks,
    marks: &mut Marks,
    section: Section,
    index: usize,
    body: impl FnOnce(&mut Ui, &str),
) {
    let targeted = marks.item_targeted(section, index);
    blocks.add(ui, targeted, |ui| {
        let fill = if targeted {
            target_fill(ui)
        } else {
            Color32::TRANSPARENT
        };
        let query = marks.query;
        let response = Frame::new()
            .fill(fill)
            .corner_radius(4.0)
            .inner_margin(egui::Margin::symmetric(4, 2))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                body(ui, query);
            })
            .response;
        if targeted && std::mem::take(marks.scroll) {
            response.scroll_to_me(Some(Align::TOP));
        }
    });
}
