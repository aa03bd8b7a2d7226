//! What the floor examples share.

use std::path::Path;

/// Calls `each` with every file under `path` (`path` itself when it is a
/// file). Links are not followed (the corpus copies hold none): a link
/// back to a folder above cannot loop.
pub fn files_under(path: &Path, each: &mut impl FnMut(&Path)) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        for entry in std::fs::read_dir(path)? {
            files_under(&entry?.path(), each)?;
        }
        return Ok(());
    }
    each(path);
    Ok(())
}
