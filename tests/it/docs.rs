//! The README documents the pack as it is: every built-in rule is named in
//! its table of what pins each rule down (printed by scripts/rule-table.py).

use crate::support::{fogcheck, json, root};

#[test]
fn the_readme_names_every_builtin_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let table_start = readme
        .find("| category | rules, and the roadsigns that pin each down |")
        .expect("README has the rule table");
    let table = &readme[table_start..];
    let listed = json(&fogcheck(&["--list-rules", "--format", "json"]));
    let mut missing = Vec::new();
    for rule in listed.as_array().expect("rules") {
        let id = rule["id"].as_str().expect("id");
        let (category, name) = id.split_once('/').expect("category/name");
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("| `{category}` |")))
            .unwrap_or("");
        if !row.contains(&format!("`{name}` (")) {
            missing.push(id.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "rules missing from README's table (run scripts/rule-table.py): {missing:?}"
    );
}
