//! Products with their taxes, vendors and stock.
use std::collections::{HashMap, HashSet};

use arkan_crm::partners;
use arkan_kernel::cursor::SortValue;
use arkan_kernel::time::{now_micros, rfc3339};
use arkan_kernel::{PartnerId, ProductId};
use arkan_ledger::books;
use arkan_platform::error::{
    ApiError, ApiResult, Validation, is_foreign_key_violation, is_unique_violation,
};
use arkan_platform::extract::DecimalText;
use arkan_platform::fields;
use arkan_platform::list::{CREATED_AT, ListSpec, Page, PageRequest, SortField, SortKind};
use arkan_platform::role::Area;
use arkan_platform::state::StockLevel;
use arkan_platform::{Ctx, Platform};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use super::categories::{tree, with_descendants};
use super::uoms::uoms_by_code;
use super::{name_of, parse_e6, parse_quantity_field, price_text, refused_as, text_of};
use crate::api::*;
use crate::domain::{
    CostingMethod, InvoicePolicy, MAX_DECIMALS, ProductType, Tracking, Uom, barcode_check_digit_ok,
    format_quantity,
};
use crate::errors;
use crate::events;
use crate::store::{self, Product, ProductFilter, ProductTaxes, Vendor};

static PRODUCT_LIST: ListSpec = ListSpec {
    name: "catalog.products",
    sorts: &[
        CREATED_AT,
        SortField {
            name: "name",
            column: "name",
            kind: SortKind::Text,
        },
    ],
};

/// A new product before its fields are applied.
fn blank_product(now: i64) -> Product {
    Product {
        id: Uuid::now_v7(),
        name: String::new(),
        sku: None,
        barcode: None,
        kind: ProductType::Storable,
        category_id: None,
        uom: "unit".to_owned(),
        purchase_uom: "unit".to_owned(),
        sale_price_e6: 0,
        cost_e6: 0,
        invoice_policy: InvoicePolicy::Ordered,
        tracking: Tracking::None,
        reorder_min_e4: None,
        reorder_max_e4: None,
        weight_e6: None,
        volume_e6: None,
        hs_code: None,
        description: None,
        can_be_sold: true,
        can_be_purchased: true,
        active: true,
        notes: None,
        created_at: now,
        updated_at: now,
    }
}

/// A creation is a patch of a blank product: every field given is set.
impl From<CreateProduct> for UpdateProduct {
    fn from(input: CreateProduct) -> UpdateProduct {
        UpdateProduct {
            name: Some(input.name),
            sku: input.sku.map(Some),
            barcode: input.barcode.map(Some),
            kind: Some(input.kind),
            category_id: input.category_id.map(Some),
            purchase_uom: input.purchase_uom.or_else(|| input.uom.clone()),
            uom: input.uom,
            sale_price: input.sale_price,
            cost: input.cost,
            sale_tax_ids: input.sale_tax_ids,
            purchase_tax_ids: input.purchase_tax_ids,
            invoice_policy: input.invoice_policy,
            tracking: input.tracking,
            reorder_min: input.reorder_min.map(Some),
            reorder_max: input.reorder_max.map(Some),
            weight: input.weight.map(Some),
            volume: input.volume.map(Some),
            hs_code: input.hs_code.map(Some),
            description: input.description.map(Some),
            can_be_sold: input.can_be_sold,
            can_be_purchased: input.can_be_purchased,
            vendors: input.vendors,
            active: input.active,
            notes: input.notes.map(Some),
        }
    }
}

fn apply_unit(
    validation: &mut Validation,
    field: &str,
    given: Option<&String>,
    current: &mut String,
    uoms: &HashMap<String, Uom>,
) {
    if let Some(code) = given {
        if uoms.contains_key(code.trim()) {
            code.trim().clone_into(current);
        } else {
            validation.add(field, "no such unit of measure in this company");
        }
    }
}

fn apply_quantity(
    validation: &mut Validation,
    field: &str,
    given: Option<&Option<DecimalText>>,
    current: &mut Option<i64>,
    decimals: u8,
) {
    if let Some(given) = given {
        *current = match given {
            Some(text) => parse_quantity_field(validation, field, text, decimals),
            None => None,
        };
    }
}

