//! "Which guidance code?": from the imaging modality, the target and the primary procedure to the
//! guidance code to report, or to "guidance is already included", with the modifiers to consider.
//!
//! Pure: no egui, no I/O. Every fact comes from the same [`Reference`] tables and methods the
//! validator uses (`guidance_codes`, [`Reference::guidance_included`],
//! [`Reference::is_77003_primary`], the modifier lists, the place-of-service table), so the
//! chooser and `rules::validate` cannot disagree; `tests/chooser.rs` checks that for every path.
//! The answer carries the path taken as ordered [`Step`]s, each with the rule id and the reference
//! text behind it, so a UI can draw the decision diagram and highlight the path.

use serde::Serialize;

use crate::reference::{AppliesTo, CodeKind, GuidanceCode, Modality, Reference};
use crate::rules::{ReferenceLink, Section, or_list};

/// Rule ids (from `reference/rules.ron`) behind the chooser's steps.
pub mod rule {
    pub const INCLUDED: &str = "GUIDANCE_INCLUDED_IN_PRIMARY";
    pub const FLUORO_77003: &str = "FLUORO_77003_PRIMARY";
    pub const CT_77014: &str = "CT_77014_NEEDLE";
    pub const FACILITY_26: &str = "FACILITY_NEEDS_26";
    pub const UNITS: &str = "GUIDANCE_UNITS";
    pub const X_WITH_59: &str = "MODIFIER_59_WITH_X";
    pub const STANDALONE: &str = "GUIDANCE_STANDALONE";
    pub const CODE_UNKNOWN: &str = "CODE_UNKNOWN";
    pub const POS_UNKNOWN: &str = "POS_UNKNOWN";
}

/// What the coder knows about the service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    /// The imaging that guided the needle.
    pub modality: Modality,
    /// The target is in the spine or next to it (paraspinous).
    pub spine: bool,
    /// The primary procedure code (the biopsy, injection, drainage ...).
    pub primary: String,
    /// The CMS place-of-service code, when known.
    pub place_of_service: Option<String>,
}

/// A box of the decision diagram. [`Node::ALL`] is the diagram's order; a path visits a subset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    /// Is the primary a procedure the reference knows?
    Primary,
    /// Which imaging guided the needle?
    Modality,
    /// Fluoroscopy: spine or paraspinous target?
    SpineTarget,
    /// CT: 77012, not 77014, for a needle.
    NeedleNotRadiationFields,
    /// Does the primary already include the guidance?
    IncludedInPrimary,
    /// 77003: is the primary one CPT lists for it?
    Listed77003Primary,
    /// Facility setting: modifier 26?
    PlaceOfService,
}

impl Node {
    pub const ALL: [Node; 7] = [
        Node::Primary,
        Node::Modality,
        Node::SpineTarget,
        Node::NeedleNotRadiationFields,
        Node::IncludedInPrimary,
        Node::Listed77003Primary,
        Node::PlaceOfService,
    ];

    /// A short label for the diagram box.
    pub fn label(self) -> &'static str {
        match self {
            Node::Primary => "Primary procedure known?",
            Node::Modality => "Which imaging?",
            Node::SpineTarget => "Spine or paraspinous target?",
            Node::NeedleNotRadiationFields => "CT: needle or radiation fields?",
            Node::IncludedInPrimary => "Guidance included in the primary?",
            Node::Listed77003Primary => "Primary listed for 77003?",
            Node::PlaceOfService => "Facility setting?",
        }
    }
}

/// One decision on the path, with the rule and the reference text behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub node: Node,
    pub question: String,
    /// The short answer ("yes", "77012", "no: ...").
    pub answer: String,
    /// Why, in plain words (often the rule's explanation from `rules.ron`).
    pub explanation: String,
    /// The rule id in `rules.ron` behind this decision, when there is one.
    pub rule: Option<&'static str>,
    /// Where the reference text is.
    pub link: ReferenceLink,
    /// The source the rule (or, without a rule, the table row) cites.
    pub source: String,
    /// True when the answer needs the coder's attention (a warning on this path).
    pub caution: bool,
}

