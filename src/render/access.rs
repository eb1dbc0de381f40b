//! What the publication says about its own accessibility, in schema.org's terms: the
//! same facts in each web page's JSON-LD and in the EPUB's package metadata.

use serde_json::json;

use crate::model::Strings;

/// The standard the publication is made to meet.
pub(crate) const STANDARD: &str = "WCAG 2.2 Level AA";

/// How a page or an edition can be read (schema.org accessibility properties).
pub(crate) struct AccessFacts {
    pub modes: Vec<&'static str>,
    /// Every picture has a text alternative, so the text alone is enough.
    pub sufficient: &'static str,
    pub features: Vec<&'static str>,
    pub hazard: &'static str,
    pub summary: String,
}

/// The facts of a page or edition with or without pictures, in Easy Read or not.
pub(crate) fn facts(strings: &Strings, has_pictures: bool, easy_read: bool) -> AccessFacts {
    let mut modes = vec!["textual"];
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if has_pictures {
        modes.push("visual");
        features.push("alternativeText");
    }
    let mut summary = strings.fill("access-summary", &[("standard", STANDARD)]);
    if has_pictures {
        summary.push_str(strings.get("access-summary-pictures"));
    }
    if easy_read {
        summary.push_str(strings.get("access-summary-easy-read"));
    }
    AccessFacts {
        modes,
        sufficient: "textual",
        features,
        hazard: "none",
        summary,
    }
}

/// A web page's JSON-LD: the page, the publication it is part of, and how it can be
/// read. Safe inside `<script>`: no `<` at all, so nothing can close it early.
pub(crate) fn page_json_ld(
    facts: &AccessFacts,
    name: &str,
    url: Option<&str>,
    language: &str,
    publication: &str,
    publisher: Option<&str>,
) -> String {
    let mut page = json!({
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": name,
        "inLanguage": language,
        "isPartOf": { "@type": "Report", "name": publication },
        "accessMode": facts.modes,
        "accessModeSufficient": [{ "@type": "ItemList", "itemListElement": [facts.sufficient] }],
        "accessibilityFeature": facts.features,
        "accessibilityHazard": [facts.hazard],
        "accessibilitySummary": facts.summary,
    });
    if let Some(url) = url {
        page["url"] = json!(url);
    }
    if let Some(publisher) = publisher {
        page["isPartOf"]["publisher"] = json!({ "@type": "Organization", "name": publisher });
    }
    page.to_string().replace('<', "\\u003c")
}