fn apply_e6(
    validation: &mut Validation,
    field: &str,
    given: Option<&Option<DecimalText>>,
    current: &mut Option<i64>,
) {
    if let Some(given) = given {
        *current = given
            .as_ref()
            .and_then(|text| parse_e6(validation, field, text));
    }
}

/// Applies the patch's fields to the product, recording each bad one, then the rules between
/// fields: both units exist and measure the same, a service is not tracked, the reorder
/// minimum is not above the maximum.
fn apply(
    validation: &mut Validation,
    product: &mut Product,
    patch: &UpdateProduct,
    uoms: &HashMap<String, Uom>,
) {
    if let Some(text) = &patch.name {
        product.name = name_of(validation, "name", text);
    }
    if let Some(sku) = &patch.sku {
        product.sku = text_of(validation, "sku", sku.clone(), 64);
    }
    if let Some(barcode) = &patch.barcode {
        product.barcode = text_of(validation, "barcode", barcode.clone(), 64);
        if product
            .barcode
            .as_deref()
            .is_some_and(|barcode| !barcode_check_digit_ok(barcode))
        {
            validation.add(
                "barcode",
                "has a wrong check digit (EAN-8, UPC-A or EAN-13)",
            );
        }
    }
    if let Some(kind) = patch
        .kind
        .as_deref()
        .and_then(|text| validation.code("type", text, ProductType::parse, ProductType::codes))
    {
        product.kind = kind;
    }
    if let Some(category) = patch.category_id {
        product.category_id = category;
    }
    apply_unit(
        validation,
        "uom",
        patch.uom.as_ref(),
        &mut product.uom,
        uoms,
    );
    // A purchase unit that only repeats an unknown `uom` (a creation's default) is said once.
    let purchase_uom = patch
        .purchase_uom
        .as_ref()
        .filter(|code| patch.uom.as_ref() != Some(*code) || uoms.contains_key(code.trim()));
    apply_unit(
        validation,
        "purchaseUom",
        purchase_uom,
        &mut product.purchase_uom,
        uoms,
    );
    if let Some(price) = &patch.sale_price {
        product.sale_price_e6 = parse_e6(validation, "salePrice", price).unwrap_or_default();
    }
    if let Some(cost) = &patch.cost {
        product.cost_e6 = parse_e6(validation, "cost", cost).unwrap_or_default();
    }
    if let Some(policy) = patch.invoice_policy.as_deref().and_then(|text| {
        validation.code(
            "invoicePolicy",
            text,
            InvoicePolicy::parse,
            InvoicePolicy::codes,
        )
    }) {
        product.invoice_policy = policy;
    }
    if let Some(tracking) = patch
        .tracking
        .as_deref()
        .and_then(|text| validation.code("tracking", text, Tracking::parse, Tracking::codes))
    {
        product.tracking = tracking;
    }
    let unit = uoms.get(&product.uom);
    let decimals = unit.map_or(MAX_DECIMALS, |unit| unit.decimals);
    apply_quantity(
        validation,
        "reorderMin",
        patch.reorder_min.as_ref(),
        &mut product.reorder_min_e4,
        decimals,
    );
    apply_quantity(
        validation,
        "reorderMax",
        patch.reorder_max.as_ref(),
        &mut product.reorder_max_e4,
        decimals,
    );
    apply_e6(
        validation,
        "weight",
        patch.weight.as_ref(),
        &mut product.weight_e6,
    );
    apply_e6(
        validation,
        "volume",
        patch.volume.as_ref(),
        &mut product.volume_e6,
    );
    if let Some(code) = &patch.hs_code {
        product.hs_code = text_of(validation, "hsCode", code.clone(), 32);
    }
    if let Some(text) = &patch.description {
        product.description = text_of(validation, "description", text.clone(), 10_000);
    }
    if let Some(text) = &patch.notes {
        product.notes = text_of(validation, "notes", text.clone(), 10_000);
    }
    product.can_be_sold = patch.can_be_sold.unwrap_or(product.can_be_sold);
    product.can_be_purchased = patch.can_be_purchased.unwrap_or(product.can_be_purchased);
    product.active = patch.active.unwrap_or(product.active);
    if let (Some(unit), Some(purchase)) = (unit, uoms.get(&product.purchase_uom))
        && unit.category != purchase.category
    {
        validation.add(
            "purchaseUom",
            format!(
                "must measure {} as uom {} does, not {}",
                unit.category, unit.code, purchase.category
            ),
        );
    }
    if product.kind == ProductType::Service && product.tracking != Tracking::None {
        validation.add("tracking", "a service is not tracked: must be none");
    }
    if let (Some(min), Some(max)) = (product.reorder_min_e4, product.reorder_max_e4)
        && min > max
    {
        validation.add("reorderMax", "must not be below reorderMin");
    }
}

