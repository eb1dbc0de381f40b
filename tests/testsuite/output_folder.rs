//! `--out`: pubgen replaces only a folder that is absent, empty or its own, and the
//! last good site exists at every instant, even when a build is killed.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

fn out_arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Builds the minimal site into `out` and asserts it was refused with `why`, changing
/// nothing under the temporary folder.
fn assert_refused(site: &Site, out: &Path, why: &str) {
    let before = snapshot(site.tmp.path());
    site.build(&["--out", out_arg(out)])
        .assert_failure()
        .assert_stderr_has("refusing to write the site to")
        .assert_stderr_has(&out.display().to_string())
        .assert_stderr_has(why);
    assert!(
        snapshot(site.tmp.path()) == before,
        "the refused build changed files: {:?}",
        files_under(site.tmp.path())
    );
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_and_left_alone() {
    let site = Site::fixture("minimal");
    let docs = site.tmp.path().join("docs");
    fs::create_dir_all(docs.join("notes")).unwrap();
    fs::write(docs.join("thesis.docx"), "years of work").unwrap();
    fs::write(docs.join("notes/today.txt"), "notes").unwrap();
    assert_refused(&site, &docs, "files pubgen did not write");
    site.build(&["--out", out_arg(&docs)])
        .assert_stderr_has("thesis.docx")
        .assert_stderr_has("choose an empty or new folder");
}

#[test]
fn a_symbolic_link_as_the_output_is_refused_and_its_target_kept() {
    let site = Site::fixture("minimal");
    let target = site.tmp.path().join("precious");
    fs::create_dir_all(&target).unwrap();
    fs::write(target.join("keep.txt"), "keep").unwrap();
    let link = site.tmp.path().join("public-link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_refused(&site, &link, "symbolic link");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    // Even a link to an empty folder: pubgen never writes through a link.
    let empty = site.tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let link2 = site.tmp.path().join("empty-link");
    std::os::unix::fs::symlink(&empty, &link2).unwrap();
    assert_refused(&site, &link2, "symbolic link");
}

#[test]
fn a_regular_file_or_a_device_as_the_output_is_refused() {
    let site = Site::fixture("minimal");
    let file = site.tmp.path().join("report.pdf");
    fs::write(&file, "a file").unwrap();
    assert_refused(&site, &file, "is a file, not a folder");
    let before = fs::metadata("/dev/null").unwrap().len();
    site.build(&["--out", "/dev/null"])
        .assert_failure()
        .assert_stderr_has("is a file, not a folder");
    assert!(fs::symlink_metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device_like());
    assert_eq!(fs::metadata("/dev/null").unwrap().len(), before);
}

trait CharDevice {
    fn is_char_device_like(&self) -> bool;
}

impl CharDevice for fs::FileType {
    fn is_char_device_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_char_device(self)
    }
}

#[test]
fn an_empty_or_absent_folder_is_accepted_and_marked_as_pubgens() {
    let site = Site::fixture("minimal");
    let empty = site.tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    site.build(&["--out", out_arg(&empty)]).assert_success();
    let manifest = fs::read_to_string(empty.join(".pubgen-output")).unwrap();
    assert!(manifest.starts_with("# Written by pubgen"));
    assert!(manifest.lines().any(|l| l == "index.html"));
    let absent = site.tmp.path().join("a/b/new");
    site.build(&["--out", out_arg(&absent)]).assert_success();
    assert!(absent.join("index.html").is_file());
}

#[test]
fn pubgens_own_folder_is_replaced_on_the_next_build() {
    let site = Site::fixture("minimal");
    site.build_ok();
    site.edit("content/index.md", "nothing but", "little but");
    let built = site.build_ok();
    assert!(built.read("index.html").contains("little but"));
}

#[test]
fn a_file_added_to_pubgens_folder_stops_the_next_build_and_is_kept() {
    let site = Site::fixture("minimal");
    site.build_ok();
    fs::write(site.public().join("CNAME"), "report.example.org").unwrap();
    let out = site.public();
    assert_refused(&site, &out, "CNAME");
    site.build(&[])
        .assert_stderr_has("move those files into `content/`");
    // Moved into content/, it is published and the build goes ahead.
    fs::rename(out.join("CNAME"), site.path("content/CNAME")).unwrap();
    let built = site.build_ok();
    assert_eq!(built.read("CNAME"), "report.example.org");
}

#[test]
fn a_symbolic_link_put_into_pubgens_folder_is_not_followed_or_deleted() {
    let site = Site::fixture("minimal");
    site.build_ok();
    let elsewhere = site.tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("data.csv"), "1,2").unwrap();
    std::os::unix::fs::symlink(&elsewhere, site.public().join("data")).unwrap();
    let out = site.public();
    assert_refused(&site, &out, "data");
    assert_eq!(
        fs::read_to_string(elsewhere.join("data.csv")).unwrap(),
        "1,2"
    );
}

