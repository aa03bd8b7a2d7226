//! `FileDiagnostic`: a problem at a place in a file fogcheck reads for its own
//! setup (a rule or config file), as a miette diagnostic with the source line
//! and a `path:line:col` location for one-line reports. Checked copy never
//! produces these; its problems are `report::FileError`s.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{location}: {message}")]
pub struct FileDiagnostic {
    /// `path:line:col`, for one-line reports.
    pub location: String,
    pub path: PathBuf,
    pub message: String,
    #[source_code]
    source_code: NamedSource<String>,
    #[label("{label}")]
    span: Option<SourceSpan>,
    label: String,
    #[help]
    help: Option<String>,
}

impl FileDiagnostic {
    /// A problem at `span` (bytes of `text`, the file's contents), or at the
    /// file as a whole when there is no span.
    pub fn new(path: &Path, text: &str, span: Option<Range<usize>>, message: String) -> Self {
        let mut offset = span.as_ref().map_or(0, |s| s.start.min(text.len()));
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        FileDiagnostic {
            location: format!("{}:{line}:{column}", path.display()),
            path: path.to_path_buf(),
            label: message.lines().next().unwrap_or_default().to_string(),
            message,
            source_code: NamedSource::new(path.display().to_string(), text.to_string()),
            span: span.map(|s| SourceSpan::from(s.start..s.end.max(s.start))),
            help: None,
        }
    }

    /// A file that could not be read at all.
    pub fn unreadable(path: &Path, message: String) -> Self {
        FileDiagnostic::new(path, "", None, message)
    }

    /// The bytes of the file the problem is at, if it is at a place.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        self.span.map(|s| s.offset()..s.offset() + s.len())
    }

    /// The file's contents as read (empty when it could not be read).
    pub fn text(&self) -> &str {
        self.source_code.inner()
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
