//! The tax details of posted entries: per entry, tax and partner, the base, the tax and its
//! recoverable part, in company currency and signed as the VAT return shows them. Written in the
//! posting transaction; read by the VAT return.

use super::*;

/// One tax of a posted entry, as the poster computed it (or as the ledger derived it from the
/// lines carrying the tax, for entries posted without details).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxDetail {
    pub tax_id: Uuid,
    pub partner_id: Option<Uuid>,
    /// The amount the tax was computed on (0 when derived from lines).
    pub base_minor: i64,
    pub tax_minor: i64,
    /// The part of the tax the company may recover (purchases); the tax itself on sales.
    pub recoverable_minor: i64,
}

impl TaxDetail {
    /// The same detail with every amount negated (a reversal's).
    pub fn negated(&self) -> TaxDetail {
        TaxDetail {
            base_minor: -self.base_minor,
            tax_minor: -self.tax_minor,
            recoverable_minor: -self.recoverable_minor,
            ..self.clone()
        }
    }
}

/// Writes the details of posted entries: (entry id, entry date, detail) each, many rows per
/// statement. (What they add to the kept month sums: [`tax_month_additions`].)
pub async fn insert_tax_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
    details: &[(Uuid, NaiveDate, TaxDetail)],
    now: i64,
) -> Result<(), DbErr> {
    let mut statements = Vec::new();
    for chunk in details.chunks(rows_per_statement(10)) {
        let mut statement = Query::insert()
            .into_table("journal_entry_taxes")
            .columns([
                "company_id",
                "id",
                "entry_id",
                "entry_date",
                "tax_id",
                "partner_id",
                "base_minor",
                "tax_minor",
                "recoverable_minor",
                "created_at",
            ])
            .to_owned();
        for (entry_id, date, detail) in chunk {
            statement.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                (*entry_id).into(),
                (*date).into(),
                detail.tax_id.into(),
                detail.partner_id.into(),
                detail.base_minor.into(),
                detail.tax_minor.into(),
                detail.recoverable_minor.into(),
                now.into(),
            ]);
        }
        statements.push(statement);
    }
    run_all(db, statements).await
}

/// The statements that add details to the kept month sums, per month, tax and partner (the
/// nil id for none): one row touched once, in key order, many rows per statement.
pub fn tax_month_additions(
    company: CompanyId,
    details: &[(Uuid, NaiveDate, TaxDetail)],
) -> Vec<InsertStatement> {
    use chrono::Datelike;
    let mut sums: std::collections::BTreeMap<(NaiveDate, Uuid, Uuid), [i64; 3]> =
        std::collections::BTreeMap::new();
    for (_, date, detail) in details {
        let month = date.with_day(1).unwrap_or(*date);
        let key = (
            month,
            detail.tax_id,
            detail.partner_id.unwrap_or(Uuid::nil()),
        );
        let sum = sums.entry(key).or_default();
        sum[0] += detail.base_minor;
        sum[1] += detail.tax_minor;
        sum[2] += detail.recoverable_minor;
    }
    let rows = sums
        .into_iter()
        .map(|((month, tax, partner), [base, tax_amount, recoverable])| {
            vec![
                company.0.into(),
                month.into(),
                tax.into(),
                partner.into(),
                base.into(),
                tax_amount.into(),
                recoverable.into(),
            ]
        })
        .collect();
    kept_additions(
        TAX_MONTHS,
        &["company_id", "month", "tax_id", "partner_key"],
        &TAX_SUMS,
        rows,
    )
}

/// The kept sums of the VAT return: the tax details per month, tax and partner.
const TAX_MONTHS: &str = "tax_months";
const TAX_SUMS: [&str; 3] = ["base_minor", "tax_minor", "recoverable_minor"];

/// The details' sums per month, tax and partner (all companies when None), from the details:
/// the migration's backfill, and the check of the kept sums.
fn tax_months_from_details(
    backend: sea_orm::DatabaseBackend,
    company: Option<CompanyId>,
) -> SelectStatement {
    let month = month_of(backend, "entry_date");
    let mut select = Query::select()
        .column("company_id")
        .expr_as(Expr::cust(month.clone()), Alias::new("month"))
        .column("tax_id")
        .expr_as(
            Func::coalesce([Expr::col("partner_id"), Expr::val(Uuid::nil())]),
            Alias::new("partner_key"),
        )
        .from("journal_entry_taxes")
        .group_by_col("company_id")
        .add_group_by([Expr::cust(month)])
        .group_by_col("tax_id")
        .group_by_col("partner_id")
        .to_owned();
    for column in TAX_SUMS {
        select.expr_as(
            Expr::cust(format!("CAST(SUM({column}) AS BIGINT)")),
            Alias::new(column),
        );
    }
    if let Some(company) = company {
        select.and_where(Expr::col("company_id").eq(company.0));
    }
    select
}

