//! Taxes.

use super::*;

#[derive(Clone, Debug)]
pub struct Tax {
    pub id: Uuid,
    pub name: String,
    pub amount_type: String,
    pub rate: i64,
    pub type_tax_use: String,
    pub price_include: bool,
    pub account_id: Uuid,
    pub vat_box: Option<String>,
    pub reverse_charge: bool,
    pub counterpart_account_id: Option<Uuid>,
    /// Taxes of a line apply in ascending sequence (ties: the line's order).
    pub sequence: i32,
    /// Its amount joins the base of the line's taxes of a higher sequence.
    pub include_base_amount: bool,
    /// The part of a purchase tax the buyer may recover, in parts per million (100 % =
    /// 1,000,000); the rest is booked on the line's expense account.
    pub recoverable_ppm: i64,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const TAX_COLUMNS: [&str; 16] = [
    "id",
    "name",
    "amount_type",
    "rate",
    "type_tax_use",
    "price_include",
    "account_id",
    "vat_box",
    "reverse_charge",
    "counterpart_account_id",
    "sequence",
    "include_base_amount",
    "recoverable_ppm",
    "active",
    "created_at",
    "updated_at",
];

fn tax(row: &QueryResult) -> Result<Tax, DbErr> {
    Ok(Tax {
        id: get(row, "id")?,
        name: get(row, "name")?,
        amount_type: get(row, "amount_type")?,
        rate: get(row, "rate")?,
        type_tax_use: get(row, "type_tax_use")?,
        price_include: get(row, "price_include")?,
        account_id: get(row, "account_id")?,
        vat_box: get(row, "vat_box")?,
        reverse_charge: get(row, "reverse_charge")?,
        counterpart_account_id: get(row, "counterpart_account_id")?,
        sequence: get(row, "sequence")?,
        include_base_amount: get(row, "include_base_amount")?,
        recoverable_ppm: get(row, "recoverable_ppm")?,
        active: get(row, "active")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
    })
}

pub async fn insert_tax(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tax: &Tax,
) -> Result<(), DbErr> {
    insert(
        db,
        "taxes",
        &[
            ("company_id", company.0.into()),
            ("id", tax.id.into()),
            ("name", tax.name.clone().into()),
            ("amount_type", tax.amount_type.clone().into()),
            ("rate", tax.rate.into()),
            ("type_tax_use", tax.type_tax_use.clone().into()),
            ("price_include", tax.price_include.into()),
            ("account_id", tax.account_id.into()),
            ("vat_box", tax.vat_box.clone().into()),
            ("reverse_charge", tax.reverse_charge.into()),
            ("counterpart_account_id", tax.counterpart_account_id.into()),
            ("sequence", tax.sequence.into()),
            ("include_base_amount", tax.include_base_amount.into()),
            ("recoverable_ppm", tax.recoverable_ppm.into()),
            ("active", tax.active.into()),
            ("created_at", tax.created_at.into()),
            ("updated_at", tax.updated_at.into()),
        ],
    )
    .await
}

pub async fn update_tax(
    db: &impl ConnectionTrait,
    company: CompanyId,
    tax: &Tax,
) -> Result<(), DbErr> {
    update(
        db,
        "taxes",
        company,
        tax.id,
        &[
            ("name", tax.name.clone().into()),
            ("account_id", tax.account_id.into()),
            ("vat_box", tax.vat_box.clone().into()),
            ("sequence", tax.sequence.into()),
            ("include_base_amount", tax.include_base_amount.into()),
            ("recoverable_ppm", tax.recoverable_ppm.into()),
            ("active", tax.active.into()),
            ("updated_at", tax.updated_at.into()),
        ],
    )
    .await
    .map(|_| ())
}

pub fn taxes(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(TAX_COLUMNS.map(|column| ("taxes", column)))
        .from("taxes")
        .and_where(Expr::col(("taxes", "company_id")).eq(company.0))
        .to_owned()
}

pub async fn list_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    page: &PageRequest,
) -> Result<(Vec<Tax>, i64), DbErr> {
    let filtered = taxes(company);
    fetch_page(db, &filtered, page, ("taxes", "id"), tax).await
}

pub async fn tax_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Tax>, DbErr> {
    let mut select = taxes(company);
    select.and_where(Expr::col(("taxes", "id")).eq(id));
    db.query_one(&select).await?.as_ref().map(tax).transpose()
}

/// Taxes of this company among `ids`.
pub async fn taxes_by_ids(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
) -> Result<Vec<Tax>, DbErr> {
    let mut select = taxes(company);
    select.and_where(Expr::col(("taxes", "id")).is_in(ids.iter().copied()));
    db.query_all(&select).await?.iter().map(tax).collect()
}

/// Every tax of the company, active or not, by name.
pub async fn all_taxes(db: &impl ConnectionTrait, company: CompanyId) -> Result<Vec<Tax>, DbErr> {
    let mut select = taxes(company);
    select
        .order_by(("taxes", "name"), Order::Asc)
        .order_by(("taxes", "id"), Order::Asc);
    db.query_all(&select).await?.iter().map(tax).collect()
}
