//! Helpers for the integration tests: copy a fixture site into a temporary folder, run
//! the `pubgen` binary on it, and read what it wrote.

mod html;
mod links;
mod serve;

// Each test binary uses a part of the harness.
#[allow(unused_imports)]
pub use html::*;
#[allow(unused_imports)]
pub use links::*;
#[allow(unused_imports)]
pub use serve::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use scraper::Html;
use tempfile::TempDir;

/// The folder holding the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// A site in a temporary folder: `tmp/site` is the site root.
pub struct Site {
    pub tmp: TempDir,
    pub root: PathBuf,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let tmp = tempfile::tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join(name), &root);
        Site { tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or replaces) a file under the site root.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Replaces `old` by `new` in a file of the site (exactly once).
    pub fn edit(&self, rel: &str, old: &str, new: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(old).count(),
            1,
            "`{old}` should occur once in {rel}"
        );
        self.write(rel, text.replacen(old, new, 1));
    }

    /// `pubgen build --root ROOT` plus `args`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root", self.root.to_str().unwrap()];
        all.extend_from_slice(args);
        pubgen(&all)
    }

    /// `pubgen check --root ROOT` plus `args`.
    pub fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--root", self.root.to_str().unwrap()];
        all.extend_from_slice(args);
        pubgen(&all)
    }

    /// Builds into `ROOT/public` and insists that it succeeds.
    pub fn build_ok(&self) -> Built {
        let run = self.build(&[]);
        run.assert_success();
        Built {
            dir: self.root.join("public"),
            stderr: run.stderr,
        }
    }

    /// Appends to a file of the site.
    pub fn append(&self, rel: &str, more: &str) {
        let text = self.read(rel);
        self.write(rel, format!("{text}{more}"));
    }

    /// Writes a file of the site's own theme, `themes/ours/REL`, and names the theme
    /// in `site.yaml` the first time.
    pub fn theme_file(&self, rel: &str, contents: &str) {
        if !self.read("content/site.yaml").contains("theme: ours") {
            self.append("content/site.yaml", "theme: ours\n");
        }
        self.write(&format!("themes/ours/{rel}"), contents);
    }

    /// `REL:LINE:COL` of the first occurrence of `needle` in the file `rel` (1-based,
    /// columns in characters), as diagnostics name it.
    pub fn place(&self, rel: &str, needle: &str) -> String {
        let (line, col) = self.line_col(rel, needle);
        format!("{rel}:{line}:{col}")
    }

    pub fn line_col(&self, rel: &str, needle: &str) -> (usize, usize) {
        let text = self.read(rel);
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in {rel}"));
        let line = text[..at].matches('\n').count() + 1;
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..at].chars().count() + 1;
        (line, col)
    }

    pub fn line_of(&self, rel: &str, needle: &str) -> usize {
        self.line_col(rel, needle).0
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }
}

/// The result of one run of the binary.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    pub fn assert_success(&self) -> &Run {
        assert!(
            self.success(),
            "pubgen failed (exit {:?}):\n{}",
            self.code,
            self.stderr
        );
        self.assert_no_panic();
        self
    }

    /// A failure with a non-zero exit code, not a crash.
    pub fn assert_failure(&self) -> &Run {
        assert!(
            !self.success() && self.code.is_some(),
            "pubgen should have failed with an exit code, got {:?}:\n{}",
            self.code,
            self.stderr
        );
        self.assert_no_panic();
        self
    }

    pub fn assert_no_panic(&self) -> &Run {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "pubgen panicked:\n{}",
            self.stderr
        );
        self
    }

    /// The diagnostic (blank-line separated block of stderr) whose first line has
    /// `needle`.
    pub fn diagnostic(&self, needle: &str) -> String {
        self.stderr
            .split("\n\n")
            .find(|block| block.lines().next().is_some_and(|l| l.contains(needle)))
            .unwrap_or_else(|| {
                panic!(
                    "no diagnostic with `{needle}` in its first line:\n{}",
                    self.stderr
                )
            })
            .to_string()
    }

    pub fn assert_stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain `{needle}`:\n{}",
            self.stderr
        );
        self
    }
}

/// The binary, set to print without colour: the one way the tests start it.
pub fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pubgen"));
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

/// Runs the binary with `args`, without colour.
pub fn pubgen(args: &[&str]) -> Run {
    pubgen_env(args, &[])
}

