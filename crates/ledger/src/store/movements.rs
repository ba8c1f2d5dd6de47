//! What the financial reports read: debits and credits per account over a period, from the kept
//! day balances when nothing narrows the lines, else from the posted lines themselves.

use super::*;

/// Which posted lines a report sums.
#[derive(Debug, Clone, Copy, Default)]
pub struct MovementFilter {
    /// First day included (none: since the first posting).
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    pub journal_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub project_id: Option<Uuid>,
    /// Leave out year-end closing entries and their reversals (profit and loss, cash flow).
    pub without_closing: bool,
}

impl MovementFilter {
    fn narrowed(&self) -> bool {
        self.journal_id.is_some() || self.partner_id.is_some() || self.project_id.is_some()
    }
}

/// Debit and credit per account (accounts without lines are absent), in company currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    pub account_id: Uuid,
    pub debit: i64,
    pub credit: i64,
}

impl Movement {
    /// Debit minus credit.
    pub fn net(&self) -> i64 {
        self.debit - self.credit
    }
}

/// The movements of every account over the filter's period.
pub async fn movements(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: MovementFilter,
) -> Result<Vec<Movement>, DbErr> {
    let to_movement = |(account_id, debit, credit): (Uuid, i64, i64)| Movement {
        account_id,
        debit,
        credit,
    };
    if !filter.narrowed() {
        let mut kept: Vec<Movement> = balances(db, company, None, filter.since, filter.until)
            .await?
            .into_iter()
            .map(to_movement)
            .collect();
        if filter.without_closing {
            let closing = line_sums(db, company, filter, true).await?;
            for (account_id, debit, credit) in closing {
                if let Some(row) = kept.iter_mut().find(|row| row.account_id == account_id) {
                    row.debit -= debit;
                    row.credit -= credit;
                }
            }
            kept.retain(|row| row.debit != 0 || row.credit != 0);
        }
        return Ok(kept);
    }
    Ok(line_sums(db, company, filter, false)
        .await?
        .into_iter()
        .map(to_movement)
        .collect())
}

/// Sums posted lines by account; `only_closing` sums just the closing entries' lines (whatever
/// the filter says of them).
async fn line_sums(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: MovementFilter,
    only_closing: bool,
) -> Result<Vec<(Uuid, i64, i64)>, DbErr> {
    let mut select = Query::select()
        .column(("journal_lines", "account_id"))
        .expr_as(
            Expr::cust("CAST(SUM(journal_lines.debit_minor) AS BIGINT)"),
            Alias::new("debit"),
        )
        .expr_as(
            Expr::cust("CAST(SUM(journal_lines.credit_minor) AS BIGINT)"),
            Alias::new("credit"),
        )
        .from("journal_lines")
        .and_where(Expr::col(("journal_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .group_by_col(("journal_lines", "account_id"))
        .to_owned();
    if only_closing {
        // The period's few closing entries through their index first (usually none), then
        // their lines by entry, summed here: a grouped query would let the planner walk every
        // line of the company in account order.
        let mut closing = Query::select()
            .column("id")
            .from("journal_entries")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("closing").eq(true))
            .to_owned();
        if let Some(since) = filter.since {
            closing.and_where(Expr::col("entry_date").gte(since));
        }
        if let Some(until) = filter.until {
            closing.and_where(Expr::col("entry_date").lte(until));
        }
        let entries: Vec<Uuid> = db
            .query_all(&closing)
            .await?
            .iter()
            .map(|row| get(row, "id"))
            .collect::<Result<_, _>>()?;
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        let lines = Query::select()
            .columns(["account_id", "debit_minor", "credit_minor"])
            .from("journal_lines")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("entry_id").is_in(entries))
            .to_owned();
        let mut sums: Vec<(Uuid, i64, i64)> = Vec::new();
        for row in db.query_all(&lines).await? {
            let account: Uuid = get(&row, "account_id")?;
            let debit: i64 = get(&row, "debit_minor")?;
            let credit: i64 = get(&row, "credit_minor")?;
            match sums.iter_mut().find(|sum| sum.0 == account) {
                Some(sum) => {
                    sum.1 += debit;
                    sum.2 += credit;
                }
                None => sums.push((account, debit, credit)),
            }
        }
        return Ok(sums);
    }
    select.inner_join(
        "journal_entries",
        Expr::col(("journal_entries", "company_id"))
            .equals(("journal_lines", "company_id"))
            .and(Expr::col(("journal_entries", "id")).equals(("journal_lines", "entry_id"))),
    );
    if filter.without_closing {
        select.and_where(Expr::col(("journal_entries", "closing")).eq(false));
    }
    if let Some(journal) = filter.journal_id {
        select.and_where(Expr::col(("journal_entries", "journal_id")).eq(journal));
    }
    if let Some(partner) = filter.partner_id {
        select.and_where(Expr::col(("journal_lines", "partner_id")).eq(partner));
    }
    if let Some(project) = filter.project_id {
        select.and_where(Expr::col(("journal_lines", "project_id")).eq(project));
    }
    if let Some(since) = filter.since {
        select.and_where(Expr::col(("journal_entries", "entry_date")).gte(since));
    }
    if let Some(until) = filter.until {
        select.and_where(Expr::col(("journal_entries", "entry_date")).lte(until));
    }
    db.query_all(&select)
        .await?
        .iter()
        .map(|row| {
            Ok((
                get(row, "account_id")?,
                get::<Option<i64>>(row, "debit")?.unwrap_or(0),
                get::<Option<i64>>(row, "credit")?.unwrap_or(0),
            ))
        })
        .collect()
}

/// One posted line with its entry's number, date, memo and reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedLine {
    pub line_id: Uuid,
    pub entry_id: Uuid,
    pub number: Option<String>,
    pub date: NaiveDate,
    pub memo: Option<String>,
    pub reference: Option<String>,
    pub account_id: Uuid,
    pub partner_id: Option<Uuid>,
    pub description: Option<String>,
    pub debit: i64,
    pub credit: i64,
}

