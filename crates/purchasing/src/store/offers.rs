//! The tables RFQs and tenders share, one set of functions for both (`OfferTables` names
//! them): the vendors asked, the request lines, the vendors' offers (quotes, bids) and their
//! lines; and what the documents read of purchase orders.

use std::collections::{HashMap, HashSet};

use arkan_kernel::CompanyId;
use arkan_platform::list::like_pattern;
use arkan_platform::sql::{self, get, get_code};
use chrono::NaiveDate;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::domain::QuoteSource;

/// The names of a document's offer tables (as `migrations::rfqs` made them).
pub struct OfferTables {
    pub document: &'static str,
    pub parent: &'static str,
    pub vendors: &'static str,
    pub lines: &'static str,
    pub offers: &'static str,
    pub offer_parent: &'static str,
    pub offer_lines: &'static str,
}

pub const RFQ_TABLES: OfferTables = OfferTables {
    document: "rfqs",
    parent: "rfq_id",
    vendors: "rfq_vendors",
    lines: "rfq_lines",
    offers: "rfq_quotes",
    offer_parent: "quote_id",
    offer_lines: "rfq_quote_lines",
};

pub const AGREEMENT_TABLES: OfferTables = OfferTables {
    document: "purchase_agreements",
    parent: "agreement_id",
    vendors: "purchase_agreement_vendors",
    lines: "purchase_agreement_lines",
    offers: "purchase_agreement_bids",
    offer_parent: "bid_id",
    offer_lines: "purchase_agreement_bid_lines",
};

/// A line of an RFQ or tender.
#[derive(Clone, Debug)]
pub struct RequestLine {
    pub id: Uuid,
    pub product_id: Option<Uuid>,
    pub description: String,
    pub quantity_e4: i64,
    pub uom: String,
    pub awarded_partner_id: Option<Uuid>,
    pub purchase_order_id: Option<Uuid>,
}

/// The vendors and lines of a document, in order.
#[derive(Clone, Debug, Default)]
pub struct RequestParts {
    pub vendors: Vec<Uuid>,
    pub lines: Vec<RequestLine>,
}

/// A vendor's quote of an RFQ or bid on a tender.
#[derive(Clone, Debug)]
pub struct VendorOffer {
    pub id: Uuid,
    pub document_id: Uuid,
    pub partner_id: Uuid,
    pub currency: String,
    pub amount_untaxed: i64,
    pub valid_until: Option<NaiveDate>,
    pub lead_time_days: Option<i32>,
    pub notes: Option<String>,
    pub source: QuoteSource,
    pub score_e2: Option<i64>,
    pub submitted_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub lines: Vec<OfferLine>,
}

#[derive(Clone, Debug)]
pub struct OfferLine {
    pub line_id: Uuid,
    pub unit_price_e6: i64,
    pub quantity_e4: i64,
    pub discount_ppm: i64,
    pub lead_time_days: Option<i32>,
    pub subtotal: i64,
}