/// The conclusion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Report `code` with the primary.
    Report { code: String },
    /// The primary already includes guidance: report no guidance code. `guidance` is the code
    /// that would otherwise apply; `use_instead` the with-guidance primary to report instead of
    /// a without-guidance one (62320 → 62321).
    Included {
        guidance: String,
        use_instead: Option<String>,
        what: String,
        source: String,
    },
    /// The question cannot be answered from the reference: the primary is not in it, is itself a
    /// guidance code, or is not a needle procedure. `code_if_separate` is the modality's code
    /// for when guidance turns out to be separately reportable.
    Unknown {
        reason: String,
        code_if_separate: Option<String>,
    },
}

/// When a modifier applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModifierWhen {
    /// Add it to the guidance line.
    Add,
    /// Add it if the service is in a facility setting (no place of service was given).
    IfFacility,
    /// One of them, only on a second guidance line for a distinct lesion or site.
    IfDistinctLesion,
    /// Never together on one line (59 with an X modifier).
    NeverTogether,
}

/// A modifier (or a choice of modifiers) to consider on the guidance line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModifierAdvice {
    pub modifiers: Vec<String>,
    pub when: ModifierWhen,
    pub reason: String,
    pub rule: &'static str,
    pub link: ReferenceLink,
}

/// The chooser's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The question as understood (primary and place of service trimmed and upper-case).
    pub question: Question,
    pub outcome: Outcome,
    /// Modifiers to consider on the guidance line (empty unless a code is to be reported).
    pub modifiers: Vec<ModifierAdvice>,
    /// A code to consider instead of the answer (77002 when 77003's primary is not listed).
    pub consider_instead: Option<String>,
    /// The path taken, in order.
    pub steps: Vec<Step>,
}

impl Answer {
    /// The guidance code to report, if any.
    pub fn code(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Report { code } => Some(code),
            _ => None,
        }
    }

    /// The modifiers to put on the guidance line as things stand ([`ModifierWhen::Add`]).
    pub fn modifiers_to_add(&self) -> Vec<String> {
        self.modifiers
            .iter()
            .filter(|m| m.when == ModifierWhen::Add)
            .flat_map(|m| m.modifiers.iter().cloned())
            .collect()
    }

    /// True when the path has a step that needs attention.
    pub fn has_caution(&self) -> bool {
        self.steps.iter().any(|s| s.caution)
    }

    /// True when `node` is on the path.
    pub fn visits(&self, node: Node) -> bool {
        self.steps.iter().any(|s| s.node == node)
    }

    /// One sentence: what to report.
    pub fn headline(&self) -> String {
        let primary = &self.question.primary;
        match &self.outcome {
            Outcome::Report { code } => {
                let add = self.modifiers_to_add();
                let coded = if add.is_empty() {
                    code.clone()
                } else {
                    format!("{code}-{}", add.join("-"))
                };
                let mut text = format!("Report {coded} with {primary}.");
                if let Some(other) = &self.consider_instead {
                    text.push_str(&format!(
                        " {primary} is not a listed primary for {code}: consider {other}."
                    ));
                }
                text
            }
            Outcome::Included {
                guidance,
                use_instead: Some(instead),
                ..
            } => format!(
                "Do not report {guidance}: report {instead} instead of {primary}; it includes the imaging guidance."
            ),
            Outcome::Included { guidance, .. } => {
                format!(
                    "Do not report {guidance}: {primary} already includes the imaging guidance."
                )
            }
            Outcome::Unknown { reason, .. } => format!("No answer: {reason}"),
        }
    }
}

