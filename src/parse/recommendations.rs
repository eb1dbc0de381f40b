//! The recommendations pass: on a page of kind `recommendations`, a paragraph or list
//! item with an `r-` id is a recommendation, with its title, the evidence that
//! supports it and the section it stands in. `title` and `evidence` anywhere else are
//! errors.

use super::*;

pub(super) fn recognise(p: &mut PageParser) {
    for block in p.take_block_ids() {
        if p.rules.is_recommendation(&block.attrs.id) {
            recommendation(p, block);
        } else {
            misplaced_keys(p, &block);
        }
    }
}

fn recommendation(p: &mut PageParser, block: BlockId) {
    p.set_role(block.open, BlockRole::Recommendation);
    p.set_id_target(block.decl, IdTarget::Recommendation);
    let attrs = &block.attrs;
    // Without a title, links to it name it by its first words; its own heading is
    // its number alone (first words there would be cut mid-sentence, then read again).
    let titled = attrs.get("title").is_some();
    let title = attrs
        .get("title")
        .map(|(t, _)| t.to_string())
        .unwrap_or_else(|| first_words(&block.text, 8));
    let evidence = match attrs.get("evidence") {
        Some((value, at)) => p.attr_values(value, block.offset, at),
        None => Vec::new(),
    };
    let recommendation = Recommendation {
        id: attrs.id.clone(),
        title,
        titled,
        text: block.text,
        section: None,
        evidence,
        at: block.at,
    };
    p.add_recommendation(recommendation, block.heading);
}

fn misplaced_keys(p: &mut PageParser, block: &BlockId) {
    for key in ["evidence", "title"] {
        let Some((_, at)) = block.attrs.get(key) else {
            continue;
        };
        let help = if key == "evidence" {
            "evidence belongs on a recommendation: an `r-` id on a page of kind `recommendations`"
        } else {
            "`title` names a recommendation: an `r-` id on a page of kind `recommendations`"
        };
        let at = block.offset + at;
        let location = p.location(&(at - key.len() - 2..at));
        p.report(
            Diagnostic::error(format!("`{key}` is only allowed on recommendations"))
                .at(location)
                .help(help),
        );
    }
}