/// Runs the binary with `args` and these environment variables, without colour.
pub fn pubgen_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = command()
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run pubgen");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary with a time limit: a hang fails the test instead of stalling the
/// suite. (Its output goes to files, so that a long one cannot fill a pipe.)
pub fn pubgen_within(args: &[&str], seconds: u64) -> Run {
    use std::io::{Read, Seek};
    let (mut out, mut err) = (tempfile::tempfile().unwrap(), tempfile::tempfile().unwrap());
    let mut child = command()
        .args(args)
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap())
        .spawn()
        .expect("run pubgen");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed().as_secs() > seconds {
            let _ = child.kill();
            panic!("pubgen {} ran for more than {seconds} s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let read = |file: &mut fs::File| {
        let mut text = String::new();
        file.rewind().unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        text.push_str(&String::from_utf8_lossy(&bytes));
        text
    };
    Run {
        code: status.code(),
        stdout: read(&mut out),
        stderr: read(&mut err),
    }
}

/// Asserts that diagnostic `d` has a `help: did you mean `wanted`` line naming where
/// `wanted` is (`content/<file>:<line>`; the path may be prefixed by the site root).
pub fn assert_did_you_mean(d: &str, wanted: &str, file: &str, line: usize) {
    let help = d
        .lines()
        .find(|l| l.contains("help: did you mean"))
        .unwrap_or_else(|| panic!("no `help: did you mean` in:\n{d}"));
    assert!(
        help.contains(&format!("did you mean `{wanted}`")),
        "the help should suggest `{wanted}`:\n{d}"
    );
    assert!(
        help.contains(&format!("content/{file}:{line})")),
        "the help should name content/{file}:{line}:\n{d}"
    );
}

/// `pubgen ARGS --root ROOT`.
pub fn pubgen_at(root: &Path, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--root", root.to_str().expect("a UTF-8 path")]);
    pubgen(&all)
}

/// A built site: its output folder, and what the build printed.
pub struct Built {
    pub dir: PathBuf,
    pub stderr: String,
}

/// The project's own report (`content/`), built once per test binary, with its
/// search index, into a temporary folder kept until the binary ends.
pub fn report() -> &'static Built {
    static REPORT: OnceLock<(TempDir, Built)> = OnceLock::new();
    let (_, built) = REPORT.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("create a temporary folder");
        let out = tmp.path().join("report");
        let run = pubgen(&[
            "build",
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "--out",
            out.to_str().unwrap(),
        ]);
        run.assert_success();
        (
            tmp,
            Built {
                dir: out,
                stderr: run.stderr,
            },
        )
    });
    built
}

impl Built {
    pub fn new(dir: PathBuf) -> Built {
        Built {
            dir,
            stderr: String::new(),
        }
    }

    /// A page by its file relative to the output folder (`recommendations/index.html`).
    pub fn at(&self, file: &str) -> Page {
        Page {
            file: file.to_string(),
            html: self.parse(file),
        }
    }

    /// The HTML of the page at a URL path (`/`, `/a/b/`).
    pub fn page(&self, url: &str) -> Html {
        let file = self.dir.join(url_to_file(url));
        let text =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        Html::parse_document(&text)
    }

    /// Every HTML file, by path relative to the output folder (`a/b/index.html`).
    pub fn html_files(&self) -> Vec<String> {
        let mut files: Vec<String> = files_under(&self.dir)
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect();
        files.sort();
        files
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn parse(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

/// `/a/b/` → `a/b/index.html`; `/` → `index.html`.
pub fn url_to_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

// ---------------------------------------------------------------------------
// files

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, as paths relative to it with `/`.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` with its bytes (a symbolic link: where it points), to
/// compare a folder before and after.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let path = dir.join(&rel);
            let bytes = match fs::read_link(&path) {
                Ok(target) => format!("-> {}", target.display()).into_bytes(),
                Err(_) => fs::read(&path).unwrap(),
            };
            (rel, bytes)
        })
        .collect()
}

/// The names in a folder (not recursive), sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs `pubgen build` on `site` stopped at the point `point` (see `PUBGEN_PAUSE`),
/// runs `meanwhile` while it waits there, then lets it finish.
pub fn build_paused_at(site: &Site, point: &str, meanwhile: impl FnOnce()) -> Run {
    use std::io::{BufRead, Read, Write};
    let mut child = command()
        .args([
            "build",
            "--no-downloads",
            "--root",
            site.root.to_str().unwrap(),
        ])
        .env("PUBGEN_PAUSE", point)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run pubgen");
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut before = String::new();
    loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the build never reached `{point}`: {before}"
        );
        before.push_str(&line);
        if line.contains(&format!("paused at {point}")) {
            break;
        }
    }
    meanwhile();
    child.stdin.take().unwrap().write_all(b"\n").unwrap();
    let mut rest = String::new();
    stderr.read_to_string(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: before + &rest,
    }
}
