//! pubgen: a static site generator for accessible publications.
//!
//! The pipeline, one module per stage, run by [`site::build`]:
//! [`load`] (`content/` and front matter) → [`parse`] (markdown to a document model) →
//! [`link`] (site-wide ids, links, evidence, pairing) → [`render`] (Tera templates) →
//! [`write`] (minify, atomic swap of the output folder). The types they pass are in
//! [`model`]; problems are [`diagnostics`].

// A `Diagnostic` is the error of many functions: it is reported once, at the end of a
// stage, so boxing it to make `Result` smaller would buy nothing.
#![allow(clippy::result_large_err)]
// Items are `pub(crate)` unless the binary or the tests use them.
#![warn(unreachable_pub)]

pub(crate) mod acknowledge;
pub mod cli;
pub mod cmd;
pub mod diagnostics;
pub mod doc;
pub(crate) mod fs;
pub mod import;
pub(crate) mod link;
pub mod lint;
pub mod load;
pub mod model;
pub mod new;
pub mod parse;
pub(crate) mod render;
pub(crate) mod review;
pub(crate) mod search;
pub mod serve;
pub mod site;
pub(crate) mod switches;
pub(crate) mod urls;
pub(crate) mod write;

/// The download files' name made from the site's title (`connections-are-key`).
pub use render::downloads::file_stem;
