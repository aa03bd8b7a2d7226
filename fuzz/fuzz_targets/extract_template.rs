//! Any bytes read as a template (.php, .erb, …) file: extraction's map and every finding's
//! span stay inside the input and on char boundaries (see `common`).
#![no_main]

mod common;

use fogcheck::source::FileKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::check_document(FileKind::Template, data));
