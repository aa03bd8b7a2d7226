//! Reading one file into a `SourceFile`: the size cap, the binary check, UTF-8
//! decoding and the byte-order mark. Never interprets the text's format beyond
//! choosing it by extension; extraction is `extract`'s job.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The formats fogcheck reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Markdown,
    /// Markdown with JSX, `import`/`export` and `{…}` expressions.
    Mdx,
    Html,
    /// HTML in a server or site template (`.php`, `.erb`, `.njk`,
    /// `.liquid`, `.hbs`, `.jinja`): read as HTML with the template's tags,
    /// PHP blocks included, blanked.
    Template,
    Text,
    /// A YAML data or translation file, checked only when opted into by
    /// path (`data-files`, `--data-files`), as are the three below.
    Yaml,
    Json,
    Toml,
    /// A Fluent translation file (`.ftl`).
    Fluent,
    /// reStructuredText.
    Rst,
    /// AsciiDoc.
    AsciiDoc,
}

impl FileKind {
    /// The kind a path's extension names, if fogcheck reads it.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            // Rails' `.markerb` is Markdown with ERB tags, which the
            // Markdown extractor blanks as it blanks any template markup.
            "md" | "markdown" | "markerb" => Some(FileKind::Markdown),
            "mdx" => Some(FileKind::Mdx),
            "html" | "htm" => Some(FileKind::Html),
            "php" | "erb" | "njk" | "liquid" | "hbs" | "jinja" => Some(FileKind::Template),
            "txt" => Some(FileKind::Text),
            "rst" => Some(FileKind::Rst),
            "adoc" | "asciidoc" => Some(FileKind::AsciiDoc),
            _ => None,
        }
    }

    /// The data or translation format a path's extension names (`.yml`,
    /// `.yaml`, `.json`, `.toml`, `.ftl`): read only when the path is
    /// opted in.
    pub fn data_from_path(path: &Path) -> Option<FileKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yml" | "yaml" => Some(FileKind::Yaml),
            "json" => Some(FileKind::Json),
            "toml" => Some(FileKind::Toml),
            "ftl" => Some(FileKind::Fluent),
            _ => None,
        }
    }
}