/// The posted lines of `company` with their entries' number, date, memo and reference.
fn posted_lines_with_entries(company: CompanyId) -> SelectStatement {
    Query::select()
        .columns(
            [
                "id",
                "entry_id",
                "account_id",
                "partner_id",
                "description",
                "debit_minor",
                "credit_minor",
            ]
            .map(|column| ("journal_lines", column)),
        )
        .columns(
            ["number", "entry_date", "memo", "reference"].map(|column| ("journal_entries", column)),
        )
        .from("journal_lines")
        .inner_join(
            "journal_entries",
            Expr::col(("journal_entries", "company_id"))
                .equals(("journal_lines", "company_id"))
                .and(Expr::col(("journal_entries", "id")).equals(("journal_lines", "entry_id"))),
        )
        .and_where(Expr::col(("journal_lines", "company_id")).eq(company.0))
        .and_where(Expr::col(("journal_lines", "posted")).eq(true))
        .order_by(("journal_entries", "entry_date"), Order::Asc)
        .order_by(("journal_entries", "number"), Order::Asc)
        .order_by(("journal_lines", "entry_id"), Order::Asc)
        .order_by(("journal_lines", "line_no"), Order::Asc)
        .to_owned()
}

/// Every posted line dated `from..=to`, by date, entry number and line order (an audit file's
/// general ledger).
pub async fn posted_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PostedLine>, DbErr> {
    let select = posted_lines_with_entries(company)
        .and_where(Expr::col(("journal_lines", "entry_date")).gte(from))
        .and_where(Expr::col(("journal_lines", "entry_date")).lte(to))
        .to_owned();
    read_posted_lines(db, &select).await
}

/// The posted lines of one account dated on or before `until` (and from `from`, when given), by
/// date and entry number (a bank account's book side, for its reconciliation).
pub async fn account_lines(
    db: &impl ConnectionTrait,
    company: CompanyId,
    account: Uuid,
    from: Option<NaiveDate>,
    until: NaiveDate,
) -> Result<Vec<PostedLine>, DbErr> {
    let mut select = posted_lines_with_entries(company)
        .and_where(Expr::col(("journal_lines", "account_id")).eq(account))
        .and_where(Expr::col(("journal_lines", "entry_date")).lte(until))
        .to_owned();
    if let Some(from) = from {
        select.and_where(Expr::col(("journal_lines", "entry_date")).gte(from));
    }
    read_posted_lines(db, &select).await
}

/// One posted line by its id (a bank reconciliation's match).
pub async fn posted_line(
    db: &impl ConnectionTrait,
    company: CompanyId,
    line: Uuid,
) -> Result<Option<PostedLine>, DbErr> {
    let select = posted_lines_with_entries(company)
        .and_where(Expr::col(("journal_lines", "id")).eq(line))
        .to_owned();
    Ok(read_posted_lines(db, &select).await?.pop())
}

async fn read_posted_lines(
    db: &impl ConnectionTrait,
    select: &SelectStatement,
) -> Result<Vec<PostedLine>, DbErr> {
    db.query_all(select)
        .await?
        .iter()
        .map(|row| {
            Ok(PostedLine {
                line_id: get(row, "id")?,
                entry_id: get(row, "entry_id")?,
                number: get(row, "number")?,
                date: get(row, "entry_date")?,
                memo: get(row, "memo")?,
                reference: get(row, "reference")?,
                account_id: get(row, "account_id")?,
                partner_id: get(row, "partner_id")?,
                description: get(row, "description")?,
                debit: get(row, "debit_minor")?,
                credit: get(row, "credit_minor")?,
            })
        })
        .collect()
}
