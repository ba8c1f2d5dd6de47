//! The Incoterms 2020 rules: the list, and the check of a document's `incoterm`.

use arkan_platform::error::Validation;
use arkan_platform::list::{Page, PageMeta};

use crate::api::incoterms::IncotermView;
use crate::domain::incoterms::{INCOTERMS, VERSION, is_incoterm};

/// The eleven rules, in the ICC's order.
pub fn list_incoterms() -> Page<IncotermView> {
    let data: Vec<IncotermView> = INCOTERMS
        .iter()
        .map(|rule| IncotermView {
            code: rule.code.to_owned(),
            name: rule.name.to_owned(),
            named_place: rule.named_place.to_owned(),
            sea_inland_only: rule.sea_inland_only,
            version: VERSION.to_owned(),
        })
        .collect();
    let total = i64::try_from(data.len()).unwrap_or(0);
    Page {
        meta: PageMeta {
            total,
            limit: u64::try_from(data.len()).unwrap_or(0),
            cursor: None,
            has_more: false,
        },
        data,
    }
}

/// 400 on `field` unless `code` is one of the eleven codes.
pub(crate) fn check(validation: &mut Validation, field: &str, code: Option<&str>) {
    if let Some(code) = code
        && !is_incoterm(code)
    {
        let codes: Vec<&str> = INCOTERMS.iter().map(|rule| rule.code).collect();
        validation.add(
            field,
            format!("must be an Incoterms 2020 code: {}", codes.join(", ")),
        );
    }
}
