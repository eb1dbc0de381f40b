//! pubgen's test suite: one binary, so the library is linked once and the report is
//! built once per run (`common::report()`), however many modules read it.
//!
//! Each module tests one thing a user does or meets, in test names that read as
//! sentences: building the report (`build`), links and ids (`linking`), the reader
//! of markdown (`reader`), messages (`diagnostics`), careless and hostile input
//! (`hostile_input`), the output folder (`output_folder`), the downloads
//! (`downloads`), `serve` and `new` (`commands`), incremental rebuilds
//! (`incremental`), the Easy Read review (`easy_read_review`), acknowledged warnings
//! (`acknowledged_warnings`), the statement and citations
//! (`statement_and_citation`), property tests (`properties`) and the layout of the
//! code itself (`architecture`).

mod common;

mod acknowledged_warnings;
mod architecture;
mod build;
mod commands;
mod diagnostics;
mod downloads;
mod easy_read_review;
mod hostile_input;
mod import;
mod import_sites;
mod incremental;
mod linking;
mod messages;
mod numbering;
mod output_folder;
mod properties;
mod reader;
mod renderers;
mod statement_and_citation;
mod strings;
