//! The command-line tests, one module per command area, built as one test binary (one
//! link instead of nine).

mod common;

mod baseline;
mod chapter3;
mod data;
mod eval;
mod fresh_clone;
mod help;
mod pieces;
mod predict;
mod read;
mod serve;
mod show;
mod train;
mod weights;
