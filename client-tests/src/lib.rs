//! End-to-end tests of the generated client live in `tests/`, the contract suite that
//! `cargo xtask contract` runs against Prism in `src/bin/contract.rs`, and the README's
//! quickstart as a program in `examples/quickstart.rs`. This library compiles the Rust
//! examples of the README and of `docs/` as doctests and checks that the README's quickstart
//! is the example's code, so that neither can drift from the generated API or the wire format. [`fuzz`] is
//! the response fuzzer, run briefly by `tests/models/fuzz.rs` and at length by `src/bin/fuzz.rs`.

pub mod fuzz;

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The Rust examples of `docs/client.md` (paging, ids), compiled as doctests. Every page of
/// `docs/` with a `rust` code block has an item like this one; a test checks that none is
/// missing.
#[doc = include_str!("../../docs/client.md")]
#[cfg(doctest)]
struct ClientGuideDoctests;

/// The visible lines of the README's first `rust` code block (rustdoc hides lines that
/// start with `# `), and the body of the quickstart example's `main` without its final
/// `Ok(())`, dedented: the two must be equal.
#[cfg(test)]
mod tests {
    const README: &str = include_str!("../../README.md");
    const QUICKSTART: &str = include_str!("../examples/quickstart.rs");

    fn readme_quickstart() -> Vec<&'static str> {
        let start = README.find("```rust").expect("the README has a Rust block");
        README[start..]
            .lines()
            .skip(1)
            .take_while(|line| !line.starts_with("```"))
            .filter(|line| *line != "#" && !line.starts_with("# "))
            .filter(|line| !line.starts_with("use "))
            .skip_while(|line| line.is_empty())
            .collect()
    }

    fn example_main() -> Vec<&'static str> {
        QUICKSTART
            .lines()
            .skip_while(|line| !line.starts_with("async fn main()"))
            .skip(1)
            .take_while(|line| *line != "    Ok(())")
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .collect()
    }

    /// A page of `docs/` whose Rust examples are not included above would not be compiled.
    #[test]
    fn every_doc_with_rust_examples_is_doctested() {
        let lib = include_str!("lib.rs");
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        for entry in std::fs::read_dir(&docs).expect("docs/ exists") {
            let path = entry.expect("a docs/ entry").path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.ends_with(".md") && text.contains("```rust") {
                let include = format!("#[doc = include_str!(\"../../docs/{name}\")]");
                assert!(
                    lib.contains(&include),
                    "docs/{name} has Rust examples: add `{include}`"
                );
            }
        }
    }

    #[test]
    fn the_readme_quickstart_is_the_example_that_runs_against_prism() {
        let readme = readme_quickstart();
        assert!(readme.len() > 20, "the README quickstart was not found");
        assert_eq!(readme, example_main());
    }
}