/// Why a file could not be checked. Each carries enough to tell the user
/// which file and, where it helps, which place in it.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge { size: u64, limit: u64 },
    /// Found by reading, not by the size the file claims (a device, a file
    /// that grew, standard input): how much more there was is unknown.
    #[error("file is over the {limit}-byte limit (raise it with --max-file-size)")]
    OverLimit { limit: u64 },
    #[error("{encoding} is not supported; convert to UTF-8 (file starts with a {encoding} byte-order mark); not checked")]
    UnsupportedEncoding { encoding: &'static str },
    #[error("binary file (NUL byte at byte {offset}); not checked")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at line {line}, column {column} (byte {offset}); not checked")]
    InvalidUtf8 {
        line: usize,
        column: usize,
        offset: usize,
    },
    #[error("unknown file type (fogcheck reads .md, .markdown, .markerb, .mdx, .html, .htm, .txt, .rst, .adoc, .asciidoc and the templates .php, .erb, .njk, .liquid, .hbs, .jinja)")]
    UnknownKind,
    #[error("not a regular file ({kind}); not checked")]
    NotRegular { kind: &'static str },
}

/// Reads what `reader` gives, at most `limit` bytes: one byte more is
/// an error, so a source that never ends (`/dev/zero`) costs `limit + 1`
/// bytes, not all memory. Every read of user-named input goes through here.
pub fn read_to_limit(reader: impl Read, limit: u64) -> Result<Vec<u8>, SourceError> {
    read_to_limit_expecting(reader, limit, 0)
}

/// `read_to_limit` for a source that says it holds `expected` bytes (a
/// file's size): the buffer is allocated once at that size (plus the byte
/// that tells the end), not grown by doubling to up to twice the file.
fn read_to_limit_expecting(
    reader: impl Read,
    limit: u64,
    expected: u64,
) -> Result<Vec<u8>, SourceError> {
    let capacity = usize::try_from(expected.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(SourceError::OverLimit { limit });
    }
    Ok(bytes)
}

/// Reads the file at `path` (any kind: the config and baseline may come
/// from `<(…)`), at most `limit` bytes, as UTF-8 text. The error is a
/// plain reason, without the path, for the caller to name the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = std::fs::File::open(path)
        .map_err(SourceError::Io)
        .and_then(|file| read_to_limit(file, limit))
        .map_err(|e| match e {
            SourceError::Io(io) => io.to_string(),
            other => other.to_string(),
        })?;
    String::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// What a file that is not a regular file is, for error messages.
fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// One file's text, decoded, with the path it is reported under.
pub struct SourceFile {
    path: PathBuf,
    kind: FileKind,
    text: String,
}

/// The UTF-8 byte-order mark, skipped by extractors but kept in the text so
/// spans stay offsets into the file as stored on disk.
const BOM: &str = "\u{feff}";

impl SourceFile {
    /// Reads `path` from disk, refusing files over `max_size` bytes and
    /// anything but a regular file. The type is checked (following links)
    /// before the file is opened: opening a FIFO would wait for a writer
    /// forever, and a device's size says nothing about its length.
    pub fn read(path: &Path, kind: FileKind, max_size: u64) -> Result<SourceFile, SourceError> {
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(SourceError::NotRegular {
                kind: describe(metadata.file_type()),
            });
        }
        let size = metadata.len();
        if size > max_size {
            return Err(SourceError::TooLarge {
                size,
                limit: max_size,
            });
        }
        // The size is only a claim (a file may grow between stat and read,
        // and /proc files say 0): the read itself is capped too.
        let bytes = read_to_limit_expecting(std::fs::File::open(path)?, max_size, size)?;
        SourceFile::from_bytes(path.to_path_buf(), kind, bytes)
    }

    /// Decodes bytes already in memory (standard input, tests).
    pub fn from_bytes(
        path: PathBuf,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> Result<SourceFile, SourceError> {
        if let Some(encoding) = unsupported_encoding(&bytes) {
            return Err(SourceError::UnsupportedEncoding { encoding });
        }
        // memchr: a SIMD scan, where `position` went byte by byte.
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(SourceError::Binary { offset });
        }
        let text = String::from_utf8(bytes).map_err(|err| {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line_start = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            // Everything before `offset` is valid UTF-8, so this cannot fail.
            let column = std::str::from_utf8(&bytes[line_start..offset])
                .map_or(0, |s| s.chars().count())
                + 1;
            SourceError::InvalidUtf8 {
                line,
                column,
                offset,
            }
        })?;
        Ok(SourceFile { path, kind, text })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The whole text as stored, byte-order mark included.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where the content starts: after a byte-order mark, if any.
    pub fn content_start(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }
}

/// The encoding a UTF-16 or UTF-32 byte-order mark announces. Such text is
/// full of NUL bytes, and would otherwise be called binary.
fn unsupported_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        _ => None,
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("len", &self.text.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let err = SourceFile::from_bytes(
            "a.md".into(),
            FileKind::Markdown,
            b"ok line\nab\xffc".to_vec(),
        )
        .unwrap_err();
        assert!(matches!(
            err,
            SourceError::InvalidUtf8 {
                line: 2,
                column: 3,
                offset: 10
            }
        ));
    }

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        let endless = std::io::repeat(b'x');
        let err = read_to_limit(endless, 10).unwrap_err();
        assert!(matches!(err, SourceError::OverLimit { limit: 10 }));
        assert_eq!(read_to_limit(&b"0123456789"[..], 10).unwrap().len(), 10);
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = SourceFile::from_bytes("a.md".into(), FileKind::Markdown, b"ab\0".to_vec())
            .unwrap_err();
        assert!(matches!(err, SourceError::Binary { offset: 2 }));
    }

    #[test]
    fn utf16_and_utf32_marks_name_their_encoding() {
        let encoding = |bytes: &[u8]| match SourceFile::from_bytes(
            "a.md".into(),
            FileKind::Markdown,
            bytes.to_vec(),
        ) {
            Err(SourceError::UnsupportedEncoding { encoding }) => Some(encoding),
            _ => None,
        };
        assert_eq!(encoding(b"\xff\xfea\0"), Some("UTF-16"));
        assert_eq!(encoding(b"\xfe\xff\0a"), Some("UTF-16"));
        assert_eq!(encoding(b"\xff\xfe\0\0a\0\0\0"), Some("UTF-32"));
        assert_eq!(encoding(b"\0\0\xfe\xff\0\0\0a"), Some("UTF-32"));
        assert_eq!(encoding(b"plain"), None);
    }

    #[test]
    fn bom_is_kept_but_skipped() {
        let file = SourceFile::from_bytes(
            "a.md".into(),
            FileKind::Markdown,
            "\u{feff}# Hi".as_bytes().to_vec(),
        )
        .unwrap();
        assert_eq!(file.content_start(), 3);
        assert_eq!(file.text().len(), 7);
    }
}
