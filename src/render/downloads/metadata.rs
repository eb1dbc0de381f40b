//! What a download says about itself: the EPUB's package metadata (Dublin Core and
//! EPUB Accessibility 1.1).

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Edition, Publication};
use crate::doc::escape_html;

/// The `<metadata>` children of the EPUB's package document.
pub(super) fn epub_metadata(publication: &Publication, has_pictures: bool) -> String {
    let config = &publication.site.config;
    let mut meta = Vec::new();
    meta.push(format!(
        "<dc:identifier id=\"uid\">{}</dc:identifier>",
        escape_html(&identifier(publication))
    ));
    let title = publication.edition_title();
    meta.push(format!("<dc:title>{}</dc:title>", escape_html(&title)));
    meta.push(format!(
        "<dc:language>{}</dc:language>",
        escape_html(&config.language)
    ));
    if let Some(publisher) = &config.publisher {
        meta.push(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape_html(publisher)
        ));
    }
    // The publication date only when the content gives one: never made up.
    if let Some(date) = super::home_date(publication.linked) {
        meta.push(format!("<dc:date>{}</dc:date>", escape_html(date)));
    }
    meta.push(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        modified()
    ));
    meta.extend(accessibility(publication, has_pictures));
    meta.iter().map(|m| format!("    {m}\n")).collect()
}

/// EPUB Accessibility 1.1: how the publication can be read, what helps, and the
/// standard it is made to meet (the facts the web pages give too).
fn accessibility(publication: &Publication, has_pictures: bool) -> Vec<String> {
    let property = |name: &str, value: &str| {
        format!(
            "<meta property=\"schema:{name}\">{}</meta>",
            escape_html(value)
        )
    };
    let facts = crate::render::access::facts(
        &publication.site.theme.strings,
        has_pictures,
        publication.edition == Edition::EasyRead,
    );
    let mut meta: Vec<String> = facts
        .modes
        .iter()
        .map(|m| property("accessMode", m))
        .collect();
    meta.push(property("accessModeSufficient", facts.sufficient));
    meta.extend(
        facts
            .features
            .iter()
            .map(|f| property("accessibilityFeature", f)),
    );
    meta.push(property("accessibilityHazard", facts.hazard));
    meta.push(property("accessibilitySummary", &facts.summary));
    meta.push(format!(
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - {}</meta>",
        crate::render::access::STANDARD
    ));
    meta
}

/// A stable identifier: the site's web address when it has one, else a URN made from
/// the title (the same for every build of the same publication).
fn identifier(publication: &Publication) -> String {
    let suffix = match publication.edition {
        Edition::Full => "",
        Edition::EasyRead => "/easy-read",
    };
    match &publication.site.config.base_url {
        Some(base) => format!("{}{suffix}#epub", base.trim_end_matches('/')),
        None => format!("urn:pubgen:{}{suffix}", publication.stem),
    }
}

/// When the build ran, in seconds since 1970: `SOURCE_DATE_EPOCH` when set, for
/// reproducible builds, else now. It is never a publication date.
fn build_seconds() -> u64 {
    crate::switches::get().source_date_epoch.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    })
}

/// The day the build ran as a reader writes it (`1 December 2026`): the date an
/// accessibility statement was prepared.
pub(crate) fn build_day_text(strings: &crate::model::Strings) -> String {
    let (y, m, d) = civil_from_days((build_seconds() / 86_400) as i64);
    crate::render::reader_date(strings, &format!("{y:04}-{m:02}-{d:02}")).unwrap_or_default()
}

/// When the EPUB was made (`dcterms:modified` is required).
fn modified() -> String {
    let seconds = build_seconds();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 as a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_become_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_454), (2026, 1, 1));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
    }
}
