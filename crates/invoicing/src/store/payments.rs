//! SQL of payments and their allocations to invoices. Every statement carries the company, and
//! the amounts that must never exceed their limits are moved by conditional updates, so two
//! concurrent allocations cannot over-allocate a payment or over-pay an invoice.

use arkan_kernel::CompanyId;
use arkan_platform::list::{PageRequest, fetch_page};
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult, Value};
use uuid::Uuid;

use crate::domain::{PaymentDirection, PaymentStatus};
use arkan_ledger::books::DocumentState;
use arkan_platform::sql::get_code;

#[derive(Clone, Debug)]
pub struct Payment {
    pub id: Uuid,
    pub payment_type: PaymentDirection,
    pub partner_id: Uuid,
    pub amount_minor: i64,
    pub currency: String,
    pub rate_e10: i64,
    pub date: NaiveDate,
    pub journal_id: Uuid,
    pub method: String,
    pub reference: Option<String>,
    pub cheque_number: Option<String>,
    pub value_date: Option<NaiveDate>,
    pub state: DocumentState,
    pub number: Option<String>,
    pub journal_entry_id: Option<Uuid>,
    pub amount_allocated_minor: i64,
    pub exported_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// (invoice, amount, write-off; both in the payment currency)
    pub allocations: Vec<(Uuid, i64, i64)>,
}

const COLUMNS: [&str; 19] = [
    "id",
    "payment_type",
    "partner_id",
    "amount_minor",
    "currency",
    "rate_e10",
    "payment_date",
    "journal_id",
    "method",
    "reference",
    "cheque_number",
    "value_date",
    "state",
    "number",
    "journal_entry_id",
    "amount_allocated_minor",
    "exported_at",
    "created_at",
    "updated_at",
];

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> Result<T, DbErr> {
    row.try_get("", column)
}

fn payment(row: &QueryResult) -> Result<Payment, DbErr> {
    Ok(Payment {
        id: get(row, "id")?,
        payment_type: get_code(row, "payment_type", PaymentDirection::parse)?,
        partner_id: get(row, "partner_id")?,
        amount_minor: get(row, "amount_minor")?,
        currency: get(row, "currency")?,
        rate_e10: get(row, "rate_e10")?,
        date: get(row, "payment_date")?,
        journal_id: get(row, "journal_id")?,
        method: get(row, "method")?,
        reference: get(row, "reference")?,
        cheque_number: get(row, "cheque_number")?,
        value_date: get(row, "value_date")?,
        state: get_code(row, "state", DocumentState::parse)?,
        number: get(row, "number")?,
        journal_entry_id: get(row, "journal_entry_id")?,
        amount_allocated_minor: get(row, "amount_allocated_minor")?,
        exported_at: get(row, "exported_at")?,
        created_at: get(row, "created_at")?,
        updated_at: get(row, "updated_at")?,
        allocations: Vec::new(),
    })
}

