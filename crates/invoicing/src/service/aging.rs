//! Aged receivables and payables: what each partner owes (or is owed) on posted invoices as of a
//! date, by how long it is overdue, in company currency. Summed in the database, per partner,
//! currency, rate and bucket; converted per group.

use std::collections::HashMap;

use arkan_crm::partners;
use arkan_kernel::{CompanyId, Currency, PartnerId, format_minor};
use arkan_platform::error::ApiResult;
use arkan_platform::{Ctx, Platform};
use chrono::{Days, NaiveDate};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};
use uuid::Uuid;

use crate::api::{AgingBuckets, AgingQuery, AgingReport, AgingRow};
use crate::domain::{Installment, amounts_due};
use crate::store::payment_terms as terms_store;
use arkan_kernel::money;
use arkan_platform::fields;
use arkan_platform::fields::optional_date;

/// (partner, name, currency, rate, bucket 0..=4, open amount in the invoice currency)
type Group = (Uuid, String, String, i64, i32, i64);

async fn open_amounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    kind: &str,
    as_of: NaiveDate,
) -> Result<Vec<Group>, DbErr> {
    let back = |days: u64| as_of.checked_sub_days(Days::new(days)).unwrap_or(as_of);
    let due = Expr::col(("invoices", "due_date"));
    let bucket = Expr::case(due.clone().gte(as_of), 0)
        .case(due.clone().gte(back(30)), 1)
        .case(due.clone().gte(back(60)), 2)
        .case(due.gte(back(90)), 3)
        .finally(4);
    let select = Query::select()
        .column(("invoices", "partner_id"))
        .column(("invoices", "currency"))
        .column(("invoices", "rate_e10"))
        .expr_as(bucket, Alias::new("bucket"))
        .expr_as(
            Expr::cust(
                "CAST(SUM(invoices.amount_total_minor - invoices.amount_paid_minor) AS BIGINT)",
            ),
            Alias::new("open"),
        )
        .from("invoices")
        .and_where(Expr::col(("invoices", "company_id")).eq(company.0))
        .and_where(Expr::col(("invoices", "kind")).eq(kind))
        .and_where(Expr::col(("invoices", "state")).eq("posted"))
        .and_where(Expr::col(("invoices", "invoice_date")).lte(as_of))
        .and_where(
            Expr::col(("invoices", "amount_paid_minor"))
                .lt(Expr::col(("invoices", "amount_total_minor"))),
        )
        // Documents with a payment term age per installment, below.
        .and_where(Expr::col(("invoices", "payment_term_id")).is_null())
        // By position: the bucket expression carries bound dates, and PostgreSQL would not match
        // a second copy of it in GROUP BY.
        .add_group_by(["1", "2", "3", "4"].map(Expr::cust))
        .to_owned();
    let rows = db.query_all(&select).await?;
    // (partner, currency, rate, bucket, open)
    let mut sums: Vec<(Uuid, String, i64, i32, i64)> = Vec::with_capacity(rows.len());
    for row in &rows {
        sums.push((
            row.try_get("", "partner_id")?,
            row.try_get("", "currency")?,
            row.try_get("", "rate_e10")?,
            row.try_get("", "bucket")?,
            row.try_get::<Option<i64>>("", "open")?.unwrap_or(0),
        ));
    }
    for (partner, currency, rate, bucket, open) in
        installment_amounts(db, company, kind, as_of).await?
    {
        match sums
            .iter_mut()
            .find(|sum| sum.0 == partner && sum.1 == currency && sum.2 == rate && sum.3 == bucket)
        {
            Some(sum) => sum.4 += open,
            None => sums.push((partner, currency, rate, bucket, open)),
        }
    }
    let mut partner_ids: Vec<PartnerId> = Vec::with_capacity(sums.len());
    for sum in &sums {
        partner_ids.push(PartnerId(sum.0));
    }
    partner_ids.sort_unstable();
    partner_ids.dedup();
    // Partners are the CRM's: their names come through its facade, not a join.
    let names = partners::names(db, company, &partner_ids).await?;
    let mut groups: Vec<Group> = sums
        .into_iter()
        .map(|(partner, currency, rate, bucket, open)| {
            (
                partner,
                names.get(&PartnerId(partner)).cloned().unwrap_or_default(),
                currency,
                rate,
                bucket,
                open,
            )
        })
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(groups)
}

/// The bucket of a due date as of a date: 0 not yet due, 1 up to 30 days late, then 31-60,
/// 61-90 and more (as the SQL above).
fn bucket_of(due: NaiveDate, as_of: NaiveDate) -> i32 {
    let late = (as_of - due).num_days();
    match late {
        ..=0 => 0,
        1..=30 => 1,
        31..=60 => 2,
        61..=90 => 3,
        _ => 4,
    }
}

