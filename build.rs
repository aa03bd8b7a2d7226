//! Embeds the built-in rule pack: walks `rules/` and writes the list of
//! `(relative path, include_str!)` pairs, so adding a rule is adding a file.
//! Also hashes the pack (`FOGCHECK_PACK_HASH`): the pack's data
//! (`src/rule/image.rs`) is used only when written from the same.

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from("&[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            file.to_string_lossy()
        ));
    }
    code.push(']');
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    fs::write(out, code).unwrap();

    // FNV-1a over each file's name and bytes: no dependency, and a change
    // anywhere in the pack changes it. (A change to the code that loads
    // the pack is caught by the test that writes the data.)
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash = (hash ^ 0xff).wrapping_mul(0x0000_0100_0000_01b3);
    };
    for file in &files {
        feed(
            file.strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .as_bytes(),
        );
        feed(&fs::read(file).unwrap());
    }
    println!("cargo:rustc-env=FOGCHECK_PACK_HASH={hash:016x}");

    // The regex-automata version the lock file pins: the built-in
    // regexes' DFAs (src/dfas.rs) are loaded without checking their
    // transitions only when written by the same.
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = fs::read_to_string(
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("Cargo.lock"),
    )
    .unwrap_or_default();
    let engine = lock
        .split("[[package]]")
        .find(|block| block.contains("name = \"regex-automata\""))
        .and_then(|block| block.lines().find_map(|l| l.strip_prefix("version = ")))
        .map_or("unknown".to_string(), |v| v.trim_matches('"').to_string());
    println!("cargo:rustc-env=FOGCHECK_REGEX_AUTOMATA={engine}");
}