pub async fn insert_payment(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: &Payment,
) -> Result<(), DbErr> {
    let values: Vec<Value> = vec![
        company.0.into(),
        payment.id.into(),
        payment.payment_type.as_str().into(),
        payment.partner_id.into(),
        payment.amount_minor.into(),
        payment.currency.clone().into(),
        payment.rate_e10.into(),
        payment.date.into(),
        payment.journal_id.into(),
        payment.method.clone().into(),
        payment.reference.clone().into(),
        payment.cheque_number.clone().into(),
        payment.value_date.into(),
        payment.state.as_str().into(),
        payment.number.clone().into(),
        payment.journal_entry_id.into(),
        payment.amount_allocated_minor.into(),
        payment.exported_at.into(),
        payment.created_at.into(),
        payment.updated_at.into(),
    ];
    let statement = Query::insert()
        .into_table("payments")
        .columns(["company_id"].into_iter().chain(COLUMNS))
        .values_panic(values.into_iter().map(Into::into))
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

/// Marks a draft posted with its entry and number, only if it is still the draft read.
pub async fn mark_posted(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: &Payment,
    read_version: i64,
) -> Result<bool, DbErr> {
    let statement = Query::update()
        .table("payments")
        .values([
            ("state", payment.state.as_str().into()),
            ("number", payment.number.clone().into()),
            ("journal_entry_id", payment.journal_entry_id.into()),
            ("updated_at", payment.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(payment.id))
        .and_where(Expr::col("state").eq(DocumentState::Draft.as_str()))
        .and_where(Expr::col("updated_at").eq(read_version))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

pub fn payments(
    company: CompanyId,
    payment_type: Option<PaymentDirection>,
    state: Option<DocumentState>,
    partner: Option<Uuid>,
) -> SelectStatement {
    let mut select = Query::select()
        .columns(COLUMNS.map(|column| ("payments", column)))
        .from("payments")
        .and_where(Expr::col(("payments", "company_id")).eq(company.0))
        .to_owned();
    if let Some(payment_type) = payment_type {
        select.and_where(Expr::col(("payments", "payment_type")).eq(payment_type.as_str()));
    }
    if let Some(state) = state {
        select.and_where(Expr::col(("payments", "state")).eq(state.as_str()));
    }
    if let Some(partner) = partner {
        select.and_where(Expr::col(("payments", "partner_id")).eq(partner));
    }
    select
}

pub async fn list_payments(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Payment>, i64), DbErr> {
    let (mut list, total) = fetch_page(db, filtered, page, ("payments", "id"), payment).await?;
    attach_allocations(db, company, &mut list).await?;
    Ok((list, total))
}

pub async fn payment_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Payment>, DbErr> {
    let mut select = payments(company, None, None, None);
    select.and_where(Expr::col(("payments", "id")).eq(id));
    let Some(row) = db.query_one(&select).await? else {
        return Ok(None);
    };
    let mut found = [payment(&row)?];
    attach_allocations(db, company, &mut found).await?;
    let [found] = found;
    Ok(Some(found))
}

async fn attach_allocations(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payments: &mut [Payment],
) -> Result<(), DbErr> {
    if payments.is_empty() {
        return Ok(());
    }
    let select = Query::select()
        .columns([
            "payment_id",
            "invoice_id",
            "amount_minor",
            "write_off_minor",
        ])
        .from("payment_allocations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_id").is_in(payments.iter().map(|payment| payment.id)))
        .order_by("created_at", Order::Asc)
        .to_owned();
    for row in db.query_all(&select).await? {
        let payment_id: Uuid = get(&row, "payment_id")?;
        if let Some(payment) = payments.iter_mut().find(|payment| payment.id == payment_id) {
            let write_off: Option<i64> = get(&row, "write_off_minor")?;
            payment.allocations.push((
                get(&row, "invoice_id")?,
                get(&row, "amount_minor")?,
                write_off.unwrap_or(0),
            ));
        }
    }
    Ok(())
}

/// Moves a posted payment's allocated amount by `delta`, only while it stays within
/// `0..=amount`. Returns whether it did.
pub async fn move_allocated(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: Uuid,
    delta: i64,
    now: i64,
) -> Result<bool, DbErr> {
    let allocated = Expr::col("amount_allocated_minor").add(delta);
    let statement = Query::update()
        .table("payments")
        .value("amount_allocated_minor", allocated.clone())
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(payment))
        .and_where(Expr::col("state").eq(DocumentState::Posted.as_str()))
        .and_where(allocated.clone().lte(Expr::col("amount_minor")))
        .and_where(allocated.gte(0))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Moves a posted invoice's paid amount by `delta`, only while it stays within `0..=total`, and
/// sets its payment state to match. Returns whether it did.
pub async fn move_paid(
    db: &impl ConnectionTrait,
    company: CompanyId,
    invoice: Uuid,
    delta: i64,
    now: i64,
) -> Result<bool, DbErr> {
    let paid = Expr::col("amount_paid_minor").add(delta);
    let state = Expr::case(
        paid.clone().eq(Expr::col("amount_total_minor")),
        PaymentStatus::Paid.as_str(),
    )
    .case(paid.clone().eq(0), PaymentStatus::NotPaid.as_str())
    .finally(PaymentStatus::Partial.as_str());
    let statement = Query::update()
        .table("invoices")
        .value("amount_paid_minor", paid.clone())
        .value("payment_state", state)
        .value("updated_at", now)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(invoice))
        .and_where(Expr::col("state").eq(DocumentState::Posted.as_str()))
        .and_where(paid.clone().lte(Expr::col("amount_total_minor")))
        .and_where(paid.gte(0))
        .to_owned();
    Ok(db.execute(&statement).await?.rows_affected() == 1)
}

/// Adds to the allocation of a payment to an invoice (creating it): `amount` of the payment,
/// `invoice_amount` moved on the document (its currency, write-off included), the exchange
/// difference that part realised and the write-off (in the payment currency, its value in
/// company currency, the account) that closed the document, if any. An allocation whose difference was never kept (NULL) stays NULL.
#[expect(
    clippy::too_many_arguments,
    reason = "one row's values, each its own column"
)]
pub async fn add_allocation(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: Uuid,
    invoice: Uuid,
    amount: i64,
    invoice_amount: i64,
    exchange_difference: i64,
    write_off: Option<(i64, i64, Uuid)>,
    early_discount: bool,
    now: i64,
) -> Result<(), DbErr> {
    let excluded = Alias::new("excluded");
    let statement = Query::insert()
        .into_table("payment_allocations")
        .columns([
            "company_id",
            "payment_id",
            "invoice_id",
            "amount_minor",
            "exchange_difference_minor",
            "write_off_minor",
            "write_off_value_minor",
            "write_off_account_id",
            "invoice_amount_minor",
            "early_discount",
            "created_at",
        ])
        .values_panic([
            company.0.into(),
            payment.into(),
            invoice.into(),
            amount.into(),
            exchange_difference.into(),
            write_off.map(|(minor, _, _)| minor).into(),
            write_off.map(|(_, value, _)| value).into(),
            write_off.map(|(_, _, account)| account).into(),
            invoice_amount.into(),
            early_discount.into(),
            now.into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "payment_id", "invoice_id"])
                .values([
                    (
                        "amount_minor",
                        Expr::col(("payment_allocations", "amount_minor"))
                            .add(Expr::col((excluded.clone(), "amount_minor"))),
                    ),
                    (
                        "exchange_difference_minor",
                        Expr::col(("payment_allocations", "exchange_difference_minor"))
                            .add(Expr::col((excluded.clone(), "exchange_difference_minor"))),
                    ),
                    (
                        "write_off_minor",
                        Func::if_null(
                            Expr::col((excluded.clone(), "write_off_minor")),
                            Expr::col(("payment_allocations", "write_off_minor")),
                        )
                        .into(),
                    ),
                    (
                        "write_off_value_minor",
                        Func::if_null(
                            Expr::col((excluded.clone(), "write_off_value_minor")),
                            Expr::col(("payment_allocations", "write_off_value_minor")),
                        )
                        .into(),
                    ),
                    (
                        "invoice_amount_minor",
                        Expr::expr(Func::if_null(
                            Expr::col(("payment_allocations", "invoice_amount_minor")),
                            Expr::col(("payment_allocations", "amount_minor")),
                        ))
                        .add(Expr::col((excluded.clone(), "invoice_amount_minor"))),
                    ),
                    (
                        "write_off_account_id",
                        Func::if_null(
                            Expr::col((excluded, "write_off_account_id")),
                            Expr::col(("payment_allocations", "write_off_account_id")),
                        )
                        .into(),
                    ),
                ])
                .to_owned(),
        )
        .to_owned();
    db.execute(&statement).await.map(|_| ())
}