/// The open amounts of posted documents with a payment term, each installment in the bucket
/// of its own due date (settlements take the oldest first): (partner, currency, rate, bucket,
/// open amount in the document's currency).
async fn installment_amounts(
    db: &impl ConnectionTrait,
    company: CompanyId,
    kind: &str,
    as_of: NaiveDate,
) -> Result<Vec<(Uuid, String, i64, i32, i64)>, DbErr> {
    let select = Query::select()
        .columns(
            [
                "id",
                "partner_id",
                "currency",
                "rate_e10",
                "amount_total_minor",
                "amount_paid_minor",
            ]
            .map(|column| ("invoices", column)),
        )
        .from("invoices")
        .and_where(Expr::col(("invoices", "company_id")).eq(company.0))
        .and_where(Expr::col(("invoices", "kind")).eq(kind))
        .and_where(Expr::col(("invoices", "state")).eq("posted"))
        .and_where(Expr::col(("invoices", "invoice_date")).lte(as_of))
        .and_where(
            Expr::col(("invoices", "amount_paid_minor"))
                .lt(Expr::col(("invoices", "amount_total_minor"))),
        )
        .and_where(Expr::col(("invoices", "payment_term_id")).is_not_null())
        .to_owned();
    let rows = db.query_all(&select).await?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: Uuid = row.try_get("", "id")?;
        let partner: Uuid = row.try_get("", "partner_id")?;
        let currency: String = row.try_get("", "currency")?;
        let rate: i64 = row.try_get("", "rate_e10")?;
        let paid: i64 = row.try_get("", "amount_paid_minor")?;
        documents.push((id, partner, currency, rate, paid));
    }
    let ids: Vec<Uuid> = documents.iter().map(|document| document.0).collect();
    let mut installments: HashMap<Uuid, Vec<Installment>> = HashMap::new();
    for (invoice, installment) in terms_store::installments_of(db, company, &ids).await? {
        installments.entry(invoice).or_default().push(installment);
    }
    let mut amounts = Vec::new();
    for (id, partner, currency, rate, paid) in documents {
        let own = installments.remove(&id).unwrap_or_default();
        for (installment, open) in own.iter().zip(amounts_due(&own, paid)) {
            if open != 0 {
                amounts.push((
                    partner,
                    currency.clone(),
                    rate,
                    bucket_of(installment.due_date, as_of),
                    open,
                ));
            }
        }
    }
    Ok(amounts)
}

fn buckets(ctx: &Ctx, amounts: [i64; 5]) -> AgingBuckets {
    let money = |minor: i64| format_minor(minor, ctx.currency.exponent);
    AgingBuckets {
        current: money(amounts[0]),
        days1_to30: money(amounts[1]),
        days31_to60: money(amounts[2]),
        days61_to90: money(amounts[3]),
        days90_plus: money(amounts[4]),
        total: money(amounts.iter().sum()),
    }
}

/// `receivables`: customer invoices; otherwise vendor bills.
pub async fn aging(
    platform: &Platform,
    ctx: &Ctx,
    query: AgingQuery,
    receivables: bool,
) -> ApiResult<AgingReport> {
    let as_of = optional_date("as_of", query.as_of.as_deref())?
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let kind = if receivables {
        "customer_invoice"
    } else {
        "vendor_bill"
    };
    let groups = open_amounts(platform.db.connection(), ctx.company, kind, as_of).await?;
    let mut rows: Vec<(Uuid, String, [i64; 5])> = Vec::new();
    for (partner, name, currency, rate, bucket, open) in groups {
        let amount = match Currency::from_code(&currency) {
            Some(from) if from.code != ctx.currency.code => {
                money::convert(open, from, rate, ctx.currency).unwrap_or(0)
            }
            _ => open,
        };
        let index = usize::try_from(bucket).unwrap_or(4).min(4);
        match rows.iter_mut().find(|row| row.0 == partner) {
            Some(row) => row.2[index] += amount,
            None => {
                let mut amounts = [0; 5];
                amounts[index] = amount;
                rows.push((partner, name, amounts));
            }
        }
    }
    let mut totals = [0_i64; 5];
    for (_, _, amounts) in &rows {
        for (total, amount) in totals.iter_mut().zip(amounts) {
            *total += amount;
        }
    }
    Ok(AgingReport {
        as_of: fields::format_date(as_of),
        data: rows
            .into_iter()
            .map(|(partner_id, partner_name, amounts)| AgingRow {
                partner_id,
                partner_name,
                buckets: buckets(ctx, amounts),
            })
            .collect(),
        totals: buckets(ctx, totals),
    })
}
