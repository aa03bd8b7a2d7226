//! Any bytes read as a data or translation file (`--data-files`): the first
//! byte picks the format (YAML, JSON, TOML, Fluent), the rest is the file.
//! Extraction's map and every finding's span stay inside the input and on
//! char boundaries, and verbatim pieces are their source bytes (see
//! `common`).
#![no_main]

mod common;

use fogcheck::source::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&format, file)) = data.split_first() else {
        return;
    };
    let kind = match format % 4 {
        0 => FileKind::Yaml,
        1 => FileKind::Json,
        2 => FileKind::Toml,
        _ => FileKind::Fluent,
    };
    common::check_document(kind, file);
});
