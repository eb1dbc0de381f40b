//! pubgen: a static site generator for accessible publications.
//!
//! The pipeline, one module per stage (see `site::build`):
//! load (`content/` and front matter) → parse (markdown to a document model) →
//! link (site-wide ids, links, evidence, pairing) → render (HTML in Tera templates;
//! the PDF and EPUB downloads) → write (minify, atomic swap of the output folder).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use pubgen::cli::{Cli, Command};
use pubgen::diagnostics::Diagnostics;
use pubgen::serve::{self, ServeOptions};
use pubgen::site::{self, BuildOptions, BuildReport};

/// mimalloc: the search indexer and the parser allocate many small objects, and
/// with glibc's allocator a tenth of a large build went to malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(root) = site_root(&cli.command) {
        if let Err(d) = pubgen::load::check_root(root) {
            eprintln!("{}", d.render(color()));
            return ExitCode::FAILURE;
        }
    }
    match cli.command {
        Command::Build(args) => {
            let options = BuildOptions {
                root: args.common.root.clone(),
                out: args.out,
                drafts: args.common.drafts,
                deny_warnings: args.common.deny_warnings,
                write: true,
                search: !args.no_search,
                downloads: !args.no_downloads,
                lint: false,
                preview: false,
                progress: !args.common.quiet,
            };
            run(&options, &args.common)
        }
        Command::Check(args) => {
            let options = BuildOptions {
                root: args.common.root.clone(),
                out: None,
                drafts: args.common.drafts,
                deny_warnings: args.common.deny_warnings,
                write: false,
                search: true,
                downloads: true,
                lint: true,
                preview: false,
                progress: !args.common.quiet,
            };
            run(&options, &args.common)
        }
        Command::New(args) => new_site(&args.dir),
        Command::Review(args) => review(args),
        Command::Import(args) => import(&args),
        Command::Completions(args) => completions(args.shell),
        Command::Man => man_page(),
        Command::Serve(args) => {
            let options = ServeOptions {
                build: BuildOptions {
                    root: args.root,
                    out: None,
                    drafts: args.drafts,
                    deny_warnings: false,
                    write: false,
                    search: true,
                    downloads: true,
                    lint: false,
                    preview: false,
                    progress: false,
                },
                bind: args.bind,
                port: args.port,
                quiet: args.quiet,
            };
            match serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{}", d.render(color()));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The site root a command reads, checked before anything else.
fn site_root(command: &Command) -> Option<&std::path::Path> {
    match command {
        Command::Build(args) => Some(&args.common.root),
        Command::Check(args) => Some(&args.common.root),
        Command::Review(args) => Some(&args.root),
        Command::Serve(args) => Some(&args.root),
        Command::New(_) | Command::Import(_) | Command::Completions(_) | Command::Man => None,
    }
}

/// `pubgen new DIR`: the starter site, and how to build, see and publish it.
fn new_site(dir: &std::path::Path) -> ExitCode {
    match pubgen::new::create(dir) {
        Ok(workflow) => {
            eprintln!(
                "created a new site in {dir}\nbuild it with: pubgen build --root {dir}\nor see it as you edit with: pubgen serve --root {dir}",
                dir = dir.display()
            );
            if workflow {
                eprintln!(
                    "to publish it on GitHub Pages, see the steps at the top of {}",
                    dir.join(pubgen::new::WORKFLOW_PATH).display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(color()));
            ExitCode::FAILURE
        }
    }
}

/// `pubgen import SOURCE DIR`: what was not carried over, then what was written.
fn import(args: &pubgen::cli::ImportArgs) -> ExitCode {
    let mut diags = Diagnostics::default();
    let options = pubgen::import::ImportOptions {
        published_at: args.published_at.clone(),
        language: args.language.clone(),
    };
    let report = pubgen::import::import(&args.source, &args.dir, &options, &mut diags);
    print_diagnostics(&diags, color());
    match report {
        Some(r) => {
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            eprintln!(
                "imported {} and {} from {} into {dir}\nbuild it with: pubgen build --root {dir}",
                plural(r.pages, "page", "pages"),
                plural(r.files, "other file", "other files"),
                r.what,
                dir = args.dir.display()
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}

/// `pubgen completions SHELL`: the shell's completion script, made from the same
/// definition as `--help`.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "pubgen", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// `pubgen man`: the manual page, made from the same definition as `--help`.
fn man_page() -> ExitCode {
    let page = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
    match page.render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: the manual page could not be written: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `pubgen review`: its listing goes to standard output, its errors (only) to
/// standard error (the build's warnings are what it lists).
fn review(args: pubgen::cli::ReviewArgs) -> ExitCode {
    let options = pubgen::cmd::review::ReviewOptions {
        root: args.root,
        drafts: args.drafts,
        accept: args.accept,
        only: args.sections,
        color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut diags = Diagnostics::default();
    let result = pubgen::cmd::review::review(&options, &mut diags);
    diags
        .items
        .retain(|d| d.severity == pubgen::diagnostics::Severity::Error);
    print_diagnostics(&diags, color());
    match result {
        Some(text) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}

/// Whether diagnostics are printed in colour: on a terminal, unless `NO_COLOR` is set.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn run(options: &BuildOptions, args: &pubgen::cli::CommonArgs) -> ExitCode {
    let (report, mut diags) = site::build(options);
    if !args.show_acknowledged {
        diags.items.retain(|d| d.acknowledged.is_none());
    }
    print_diagnostics(&diags, color());
    match report {
        Some(report) => {
            if !args.quiet {
                eprintln!("{}", summary(options, &report, &diags));
            }
            ExitCode::SUCCESS
        }
        None => {
            let errors = diags.error_count();
            let plural = if errors == 1 { "" } else { "s" };
            if options.write {
                eprintln!(
                    "error: the build failed with {errors} error{plural}; {} was left as it was",
                    options.out_dir().display()
                );
            } else {
                eprintln!("error: the check found {errors} error{plural}");
            }
            ExitCode::FAILURE
        }
    }
}

fn print_diagnostics(diags: &Diagnostics, color: bool) {
    for d in &diags.items {
        eprintln!("{}\n", d.render(color));
    }
}

fn summary(options: &BuildOptions, report: &BuildReport, diags: &Diagnostics) -> String {
    let warnings = diags.warning_count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let downloads = match report.downloads {
        0 => String::new(),
        n => format!(" and {}", plural(n, "download", "downloads")),
    };
    let what = if options.write {
        format!(
            "built {} ({}){downloads} into {}",
            plural(report.pages, "page", "pages"),
            plural(report.files, "file", "files"),
            options.out_dir().display()
        )
    } else {
        format!(
            "checked {}{downloads}",
            plural(report.pages, "page", "pages")
        )
    };
    let missing = match report.missing_downloads.as_slice() {
        [] => String::new(),
        names => format!("; not made: {} (see the warnings above)", names.join(", ")),
    };
    format!(
        "{what} in {} ms, {}{missing}{}",
        report.elapsed.as_millis(),
        plural(warnings, "warning", "warnings"),
        acknowledged_summary(report)
    )
}

/// `; 55 acknowledged (31 easy-read-long-sentence, …): see them with …`.
fn acknowledged_summary(report: &BuildReport) -> String {
    let total: usize = report.acknowledged.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return String::new();
    }
    let by_rule: Vec<String> = report
        .acknowledged
        .iter()
        .map(|(rule, n)| format!("{n} {}", rule.name()))
        .collect();
    format!(
        "; {total} acknowledged ({}): list them with --show-acknowledged",
        by_rule.join(", ")
    )
}
