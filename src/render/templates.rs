//! The theme's Tera templates: loaded and checked once per build, and their errors
//! shown at the template's line.

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::Theme;

/// Loads and checks every template of the theme, once per build.
pub(crate) fn templates(theme: &Theme, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".xhtml"]);
    let sources: Vec<(String, String)> = theme
        .templates
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                String::from_utf8_lossy(&f.contents).into_owned(),
            )
        })
        .collect();
    if let Err(err) = tera.add_raw_templates(sources.iter().map(|(n, c)| (n.as_str(), c.as_str())))
    {
        diags.push(template_error(&err, theme));
        return None;
    }
    for required in ["page.html", "home.html"] {
        if !tera.contains_template(required) {
            diags.push(
                Diagnostic::error(format!("the theme has no template `{required}`"))
                    .help("add it to the theme's `templates/` folder, or remove the theme to use the built-in one"),
            );
        }
    }
    if diags.has_errors() {
        return None;
    }
    Some(tera)
}

/// A Tera error as a diagnostic pointing into the template file.
pub(super) fn template_error(err: &tera::Error, theme: &Theme) -> Diagnostic {
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        // Tera's own report names templates by name: show the file instead.
        for file in &theme.templates {
            text = text.replace(
                &format!("--> {}:", file.name),
                &format!("--> {}:", file.display),
            );
        }
        return Diagnostic::error(format!("template error: {text}"))
            .help("fix the template, or delete it from your theme to use the built-in one");
    };
    let name = report.filename();
    let file = theme.templates.iter().find(|f| f.name == name);
    let display = file.map_or(name.to_string(), |f| f.display.clone());
    let line = report.span().start_line;
    let line_text = file
        .and_then(|f| {
            String::from_utf8_lossy(&f.contents)
                .lines()
                .nth(line.saturating_sub(1))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let col = report.span().start_col + 1;
    let len = if report.span().end_line == line {
        report
            .span()
            .end_col
            .saturating_sub(report.span().start_col)
    } else {
        1
    };
    Diagnostic::error(format!("template error: {}", report.message()))
        .at(Location {
            file: display,
            line,
            col,
            len,
            line_text,
            text_col: col,
        })
        .help("fix the template, or delete it from your theme to use the built-in one")
}
