//! fogcheck's own output files: written whole by renaming a finished
//! temporary file over the target, never truncated in place.

use crate::support::{fogcheck_in, project, write};
use std::fs;
use std::path::Path;

/// No `.fogcheck-*.tmp` left behind in `dir`.
fn no_temporary_files(dir: &Path) {
    let left: Vec<_> = fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".fogcheck-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// A hard link to the old output still holds the old text after the run:
/// the new text went to a new file renamed over the name, so a run killed
/// mid-write could never have left the target truncated.
#[cfg(unix)]
#[test]
fn outputs_replace_the_target_whole_keeping_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "zorbly\n");
    for (flag, name) in [
        ("--output-file", "report.txt"),
        ("--write-baseline", "baseline.json"),
    ] {
        write(p, name, "old\n");
        fs::set_permissions(p.join(name), fs::Permissions::from_mode(0o640)).expect("chmod");
        let old = format!("{name}.old");
        fs::hard_link(p.join(name), p.join(&old)).expect("link");

        let run = fogcheck_in(p, &["--rules", "rules", flag, name, "a.md"]);
        assert!(run.code == 0 || run.code == 1, "{flag}: {}", run.stderr);
        let new = fs::read_to_string(p.join(name)).expect("written");
        assert!(new.contains("zorbly"), "{flag}: {new}");
        assert_eq!(fs::read_to_string(p.join(&old)).expect("old"), "old\n");
        let mode = fs::metadata(p.join(name))
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "{flag} keeps the file's permissions");
    }
    no_temporary_files(p);
}

/// A link is written through, and a device is written in place (there is
/// nothing to rename over `/dev/null`).
#[cfg(unix)]
#[test]
fn outputs_write_through_links_and_to_devices() {
    let dir = project();
    let p = dir.path();
    write(p, "a.md", "zorbly\n");
    write(p, "real/report.txt", "old\n");
    std::os::unix::fs::symlink("real/report.txt", p.join("link.txt")).expect("symlink");

    let run = fogcheck_in(
        p,
        &["--rules", "rules", "--output-file", "link.txt", "a.md"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let link = fs::symlink_metadata(p.join("link.txt")).expect("lstat");
    assert!(link.file_type().is_symlink(), "the link is kept");
    let report = fs::read_to_string(p.join("real/report.txt")).expect("written");
    assert!(report.contains("zorbly"), "{report}");
    no_temporary_files(p);
    no_temporary_files(&p.join("real"));

    let run = fogcheck_in(
        p,
        &["--rules", "rules", "--output-file", "/dev/null", "a.md"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("1 finding"), "{}", run.stdout);
}

/// An output path that is one of the files being checked — named, found in
/// a folder, or reached through a link — is refused with exit 2 before
/// anything is written.
#[test]
fn outputs_never_overwrite_a_checked_file() {
    let dir = project();
    let p = dir.path();
    let page = "We are zorbly.\n";
    write(p, "docs/page.md", page);
    #[cfg(unix)]
    {
        fs::hard_link(p.join("docs/page.md"), p.join("hard.md")).expect("hard link");
        std::os::unix::fs::symlink("docs/page.md", p.join("soft.md")).expect("symlink");
    }
    let mut cases = vec![
        ("--output-file", "docs/page.md", "docs/page.md"),
        ("--write-baseline", "docs/page.md", "docs/page.md"),
        ("--output-file", "docs/page.md", "docs"),
        ("--write-baseline", "./docs/page.md", "docs"),
    ];
    #[cfg(unix)]
    cases.extend([
        ("--output-file", "hard.md", "docs"),
        ("--write-baseline", "soft.md", "docs/page.md"),
    ]);
    for (flag, output, input) in cases {
        let run = fogcheck_in(p, &["--rules", "rules", flag, output, input]);
        assert_eq!(run.code, 2, "{flag} {output} {input}: {}", run.stderr);
        assert!(
            run.stderr.contains("not overwriting a checked file"),
            "{flag} {output} {input}: {}",
            run.stderr
        );
        assert_eq!(
            fs::read_to_string(p.join("docs/page.md")).expect("read"),
            page
        );
    }
    no_temporary_files(p);
}
