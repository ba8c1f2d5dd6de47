//! Error codes of the catalog: one constant each, listed in `ALL` for the documentation check,
//! and one constructor per code holding its status and wording.

use arkan_platform::error::ApiError;

pub const UOM_CODE_TAKEN: &str = "uom_code_taken";
pub const PRODUCT_SKU_TAKEN: &str = "product_sku_taken";
pub const PRODUCT_BARCODE_TAKEN: &str = "product_barcode_taken";
pub const PRODUCT_IN_USE: &str = "product_in_use";
pub const PRODUCT_CATEGORY_IN_USE: &str = "product_category_in_use";

/// Every code of this module, for the documentation check.
pub const ALL: &[&str] = &[
    UOM_CODE_TAKEN,
    PRODUCT_SKU_TAKEN,
    PRODUCT_BARCODE_TAKEN,
    PRODUCT_IN_USE,
    PRODUCT_CATEGORY_IN_USE,
];

/// 409 `uom_code_taken`: a second unit of measure with a code the company already has.
pub fn uom_code_taken() -> ApiError {
    ApiError::conflict(
        UOM_CODE_TAKEN,
        "The company already has a unit with this code",
    )
}

/// 409 `product_sku_taken`: a second product of the company with the same SKU.
pub fn product_sku_taken() -> ApiError {
    ApiError::conflict(PRODUCT_SKU_TAKEN, "Another product has this SKU")
}

/// 409 `product_barcode_taken`: a second product of the company with the same barcode.
pub fn product_barcode_taken() -> ApiError {
    ApiError::conflict(PRODUCT_BARCODE_TAKEN, "Another product has this barcode")
}

/// 409 `product_in_use`: deleting a product another record names (archive it with
/// `active: false`).
pub fn product_in_use() -> ApiError {
    ApiError::conflict(
        PRODUCT_IN_USE,
        "The product is in use: archive it with active false instead",
    )
}

/// 409 `product_category_in_use`: deleting a category a product or a sub-category names.
pub fn product_category_in_use() -> ApiError {
    ApiError::conflict(
        PRODUCT_CATEGORY_IN_USE,
        "A product or a sub-category names this category: it cannot be deleted",
    )
}
