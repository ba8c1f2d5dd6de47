//! The rows every posting shares: the number sequences and the hash chain.

use super::*;

/// Runs `kept` (the additions to kept sums a posting makes: see [`fold`]), then takes the next
/// numbers of journals in fiscal years, `(journal, fiscal year, how many)` each (distinct), and
/// returns the first number of each, in that order. The sequence rows stay locked until the
/// posting transaction ends, so concurrent posts queue there and never share or skip a number.
pub async fn take_numbers(
    db: &impl ConnectionTrait,
    company: CompanyId,
    kept: Vec<InsertStatement>,
    sequences: &[(Uuid, Uuid, i64)],
) -> Result<Vec<i64>, DbErr> {
    let mut upsert = Query::insert()
        .into_table("entry_sequences")
        .columns(["company_id", "journal_id", "fiscal_year_id", "next_number"])
        .on_conflict(
            OnConflict::columns(["company_id", "journal_id", "fiscal_year_id"])
                .value(
                    "next_number",
                    Expr::col(("entry_sequences", "next_number"))
                        .add(Expr::col((Alias::new("excluded"), "next_number")))
                        .sub(1),
                )
                .to_owned(),
        )
        .returning(Query::returning().columns(["journal_id", "fiscal_year_id", "next_number"]))
        .to_owned();
    for (journal, year, count) in sequences {
        upsert.values_panic([
            company.0.into(),
            (*journal).into(),
            (*year).into(),
            (count + 1).into(),
        ]);
    }
    let parts = kept.into_iter().map(SubQueryStatement::from).collect();
    let rows = fold(db, parts, upsert).await?;
    sequences
        .iter()
        .map(|(journal, year, count)| {
            for row in &rows {
                if get::<Uuid>(row, "journal_id")? == *journal
                    && get::<Uuid>(row, "fiscal_year_id")? == *year
                {
                    return Ok(get::<i64>(row, "next_number")? - count);
                }
            }
            Err(DbErr::Custom("a sequence returned no row".into()))
        })
        .collect()
}

/// Takes the next `count` links of the company's hash chain: returns the previous entry's
/// hash and the first new entry's position. The chain row stays locked until the posting
/// transaction ends, so postings of a company join the chain one at a time.
pub async fn next_chain_links(
    db: &impl ConnectionTrait,
    company: CompanyId,
    count: i64,
) -> Result<(String, i64), DbErr> {
    for _ in 0..2 {
        let advance = Query::update()
            .table("ledger_chain")
            .value("entries", Expr::col("entries").add(count))
            .and_where(Expr::col("company_id").eq(company.0))
            .returning(Query::returning().columns(["last_hash", "entries"]))
            .to_owned();
        if let Some(row) = db.query_one(&advance).await? {
            let last: i64 = get(&row, "entries")?;
            return Ok((get(&row, "last_hash")?, last - count + 1));
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

/// Runs `rows` (what a posting writes once its entries are numbered and hashed: see [`fold`]),
/// then moves the chain head to `hash` and returns the company's lock date, read by this last
/// statement: it runs while the posting holds the chain row, so its read is fresh (PostgreSQL
/// takes a new snapshot per statement) and sees any lock date committed before the row was
/// taken; a change of the lock date takes the row too ([`hold_chain`]), so none can land in
/// between.
pub async fn set_chain_hash(
    db: &impl ConnectionTrait,
    company: CompanyId,
    hash: &str,
    rows: Vec<SubQueryStatement>,
) -> Result<Option<NaiveDate>, DbErr> {
    let lock_date = Query::select()
        .column(("accounting_settings", "lock_date"))
        .from("accounting_settings")
        .and_where(Expr::col(("accounting_settings", "company_id")).eq(company.0))
        .to_owned();
    let update = Query::update()
        .table("ledger_chain")
        .value("last_hash", hash)
        .and_where(Expr::col("company_id").eq(company.0))
        .returning(Query::returning().expr(Expr::SubQuery(None, Box::new(lock_date.into()))))
        .to_owned();
    match fold(db, rows, update).await?.first() {
        // The only returned column (an unnamed subquery).
        Some(row) => row.try_get_by_index(0),
        None => Err(DbErr::Custom("the ledger chain row is missing".into())),
    }
}

/// Takes the company's chain row for the rest of the transaction that changes the lock date,
/// so that the change and the postings of the company come one after the other: a posting in
/// flight commits first, and one that takes the chain row after it reads the new date (see
/// [`set_chain_hash`]).
pub async fn hold_chain(db: &impl ConnectionTrait, company: CompanyId) -> Result<(), DbErr> {
    let touch = Query::update()
        .table("ledger_chain")
        .value("entries", Expr::col("entries"))
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&touch).await.map(|_| ())
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
