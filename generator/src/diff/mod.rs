//! Compares two versions of a generated crate's public API and says what a user of the
//! crate would notice: operations, parameters, bodies, responses, models, fields and enum
//! values added, removed or changed, each judged breaking or compatible, and the semver
//! bump that follows.
//!
//! The comparison is made on a [`Surface`], the public API read off the [`crate::ir`]:
//! names as the generated code spells them, types as Rust types, and for each model
//! whether requests or responses carry it. A surface is also what `cargo xtask generate`
//! keeps beside the crate (`api.json`), so the next run can tell what changed.
//!
//! The verdicts follow Cargo's semver rules for the generated code, with one convention:
//! models derive `Default` and are meant to be built with `..Default::default()`, so a new
//! optional field is compatible; enums are `#[non_exhaustive]`, so a new value is too.
//!
//! It sits beside the pipeline, reading the IR that [`crate::lower()`] builds, in three
//! steps, one file each:
//!
//! - `surface.rs`: what a crate's public API is, read off the IR ([`Surface::of`]), and
//!   its `api.json` form;
//! - `compare.rs`: [`diff()`], which compares two surfaces into an [`ApiDiff`] of
//!   [`Change`]s with their [`Verdict`]s and the [`Bump`];
//! - `report.rs`: an [`ApiDiff`] as text and as JSON.

mod compare;
mod report;
mod surface;

pub use compare::{diff, ApiDiff, Bump, Change, ChangeKind, Item, Verdict};
pub use surface::{
    FieldSurface, InputSurface, ModelSurface, OperationSurface, Role, Shape, Surface,
};
