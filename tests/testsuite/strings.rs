//! The words pubgen writes itself come from the theme (`strings/LANG.yaml`): a site
//! rewords them, or gives them in its language, and a mistake in them is named at its
//! line.

use crate::common::*;

fn site_with_note() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/page.md",
        "---\ntitle: Page\n---\n\nA claim.[^1]\n\n[^1]: Its source.\n",
    );
    site
}

#[test]
fn a_theme_rewords_what_pubgen_writes_on_pages_and_in_the_statement() {
    let site = site_with_note();
    site.append("content/site.yaml", "theme: ours\n");
    site.write(
        "themes/ours/strings/en.yaml",
        "notes: Footnotes\nback-to-reference: Return to note {number}\nstatement-title: How you can read this\nnav-whole-publication: Whole book\n",
    );
    let built = site.build_ok();
    let page = built.at("page/index.html");
    // The page frame's templates read the same words.
    assert!(
        page.all("header a, nav a")
            .iter()
            .any(|a| text(*a) == "Whole book"),
        "the header's link to the whole-publication page is reworded"
    );
    assert_eq!(text(page.id("footnotes")), "Footnotes");
    assert!(
        page.all("a[role=doc-backlink]")
            .iter()
            .any(|a| text(*a) == "Return to note 1"),
        "the back-link is reworded"
    );
    // What the theme does not change stays as built in.
    let statement = built.at("accessibility/index.html");
    assert_eq!(text(statement.all("h1")[0]), "How you can read this");
    assert!(text(statement.all("main")[0]).contains("What is checked every time it is built"));
}

#[test]
fn a_site_in_another_language_gets_its_theme_words_for_that_language() {
    let site = site_with_note();
    site.append("content/site.yaml", "theme: ours\nlanguage: cy\n");
    site.write("themes/ours/strings/cy.yaml", "notes: Nodiadau\n");
    let built = site.build_ok();
    assert_eq!(
        text(built.at("page/index.html").id("footnotes")),
        "Nodiadau"
    );
}

#[test]
fn a_strings_file_alone_translates_the_page_frame_the_dates_and_the_recommendations_names() {
    let site = site_with_note();
    site.append("content/site.yaml", "theme: ours\nlanguage: cy\n");
    site.write(
        "content/recs.md",
        "---\ntitle: Recs\nkind: recommendations\ndate: 2024-05-01\n---\n\nAct now. {#r-act title=\"Act\"}\n",
    );
    site.write(
        "themes/ours/strings/cy.yaml",
        "skip-to-main: Neidio i’r prif gynnwys\npublished: Cyhoeddwyd\nmonth-5: Mai\n\
         recommendation-titled: \"Argymhelliad {number}: {title}\"\nback-to-top: Yn ôl i’r brig\n",
    );
    let built = site.build_ok();
    let page = built.at("recs/index.html");
    assert_eq!(text(page.all(".skip-link")[0]), "Neidio i’r prif gynnwys");
    assert_eq!(
        text(page.all(".page-header__date")[0]),
        "Cyhoeddwyd 1 Mai 2024"
    );
    assert!(
        page.all("h2, h3")
            .iter()
            .any(|h| text(*h) == "Argymhelliad 1: Act"),
        "the recommendation is named in the site's language"
    );
    assert!(page
        .all("footer a")
        .iter()
        .any(|a| text(*a) == "Yn ôl i’r brig"));
}

