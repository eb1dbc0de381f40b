//! What changed in a full text, word by word, for `pubgen review`: removed words in
//! `[-…-]`, added ones in `{+…+}` (as `git diff --word-diff` shows them; in colour on
//! a terminal), and only the blocks that changed.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// A word diff gives up looking for the smallest difference after this long and
/// shows a larger one: whatever the texts, `pubgen review` answers at once.
const DIFF_TIME: Duration = Duration::from_secs(2);

/// The changed blocks (lines) of `new` against `old`, each with its changes marked,
/// and a line saying how many blocks were unchanged between them.
pub(crate) fn word_diff(old: &str, new: &str, color: bool) -> Vec<String> {
    let diff = TextDiff::configure()
        .timeout(DIFF_TIME)
        .diff_words(old, new);
    let mut lines: Vec<(String, bool)> = vec![(String::new(), false)];
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        let value = change.value();
        if open.is_some() && open != Some(tag) {
            close_mark(lines.last_mut().expect("one line"), open.take(), color);
        }
        if tag == ChangeTag::Equal && value == "\n" {
            lines.push((String::new(), false));
            continue;
        }
        let line = lines.last_mut().expect("one line");
        if tag != ChangeTag::Equal && open.is_none() {
            open_mark(line, tag, color);
            open = Some(tag);
        }
        // A removed or added block break shows as a pilcrow, not a new line.
        line.0.push_str(if value == "\n" { " ¶ " } else { value });
    }
    close_mark(lines.last_mut().expect("one line"), open, color);
    changed_blocks(lines)
}

fn open_mark(line: &mut (String, bool), tag: ChangeTag, color: bool) {
    line.1 = true;
    line.0.push_str(match (tag, color) {
        (ChangeTag::Delete, false) => "[-",
        (ChangeTag::Delete, true) => "\x1b[31m[-",
        (_, false) => "{+",
        (_, true) => "\x1b[32m{+",
    });
}

fn close_mark(line: &mut (String, bool), open: Option<ChangeTag>, color: bool) {
    let reset = if color { "\x1b[0m" } else { "" };
    match open {
        Some(ChangeTag::Delete) => line.0.push_str(&format!("-]{reset}")),
        Some(ChangeTag::Insert) => line.0.push_str(&format!("+}}{reset}")),
        _ => {}
    }
}

/// The blocks with a change; runs of unchanged blocks become one line that counts
/// them.
fn changed_blocks(lines: Vec<(String, bool)>) -> Vec<String> {
    let mut out = Vec::new();
    let mut unchanged = 0;
    for (line, changed) in lines {
        if !changed {
            unchanged += 1;
            continue;
        }
        if unchanged > 0 {
            out.push(unchanged_line(unchanged));
            unchanged = 0;
        }
        out.push(line);
    }
    if unchanged > 0 && !out.is_empty() {
        out.push(unchanged_line(unchanged));
    }
    out
}

fn unchanged_line(n: usize) -> String {
    format!("(… {n} unchanged block{} …)", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::word_diff;

    #[test]
    fn a_word_diff_marks_words_and_shows_only_the_blocks_that_changed() {
        let old = "Workforce\nStaff need time to build relationships.\nThe end.";
        let new = "Workforce\nStaff need protected time to build trusting relationships.\nThe end.";
        assert_eq!(
            word_diff(old, new, false),
            vec![
                "(… 1 unchanged block …)".to_string(),
                "Staff need {+protected +}time to build {+trusting +}relationships.".to_string(),
                "(… 1 unchanged block …)".to_string(),
            ]
        );
        let removed = word_diff("A long sentence here.", "A sentence here.", false);
        assert_eq!(removed, vec!["A [-long -]sentence here.".to_string()]);
        assert!(word_diff("same", "same", false).is_empty());
    }
}
