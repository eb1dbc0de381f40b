//! The layout ARCHITECTURE.md describes, checked: no top-level module of `src/`
//! imports one that imports it back, and the bottom rooms import no stage.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// Each top-level module of `src/` and the top-level modules it names as
/// `crate::X` (or in `use crate::{X, …}`), comments left out.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = top.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let code: String = fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let named = graph.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                named.extend(
                    group
                        .split(',')
                        .filter_map(|part| part.trim().split("::").next())
                        .filter(|name| !name.is_empty())
                        .map(str::to_string),
                );
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                named.insert(name);
            }
        }
        named.remove(&module);
    }
    graph
}

/// A cycle through `from`, if there is one: the modules on it.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next == from {
                return Some(path.clone());
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    assert!(graph.len() > 10, "the modules were found: {graph:?}");
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            panic!("an import cycle: {} → {module}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_bottom_rooms_import_no_stage() {
    let graph = imports();
    let stages = [
        "load", "parse", "link", "render", "write", "site", "serve", "cmd", "review", "lint",
        "search",
    ];
    for bottom in ["model", "fs", "diagnostics", "urls", "switches"] {
        let named = graph.get(bottom).cloned().unwrap_or_default();
        let above: Vec<&String> = named
            .iter()
            .filter(|m| stages.contains(&m.as_str()))
            .collect();
        assert!(above.is_empty(), "`{bottom}` imports {above:?}");
    }
}

/// The files of the repository a user's clone holds and pubgen ships, documents or
/// runs: the sources, the tests, the benchmarks, the docs, the themes and the CI.
fn shipped_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for dir in [
        "src", "tests", "benches", "docs", "themes", "starter", ".ci",
    ] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.unwrap();
            let skip = entry.path().components().any(|c| {
                matches!(
                    c.as_os_str().to_str(),
                    Some("node_modules" | "target" | "snapshots")
                )
            });
            if entry.file_type().is_file() && !skip {
                files.push(entry.into_path());
            }
        }
    }
    files
}

#[test]
fn the_repository_stands_alone_nothing_it_ships_or_runs_refers_to_a_folder_beside_it() {
    // Written in two parts, so that this test does not find itself.
    let outside = ["..", "/shared"].concat();
    let mut found = Vec::new();
    for file in shipped_files() {
        let Ok(text) = fs::read_to_string(&file) else {
            continue; // pictures, fonts
        };
        if text.contains(&outside) {
            found.push(file.display().to_string());
        }
    }
    assert!(found.is_empty(), "these refer to {outside}: {found:?}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let format = fs::read_to_string(root.join("docs/content-format.md")).unwrap();
    assert!(format.contains("## 9. Recommendations and their evidence"));
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("docs/content-format.md"));
    assert!(
        root.join("benches/gen-corpus.py").is_file(),
        "the benchmark's own corpus generator"
    );
}