fn position(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

async fn delete_where(
    db: &impl ConnectionTrait,
    company: CompanyId,
    table: &'static str,
    column: &'static str,
    ids: &[Uuid],
) -> Result<(), DbErr> {
    if ids.is_empty() {
        return Ok(());
    }
    let delete = Query::delete()
        .from_table(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(column).is_in(ids.iter().copied()))
        .to_owned();
    db.execute(&delete).await.map(|_| ())
}

/// Writes the document's vendors and lines in place of those it had (a draft: nothing
/// names its lines yet).
pub async fn replace_request_parts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    id: Uuid,
    parts: &RequestParts,
) -> Result<(), DbErr> {
    delete_where(db, company, tables.vendors, tables.parent, &[id]).await?;
    delete_where(db, company, tables.lines, tables.parent, &[id]).await?;
    if !parts.vendors.is_empty() {
        let mut insert = Query::insert()
            .into_table(tables.vendors)
            .columns(["company_id", "id", tables.parent, "partner_id", "position"])
            .to_owned();
        for (index, partner) in parts.vendors.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                id.into(),
                (*partner).into(),
                position(index).into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    if !parts.lines.is_empty() {
        let mut insert = Query::insert()
            .into_table(tables.lines)
            .columns([
                "company_id",
                "id",
                tables.parent,
                "position",
                "product_id",
                "description",
                "quantity_e4",
                "uom",
                "awarded_partner_id",
                "purchase_order_id",
            ])
            .to_owned();
        for (index, line) in parts.lines.iter().enumerate() {
            insert.values_panic([
                company.0.into(),
                line.id.into(),
                id.into(),
                position(index).into(),
                line.product_id.into(),
                line.description.clone().into(),
                line.quantity_e4.into(),
                line.uom.clone().into(),
                line.awarded_partner_id.into(),
                line.purchase_order_id.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    Ok(())
}

fn rows_of(
    company: CompanyId,
    table: &'static str,
    parent: &'static str,
    columns: &[&'static str],
    ids: &[Uuid],
) -> SelectStatement {
    Query::select()
        .column(parent)
        .columns(columns.iter().copied())
        .from(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(parent).is_in(ids.iter().copied()))
        .order_by(parent, Order::Asc)
        .order_by("position", Order::Asc)
        .to_owned()
}

/// The vendors and lines of these documents.
pub async fn request_parts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, RequestParts>, DbErr> {
    let mut parts: HashMap<Uuid, RequestParts> = ids
        .iter()
        .map(|id| (*id, RequestParts::default()))
        .collect();
    if ids.is_empty() {
        return Ok(parts);
    }
    let select = rows_of(company, tables.vendors, tables.parent, &["partner_id"], ids);
    for row in db.query_all(&select).await? {
        if let Some(found) = parts.get_mut(&get::<Uuid>(&row, tables.parent)?) {
            found.vendors.push(get(&row, "partner_id")?);
        }
    }
    let select = rows_of(
        company,
        tables.lines,
        tables.parent,
        &[
            "id",
            "product_id",
            "description",
            "quantity_e4",
            "uom",
            "awarded_partner_id",
            "purchase_order_id",
        ],
        ids,
    );
    for row in db.query_all(&select).await? {
        if let Some(found) = parts.get_mut(&get::<Uuid>(&row, tables.parent)?) {
            found.lines.push(RequestLine {
                id: get(&row, "id")?,
                product_id: get(&row, "product_id")?,
                description: get(&row, "description")?,
                quantity_e4: get(&row, "quantity_e4")?,
                uom: get(&row, "uom")?,
                awarded_partner_id: get(&row, "awarded_partner_id")?,
                purchase_order_id: get(&row, "purchase_order_id")?,
            });
        }
    }
    Ok(parts)
}

/// Records that these lines went to `partner` on purchase order `order`.
pub async fn award_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    lines: &[Uuid],
    partner: Uuid,
    order: Uuid,
) -> Result<(), DbErr> {
    if lines.is_empty() {
        return Ok(());
    }
    let update = Query::update()
        .table(tables.lines)
        .values([
            ("awarded_partner_id", partner.into()),
            ("purchase_order_id", order.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").is_in(lines.iter().copied()))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

const OFFER_COLUMNS: [&str; 12] = [
    "id",
    "partner_id",
    "currency",
    "amount_untaxed_minor",
    "valid_until",
    "lead_time_days",
    "notes",
    "source",
    "score_e2",
    "submitted_at",
    "created_at",
    "updated_at",
];

/// The offers of these documents, each with its lines, in the order they came in.
pub async fn offers_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<VendorOffer>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<VendorOffer>> =
        ids.iter().map(|id| (*id, Vec::new())).collect();
    if ids.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .column(tables.parent)
        .columns(OFFER_COLUMNS)
        .from(tables.offers)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(tables.parent).is_in(ids.iter().copied()))
        .order_by("submitted_at", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    let mut offers = Vec::new();
    for row in db.query_all(&select).await? {
        offers.push(offer(&row, tables.parent)?);
    }
    let offer_ids: Vec<Uuid> = offers.iter().map(|offer| offer.id).collect();
    let mut lines = offer_lines(db, company, tables, &offer_ids).await?;
    for mut offer in offers {
        offer.lines = lines.remove(&offer.id).unwrap_or_default();
        if let Some(list) = found.get_mut(&offer.document_id) {
            list.push(offer);
        }
    }
    Ok(found)
}

fn offer(row: &QueryResult, parent: &str) -> Result<VendorOffer, DbErr> {
    Ok(VendorOffer {
        id: get(row, "id")?,
        document_id: get(row, parent)?,
        partner_id: get(row, "partner_id")?,
        currency: get(row, "currency")?,
        amount_untaxed: get(row, "amount_untaxed_minor")?,
        valid_until: get(row, "valid_until")?,
        lead_time_days: get(row, "lead_time_days")?,
        notes: get(row, "notes")?,
        source: get_code(row, "source", QuoteSource::parse)?,
        score_e2: get(row, "score_e2")?,
        submitted_at: get(row, "submitted_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        lines: Vec::new(),
    })
}

async fn offer_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<OfferLine>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<OfferLine>> = HashMap::new();
    if ids.is_empty() {
        return Ok(found);
    }
    let select = rows_of(
        company,
        tables.offer_lines,
        tables.offer_parent,
        &[
            "line_id",
            "unit_price_e6",
            "quantity_e4",
            "discount_ppm",
            "lead_time_days",
            "subtotal_minor",
        ],
        ids,
    );
    for row in db.query_all(&select).await? {
        found
            .entry(get(&row, tables.offer_parent)?)
            .or_default()
            .push(OfferLine {
                line_id: get(&row, "line_id")?,
                unit_price_e6: get(&row, "unit_price_e6")?,
                quantity_e4: get(&row, "quantity_e4")?,
                discount_ppm: get(&row, "discount_ppm")?,
                lead_time_days: get(&row, "lead_time_days")?,
                subtotal: get(&row, "subtotal_minor")?,
            });
    }
    Ok(found)
}

/// Writes a vendor's offer: a new row, or in place of the one it had (same id, its lines
/// replaced).
pub async fn save_offer(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    offer: &VendorOffer,
    replacing: bool,
) -> Result<(), DbErr> {
    let pairs: Vec<(&'static str, sea_orm::Value)> = vec![
        ("currency", offer.currency.clone().into()),
        ("amount_untaxed_minor", offer.amount_untaxed.into()),
        ("valid_until", offer.valid_until.into()),
        ("lead_time_days", offer.lead_time_days.into()),
        ("notes", offer.notes.clone().into()),
        ("source", offer.source.as_str().into()),
        ("score_e2", offer.score_e2.into()),
        ("submitted_at", offer.submitted_at.into()),
        ("updated_at", offer.updated_at.into()),
    ];
    if replacing {
        delete_where(
            db,
            company,
            tables.offer_lines,
            tables.offer_parent,
            &[offer.id],
        )
        .await?;
        sql::update(db, tables.offers, company, offer.id, &pairs).await?;
    } else {
        let mut all: Vec<(&'static str, sea_orm::Value)> = vec![
            ("company_id", company.0.into()),
            ("id", offer.id.into()),
            (tables.parent, offer.document_id.into()),
            ("partner_id", offer.partner_id.into()),
            ("created_at", offer.created_at.into()),
        ];
        all.extend(pairs);
        sql::insert(db, tables.offers, &all).await?;
    }
    if offer.lines.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table(tables.offer_lines)
        .columns([
            "company_id",
            "id",
            tables.offer_parent,
            "line_id",
            "position",
            "unit_price_e6",
            "quantity_e4",
            "discount_ppm",
            "lead_time_days",
            "subtotal_minor",
        ])
        .to_owned();
    for (index, line) in offer.lines.iter().enumerate() {
        insert.values_panic([
            company.0.into(),
            Uuid::now_v7().into(),
            offer.id.into(),
            line.line_id.into(),
            position(index).into(),
            line.unit_price_e6.into(),
            line.quantity_e4.into(),
            line.discount_ppm.into(),
            line.lead_time_days.into(),
            line.subtotal.into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// Sets the offers' scores (tender evaluation).
pub async fn set_offer_scores(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    scores: &[(Uuid, Option<i64>)],
) -> Result<(), DbErr> {
    for (id, score) in scores {
        sql::update(
            db,
            tables.offers,
            company,
            *id,
            &[("score_e2", (*score).into())],
        )
        .await?;
    }
    Ok(())
}

/// Deletes a document with its vendors, lines and offers; the number deleted.
pub async fn delete_document(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tables: &OfferTables,
    id: Uuid,
) -> Result<u64, DbErr> {
    let offers = offers_of(db, company, tables, &[id]).await?;
    let offer_ids: Vec<Uuid> = offers
        .get(&id)
        .map(|offers| offers.iter().map(|offer| offer.id).collect())
        .unwrap_or_default();
    delete_where(
        db,
        company,
        tables.offer_lines,
        tables.offer_parent,
        &offer_ids,
    )
    .await?;
    delete_where(db, company, tables.offers, tables.parent, &[id]).await?;
    delete_where(db, company, tables.vendors, tables.parent, &[id]).await?;
    delete_where(db, company, tables.lines, tables.parent, &[id]).await?;
    let delete = Query::delete()
        .from_table(tables.document)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(db.execute(&delete).await?.rows_affected())
}

/// Of these purchase orders, those that still exist and are not cancelled.
pub async fn live_orders(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<HashSet<Uuid>, DbErr> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let select = Query::select()
        .column("id")
        .from("purchase_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .and_where(Expr::col("state").ne("cancelled"))
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| get(row, "id"))
        .collect()
}

/// The purchase orders made from a document (`column`: `rfq_id`, `blanket_order_id` or
/// `agreement_id`), oldest first.
pub async fn orders_from(
    db: &impl ConnectionTrait,
    company: CompanyId,
    column: &'static str,
    id: Uuid,
) -> Result<Vec<Uuid>, DbErr> {
    let select = Query::select()
        .column("id")
        .from("purchase_orders")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(column).eq(id))
        .order_by("created_at", Order::Asc)
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| get(row, "id"))
        .collect()
}

/// `q` in any of these columns, ignoring case.
pub fn text_search(table: &'static str, columns: &[&'static str], q: &str) -> Condition {
    let q = q.to_lowercase();
    columns.iter().fold(Condition::any(), |any, column| {
        any.add(Func::lower(Expr::col((table, *column))).like(like_pattern(&q)))
    })
}

/// Documents that list `partner` among their vendors (a list filter).
pub fn asking_vendor(company: CompanyId, tables: &OfferTables, partner: Uuid) -> SelectStatement {
    Query::select()
        .column(tables.parent)
        .from(tables.vendors)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner))
        .to_owned()
}