/// The vendors as given, in the purchase unit's decimals.
fn parse_vendors(validation: &mut Validation, inputs: &[VendorInput], decimals: u8) -> Vec<Vendor> {
    if inputs.len() > 100 {
        validation.add("vendors", "at most 100 vendors");
    }
    inputs
        .iter()
        .enumerate()
        .map(|(index, input)| {
            let field = |name: &str| format!("vendors[{index}].{name}");
            let currency = input.currency.as_deref().map(str::trim).and_then(|code| {
                fields::currency(validation, &field("currency"), code).map(|_| code.to_owned())
            });
            let lead_time_days = match input.lead_time_days {
                Some(days) if !(0..=3650).contains(&days) => {
                    validation.add(field("leadTimeDays"), "must be 0 to 3650 days");
                    0
                }
                days => i32::try_from(days.unwrap_or(0)).unwrap_or(0),
            };
            Vendor {
                partner_id: input.partner_id,
                vendor_sku: text_of(
                    validation,
                    &field("vendorSku"),
                    input.vendor_sku.clone(),
                    64,
                ),
                price_e6: input
                    .price
                    .as_ref()
                    .and_then(|price| parse_e6(validation, &field("price"), price)),
                currency,
                min_quantity_e4: input
                    .min_quantity
                    .as_ref()
                    .and_then(|text| {
                        parse_quantity_field(validation, &field("minQuantity"), text, decimals)
                    })
                    .unwrap_or(0),
                lead_time_days,
            }
        })
        .collect()
}

/// 400 naming the category, each tax and each vendor that is not the company's, and a sale tax
/// among purchase taxes or the other way round.
async fn check_links(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    product: &Product,
    taxes: &ProductTaxes,
    vendors: &[Vendor],
) -> ApiResult<()> {
    let mut validation = Validation::new();
    if let Some(category) = product.category_id
        && store::category_by_id(db, ctx.company, category)
            .await?
            .is_none()
    {
        validation.add("categoryId", "no such category in this company");
    }
    let ids: Vec<Uuid> = taxes.sale.iter().chain(&taxes.purchase).copied().collect();
    let known: HashMap<Uuid, String> = books::taxes_by_ids(db, ctx.company, &ids)
        .await?
        .into_iter()
        .map(|tax| (tax.id, tax.type_tax_use))
        .collect();
    for (field, list, wrong_use) in [
        ("saleTaxIds", &taxes.sale, "purchase"),
        ("purchaseTaxIds", &taxes.purchase, "sale"),
    ] {
        let mut seen = HashSet::new();
        for (index, id) in list.iter().enumerate() {
            match known.get(id) {
                None => validation.add(format!("{field}[{index}]"), "no such tax in this company"),
                Some(tax_use) if tax_use == wrong_use => {
                    validation.add(format!("{field}[{index}]"), format!("is a {wrong_use} tax"));
                }
                Some(_) if !seen.insert(*id) => {
                    validation.add(format!("{field}[{index}]"), "is listed twice");
                }
                Some(_) => {}
            }
        }
    }
    let partner_ids: Vec<PartnerId> = vendors
        .iter()
        .map(|vendor| PartnerId(vendor.partner_id))
        .collect();
    let names = partners::names(db, ctx.company, &partner_ids).await?;
    for (index, id) in partner_ids.iter().enumerate() {
        if !names.contains_key(id) {
            validation.add(
                format!("vendors[{index}].partnerId"),
                "no such partner in this company",
            );
        }
    }
    validation.finish()
}

/// A unique violation on a product is its SKU or its barcode: the index names the column.
fn taken(error: DbErr) -> ApiError {
    if !is_unique_violation(&error) {
        return error.into();
    }
    if error.to_string().contains("sku") {
        errors::product_sku_taken()
    } else {
        errors::product_barcode_taken()
    }
}

