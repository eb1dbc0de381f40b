//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// pubgen builds accessible publications from markdown: a report, its recommendations
/// linked to their evidence, and an Easy Read version.
#[derive(Debug, Parser)]
#[command(
    name = "pubgen",
    version,
    about,
    long_about = None,
    after_help = "Exit status: 0 when the command succeeded (warnings are printed but do not fail it, unless --deny-warnings); 1 when the content has errors (each printed with its file, line and what to do) or the site could not be written; 2 when the command line itself is wrong."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: ROOT/public)
    Build(BuildArgs),
    /// Do everything `build` does except writing: report every error and warning,
    /// and the Easy Read style lint
    Check(CheckArgs),
    /// Build the site and serve it on this computer; rebuild and reload open pages
    /// when a file in content/ or themes/ changes
    Serve(ServeArgs),
    /// Create a new site in DIR (a starter with every feature shown once)
    New(NewArgs),
    /// Write a new site in DIR from a publication made for another tool: an mdBook
    /// book (a folder with `book.toml`), or a folder of markdown for Jekyll, Hugo,
    /// Zola or none; links between its pages become `page.md#id` links
    Import(ImportArgs),
    /// List the Easy Read sections whose full text changed since they were last
    /// checked against it, showing what changed; `--accept` records them as checked
    Review(ReviewArgs),
    /// Print the shell completions of pubgen's commands and options (for example
    /// `pubgen completions bash > ~/.local/share/bash-completion/completions/pubgen`)
    Completions(CompletionsArgs),
    /// Print pubgen's manual page (for example `pubgen man > ~/.local/share/man/man1/pubgen.1`)
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The site's folder: it holds `content/` and optionally `themes/`
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Also review pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Record the Easy Read sections as checked against their full text as it is now
    /// (in `content/easy-read-review.yaml`)
    #[arg(long)]
    pub accept: bool,
    /// Only these Easy Read sections: a heading's id (`er-staff`) or
    /// `page.md#id`; every paired section when none is given
    #[arg(value_name = "SECTION")]
    pub sections: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The book, site or Word document (.docx) to import (it is only read)
    pub source: PathBuf,
    /// The new site's folder: it must not exist yet, or be empty
    pub dir: PathBuf,
    /// The address the publication is published at now (`https://…/`): links that
    /// lead out of it (a book's links to the site around it) become web addresses there
    #[arg(long, value_name = "ADDRESS")]
    pub published_at: Option<String>,
    /// From a site in several languages, the one to import (`fa`, `zh-hant`); by
    /// default the site's own
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create the site in
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder: it holds `content/` and optionally `themes/`
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on (loopback by default: only this computer can see it)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0: any free port, the one chosen is printed)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Also build pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Print only errors and warnings
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The site's folder: it holds `content/` and optionally `themes/`
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Also build pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors (the build fails if there are any not acknowledged)
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also show the warnings the editors acknowledged, each with its reason
    #[arg(long)]
    pub show_acknowledged: bool,
    /// Print only errors and warnings, no summary line
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the site (default: ROOT/public). It is replaced whole, and only
    /// when the build succeeds.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Skip the search index (and the search page): a faster build, for drafts and
    /// benchmarks
    #[arg(long)]
    pub no_search: bool,
    /// Skip the PDF and EPUB downloads (`/downloads/`): a faster build, for drafts and
    /// benchmarks
    #[arg(long)]
    pub no_downloads: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}
