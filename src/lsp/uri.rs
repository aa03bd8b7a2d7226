//! `file:` URIs to paths and back. Percent-encoded bytes are decoded (so a
//! name with spaces or non-ASCII letters round-trips); a URI of another
//! scheme (an editor's unsaved `untitled:` buffer) becomes a path of its
//! own that no config is found for.

use lsp_types::Uri;
use std::path::{Path, PathBuf};

/// The path of `uri`.
pub fn to_path(uri: &Uri) -> PathBuf {
    let text = uri.as_str();
    let Some(rest) = text.strip_prefix("file://") else {
        // `untitled:Untitled-1` and the like: a relative name, never on disk.
        return PathBuf::from(text.replace([':', '/'], "_"));
    };
    // `file:///path` or `file://localhost/path`.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let bytes = decode(path);
    // `/C:/dir` on Windows is `C:/dir`.
    let bytes = match bytes.as_slice() {
        [b'/', drive, b':', ..] if cfg!(windows) && drive.is_ascii_alphabetic() => {
            bytes[1..].to_vec()
        }
        _ => bytes,
    };
    bytes_to_path(bytes)
}

/// The `file:` URI of `path` (absolute).
pub fn from_path(path: &Path) -> Uri {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut text = String::from("file://");
    if !shown.starts_with('/') {
        text.push('/');
    }
    for byte in shown.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            text.push(byte as char);
        } else {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text.parse().expect("a percent-encoded file URI parses")
}

fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn file_uris_round_trip() {
        let path = Path::new("/home/ann/my docs/café.md");
        let uri = from_path(path);
        assert_eq!(uri.as_str(), "file:///home/ann/my%20docs/caf%C3%A9.md");
        assert_eq!(to_path(&uri), path);
        let uri: Uri = "file://localhost/a/b%2Bc.md".parse().unwrap();
        assert_eq!(to_path(&uri), Path::new("/a/b+c.md"));
    }
}