/// What a product's view needs besides the product: its taxes and vendors, the units, the
/// categories' costing methods and the stock.
struct Context {
    taxes: HashMap<Uuid, ProductTaxes>,
    vendors: HashMap<Uuid, Vec<Vendor>>,
    uoms: HashMap<String, Uom>,
    costing: HashMap<Uuid, CostingMethod>,
    stock: HashMap<Uuid, StockLevel>,
}

async fn context_of(
    platform: &Platform,
    ctx: &Ctx,
    products: &[Product],
    warehouse: Option<Uuid>,
) -> ApiResult<Context> {
    let db = platform.db.connection();
    let ids: Vec<Uuid> = products.iter().map(|product| product.id).collect();
    let stocked: Vec<Uuid> = products
        .iter()
        .filter(|product| product.kind != ProductType::Service)
        .map(|product| product.id)
        .collect();
    let mut vendors: HashMap<Uuid, Vec<Vendor>> = HashMap::new();
    for (product, vendor) in store::vendors_of(db, ctx.company, &ids).await? {
        vendors.entry(product).or_default().push(vendor);
    }
    let stock = if stocked.is_empty() {
        HashMap::new()
    } else {
        (platform.stock_levels.levels)(db, ctx.company, &stocked, warehouse).await?
    };
    Ok(Context {
        taxes: store::taxes_of(db, ctx.company, &ids)
            .await?
            .into_iter()
            .collect(),
        vendors,
        uoms: uoms_by_code(db, ctx).await?,
        costing: store::all_categories(db, ctx.company)
            .await?
            .into_iter()
            .map(|category| (category.id, category.costing_method))
            .collect(),
        stock,
    })
}

fn product_view(ctx: &Ctx, context: &mut Context, product: Product) -> ProductView {
    let decimals = |code: &str| {
        context
            .uoms
            .get(code)
            .map_or(MAX_DECIMALS, |unit| unit.decimals)
    };
    let (unit, purchase) = (decimals(&product.uom), decimals(&product.purchase_uom));
    let quantity = |e4: i64| format_quantity(e4, unit);
    let stock = (product.kind != ProductType::Service).then(|| {
        let level = context.stock.get(&product.id).copied().unwrap_or_default();
        StockView {
            on_hand: quantity(level.on_hand_e4),
            reserved: quantity(level.reserved_e4),
            available: quantity(level.on_hand_e4 - level.reserved_e4),
            incoming: quantity(level.incoming_e4),
            outgoing: quantity(level.outgoing_e4),
        }
    });
    let taxes = context.taxes.remove(&product.id).unwrap_or_default();
    let vendors = context
        .vendors
        .remove(&product.id)
        .unwrap_or_default()
        .into_iter()
        .map(|vendor| VendorView {
            partner_id: vendor.partner_id,
            vendor_sku: vendor.vendor_sku,
            price: vendor.price_e6.map(price_text),
            currency: vendor
                .currency
                .unwrap_or_else(|| ctx.currency.code.to_owned()),
            min_quantity: format_quantity(vendor.min_quantity_e4, purchase),
            lead_time_days: vendor.lead_time_days,
        })
        .collect();
    let costing = product
        .category_id
        .and_then(|category| context.costing.get(&category).copied())
        .unwrap_or(CostingMethod::Standard);
    ProductView {
        id: product.id,
        name: product.name,
        sku: product.sku,
        barcode: product.barcode,
        kind: product.kind.as_str().to_owned(),
        category_id: product.category_id,
        sale_price: price_text(product.sale_price_e6),
        cost: price_text(product.cost_e6),
        costing_method: costing.as_str().to_owned(),
        currency: ctx.currency.code.to_owned(),
        sale_tax_ids: taxes.sale,
        purchase_tax_ids: taxes.purchase,
        invoice_policy: product.invoice_policy.as_str().to_owned(),
        tracking: product.tracking.as_str().to_owned(),
        reorder_min: product.reorder_min_e4.map(quantity),
        reorder_max: product.reorder_max_e4.map(quantity),
        weight: product.weight_e6.map(price_text),
        volume: product.volume_e6.map(price_text),
        hs_code: product.hs_code,
        description: product.description,
        can_be_sold: product.can_be_sold,
        can_be_purchased: product.can_be_purchased,
        vendors,
        active: product.active,
        notes: product.notes,
        stock,
        uom: product.uom,
        purchase_uom: product.purchase_uom,
        created_at: rfc3339(product.created_at),
        updated_at: rfc3339(product.updated_at),
    }
}