/// Answers `question` from the reference tables.
pub fn choose(reference: &Reference, question: &Question) -> Answer {
    let question = Question {
        modality: question.modality,
        spine: question.spine,
        primary: question.primary.trim().to_ascii_uppercase(),
        place_of_service: question
            .place_of_service
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_ascii_uppercase),
    };
    let mut path = Path {
        reference,
        steps: Vec::new(),
    };
    let primary = question.primary.as_str();

    // 1. The primary procedure.
    let primary_problem = path.primary(primary);

    // 2. The modality's code for a needle: the spine-only code for a spine target, never a code
    //    the table marks `use_instead` (77014 → 77012).
    let guidance = path.modality(question.modality, question.spine);

    let Some(guidance) = guidance else {
        let reason = format!(
            "the reference has no {} guidance code for needle placement.",
            question.modality.label()
        );
        return path.finish(question, Outcome::unknown(reason, None));
    };
    let code = guidance.code.clone();
    if let Some(reason) = primary_problem {
        let separate = (!reference.is_guidance(primary)).then(|| code.clone());
        return path.finish(question, Outcome::unknown(reason, separate));
    }

    // 3. Does the primary include guidance (for this code)?
    if let Some(outcome) = path.included(primary, &code) {
        return path.finish(question, outcome);
    }

    // 4. 77003: is the primary one CPT lists for it?
    let consider_instead = if guidance.spine_only {
        path.listed_primary(primary, &code, question.modality)
    } else {
        None
    };

    // 5. Place of service and the modifiers.
    let modifiers = path.place_of_service(question.place_of_service.as_deref(), &code);

    let mut answer = path.finish(question, Outcome::Report { code });
    answer.modifiers = modifiers;
    answer.consider_instead = consider_instead;
    answer
}

impl Outcome {
    fn unknown(reason: String, code_if_separate: Option<String>) -> Outcome {
        Outcome::Unknown {
            reason,
            code_if_separate,
        }
    }
}

struct Path<'a> {
    reference: &'a Reference,
    steps: Vec<Step>,
}

impl<'a> Path<'a> {
    fn finish(self, question: Question, outcome: Outcome) -> Answer {
        Answer {
            question,
            outcome,
            modifiers: Vec::new(),
            consider_instead: None,
            steps: self.steps,
        }
    }

    fn rule_source(&self, id: &str) -> String {
        self.reference
            .rule(id)
            .map(|r| r.source.clone())
            .unwrap_or_default()
    }

    fn rule_explanation(&self, id: &str) -> String {
        self.reference
            .rule(id)
            .map(|r| r.explanation.clone())
            .unwrap_or_default()
    }

    /// Step 1; returns why the chooser cannot answer for this primary, if it cannot.
    fn primary(&mut self, primary: &str) -> Option<String> {
        let question = format!("Is {primary} a procedure code in the reference?");
        let reference = self.reference;
        let Some(entry) = reference.entry(primary) else {
            let shown = if primary.is_empty() {
                "(no code)"
            } else {
                primary
            };
            self.steps.push(Step {
                node: Node::Primary,
                question,
                answer: "no".into(),
                explanation: format!(
                    "{shown} is not in the app's reference, so whether it already includes imaging guidance cannot be checked; verify it in the CPT code set. {}",
                    self.rule_explanation(rule::CODE_UNKNOWN)
                ),
                rule: Some(rule::CODE_UNKNOWN),
                link: ReferenceLink::Rule,
                source: self.rule_source(rule::CODE_UNKNOWN),
                caution: true,
            });
            return Some(format!(
                "{shown} is not in the reference, so it cannot tell whether {shown} includes imaging guidance."
            ));
        };
        if reference.is_guidance(primary) {
            self.steps.push(Step {
                node: Node::Primary,
                question,
                answer: "no: it is an image-guidance code".into(),
                explanation: format!(
                    "{primary} is itself an image-guidance code ({}). {}",
                    entry.description,
                    self.rule_explanation(rule::STANDALONE)
                ),
                rule: Some(rule::STANDALONE),
                link: ReferenceLink::entry(primary),
                source: self.rule_source(rule::STANDALONE),
                caution: true,
            });
            return Some(format!(
                "{primary} is an image-guidance code; enter the procedure it guided (the biopsy, aspiration, injection or drainage code)."
            ));
        }
        if entry.kind == CodeKind::RadiationOncology {
            // The guidance code for radiation therapy fields: a guidance code whose entry is a
            // radiation-oncology service (77014).
            let radiation_fields = reference
                .tables
                .guidance_codes
                .iter()
                .find(|g| {
                    reference
                        .entry(&g.code)
                        .is_some_and(|e| e.kind == CodeKind::RadiationOncology)
                })
                .map(|g| g.code.as_str())
                .unwrap_or(primary);
            self.steps.push(Step {
                node: Node::Primary,
                question,
                answer: "no: it is a radiation-oncology service".into(),
                explanation: format!(
                    "{primary} is a radiation-oncology service ({}), not a needle procedure. This chooser covers guidance for needle placement; CT guidance for placing radiation therapy fields is {radiation_fields} (see its entry).",
                    entry.description
                ),
                rule: None,
                link: ReferenceLink::entry(radiation_fields),
                source: entry.source.clone(),
                caution: true,
            });
            return Some(format!(
                "{primary} is a radiation-oncology service, not a needle procedure; see {radiation_fields} for CT guidance of radiation therapy fields."
            ));
        }
        self.steps.push(Step {
            node: Node::Primary,
            question,
            answer: "yes".into(),
            explanation: entry.description.clone(),
            rule: None,
            link: ReferenceLink::entry(primary),
            source: entry.source.clone(),
            caution: false,
        });
        None
    }