/// An allocation taken back: its amount and the exchange difference it realised (None when it
/// was made before differences were kept).
pub struct RemovedAllocation {
    pub amount: i64,
    pub exchange_difference: Option<i64>,
    /// What it moved on the document's paid amount (None on rows from before it was kept:
    /// `amount`).
    pub invoice_amount: Option<i64>,
    /// The write-off that closed the document (payment currency), its value in company
    /// currency (None on no row yet) and its account.
    pub write_off: Option<(i64, Option<i64>, Uuid)>,
    /// The write-off was the document's early-payment discount (its taxes got their share).
    pub early_discount: bool,
}

/// Removes an allocation (None when there was none). The row's values come back from the
/// delete itself, so a concurrent allocation of the same pair cannot slip in between.
pub async fn remove_allocation(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: Uuid,
    invoice: Uuid,
) -> Result<Option<RemovedAllocation>, DbErr> {
    let delete = Query::delete()
        .from_table("payment_allocations")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_id").eq(payment))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .returning(Query::returning().columns([
            "amount_minor",
            "exchange_difference_minor",
            "write_off_minor",
            "write_off_value_minor",
            "write_off_account_id",
            "invoice_amount_minor",
            "early_discount",
        ]))
        .to_owned();
    let Some(row) = db.query_one(&delete).await? else {
        return Ok(None);
    };
    Ok(Some(RemovedAllocation {
        amount: get(&row, "amount_minor")?,
        exchange_difference: get(&row, "exchange_difference_minor")?,
        invoice_amount: get(&row, "invoice_amount_minor")?,
        write_off: get::<Option<i64>>(&row, "write_off_minor")?
            .zip(get::<Option<Uuid>>(&row, "write_off_account_id")?)
            .map(|(minor, account)| -> Result<_, DbErr> {
                Ok((minor, get(&row, "write_off_value_minor")?, account))
            })
            .transpose()?,
        early_discount: get::<Option<bool>>(&row, "early_discount")?.unwrap_or(false),
    }))
}

