//! SQL of credit notes set against documents of their partner (netting). The documents' paid
//! amounts move through `payments::move_paid`, by conditional updates.

use std::collections::HashMap;

use arkan_kernel::CompanyId;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

/// Adds to the setting of a credit note against a document (creating it), with the exchange
/// difference that part realised.
pub async fn add(
    db: &impl ConnectionTrait,
    company: CompanyId,
    credit_note: Uuid,
    invoice: Uuid,
    amount: i64,
    exchange_difference: i64,
    now: i64,
) -> Result<(), DbErr> {
    let excluded = Alias::new("excluded");
    let statement = Query::insert()
        .into_table("credit_note_allocations")
        .columns([
            "company_id",
            "credit_note_id",
            "invoice_id",
            "amount_minor",
            "exchange_difference_minor",
            "created_at",
        ])
        .values_panic([
            company.0.into(),
            credit_note.into(),
            invoice.into(),
            amount.into(),
            exchange_difference.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "credit_note_id", "invoice_id"])
                .values([
                    (
                        "amount_minor",
                        Expr::col(("credit_note_allocations", "amount_minor"))
                            .add(Expr::col((excluded.clone(), "amount_minor"))),
                    ),
                    (
                        "exchange_difference_minor",
                        Expr::col(("credit_note_allocations", "exchange_difference_minor"))
                            .add(Expr::col((excluded, "exchange_difference_minor"))),
                    ),
                ])
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

/// Removes a setting (None when there was none): its amount and exchange difference, read from
/// the delete itself.
pub async fn remove(
    db: &impl ConnectionTrait,
    company: CompanyId,
    credit_note: Uuid,
    invoice: Uuid,
) -> Result<Option<(i64, i64)>, DbErr> {
    let delete = Query::delete()
        .from_table("credit_note_allocations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("credit_note_id").eq(credit_note))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .returning(Query::returning().columns(["amount_minor", "exchange_difference_minor"]))
        .to_owned();
    let Some(row) = db.query_one(&delete).await? else {
        return Ok(None);
    };
    Ok(Some((
        get(&row, "amount_minor")?,
        get(&row, "exchange_difference_minor")?,
    )))
}

/// The settings of each of `credit_notes` as (document, amount), oldest first, in one query; a
/// credit note without any has no entry.
pub async fn of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    credit_notes: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(Uuid, i64)>>, DbErr> {
    let mut found: HashMap<Uuid, Vec<(Uuid, i64)>> = HashMap::new();
    if credit_notes.is_empty() {
        return Ok(found);
    }
    let select = Query::select()
        .columns(["credit_note_id", "invoice_id", "amount_minor"])
        .from("credit_note_allocations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("credit_note_id").is_in(credit_notes.iter().copied()))
        .order_by("created_at", Order::Asc)
        .order_by("invoice_id", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let note: Uuid = get(&row, "credit_note_id")?;
        found
            .entry(note)
            .or_default()
            .push((get(&row, "invoice_id")?, get(&row, "amount_minor")?));
    }
    Ok(found)
}