/// The statement that fills the kept month sums from the details (the migration's backfill).
#[expect(
    clippy::expect_used,
    reason = "the copy selects as many expressions as it names columns, so it cannot fail"
)]
pub fn tax_months_backfill(
    backend: sea_orm::DatabaseBackend,
) -> sea_orm::sea_query::InsertStatement {
    Query::insert()
        .into_table(TAX_MONTHS)
        .columns(
            ["company_id", "month", "tax_id", "partner_key"]
                .into_iter()
                .chain(TAX_SUMS),
        )
        .select_from(tax_months_from_details(backend, None))
        .expect("seven columns from seven expressions")
        .to_owned()
}

fn tax_total(row: &QueryResult, partner_column: &str) -> Result<TaxTotal, DbErr> {
    let partner: Option<Uuid> = get(row, partner_column)?;
    Ok(TaxTotal {
        tax_id: get(row, "tax_id")?,
        partner_id: partner.filter(|partner| !partner.is_nil()),
        base_minor: get::<Option<i64>>(row, "base_minor")?.unwrap_or(0),
        tax_minor: get::<Option<i64>>(row, "tax_minor")?.unwrap_or(0),
        recoverable_minor: get::<Option<i64>>(row, "recoverable_minor")?.unwrap_or(0),
    })
}

/// Whether the kept month sums equal the details' (every row, and none missing).
pub async fn tax_months_match_details(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<bool, DbErr> {
    let kept = Query::select()
        .columns(["month", "tax_id", "partner_key"])
        .columns(TAX_SUMS)
        .from(TAX_MONTHS)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    let computed = tax_months_from_details(db.get_database_backend(), Some(company));
    let mut sides = Vec::new();
    for select in [kept, computed] {
        let mut rows = Vec::new();
        for row in db.query_all(&select).await? {
            let month: NaiveDate = get(&row, "month")?;
            rows.push((month, tax_total(&row, "partner_key")?));
        }
        rows.sort_by_key(|(month, total)| (*month, total.tax_id, total.partner_id));
        sides.push(rows);
    }
    Ok(sides.first() == sides.get(1))
}

/// The details of one posted entry.
pub async fn tax_details_of(
    db: &impl ConnectionTrait,
    company: CompanyId,
    entry_id: Uuid,
) -> Result<Vec<TaxDetail>, DbErr> {
    let select = Query::select()
        .columns([
            "tax_id",
            "partner_id",
            "base_minor",
            "tax_minor",
            "recoverable_minor",
        ])
        .from("journal_entry_taxes")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("entry_id").eq(entry_id))
        .order_by("id", Order::Asc)
        .to_owned();
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok(TaxDetail {
                tax_id: get(row, "tax_id")?,
                partner_id: get(row, "partner_id")?,
                base_minor: get(row, "base_minor")?,
                tax_minor: get(row, "tax_minor")?,
                recoverable_minor: get(row, "recoverable_minor")?,
            })
        })
        .collect()
}

/// The sums of the details over a period, per tax and partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxTotal {
    pub tax_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub base_minor: i64,
    pub tax_minor: i64,
    pub recoverable_minor: i64,
}

/// Sums of the tax details of the entries dated `from..=to`, per tax and partner: whole
/// months from the kept month sums, the days around them from the details.
pub async fn tax_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TaxTotal>, DbErr> {
    if from > to {
        return Ok(Vec::new());
    }
    let split = split_by_months(from, to);
    let mut parts = Vec::new();
    if let Some((first, last)) = split.months {
        let select = grouped_sums(TAX_MONTHS, "partner_key", "month", company, first, last);
        for row in db.query_all(&select).await? {
            parts.push(tax_total(&row, "partner_key")?);
        }
    }
    for (since, until) in split.days {
        let select = grouped_sums(
            "journal_entry_taxes",
            "partner_id",
            "entry_date",
            company,
            since,
            until,
        );
        for row in db.query_all(&select).await? {
            parts.push(tax_total(&row, "partner_id")?);
        }
    }
    let mut totals: Vec<TaxTotal> = Vec::new();
    for part in parts {
        match totals
            .iter_mut()
            .find(|total| total.tax_id == part.tax_id && total.partner_id == part.partner_id)
        {
            Some(total) => {
                total.base_minor += part.base_minor;
                total.tax_minor += part.tax_minor;
                total.recoverable_minor += part.recoverable_minor;
            }
            None => totals.push(part),
        }
    }
    Ok(totals)
}

