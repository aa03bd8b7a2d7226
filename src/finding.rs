//! `Finding`: one piece of fog that `judge` kept. Every emitter reads only
//! this (plus where it sits), so `report` never needs `check` or `judge`.

use crate::rule::{RuleId, Severity};
use crate::span::Span;
use std::ops::Range;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    /// The fog's bytes in the source file, markup inside it included.
    pub span: Span,
    /// The words as a reader sees them (markup removed, whitespace collapsed).
    pub matched: String,
    pub severity: Severity,
    pub message: String,
    pub roadsign: Arc<str>,
    /// Where the words stand in the file's extracted prose; `None` for a
    /// finding about something else than prose (an unused suppression
    /// comment).
    pub in_prose: Option<InProse>,
    /// For fog in a data or translation file, the key path of its value
    /// (`pricing.tiers[2].features[0]`); `None` elsewhere.
    pub key_path: Option<Arc<str>>,
}

impl Finding {
    /// The message, followed by the key path for fog in a data or
    /// translation file: `… (key: pricing.tiers[2].features[0])`.
    pub fn message_with_key(&self) -> std::borrow::Cow<'_, str> {
        match &self.key_path {
            Some(key) => format!("{} (key: {key})", self.message).into(),
            None => self.message.as_str().into(),
        }
    }
}

/// A finding's place in the extracted prose (`extract::Document`): reports
/// that show the prose (`--format html`) mark the words there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InProse {
    /// The segment's index in its document.
    pub segment: usize,
    /// The words' bytes in the segment's text; that text is `matched`.
    pub range: Range<usize>,
}
