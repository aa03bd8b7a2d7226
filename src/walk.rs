//! Walking: turns the paths on the command line into the files to check, in
//! parallel. Directories are walked with `ignore` (respecting .gitignore and
//! .ignore, skipping hidden entries and files of kinds fogcheck does not
//! read, which are reported as skipped so no skip is silent); a path named
//! explicitly is always checked, and naming a file of an unknown kind is an
//! error. Files that are not regular files (FIFOs, devices, sockets) are
//! handed on like any other and refused by `source`, which checks the type
//! before opening. Symbolic links in folders are followed, with loops
//! (a link back to a folder being walked) reported as errors at the link.
//! Files named one by one are handed on without building a walker.

use crate::source::FileKind;
use ignore::{WalkBuilder, WalkState};
use std::path::{Path, PathBuf};

/// What the walk hands to the checker: a file to check, a path that cannot
/// be, or a file found in a folder whose format fogcheck does not read.
#[derive(Debug)]
pub enum WalkItem {
    File { path: PathBuf, kind: FileKind },
    Error { path: PathBuf, message: String },
    Skipped { path: PathBuf },
}

/// The most threads a walk uses, whatever `--threads` asks: past this they
/// only contend (for the walk's queue and the report's lock) on any machine
/// fogcheck is likely to run on.
pub const MAX_THREADS: usize = 64;

/// What a path named to a run is, asked of the file system once (links
/// followed): the walk hands a run of named files on without a walker, and
/// the run decides its threads and workload from the same answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    File,
    Folder,
    /// Anything else: a FIFO, a link to nothing, a path that is not there.
    Other,
}

impl Named {
    /// From a path's metadata (`std::fs::metadata`), `None` when it could
    /// not be read.
    pub fn of(metadata: Option<&std::fs::Metadata>) -> Named {
        match metadata {
            Some(m) if m.is_file() => Named::File,
            Some(m) if m.is_dir() => Named::Folder,
            _ => Named::Other,
        }
    }

    /// Each of `paths`, asked now.
    pub fn all(paths: &[PathBuf]) -> Vec<Named> {
        paths
            .iter()
            .map(|path| Named::of(std::fs::metadata(path).ok().as_ref()))
            .collect()
    }
}

/// The threads to walk and check `paths` paths with, `any_folder` when one
/// of them is a folder: `requested` (0 means one per core, `cores`), capped
/// at `MAX_THREADS` and, when no path is a folder, at the number of files,
/// since each thread checks a whole file and idle ones spin waiting for
/// work that never comes (`-j 1000` on one file took seconds). At least 1.
pub fn thread_count(requested: usize, cores: usize, paths: usize, any_folder: bool) -> usize {
    let requested = if requested == 0 { cores } else { requested };
    let mut cap = MAX_THREADS;
    if !any_folder {
        cap = cap.min(paths);
    }
    requested.min(cap).max(1)
}