/// The sums of `table` per tax and partner with `date_column` in `from..=to`.
fn grouped_sums(
    table: &'static str,
    partner_column: &'static str,
    date_column: &'static str,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> SelectStatement {
    let mut select = Query::select()
        .columns(["tax_id", partner_column])
        .from(table)
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col(date_column).gte(from))
        .and_where(Expr::col(date_column).lte(to))
        .group_by_col("tax_id")
        .group_by_col(partner_column)
        .to_owned();
    for column in TAX_SUMS {
        select.expr_as(
            Expr::cust(format!("CAST(SUM({column}) AS BIGINT)")),
            Alias::new(column),
        );
    }
    select
}

/// Which details a listing shows: a period, the details of `taxes` (whatever their partner),
/// and those of `partner_taxes` whose partner is among `partners` (or who have none, when
/// `without_partner`).
#[derive(Clone, Debug, Default)]
pub struct TaxLineFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub taxes: Vec<Uuid>,
    pub partner_taxes: Vec<Uuid>,
    pub partners: Vec<Uuid>,
    pub without_partner: bool,
}

/// One detail with its entry's number and date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxLine {
    pub id: Uuid,
    pub entry_id: Uuid,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub partner_id: Option<Uuid>,
    pub tax_id: Uuid,
    pub base_minor: i64,
    pub tax_minor: i64,
    pub recoverable_minor: i64,
    pub created_at: i64,
}

fn tax_line(row: &QueryResult) -> Result<TaxLine, DbErr> {
    Ok(TaxLine {
        id: get(row, "id")?,
        entry_id: get(row, "entry_id")?,
        number: get(row, "number")?,
        date: get(row, "entry_date")?,
        partner_id: get(row, "partner_id")?,
        tax_id: get(row, "tax_id")?,
        base_minor: get(row, "base_minor")?,
        tax_minor: get(row, "tax_minor")?,
        recoverable_minor: get(row, "recoverable_minor")?,
        created_at: get(row, "created_at")?,
    })
}

fn tax_lines_select(company: CompanyId, filter: &TaxLineFilter) -> SelectStatement {
    let table = "journal_entry_taxes";
    let mut select = Query::select()
        .columns(
            [
                "id",
                "entry_id",
                "entry_date",
                "partner_id",
                "tax_id",
                "base_minor",
                "tax_minor",
                "recoverable_minor",
                "created_at",
            ]
            .map(|column| (table, column)),
        )
        .column(("journal_entries", "number"))
        .from(table)
        .inner_join(
            "journal_entries",
            Expr::col(("journal_entries", "company_id"))
                .equals((table, "company_id"))
                .and(Expr::col(("journal_entries", "id")).equals((table, "entry_id"))),
        )
        .and_where(Expr::col((table, "company_id")).eq(company.0))
        .to_owned();
    let mut partner =
        Cond::any().add(Expr::col((table, "partner_id")).is_in(filter.partners.iter().copied()));
    if filter.without_partner {
        partner = partner.add(Expr::col((table, "partner_id")).is_null());
    }
    select.cond_where(
        Cond::any()
            .add(Expr::col((table, "tax_id")).is_in(filter.taxes.iter().copied()))
            .add(
                Cond::all()
                    .add(Expr::col((table, "tax_id")).is_in(filter.partner_taxes.iter().copied()))
                    .add(partner),
            ),
    );
    if let Some(from) = filter.from {
        select.and_where(Expr::col((table, "entry_date")).gte(from));
    }
    if let Some(to) = filter.to {
        select.and_where(Expr::col((table, "entry_date")).lte(to));
    }
    select
}

/// A page of the details `filter` selects.
pub async fn list_tax_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &TaxLineFilter,
    page: &PageRequest,
) -> Result<(Vec<TaxLine>, i64), DbErr> {
    let filtered = tax_lines_select(company, filter);
    fetch_page(db, &filtered, page, ("journal_entry_taxes", "id"), tax_line).await
}

/// Every detail `filter` selects, by date then entry.
pub async fn all_tax_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &TaxLineFilter,
) -> Result<Vec<TaxLine>, DbErr> {
    let mut select = tax_lines_select(company, filter);
    select
        .order_by(("journal_entry_taxes", "entry_date"), Order::Asc)
        .order_by(("journal_entry_taxes", "entry_id"), Order::Asc)
        .order_by(("journal_entry_taxes", "id"), Order::Asc);
    db.query_all(&select).await?.iter().map(tax_line).collect()
}
