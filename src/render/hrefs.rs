//! Where a link's target is from a page of the site: a relative href, so that the
//! site works from disk and under any base path.

use crate::model::*;
use crate::urls::{encode_href, relative_href};

/// The href on page `from` of a link's target.
pub(crate) fn href_of(site: &LoadedSite, from: PageId, target: &Target) -> String {
    href_from(site, &site.pages[from].url, Some(from), target)
}

/// The href of a link's target on the page published at `from_url` (`from_page` when
/// it is a page of `content/`, else a page pubgen makes).
pub(super) fn href_from(
    site: &LoadedSite,
    from_url: &str,
    from_page: Option<PageId>,
    target: &Target,
) -> String {
    match target {
        Target::Place(place) => {
            let href = if Some(place.page) == from_page {
                String::new()
            } else {
                encode_href(&page_href(site, from_url, &site.pages[place.page].url))
            };
            same_page_or(with_fragment(href, &place.id))
        }
        Target::Folder { url, fragment } => with_fragment(page_href(site, from_url, url), fragment),
        Target::Made { url, fragment } if url == from_url => {
            same_page_or(with_fragment(String::new(), fragment))
        }
        Target::Made { url, fragment } if url.ends_with('/') => {
            with_fragment(page_href(site, from_url, url), fragment)
        }
        Target::Made { url, fragment } => encode_href(&with_fragment(
            relative_href(from_url, url.trim_start_matches('/')),
            fragment,
        )),
        Target::Asset { rel, fragment } => {
            encode_href(&with_fragment(relative_href(from_url, rel), fragment))
        }
        Target::AsWritten(dest) => dest.clone(),
    }
}

fn with_fragment(mut href: String, fragment: &Option<String>) -> String {
    if let Some(f) = fragment {
        href.push('#');
        href.push_str(f);
    }
    href
}

/// An empty href is the page itself: `#`.
fn same_page_or(href: String) -> String {
    if href.is_empty() {
        "#".to_string()
    } else {
        href
    }
}

/// The href of a page's URL from another page, following `pretty_links`.
pub(crate) fn page_href(site: &LoadedSite, from_url: &str, to_url: &str) -> String {
    relative_href(
        from_url,
        &crate::urls::page_file(to_url, site.config.pretty_links),
    )
}

/// The href on page `from` of a place: `#id` on the same page, else the page's
/// relative href and the id.
pub(super) fn place_href(site: &LoadedSite, from: PageId, place: &Place) -> String {
    let page = || page_href(site, &site.pages[from].url, &site.pages[place.page].url);
    match &place.id {
        Some(id) if place.page == from => format!("#{id}"),
        Some(id) => format!("{}#{id}", page()),
        None => page(),
    }
}