#[test]
fn an_old_build_without_the_mark_is_refused_with_how_to_start_over() {
    let site = Site::fixture("minimal");
    let built = site.build_ok();
    fs::remove_file(built.dir.join(".pubgen-output")).unwrap();
    let out = site.public();
    assert_refused(&site, &out, "index.html");
    site.build(&[]).assert_stderr_has("delete it yourself once");
}

#[test]
fn a_build_killed_before_the_swap_leaves_the_last_site_and_the_next_build_cleans_up() {
    killed_at("before-swap");
}

#[test]
fn a_build_killed_while_sorting_its_list_of_files_leaves_the_last_site_and_the_next_cleans_up() {
    killed_at("sorting-manifest");
}

/// A build killed at the fault point `point` (see `PUBGEN_FAULT`) leaves the last
/// good site whole and its staging folder, which the next build removes.
fn killed_at(point: &str) {
    let site = Site::fixture("minimal");
    site.build_ok();
    let good = snapshot(&site.public());
    site.edit("content/index.md", "nothing but", "little but");
    let status = command()
        .args(["build", "--root", out_arg(&site.root)])
        .env("PUBGEN_FAULT", point)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the build was stopped");
    assert!(
        snapshot(&site.public()) == good,
        "the last good site is whole"
    );
    let left: Vec<String> = names_in(&site.root)
        .into_iter()
        .filter(|n| n.contains("pubgen-new"))
        .collect();
    assert_eq!(left.len(), 1, "the killed build left its staging folder");
    let built = site.build_ok();
    assert!(built.read("index.html").contains("little but"));
    assert_eq!(
        names_in(&site.root),
        ["content", "public"],
        "staging removed"
    );
}

#[test]
fn the_site_exists_at_every_instant_while_builds_replace_it() {
    let site = Site::fixture("basic");
    site.build_ok();
    let index = site.public().join("index.html");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = {
        let (stop, index) = (stop.clone(), index.clone());
        std::thread::spawn(move || {
            let mut missing = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if !index.exists() {
                    missing += 1;
                }
            }
            missing
        })
    };
    let started = Instant::now();
    for _ in 0..10 {
        site.build(&["--no-search"]).assert_success();
        if started.elapsed() > Duration::from_secs(60) {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        watcher.join().unwrap(),
        0,
        "the site was missing while it was replaced"
    );
}

#[test]
fn staging_folders_of_running_builds_and_other_folders_are_never_removed() {
    let site = Site::fixture("minimal");
    // pid 1 always runs; a folder with a foreign file is never pubgen's.
    let running = site.path(".public.pubgen-new-1");
    fs::create_dir(&running).unwrap();
    let foreign = site.path(".public.pubgen-new-999999999");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("mine.txt"), "mine").unwrap();
    site.build_ok();
    assert!(running.is_dir());
    assert!(foreign.join("mine.txt").is_file());
}

