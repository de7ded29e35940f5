//! The reference panel: a code picker, a search across every entry, the chosen entry in sections,
//! and, after a finding was clicked, the rule and the dictionary row behind it.

use egui::{Frame, RichText, ScrollArea, Ui};

use crate::reference::Reference;
use crate::rules::{ReferenceLink, Section};

use super::reference_entry::{self, Marks};
use super::rows::Rows;
use super::{labels, name_widget, text};

/// One entry the search found, with how often the query occurs in it.
#[derive(Clone, Debug)]
struct SearchHit {
    code: String,
    count: usize,
}

/// The panel's own state: what is shown, searched and highlighted.
pub struct ReferencePanel {
    selected: String,
    search: String,
    focus_search: bool,
    /// The reference text a clicked finding points at.
    link: Option<ReferenceLink>,
    /// The rule of the clicked finding, shown above the entry.
    rule: Option<&'static str>,
    /// Scroll to the linked section/item on the next frame.
    scroll_pending: bool,
    /// The last search and its hits, so the entries are scanned once per query, not per frame.
    search_cache: Option<(String, Vec<SearchHit>)>,
    /// The shown entry's blocks, so those out of sight are not laid out.
    entry_rows: Rows,
}

impl ReferencePanel {
    /// Starts on the first entry (the full entries come first).
    pub fn new(reference: &Reference) -> ReferencePanel {
        ReferencePanel {
            selected: reference
                .entries()
                .first()
                .map(|e| e.code.clone())
                .unwrap_or_default(),
            search: String::new(),
            focus_search: false,
            link: None,
            rule: None,
            scroll_pending: false,
            search_cache: None,
            entry_rows: Rows::default(),
        }
    }

    /// The code whose entry is shown.
    pub fn selected(&self) -> &str {
        &self.selected
    }

    /// The reference text a clicked finding points at, while it is shown.
    pub fn link(&self) -> Option<&ReferenceLink> {
        self.link.as_ref()
    }

    /// Shows a code's entry (a code typed on a claim line); clears any finding's highlight.
    pub fn show_entry(&mut self, code: &str, reference: &Reference) {
        if reference.entry(code).is_some() && self.selected != code {
            self.selected = code.to_string();
            self.link = None;
            self.rule = None;
        }
    }

    /// Shows and highlights the reference text behind a finding.
    pub fn show_link(&mut self, link: ReferenceLink, reference: &Reference) {
        if let Some(code) = link.code()
            && reference.entry(code).is_some()
        {
            self.selected = code.to_string();
        }
        self.link = Some(link);
        self.scroll_pending = true;
    }

    /// Shows the rule of the finding the user clicked.
    pub fn show_rule(&mut self, rule: &'static str) {
        self.rule = Some(rule);
    }

    /// Puts the keyboard focus in the search box on the next frame (Ctrl+F).
    pub fn focus_search(&mut self) {
        self.focus_search = true;
    }