    /// Steps 2 (and the spine or 77014 question): the guidance code for the modality.
    fn modality(&mut self, modality: Modality, spine: bool) -> Option<&'a GuidanceCode> {
        let reference = self.reference;
        let codes: Vec<&GuidanceCode> = reference
            .tables
            .guidance_codes
            .iter()
            .filter(|g| g.modality == modality)
            .collect();
        let for_needle: Vec<&GuidanceCode> = codes
            .iter()
            .copied()
            .filter(|g| g.use_instead.is_none())
            .collect();
        let has_spine_code = for_needle.iter().any(|g| g.spine_only);
        let chosen = if spine && has_spine_code {
            for_needle.iter().copied().find(|g| g.spine_only)
        } else {
            for_needle.iter().copied().find(|g| !g.spine_only)
        };
        let (answer, link, source) = match chosen {
            Some(g) => (
                format!("{} → {}", modality.label(), g.code),
                ReferenceLink::entry(&g.code),
                g.source.clone(),
            ),
            None => (
                format!("{}: no code in the reference", modality.label()),
                ReferenceLink::Rule,
                String::new(),
            ),
        };
        let listed = for_needle
            .iter()
            .map(|g| g.code.clone())
            .collect::<Vec<_>>();
        self.steps.push(Step {
            node: Node::Modality,
            question: "Which imaging guided the needle?".into(),
            answer,
            explanation: format!(
                "The reference's {} guidance codes for needle placement: {}.",
                modality.label(),
                if listed.is_empty() {
                    "none".to_string()
                } else {
                    listed.join(", ")
                }
            ),
            rule: None,
            link,
            source,
            caution: chosen.is_none(),
        });
        let chosen = chosen?;

        if has_spine_code {
            let spine_code = for_needle.iter().find(|g| g.spine_only);
            let other = for_needle.iter().find(|g| !g.spine_only);
            let spine_name = spine_code.map(|g| g.code.as_str()).unwrap_or("");
            let explanation = match (spine, other) {
                (true, _) => format!(
                    "{spine_name} is for spine or paraspinous injection procedures (spine only in the reference)."
                ),
                (false, Some(other)) => format!(
                    "{spine_name} is only for spine or paraspinous targets; at other sites {} guidance is {}.",
                    modality.label(),
                    other.code
                ),
                (false, None) => format!("{spine_name} is only for spine or paraspinous targets."),
            };
            self.steps.push(Step {
                node: Node::SpineTarget,
                question: "Is the target in the spine or paraspinous?".into(),
                answer: format!("{} → {}", if spine { "yes" } else { "no" }, chosen.code),
                explanation,
                rule: None,
                link: if spine {
                    ReferenceLink::section(&chosen.code, Section::CodingGuidelines, None)
                } else {
                    ReferenceLink::entry(&chosen.code)
                },
                source: spine_code.map(|g| g.source.clone()).unwrap_or_default(),
                caution: false,
            });
        }