async fn full_view(
    platform: &Platform,
    ctx: &Ctx,
    product: Product,
    warehouse: Option<Uuid>,
) -> ApiResult<ProductView> {
    let mut context = context_of(platform, ctx, std::slice::from_ref(&product), warehouse).await?;
    Ok(product_view(ctx, &mut context, product))
}

/// Applies the patch to the product (a blank one for a creation) and saves it with its taxes
/// and vendors, in one transaction.
async fn save_product(
    platform: &Platform,
    ctx: &Ctx,
    existing: Option<ProductId>,
    patch: UpdateProduct,
) -> ApiResult<ProductView> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let now = now_micros();
    let mut was_active = None;
    let (mut product, mut taxes) = match existing {
        None => (blank_product(now), ProductTaxes::default()),
        Some(id) => {
            let product = store::product_for_update(&*transaction, ctx.company, id.0)
                .await?
                .ok_or_else(|| ApiError::not_found("product"))?;
            was_active = Some(product.active);
            let taxes = store::taxes_of(&*transaction, ctx.company, &[id.0])
                .await?
                .pop()
                .map(|(_, taxes)| taxes)
                .unwrap_or_default();
            (product, taxes)
        }
    };
    let uoms = uoms_by_code(&*transaction, ctx).await?;
    let mut validation = Validation::new();
    let before = (product.uom.clone(), product.tracking, product.kind);
    let cost_before = product.cost_e6;
    apply(&mut validation, &mut product, &patch, &uoms);
    if existing.is_some() {
        refuse_changes_under_stock(platform, ctx, &mut validation, &product, before).await?;
    }
    let purchase_decimals = uoms
        .get(&product.purchase_uom)
        .map_or(MAX_DECIMALS, |unit| unit.decimals);
    let vendors = patch
        .vendors
        .as_deref()
        .map(|inputs| parse_vendors(&mut validation, inputs, purchase_decimals));
    validation.finish()?;
    let taxes_given = patch.sale_tax_ids.is_some() || patch.purchase_tax_ids.is_some();
    if let Some(ids) = patch.sale_tax_ids {
        taxes.sale = ids;
    }
    if let Some(ids) = patch.purchase_tax_ids {
        taxes.purchase = ids;
    }
    let checked_taxes = if taxes_given {
        taxes.clone()
    } else {
        ProductTaxes::default()
    };
    check_links(
        &*transaction,
        ctx,
        &product,
        &checked_taxes,
        vendors.as_deref().unwrap_or_default(),
    )
    .await?;
    if existing.is_some() {
        product.updated_at = now.max(product.updated_at + 1);
        store::update_product(&*transaction, ctx.company, &product)
            .await
            .map_err(taken)?;
    } else {
        store::insert_product(&*transaction, ctx.company, &product)
            .await
            .map_err(taken)?;
    }
    let (total, active) = match was_active {
        None => (1, i64::from(product.active)),
        Some(before) => (0, i64::from(product.active) - i64::from(before)),
    };
    store::add_to_product_totals(&*transaction, ctx.company, total, active).await?;
    if existing.is_some() && product.cost_e6 != cost_before {
        (platform.stock_levels.revalue)(&mut transaction, ctx, product.id, product.cost_e6).await?;
    }
    if taxes_given {
        store::replace_taxes(&*transaction, ctx.company, product.id, &taxes).await?;
    }
    if let Some(vendors) = &vendors {
        store::replace_vendors(&*transaction, ctx.company, product.id, vendors).await?;
    }
    let event = if existing.is_some() {
        events::PRODUCT_UPDATED
    } else {
        events::PRODUCT_CREATED
    };
    transaction.emit(ctx.company, event, product.id);
    transaction.commit().await?;
    full_view(platform, ctx, product, None).await
}

pub async fn create_product(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateProduct,
) -> ApiResult<ProductView> {
    save_product(platform, ctx, None, input.into()).await
}

pub async fn update_product(
    platform: &Platform,
    ctx: &Ctx,
    id: ProductId,
    patch: UpdateProduct,
) -> ApiResult<ProductView> {
    save_product(platform, ctx, Some(id), patch).await
}