    pub fn ui(&mut self, ui: &mut Ui, reference: &Reference) {
        ui.add_space(4.0);
        ui.heading(labels::REFERENCE_HEADING);
        self.search_ui(ui);
        self.picker_ui(ui, reference);
        ui.separator();
        ScrollArea::vertical()
            .id_salt("reference-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let into_entry = self
                    .link
                    .as_ref()
                    .is_some_and(|l| linked_section(l).is_some());
                if !into_entry && std::mem::take(&mut self.scroll_pending) {
                    // Dictionary rows and rules show at the top, in the card below.
                    ui.scroll_to_cursor(Some(egui::Align::TOP));
                }
                self.hits_ui(ui, reference);
                self.finding_card_ui(ui, reference);
                match reference.entry(&self.selected) {
                    Some(entry) => {
                        let target = match &self.link {
                            Some(ReferenceLink::Entry {
                                code,
                                section: Some(section),
                                item,
                            }) if *code == entry.code => Some((*section, *item)),
                            _ => None,
                        };
                        let mut marks = Marks {
                            query: self.search.trim(),
                            target,
                            scroll: &mut self.scroll_pending,
                        };
                        reference_entry::entry_ui(ui, entry, &mut marks, &mut self.entry_rows);
                    }
                    None => {
                        ui.label("Pick a code above.");
                    }
                }
            });
    }

    fn search_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label("Search");
            // Right to left: the clear button takes its width first, the field fills the rest,
            // so the row never grows the panel.
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let clear = ui
                    .add_enabled(!self.search.is_empty(), egui::Button::new("×"))
                    .on_hover_text(labels::CLEAR_SEARCH);
                name_widget(ui, &clear, labels::CLEAR_SEARCH);
                if clear.clicked() {
                    self.search.clear();
                }
                let response = ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("Search all entries (Ctrl+F)")
                        .desired_width(ui.available_width()),
                );
                name_widget(ui, &response, labels::SEARCH_REFERENCE);
                if std::mem::take(&mut self.focus_search) {
                    response.request_focus();
                }
            });
        });
    }

    fn picker_ui(&mut self, ui: &mut Ui, reference: &Reference) {
        ui.horizontal_wrapped(|ui| {
            for entry in reference.entries().iter().filter(|e| e.is_full()) {
                let selected = self.selected == entry.code;
                let text = RichText::new(&entry.code).strong().size(15.0);
                let response = ui
                    .selectable_label(selected, text)
                    .on_hover_text(&entry.description);
                name_widget(ui, &response, &labels::show_code(&entry.code));
                if response.clicked() {
                    self.pick(&entry.code);
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(labels::RELATED_CODES);
            // Leave room for the combo's arrow and spacing, so the row never grows the panel.
            let width = (ui.available_width() - 40.0).max(80.0);
            let current = reference
                .entry(&self.selected)
                .filter(|e| !e.is_full())
                .map(|e| format!("{} — {}", e.code, e.description))
                .unwrap_or_else(|| "Choose…".to_string());
            let mut picked = None;
            let combo = egui::ComboBox::from_id_salt("related-codes")
                .selected_text(current)
                .truncate()
                .width(width)
                .height(400.0)
                .show_ui(ui, |ui| {
                    for entry in reference.entries().iter().filter(|e| !e.is_full()) {
                        let text = format!("{} — {}", entry.code, entry.description);
                        let response = ui.selectable_label(self.selected == entry.code, text);
                        if response.clicked() {
                            picked = Some(entry.code.clone());
                        }
                    }
                });
            let _ = combo.response.labelled_by(label.id);
            if let Some(code) = picked {
                self.pick(&code);
            }
        });
    }

    /// A code chosen in the picker: show it plainly, without a finding's highlight.
    fn pick(&mut self, code: &str) {
        self.selected = code.to_string();
        self.link = None;
        self.rule = None;
    }

    /// The entries matching the search, with counts; clicking one shows it.
    fn hits_ui(&mut self, ui: &mut Ui, reference: &Reference) {
        let query = self.search.trim().to_string();
        if query.is_empty() {
            return;
        }
        let stale = self.search_cache.as_ref().is_none_or(|(q, _)| *q != query);
        if stale {
            let hits = reference
                .entries()
                .iter()
                .filter_map(|entry| {
                    let count: usize = reference_entry::texts(entry)
                        .iter()
                        .map(|t| text::match_ranges(t, &query).len())
                        .sum();
                    (count > 0).then(|| SearchHit {
                        code: entry.code.clone(),
                        count,
                    })
                })
                .collect();
            self.search_cache = Some((query.clone(), hits));
        }
        let hits = self
            .search_cache
            .as_ref()
            .map(|(_, hits)| hits.clone())
            .unwrap_or_default();
        Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            if hits.is_empty() {
                ui.label(format!("No entry mentions “{query}”."));
                return;
            }
            let total: usize = hits.iter().map(|h| h.count).sum();
            ui.label(format!(
                "“{query}”: {total} matches in {} entries",
                hits.len()
            ));
            ScrollArea::vertical()
                .id_salt("search-hits")
                .max_height(150.0)
                .show(ui, |ui| {
                    for hit in &hits {
                        let description = reference
                            .entry(&hit.code)
                            .map(|e| e.description.as_str())
                            .unwrap_or("");
                        let text = format!("{} ({}) — {description}", hit.code, hit.count);
                        let response = ui.add(
                            egui::Button::selectable(self.selected == hit.code, text).truncate(),
                        );
                        if response.clicked() {
                            self.selected = hit.code.clone();
                        }
                    }
                });
        });
        ui.add_space(6.0);
    }

    /// The rule and dictionary row behind the clicked finding.
    fn finding_card_ui(&self, ui: &mut Ui, reference: &Reference) {
        let rule = self.rule.and_then(|id| reference.rule(id));
        let row = self
            .link
            .as_ref()
            .and_then(|link| dictionary_row(link, reference));
        if rule.is_none() && row.is_none() {
            return;
        }
        Frame::group(ui.style())
            .fill(reference_entry::target_fill(ui))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                if let Some(rule) = rule {
                    ui.label(RichText::new(format!("{}: {}", rule.id, rule.title)).strong());
                    ui.label(&rule.explanation);
                    ui.label(RichText::new(format!("Source: {}", rule.source)).weak());
                }
                if let Some((title, lines)) = &row {
                    ui.add_space(4.0);
                    ui.label(RichText::new(title).strong());
                    for line in lines {
                        ui.label(line);
                    }
                }
            });
        ui.add_space(6.0);
    }
}