#[test]
fn check_writes_nothing_so_any_output_folder_is_fine_for_it() {
    let site = Site::fixture("minimal");
    fs::create_dir_all(site.public()).unwrap();
    fs::write(site.public().join("notes.txt"), "mine").unwrap();
    site.check(&[]).assert_success();
    assert_eq!(
        fs::read_to_string(site.public().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_relative_output_folder_such_as_dot_works_from_inside_it() {
    let site = Site::fixture("minimal");
    let out = site.tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    // `.` from inside a new folder, then `../out` now that it is pubgen's.
    for out_arg_given in [".", "../out"] {
        let status = command()
            .args(["build", "--quiet", "--out", out_arg_given, "--root"])
            .arg(&site.root)
            .current_dir(&out)
            .status()
            .unwrap();
        assert!(status.success(), "--out {out_arg_given}");
        assert!(out.join("index.html").is_file(), "--out {out_arg_given}");
    }
}

#[test]
fn a_site_left_aside_by_a_killed_build_is_put_back_even_if_the_next_build_fails() {
    let site = Site::fixture("minimal");
    let built = site.build_ok();
    let good = snapshot(&built.dir);
    // As the two-rename swap leaves it when killed between its renames.
    fs::rename(site.public(), site.path(".public.pubgen-new-999999999-old")).unwrap();
    site.write("content/index.md", "no front matter");
    site.build(&[]).assert_failure();
    assert!(
        snapshot(&site.public()) == good,
        "the last good site is back"
    );
    assert_eq!(names_in(&site.root), ["content", "public"]);
}

#[test]
fn a_left_over_staging_folder_loses_only_the_files_its_list_names() {
    let site = Site::fixture("minimal");
    let stale = site.path(".public.pubgen-new-999999999");
    fs::create_dir_all(stale.join("notes")).unwrap();
    fs::write(
        stale.join(".pubgen-output"),
        "# Written by pubgen. This folder is a built site: each build replaces it whole.\nindex.html\nnotes/a.html\n",
    )
    .unwrap();
    fs::write(stale.join("index.html"), "old").unwrap();
    fs::write(stale.join("notes/a.html"), "old").unwrap();
    fs::write(stale.join("mine.txt"), "mine").unwrap();
    site.build_ok();
    assert_eq!(fs::read_to_string(stale.join("mine.txt")).unwrap(), "mine");
    assert!(!stale.join("index.html").exists() && !stale.join("notes").exists());
}

/// A folder outside the site with one file in it, to see that nothing reaches it.
fn precious(site: &Site) -> std::path::PathBuf {
    let dir = site.tmp.path().join("precious");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("index.html"), "someone's work").unwrap();
    dir
}

#[test]
fn a_staging_folder_planted_with_a_link_cannot_make_pubgen_delete_through_it() {
    let site = Site::fixture("minimal");
    let precious = precious(&site);
    let planted = site.path(".public.pubgen-new-999999999");
    fs::create_dir_all(&planted).unwrap();
    std::os::unix::fs::symlink(&precious, planted.join("x")).unwrap();
    fs::write(
        planted.join(".pubgen-output"),
        "# Written by pubgen. This folder is a built site: each build replaces it whole.\nx/index.html\nx\n",
    )
    .unwrap();
    site.build_ok();
    assert_eq!(
        fs::read_to_string(precious.join("index.html")).unwrap(),
        "someone's work"
    );
}

#[test]
fn a_manifest_edited_to_list_a_link_in_the_output_deletes_nothing_through_it() {
    let site = Site::fixture("minimal");
    let precious = precious(&site);
    site.build_ok();
    std::os::unix::fs::symlink(&precious, site.path("public/x")).unwrap();
    let manifest = site.path("public/.pubgen-output");
    let listed = fs::read_to_string(&manifest).unwrap() + "x\nx/index.html\n";
    fs::write(&manifest, listed).unwrap();
    site.build_ok();
    assert_eq!(
        fs::read_to_string(precious.join("index.html")).unwrap(),
        "someone's work"
    );
    assert!(!site.path("public/x").exists(), "the link itself is gone");
}

#[test]
fn a_staging_folder_swapped_for_a_link_while_building_is_never_written_through_or_swapped_in() {
    let site = Site::fixture("minimal");
    let precious = precious(&site);
    site.build_ok();
    let good = snapshot(&site.public());
    let run = build_paused_at(&site, "first-write", || {
        let staging = names_in(&site.root)
            .into_iter()
            .find(|n| n.contains("pubgen-new"))
            .expect("the staging folder");
        let staging = site.path(&staging);
        fs::rename(&staging, site.path("moved-aside")).unwrap();
        std::os::unix::fs::symlink(&precious, &staging).unwrap();
    });
    run.assert_failure()
        .assert_stderr_has("moved or replaced while it built");
    assert_eq!(
        fs::read_to_string(precious.join("index.html")).unwrap(),
        "someone's work"
    );
    assert_eq!(names_in(&precious), ["index.html"]);
    assert!(!fs::symlink_metadata(site.public())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(
        snapshot(&site.public()) == good,
        "the last good site is whole"
    );
}

#[test]
fn an_output_name_as_long_as_the_system_allows_still_builds() {
    let site = Site::fixture("minimal");
    let out = site.tmp.path().join("p".repeat(250));
    site.build(&["--out", out_arg(&out)]).assert_success();
    site.build(&["--out", out_arg(&out)]).assert_success();
    assert!(out.join("index.html").is_file());
}