/// Posted outbound payments never exported, dated from `from` to `to` (each inclusive, when
/// given): those a bank file may take.
pub fn exportable(
    company: CompanyId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> SelectStatement {
    let mut select = payments(
        company,
        Some(PaymentDirection::Outbound),
        Some(DocumentState::Posted),
        None,
    );
    select.and_where(Expr::col(("payments", "exported_at")).is_null());
    if let Some(from) = from {
        select.and_where(Expr::col(("payments", "payment_date")).gte(from));
    }
    if let Some(to) = to {
        select.and_where(Expr::col(("payments", "payment_date")).lte(to));
    }
    select
}

/// Posted outbound payments as (id, date, exported at), oldest first (the order of a file).
pub async fn posted_outbound(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<(Uuid, NaiveDate, Option<i64>)>, DbErr> {
    let mut select = payments(
        company,
        Some(PaymentDirection::Outbound),
        Some(DocumentState::Posted),
        None,
    );
    select
        .order_by(("payments", "created_at"), Order::Asc)
        .order_by(("payments", "id"), Order::Asc);
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                get(row, "id")?,
                get(row, "payment_date")?,
                get(row, "exported_at")?,
            ))
        })
        .collect()
}

/// Sets `exported_at` on these payments.
pub async fn mark_exported(
    db: &impl ConnectionTrait,
    company: CompanyId,
    ids: &[Uuid],
    at: i64,
) -> Result<(), DbErr> {
    for chunk in ids.chunks(500) {
        let update = Query::update()
            .table("payments")
            .value("exported_at", at)
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}

/// Records what an early-payment discount gave back to each tax account.
pub async fn add_discount_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: Uuid,
    invoice: Uuid,
    shares: &[(Uuid, i64)],
) -> Result<(), DbErr> {
    if shares.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("allocation_discount_taxes")
        .columns([
            "company_id",
            "payment_id",
            "invoice_id",
            "account_id",
            "amount_minor",
        ])
        .to_owned();
    for (account, amount) in shares {
        insert.values_panic([
            company.0.into(),
            payment.into(),
            invoice.into(),
            (*account).into(),
            (*amount).into(),
        ]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// Takes back what an early-payment discount gave each tax account (the rows go with it).
pub async fn take_discount_taxes(
    db: &impl ConnectionTrait,
    company: CompanyId,
    payment: Uuid,
    invoice: Uuid,
) -> Result<Vec<(Uuid, i64)>, DbErr> {
    let select = Query::select()
        .columns(["account_id", "amount_minor"])
        .from("allocation_discount_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_id").eq(payment))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .order_by("account_id", Order::Asc)
        .to_owned();
    let mut shares = Vec::new();
    for row in db.query_all(&select).await? {
        shares.push((get(&row, "account_id")?, get(&row, "amount_minor")?));
    }
    let delete = Query::delete()
        .from_table("allocation_discount_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("payment_id").eq(payment))
        .and_where(Expr::col("invoice_id").eq(invoice))
        .to_owned();
    db.execute(&delete).await?;
    Ok(shares)
}