        // A code of this modality that the table says is used by mistake for the chosen one.
        for misused in codes
            .iter()
            .filter(|g| g.use_instead.as_deref() == Some(chosen.code.as_str()))
        {
            self.steps.push(Step {
                node: Node::NeedleNotRadiationFields,
                question: format!("{} or {} for needle guidance?", chosen.code, misused.code),
                answer: format!("{}, never {}", chosen.code, misused.code),
                explanation: self.rule_explanation(rule::CT_77014),
                rule: Some(rule::CT_77014),
                link: ReferenceLink::entry(&misused.code),
                source: self.rule_source(rule::CT_77014),
                caution: false,
            });
        }
        Some(chosen)
    }

    /// Step 3: the bundling table, as the validator reads it.
    fn included(&mut self, primary: &str, code: &str) -> Option<Outcome> {
        let question = format!("Does {primary} already include {code}?");
        let Some(row) = self.reference.guidance_included(primary, code) else {
            self.steps.push(Step {
                node: Node::IncludedInPrimary,
                question,
                answer: "no".into(),
                explanation: format!(
                    "No row of the reference's bundling table names {primary} for {code}, so {code} is reported separately."
                ),
                rule: Some(rule::INCLUDED),
                link: ReferenceLink::entry(primary),
                source: self.rule_source(rule::INCLUDED),
                caution: false,
            });
            return None;
        };
        let use_instead = row
            .use_instead
            .iter()
            .find(|(from, _)| from == primary)
            .map(|(_, to)| to.clone());
        let only = match &row.applies_to {
            AppliesTo::AllGuidance => String::new(),
            AppliesTo::Codes(codes) => format!(" (this applies to {} only)", or_list(codes)),
        };
        let advice = match &use_instead {
            Some(instead) => format!(
                " {primary} is the without-guidance code: when imaging guided it, report {instead} alone, without {code}."
            ),
            None => format!(" Report {primary} without {code}."),
        };
        self.steps.push(Step {
            node: Node::IncludedInPrimary,
            question,
            answer: "yes: guidance is not reported".into(),
            explanation: format!("{primary} covers {}{only}.{advice}", row.what),
            rule: Some(rule::INCLUDED),
            link: ReferenceLink::entry(primary),
            source: self.rule_source(rule::INCLUDED),
            caution: false,
        });
        Some(Outcome::Included {
            guidance: code.to_string(),
            use_instead,
            what: row.what.clone(),
            source: row.source.clone(),
        })
    }

    /// Step 4 (spine-only code): returns the code to consider instead when the primary is not
    /// one CPT lists.
    fn listed_primary(&mut self, primary: &str, code: &str, modality: Modality) -> Option<String> {
        let reference = self.reference;
        let listed = reference.is_77003_primary(primary);
        let other = reference
            .tables
            .guidance_codes
            .iter()
            .find(|g| g.modality == modality && !g.spine_only && g.use_instead.is_none())
            .map(|g| g.code.clone());
        let explanation = if listed {
            format!("{primary} is among the primaries CPT lists for {code}.")
        } else {
            let instead = other
                .as_deref()
                .map(|o| format!(" Consider {o}."))
                .unwrap_or_default();
            format!(
                "{primary} is not among the primaries CPT lists for {code}. {}{instead}",
                self.rule_explanation(rule::FLUORO_77003)
            )
        };
        self.steps.push(Step {
            node: Node::Listed77003Primary,
            question: format!("Is {primary} a primary CPT lists for {code}?"),
            answer: if listed { "yes" } else { "no: check the site" }.into(),
            explanation,
            rule: Some(rule::FLUORO_77003),
            link: ReferenceLink::section(code, Section::CodingGuidelines, None),
            source: if listed {
                reference.tables.fluoroscopy_77003_primaries.source.clone()
            } else {
                self.rule_source(rule::FLUORO_77003)
            },
            caution: !listed,
        });
        if listed { None } else { other }
    }

    /// Step 5: modifier 26 by place of service, plus the distinct-lesion modifiers.
    fn place_of_service(&mut self, pos: Option<&str>, code: &str) -> Vec<ModifierAdvice> {
        let reference = self.reference;
        let tables = &reference.tables;
        let facilities: Vec<String> = reference
            .places_of_service
            .iter()
            .filter(|p| p.facility)
            .map(|p| p.code.clone())
            .collect();
        let facility_reason = self.rule_explanation(rule::FACILITY_26);
        let mut advice = Vec::new();
        let question = "Is the place of service a facility setting?".to_string();
        match pos {
            None => {
                self.steps.push(Step {
                    node: Node::PlaceOfService,
                    question,
                    answer: "not given".into(),
                    explanation: format!(
                        "In a facility setting (place of service {}) the physician bills {code} with modifier 26.",
                        or_list(&facilities)
                    ),
                    rule: Some(rule::FACILITY_26),
                    link: ReferenceLink::Rule,
                    source: self.rule_source(rule::FACILITY_26),
                    caution: false,
                });
                advice.push(ModifierAdvice {
                    modifiers: vec!["26".into()],
                    when: ModifierWhen::IfFacility,
                    reason: format!(
                        "Only in a facility setting (place of service {}). {facility_reason}",
                        or_list(&facilities)
                    ),
                    rule: rule::FACILITY_26,
                    link: ReferenceLink::Rule,
                });
            }
            Some(code_pos) => match reference.place_of_service(code_pos) {
                None => self.steps.push(Step {
                    node: Node::PlaceOfService,
                    question,
                    answer: format!("{code_pos}: not a place of service the reference knows"),
                    explanation: format!(
                        "Check the place-of-service code. In a facility setting ({}) the physician bills {code} with modifier 26.",
                        or_list(&facilities)
                    ),
                    rule: Some(rule::POS_UNKNOWN),
                    link: ReferenceLink::PlaceOfService {
                        code: code_pos.to_string(),
                    },
                    source: self.rule_source(rule::POS_UNKNOWN),
                    caution: true,
                }),
                Some(place) if place.facility => {
                    self.steps.push(Step {
                        node: Node::PlaceOfService,
                        question,
                        answer: format!("yes: {} {} → modifier 26", place.code, place.name),
                        explanation: facility_reason.clone(),
                        rule: Some(rule::FACILITY_26),
                        link: ReferenceLink::PlaceOfService {
                            code: place.code.clone(),
                        },
                        source: self.rule_source(rule::FACILITY_26),
                        caution: false,
                    });
                    advice.push(ModifierAdvice {
                        modifiers: vec!["26".into()],
                        when: ModifierWhen::Add,
                        reason: format!(
                            "Place of service {} ({}) is a facility setting. {facility_reason}",
                            place.code, place.name
                        ),
                        rule: rule::FACILITY_26,
                        link: ReferenceLink::PlaceOfService {
                            code: place.code.clone(),
                        },
                    });
                }
                Some(place) => self.steps.push(Step {
                    node: Node::PlaceOfService,
                    question,
                    answer: format!("no: {} {} → no modifier 26 needed", place.code, place.name),
                    explanation: format!(
                        "Outside a facility setting a practice that owns the equipment bills {code} without 26 (global); the facility settings are {}.",
                        or_list(&facilities)
                    ),
                    rule: Some(rule::FACILITY_26),
                    link: ReferenceLink::PlaceOfService {
                        code: place.code.clone(),
                    },
                    source: place.source.clone(),
                    caution: false,
                }),
            },
        }
        let distinct = &tables.distinct_lesion_modifiers.codes;
        advice.push(ModifierAdvice {
            modifiers: distinct.clone(),
            when: ModifierWhen::IfDistinctLesion,
            reason: format!(
                "Only on a second {code} line for a distinct lesion or site. {}",
                self.rule_explanation(rule::UNITS)
            ),
            rule: rule::UNITS,
            link: ReferenceLink::Modifier {
                modifier: distinct.first().cloned().unwrap_or_default(),
            },
        });
        // 59 (the distinct-procedure modifiers that are not X modifiers) never beside an X one.
        let mut never: Vec<String> = tables
            .distinct_procedure_modifiers
            .codes
            .iter()
            .filter(|m| !tables.x_modifiers.codes.contains(m))
            .cloned()
            .collect();
        let never_link = ReferenceLink::Modifier {
            modifier: never.first().cloned().unwrap_or_default(),
        };
        never.extend(tables.x_modifiers.codes.iter().cloned());
        advice.push(ModifierAdvice {
            modifiers: never,
            when: ModifierWhen::NeverTogether,
            reason: self.rule_explanation(rule::X_WITH_59),
            rule: rule::X_WITH_59,
            link: never_link,
        });
        advice
    }
}