#[test]
fn an_unknown_key_in_a_strings_file_is_an_error_at_its_line_with_the_key_meant() {
    let site = site_with_note();
    site.append("content/site.yaml", "theme: ours\n");
    site.write(
        "themes/ours/strings/en.yaml",
        "notes: Footnotes\nevidance: Proof\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("`evidance` is not one of the words pubgen writes");
    assert!(d.contains("strings/en.yaml:2:1"), "{d}");
    assert!(d.contains("did you mean `evidence`?"), "{d}");
}

#[test]
fn a_name_in_braces_that_the_string_does_not_fill_in_is_an_error_naming_those_it_does() {
    let site = site_with_note();
    site.append("content/site.yaml", "theme: ours\n");
    site.write(
        "themes/ours/strings/en.yaml",
        "back-to-reference: Back to {numbr}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    let d = run.diagnostic("`{numbr}` is not filled in in `back-to-reference`");
    assert!(d.contains("strings/en.yaml:1:1"), "{d}");
    assert!(d.contains("`{number}`"), "{d}");
}

#[test]
fn every_string_the_code_asks_for_is_in_the_built_in_theme() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let builtin = std::fs::read_to_string(root.join("themes/default/strings/en.yaml")).unwrap();
    let keys: Vec<&str> = builtin
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .collect();
    let calls = [
        "w.get(\"",
        "strings.get(\"",
        ".fill(\"",
        "words(\"",
        "text(w, \"",
        "pairing(r, \"",
        "=> \"statement-",
    ];
    let mut asked = 0;
    for entry in walkdir::WalkDir::new(root.join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for call in calls {
            for (at, _) in source.match_indices(call) {
                let start = at + call.len()
                    - if call.starts_with("=>") {
                        "statement-".len()
                    } else {
                        0
                    };
                let key = &source[start..start + source[start..].find('"').unwrap()];
                asked += 1;
                assert!(
                    keys.contains(&key),
                    "{} asks for the string `{key}`, which themes/default/strings/en.yaml does not have",
                    entry.path().display()
                );
            }
        }
    }
    assert!(asked > 60, "found only {asked} strings asked for");
}

#[test]
fn the_whole_publication_page_is_a_theme_template_a_site_can_override() {
    let site = site_with_note();
    site.write(
        "content/second.md",
        "---\ntitle: Second\n---\n\nMore text.\n",
    );
    // The built-in template: a list of the parts, then each part as a section.
    let built = site.build_ok();
    let print = built.at("print/index.html");
    let listed = print.all("nav[aria-labelledby=print-contents] li a").len();
    assert!(listed >= 2, "{listed} parts listed");
    assert_eq!(
        print.all("section.part").len(),
        listed,
        "each part is a section"
    );
    // A theme's own `print-parts.html` replaces it, given every part rendered.
    site.theme_file(
        "templates/print-parts.html",
        "<p class=\"ours\">{{ parts | length }} parts</p>{% for part in parts %}<article class=\"ours-part\"><h2>{{ part.title }}</h2>{{ part.content | safe }}</article>{% endfor %}",
    );
    let built = site.build_ok();
    let print = built.at("print/index.html");
    let parts = print.all("article.ours-part").len();
    assert!(
        parts >= 2,
        "the theme's template gives each part its article"
    );
    assert_eq!(text(print.all("p.ours")[0]), format!("{parts} parts"));
    assert!(
        text(print.all("main")[0]).contains("Its source."),
        "each part's content is in it, notes and all"
    );
    assert!(
        print.all("section.part").is_empty(),
        "the built-in template is not used"
    );
}

#[test]
fn the_search_page_s_form_is_a_theme_template_a_site_can_override() {
    let site = site_with_note();
    let built = site.build_ok();
    let search = built.at("search/index.html");
    assert_eq!(search.all("form#search-form[role=search][hidden]").len(), 1);
    assert!(
        !search.all(".site-map li a").is_empty(),
        "every part, for readers without script"
    );
    site.theme_file(
        "templates/search-form.html",
        "<form id=\"search-form\" data-root=\"{{ root }}\" data-bundles=\"{{ bundles }}\" hidden><label for=\"search-input\">Chwilio</label><input id=\"search-input\" type=\"search\"></form><div class=\"ours\">{{ site_map | safe }}</div>",
    );
    let search = site.build_ok().at("search/index.html");
    assert_eq!(text(search.all("label[for=search-input]")[0]), "Chwilio");
    assert!(
        !search.all("div.ours li a").is_empty(),
        "the list is given to the theme's template"
    );
}

#[test]
fn a_strings_file_that_leaves_words_in_english_is_named_with_the_keys_it_lacks_until_it_has_them_all(
) {
    let site = Site::fixture("minimal");
    site.append("content/site.yaml", "language: gd-GB\n");
    // The built-in theme's words, laid over by a file beside content/ alone.
    site.write(
        "themes/default/strings/gd.yaml",
        "skip-to-main: Leum chun a’ phrìomh shusbaint\n",
    );
    let run = site.build(&["--no-downloads"]);
    run.assert_success();
    let d = run.diagnostic("of the words pubgen writes are not in");
    assert!(
        d.contains(
            "themes/default/strings/gd.yaml`, so they stay in English: `nav-whole-publication`"
        ),
        "{d}"
    );
    assert!(
        !d.contains("`skip-to-main`"),
        "a word the file gives is not named: {d}"
    );
    let home = site.read("public/index.html");
    assert!(
        home.contains("Leum chun a’ phrìomh shusbaint"),
        "the word given is used"
    );

    // Every key given, some with their English words on purpose: no warning.
    let every: String = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings/en.yaml"),
    )
    .unwrap();
    site.write("themes/default/strings/gd.yaml", &every);
    let run = site.build(&["--no-downloads"]);
    run.assert_success();
    assert!(!run.stderr.contains("stay in English"), "{}", run.stderr);
    assert!(!run.stderr.contains("are in English"), "{}", run.stderr);

    // An English site is never told.
    let english = Site::fixture("minimal");
    let run = english.build(&["--no-downloads"]);
    assert!(!run.stderr.contains("in English"), "{}", run.stderr);
}
