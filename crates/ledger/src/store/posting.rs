//! The rows every posting shares: the number sequences and the hash chain.

use super::*;

/// Takes the next `count` gapless numbers of a journal in a fiscal year and returns the first.
/// The row is locked until the posting transaction ends, so concurrent posts queue here and
/// never share or skip a number.
pub async fn take_numbers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    journal: Uuid,
    fiscal_year: Uuid,
    count: i64,
) -> Result<i64, DbErr> {
    let upsert = Query::insert()
        .into_table("entry_sequences")
        .columns(["company_id", "journal_id", "fiscal_year_id", "next_number"])
        .values_panic([
            company.0.into(),
            journal.into(),
            fiscal_year.into(),
            (count + 1).into(),
        ])
        .on_conflict(
            OnConflict::columns(["company_id", "journal_id", "fiscal_year_id"])
                .value(
                    "next_number",
                    Expr::col(("entry_sequences", "next_number")).add(count),
                )
                .to_owned(),
        )
        .returning(Query::returning().column("next_number"))
        .to_owned();
    let row = db
        .query_one(&upsert)
        .await?
        .ok_or_else(|| DbErr::Custom("the sequence returned no row".into()))?;
    let next: i64 = get(&row, "next_number")?;
    Ok(next - count)
}

/// What taking chain links gives a posting: where it joins the chain, and the lock date as the
/// same statement read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLinks {
    /// The hash of the entry before the first new one.
    pub previous_hash: String,
    /// The first new entry's position.
    pub first_position: i64,
    /// The company's lock date when the chain row was taken: a posting checks its dates
    /// against this one, so the check and the chain are one round trip.
    pub lock_date: Option<NaiveDate>,
}

/// Takes the next `count` links of the company's hash chain, reading the lock date in the same
/// statement. The chain row stays locked until the posting transaction ends, so postings of a
/// company join the chain one at a time.
pub async fn next_chain_links(
    db: &impl ConnectionTrait,
    company: CompanyId,
    count: i64,
) -> Result<ChainLinks, DbErr> {
    let lock_date = Query::select()
        .column(("accounting_settings", "lock_date"))
        .from("accounting_settings")
        .and_where(Expr::col(("accounting_settings", "company_id")).eq(company.0))
        .to_owned();
    for _ in 0..2 {
        let advance = Query::update()
            .table("ledger_chain")
            .value("entries", Expr::col("entries").add(count))
            .and_where(Expr::col("company_id").eq(company.0))
            .returning(Query::returning().exprs([
                Expr::col("last_hash"),
                Expr::col("entries"),
                Expr::SubQuery(None, Box::new(lock_date.clone().into())),
            ]))
            .to_owned();
        if let Some(row) = db.query_one(&advance).await? {
            let last: i64 = get(&row, "entries")?;
            return Ok(ChainLinks {
                previous_hash: get(&row, "last_hash")?,
                first_position: last - count + 1,
                // The third returned column (an unnamed subquery).
                lock_date: row.try_get_by_index(2)?,
            });
        }
        start_chain(db, company).await?;
    }
    Err(DbErr::Custom("the ledger chain row is missing".into()))
}

/// Creates the company's chain head (at company set-up; again harmlessly if it exists).
pub async fn start_chain(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("ledger_chain")
        .columns(["company_id", "last_hash", "entries"])
        .values_panic([
            company.0.into(),
            crate::domain::GENESIS_HASH.into(),
            0_i64.into(),
        ])
        .on_conflict(OnConflict::column("company_id").do_nothing().to_owned())
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn set_chain_hash(
    db: &impl ConnectionTrait,
    company: CompanyId,
    hash: &str,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("ledger_chain")
        .value("last_hash", hash)
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

/// The chain head as it stands (for verification).
pub async fn chain_head(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(String, i64), DbErr> {
    let select = Query::select()
        .columns(["last_hash", "entries"])
        .from("ledger_chain")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    Ok(match db.query_one(&select).await? {
        Some(row) => (get(&row, "last_hash")?, get(&row, "entries")?),
        None => (crate::domain::GENESIS_HASH.to_owned(), 0),
    })
}
