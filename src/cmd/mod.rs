//! The commands that run the library's stages for a user, above the library (as
//! mdBook and Zola keep theirs): `pubgen review` here; `build`, `check`, `serve` and
//! `new` are still called from `main.rs` and their own modules.

pub mod review;
