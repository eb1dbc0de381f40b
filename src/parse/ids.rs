//! Ids made from heading text.

/// `## Know your roles` → `know-your-roles`; `## What’s next?` → `whats-next`:
/// lower-cased, apostrophes removed, every run of other characters that are not
/// letters or digits turned into one `-`, and `-` trimmed from both ends.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c == '\'' || c == '’' || c == 'ʼ' {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Ids that the theme uses itself, never given to a heading.
pub const RESERVED: &[&str] = &[
    "main",
    "contents",
    "footnotes",
    "listing-heading",
    "all-parts",
    "print-contents",
];

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn follows_the_contract_examples() {
        assert_eq!(slugify("Know your roles"), "know-your-roles");
        assert_eq!(slugify("Commissioning & Funding"), "commissioning-funding");
        assert_eq!(slugify("What’s next?"), "whats-next");
        assert_eq!(slugify("  -- Hello, world! --"), "hello-world");
    }
}