/// The modifier, place-of-service or diagnosis row a link points at, as a title and lines.
fn dictionary_row(link: &ReferenceLink, reference: &Reference) -> Option<(String, Vec<String>)> {
    match link {
        ReferenceLink::Modifier { modifier } => Some(match reference.modifier(modifier) {
            Some(m) => (
                format!("Modifier {}: {}", m.modifier, m.name),
                vec![m.meaning.clone(), format!("Source: {}", m.source)],
            ),
            None => (
                format!("Modifier {modifier}"),
                vec!["Not in the modifier dictionary.".to_string()],
            ),
        }),
        ReferenceLink::PlaceOfService { code } => Some(match reference.place_of_service(code) {
            Some(p) => (
                format!("Place of service {}: {}", p.code, p.name),
                vec![
                    if p.facility {
                        "A facility setting: the physician bills the professional component (26)."
                    } else {
                        "Not a facility setting for imaging billing."
                    }
                    .to_string(),
                    format!("Source: {}", p.source),
                ],
            ),
            None => (
                format!("Place of service {code}"),
                vec!["Not in the place-of-service table.".to_string()],
            ),
        }),
        ReferenceLink::Diagnosis { code } => Some(match reference.known_diagnosis(code) {
            Some(d) => {
                let mut lines = vec![d.title.clone()];
                let from = d
                    .billable_from
                    .as_deref()
                    .unwrap_or("the start of ICD-10-CM");
                let until = d.billable_until.as_deref().unwrap_or("now");
                lines.push(format!("Billable from {from} until {until}."));
                if !d.use_instead.is_empty() {
                    lines.push(format!("Use instead: {}", d.use_instead.join(", ")));
                }
                lines.push(format!("Source: {}", d.source));
                (format!("Diagnosis {}", d.code), lines)
            }
            None => (
                format!("Diagnosis {code}"),
                vec!["Not in the curated diagnosis table.".to_string()],
            ),
        }),
        ReferenceLink::Entry { .. } | ReferenceLink::Rule => None,
    }
}

/// The entry section a link points at, if any.
pub fn linked_section(link: &ReferenceLink) -> Option<Section> {
    match link {
        ReferenceLink::Entry { section, .. } => *section,
        _ => None,
    }
}
