//! `Finding`: one piece of fog that `judge` kept. Every emitter reads only
//! this (plus where it sits), so `report` never needs `check` or `judge`.

use crate::rule::{RuleId, Severity};
use crate::span::Span;
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
}
