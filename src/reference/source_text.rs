//! Reading reference files: RON errors and cross-check problems as file, line and column.

use std::fmt;

/// A file's name and text, kept so that problems can be located in it.
pub(crate) struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A 1-based line and column in a reference file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextPosition {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for TextPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Why the reference data could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    #[error("{file}: cannot read: {message}")]
    Io { file: String, message: String },
    #[error("{file}: {message}")]
    Missing { file: String, message: String },
    #[error("{at}: {message}")]
    Parse { at: TextPosition, message: String },
    #[error("{at}: {message}")]
    CrossCheck { at: TextPosition, message: String },
}

impl ReferenceError {
    pub(crate) fn cross_check(at: TextPosition, message: String) -> ReferenceError {
        ReferenceError::CrossCheck { at, message }
    }

    /// Where the problem is, when it is inside a file.
    pub fn position(&self) -> Option<&TextPosition> {
        match self {
            ReferenceError::Parse { at, .. } | ReferenceError::CrossCheck { at, .. } => Some(at),
            _ => None,
        }
    }
}

pub(crate) fn parse_file<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
) -> Result<T, ReferenceError> {
    ron::Options::default()
        .from_str(&file.text)
        .map_err(|error| ReferenceError::Parse {
            at: TextPosition {
                file: file.name.clone(),
                line: error.span.start.line,
                column: error.span.start.col,
            },
            message: error.code.to_string(),
        })
}

/// The position of the `nth` (1-based) occurrence of `needle` in `file`, or its start.
pub(crate) fn locate(file: &SourceFile, needle: &str, nth: usize) -> TextPosition {
    let offset = file
        .text
        .match_indices(needle)
        .nth(nth.saturating_sub(1))
        .map(|(i, _)| i);
    position_at(file, offset.unwrap_or(0))
}

/// Like [`locate`], counting occurrences across several files in order.
pub(crate) fn locate_in(files: &[SourceFile], needle: &str, nth: usize) -> TextPosition {
    let mut remaining = nth;
    for file in files {
        for (offset, _) in file.text.match_indices(needle) {
            remaining = remaining.saturating_sub(1);
            if remaining == 0 {
                return position_at(file, offset);
            }
        }
    }
    files
        .first()
        .map(|f| position_at(f, 0))
        .unwrap_or(TextPosition {
            file: String::new(),
            line: 1,
            column: 1,
        })
}

fn position_at(file: &SourceFile, offset: usize) -> TextPosition {
    let before = file.text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    TextPosition {
        file: file.name.clone(),
        line,
        column,
    }
}