/// Visits every file under `paths` (each what `named` says, in order) on
/// `threads` threads, calling `visit` from each. `keep(path, is_dir)` can
/// leave out a file or a whole folder (the configuration's `exclude`); it
/// sees explicit paths too. The order of calls is not defined; callers
/// sort.
pub fn walk(
    paths: &[PathBuf],
    named: &[Named],
    threads: usize,
    keep: &(dyn Fn(&Path, bool) -> bool + Sync),
    visit: &(dyn Fn(WalkItem) + Sync),
) {
    let Some((first, rest)) = paths.split_first() else {
        return;
    };
    // Files named one by one (a pre-commit hook, an editor's save): there
    // is no folder to walk, so no `ignore` walker is built (it reads the
    // global gitignore and git config first), and one file is checked on
    // this thread. `ignore` hands a path it is given on unfiltered, as
    // this does; anything else (a folder, a link to nothing, a FIFO, a
    // path that is not there) goes to `ignore` and its errors.
    if named.iter().all(|n| *n == Named::File) {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            while let Some(path) =
                paths.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
            {
                if keep(path, false) {
                    visit(classify(path, true));
                }
            }
        };
        let threads = threads.clamp(1, paths.len());
        std::thread::scope(|scope| {
            for _ in 1..threads {
                scope.spawn(work);
            }
            work();
        });
        return;
    }
    let mut builder = WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder
        .threads(threads)
        // Honour .gitignore even outside a git checkout: a docs folder copied
        // out of its repository should still skip what it ignores.
        .require_git(false)
        .hidden(true)
        // Links met in folders are followed, to files and to folders alike;
        // `ignore` notices a link back to a folder being walked and reports
        // it as an error rather than walking round the loop.
        .follow_links(true);
    builder.build_parallel().run(|| {
        Box::new(move |entry| {
            match entry {
                Ok(entry) => {
                    let explicit = entry.depth() == 0;
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if !keep(entry.path(), is_dir) {
                        return if is_dir {
                            WalkState::Skip
                        } else {
                            WalkState::Continue
                        };
                    }
                    // An explicit path that is not a directory is checked even
                    // when it is a dangling link, so the user hears why not.
                    // FIFOs, devices and sockets met in a folder are handed on
                    // too (when their extension is one fogcheck reads), so
                    // reading reports them as not regular files instead of
                    // skipping them silently. Links are followed, so the type
                    // is the target's.
                    let is_file = entry
                        .file_type()
                        .is_some_and(|t| !t.is_dir() && !t.is_symlink())
                        || (explicit && !entry.path().is_dir());
                    if is_file {
                        visit(classify(entry.path(), explicit));
                    }
                }
                Err(err) => visit(walk_error(err, paths)),
            }
            WalkState::Continue
        })
    });
}

fn classify(path: &Path, explicit: bool) -> WalkItem {
    match FileKind::from_path(path) {
        Some(kind) => WalkItem::File {
            path: path.to_path_buf(),
            kind,
        },
        None if explicit => WalkItem::Error {
            path: path.to_path_buf(),
            message: crate::source::SourceError::UnknownKind.to_string(),
        },
        None => WalkItem::Skipped {
            path: path.to_path_buf(),
        },
    }
}

/// An `ignore` error as a path and a message; the path is dug out of the
/// error's layers where it has one. A link back to a folder being walked
/// is an error at the link; a link to nothing is one too when named in
/// `explicit` or when its name has an extension fogcheck reads, and is
/// skipped like any such file when not.
fn walk_error(err: ignore::Error, explicit: &[PathBuf]) -> WalkItem {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::Loop { child, .. } => Some(child),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            _ => None,
        }
    }
    fn message_of(err: &ignore::Error) -> String {
        match err {
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => message_of(err),
            ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                "no such file or directory".into()
            }
            ignore::Error::Io(io) => format!("cannot read: {io}"),
            ignore::Error::Loop { ancestor, .. } => format!(
                "symbolic link loop: links back to {}, a folder being walked; not followed",
                ancestor.display()
            ),
            other => other.to_string(),
        }
    }
    let path = path_of(&err).map_or_else(PathBuf::new, Path::to_path_buf);
    let dangling = !matches!(err, ignore::Error::Loop { .. })
        && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
        && std::fs::metadata(&path).is_err();
    if dangling {
        let target = std::fs::read_link(&path).unwrap_or_default();
        let named = explicit.contains(&path);
        return match FileKind::from_path(&path) {
            _ if named => WalkItem::Error {
                message: format!(
                    "broken symbolic link: its target {} does not exist",
                    target.display()
                ),
                path,
            },
            Some(_) => WalkItem::Error {
                message: format!(
                    "broken symbolic link: its target {} does not exist",
                    target.display()
                ),
                path,
            },
            None => WalkItem::Skipped { path },
        };
    }
    WalkItem::Error {
        message: message_of(&err),
        path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_capped_by_files_and_a_maximum() {
        // Two files.
        assert_eq!(thread_count(1000, 8, 2, false), 2);
        assert_eq!(thread_count(1, 8, 2, false), 1);
        assert_eq!(thread_count(0, 8, 2, false), 2);
        assert_eq!(thread_count(0, 8, 0, false), 1);
        // One folder.
        assert_eq!(thread_count(1000, 8, 1, true), MAX_THREADS);
        assert_eq!(thread_count(0, 8, 1, true), 8);
        assert_eq!(thread_count(3, 8, 1, true), 3);
    }
}