pub async fn get_product(
    platform: &Platform,
    ctx: &Ctx,
    id: ProductId,
    query: ProductQuery,
) -> ApiResult<ProductView> {
    let warehouse = fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?;
    let product = store::product_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("product"))?;
    full_view(platform, ctx, product, warehouse).await
}

fn parse_filter(query: &ProductListQuery) -> ApiResult<ProductFilter> {
    let kind = match query.kind.as_deref() {
        None | Some("") => None,
        Some(text) => Some(ProductType::parse(text).ok_or_else(|| {
            ApiError::invalid_field("type", format!("must be one of: {}", ProductType::codes()))
        })?),
    };
    Ok(ProductFilter {
        q: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_lowercase),
        category_ids: None,
        kind,
        active: fields::optional_bool("active", query.active.as_deref())?,
        ids: None,
    })
}

pub async fn list_products(
    platform: &Platform,
    ctx: &Ctx,
    query: ProductListQuery,
) -> ApiResult<Page<ProductView>> {
    let mut filter = parse_filter(&query)?;
    let category = fields::optional_uuid("category_id", query.category_id.as_deref())?;
    let below_min = fields::optional_bool("below_min", query.below_min.as_deref())?;
    let warehouse = fields::optional_uuid("warehouse_id", query.warehouse_id.as_deref())?;
    let key = format!(
        "{:?}|{:?}|{:?}|{:?}|{category:?}|{below_min:?}|{warehouse:?}",
        filter.q, filter.kind, filter.active, query.kind
    );
    let page = PageRequest::parse(&query.page, &PRODUCT_LIST, &key)?;
    let db = platform.db.connection();
    if let Some(category) = category {
        filter.category_ids = Some(with_descendants(&tree(db, ctx).await?, category));
    }
    if below_min == Some(true) {
        filter.ids = Some((platform.stock_levels.below_min)(db, ctx.company, warehouse).await?);
    }
    let (rows, total) = store::list_products(db, ctx.company, &filter, &page).await?;
    let by_name = page.sort.name == "name";
    let page = page.page(rows, total, |product| {
        let value = if by_name {
            SortValue::Text(product.name.clone())
        } else {
            SortValue::Integer(product.created_at)
        };
        (value, product.id)
    });
    let mut context = context_of(platform, ctx, &page.data, warehouse).await?;
    Ok(page.map(|product| product_view(ctx, &mut context, product)))
}

/// The stock of a product is kept in its unit and by its tracking: while it has stock or open
/// moves, neither may change, nor may it become a service (400 naming the field).
async fn refuse_changes_under_stock(
    platform: &Platform,
    ctx: &Ctx,
    validation: &mut Validation,
    product: &Product,
    (uom, tracking, kind): (String, Tracking, ProductType),
) -> ApiResult<()> {
    let changed: Vec<&str> = [
        ("uom", product.uom != uom),
        ("tracking", product.tracking != tracking),
        (
            "type",
            product.kind != kind && product.kind == ProductType::Service,
        ),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(field, _)| field)
    .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let levels =
        (platform.stock_levels.levels)(platform.db.connection(), ctx.company, &[product.id], None)
            .await?;
    let held = levels.get(&product.id).is_some_and(|level| {
        level.on_hand_e4 != 0
            || level.reserved_e4 != 0
            || level.incoming_e4 != 0
            || level.outgoing_e4 != 0
    });
    if held {
        for field in changed {
            validation.add(
                field,
                "cannot change while the product has stock or open moves",
            );
        }
    }
    Ok(())
}

/// Deletes a product no other record names (409 `product_in_use`, archive it instead); its
/// taxes and vendors go with it.
pub async fn delete_product(platform: &Platform, ctx: &Ctx, id: ProductId) -> ApiResult<()> {
    ctx.require_write(Area::Inventory)?;
    let mut transaction = platform.db.write().await?;
    let product = store::product_for_update(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("product"))?;
    let deleted = store::delete_row(&*transaction, "products", ctx.company, id.0)
        .await
        .map_err(refused_as(is_foreign_key_violation, errors::product_in_use))?;
    if !deleted {
        return Err(ApiError::not_found("product"));
    }
    store::add_to_product_totals(&*transaction, ctx.company, -1, -i64::from(product.active))
        .await?;
    transaction.emit(ctx.company, events::PRODUCT_DELETED, id.0);
    transaction.commit().await?;
    Ok(())
}
