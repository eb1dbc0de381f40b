//! Help lines that tell an editor what to do for the commonest slips.

use std::path::Path;
use std::process::Command;

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Test\nbase_url: https://example.org/\n",
    )
    .unwrap();
    for (path, text) in files {
        let path = dir.path().join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn build(root: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pubgen"))
        .args(["build", "--no-search", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bare_link_to_another_pages_section_says_how_to_reach_it() {
    let dir = site(&[
        (
            "index.md",
            "---\ntitle: Home\n---\n\nSee [the roles](#know-your-roles).\n",
        ),
        (
            "guide.md",
            "---\ntitle: Guide\n---\n\n## Know your roles\n\nText.\n",
        ),
    ]);
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(stderr.contains("content/index.md:5:"), "{stderr}");
    assert!(
        stderr.contains("link to it as `guide.md#know-your-roles`"),
        "{stderr}"
    );
}

#[test]
fn front_matter_that_runs_into_the_text_suggests_the_missing_closing_line() {
    let dir = site(&[(
        "index.md",
        "---\ntitle: Home\n\nThe text begins here, with: a colon.\nAnd more text.\n\n---\n\nA rule above.\n",
    )]);
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(stderr.contains("content/index.md:"), "{stderr}");
    assert!(stderr.contains("add a line `---` before it"), "{stderr}");
}

#[test]
fn a_picture_in_the_wrong_folder_suggests_the_one_with_the_same_name() {
    let dir = site(&[
        (
            "easy/page.md",
            "---\ntitle: Easy\n---\n\n![Coins](pictures/money.svg) Money.\n",
        ),
        ("index.md", "---\ntitle: Home\n---\n\nHello.\n"),
        (
            "pictures/money.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "pictures/manager.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let (ok, stderr) = build(dir.path());
    assert!(!ok);
    assert!(
        stderr.contains("did you mean `../pictures/money.svg`"),
        "{stderr}"
    );
}
