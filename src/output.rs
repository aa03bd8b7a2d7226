//! fogcheck's own output files (`--output-file`, `--write-baseline`,
//! `--init`): written whole or not at all. The text goes to a temporary
//! file in the target's folder, which is then renamed over the target, so a
//! run killed mid-write leaves the old file (or none), never half a report.
//! An output that is one of the files being checked is refused before
//! anything is written (`same_file_as_any`).

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Fail with `io::ErrorKind::AlreadyExists` (`--init`).
    Keep,
}

/// Writes what `write` produces to `path`, atomically.
///
/// A link is written through (its target is replaced, the link kept). A
/// target that exists and is not a regular file (`/dev/null`, `/dev/stdout`,
/// a FIFO) cannot be renamed over and has no half-written state to fear, so
/// it is written in place. A replaced file keeps its permissions; a new one
/// gets the usual ones (0666 less the umask), not the temporary file's 0600.
pub fn write_atomically(
    path: &Path,
    existing: Existing,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve(path);
    let current = fs::metadata(&target).ok();
    if let Some(metadata) = &current {
        if existing == Existing::Keep {
            return Err(io::Error::from(io::ErrorKind::AlreadyExists));
        }
        if !metadata.is_file() {
            let mut file = BufWriter::new(fs::OpenOptions::new().write(true).open(&target)?);
            write(&mut file)?;
            return file.flush();
        }
    }
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fogcheck-").suffix(".tmp");
    #[cfg(unix)]
    let default_permissions = {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(default_permissions);
    // Removed again on drop if anything below fails.
    let mut temp = builder.tempfile_in(dir)?;
    if let Some(metadata) = &current {
        fs::set_permissions(temp.path(), metadata.permissions())?;
    }
    {
        let mut file = BufWriter::new(temp.as_file_mut());
        write(&mut file)?;
        file.flush()?;
    }
    temp.as_file().sync_all()?;
    let persisted = match existing {
        Existing::Replace => temp.persist(&target),
        Existing::Keep => temp.persist_noclobber(&target),
    };
    persisted.map(drop).map_err(|e| e.error)
}

/// The first of `inputs` that is the same file as `output` (following links:
/// the same device and inode on Unix, the same canonical path elsewhere),
/// if `output` exists.
pub fn same_file_as_any(output: &Path, inputs: &[PathBuf]) -> Option<PathBuf> {
    let output_id = FileId::of(output)?;
    inputs
        .iter()
        .find(|input| FileId::of(input).is_some_and(|id| id == output_id))
        .cloned()
}

/// What makes a file itself, whatever path reaches it.
#[derive(PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let metadata = fs::metadata(path).ok()?;
        Some(FileId((metadata.dev(), metadata.ino())))
    }

    #[cfg(not(unix))]
    fn of(path: &Path) -> Option<FileId> {
        fs::canonicalize(path).ok().map(FileId)
    }
}

/// The file a write to `path` should replace: the final target of a link
/// (so the link survives), else `path` itself.
fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_keeps_refuse_existing() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("out.txt");
        write_atomically(&path, Existing::Keep, |w| w.write_all(b"one")).unwrap();
        let err = write_atomically(&path, Existing::Keep, |w| w.write_all(b"two")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        // A failing writer leaves the old file as it was, and no temporary file.
        let failed = write_atomically(&path, Existing::Replace, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("killed"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomically(&path, Existing::Replace, |w| w.write_all(b"three")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "three");
    }
}
