//! Journals: create, list, change (the bank journal's IBAN included).

use super::*;

static JOURNAL_LIST: ListSpec = ListSpec {
    name: "accounting.journals",
    sorts: &[CREATED_AT, CODE, NAME],
};

fn journal_view(journal: Journal) -> JournalView {
    JournalView {
        id: journal.id,
        name: journal.name,
        code: journal.code,
        journal_type: journal.journal_type,
        default_account_id: journal.default_account_id,
        bank_iban: journal.bank_iban,
        created_at: rfc3339(journal.created_at),
        updated_at: rfc3339(journal.updated_at),
    }
}

fn check_journal(validation: &mut Validation, journal: &Journal) {
    if journal.name.is_empty() || journal.name.chars().count() > 200 {
        validation.add("name", "must be 1 to 200 characters");
    }
    let code_ok = (1..=10).contains(&journal.code.len())
        && journal
            .code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if !code_ok {
        validation.add(
            "code",
            "must be 1 to 10 upper-case letters, digits or dashes",
        );
    }
    if !JOURNAL_TYPES.contains(&journal.journal_type.as_str()) {
        validation.add(
            "type",
            format!("must be one of: {}", JOURNAL_TYPES.join(", ")),
        );
    }
}

/// A journal's own bank account, normalised, or the problem with it.
fn check_bank_iban(validation: &mut Validation, iban: Option<String>) -> Option<String> {
    let iban = iban
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())?;
    validation
        .check("bankIban", arkan_kernel::iban::Iban::parse(&iban))
        .map(|iban| iban.as_str().to_owned())
}

fn journal_write_error(error: sea_orm::DbErr) -> ApiError {
    if is_unique_violation(&error) {
        errors::journal_code_taken()
    } else if is_foreign_key_violation(&error) {
        ApiError::invalid_field("defaultAccountId", "no such account in this company")
    } else {
        error.into()
    }
}

pub async fn create_journal(
    platform: &Platform,
    ctx: &Ctx,
    input: CreateJournal,
) -> ApiResult<JournalView> {
    ctx.require_write(Area::Accounting)?;
    let now = now_micros();
    let journal = Journal {
        id: Uuid::now_v7(),
        name: input.name.trim().to_owned(),
        code: input.code.trim().to_owned(),
        journal_type: input.journal_type,
        default_account_id: input.default_account_id,
        bank_iban: input.bank_iban,
        created_at: now,
        updated_at: now,
    };
    let mut journal = journal;
    let mut validation = Validation::new();
    journal.bank_iban = check_bank_iban(&mut validation, journal.bank_iban.take());
    check_journal(&mut validation, &journal);
    validation.finish()?;
    let mut transaction = platform.db.write().await?;
    store::insert_journal(&*transaction, ctx.company, &journal)
        .await
        .map_err(journal_write_error)?;
    transaction.emit(ctx.company, events::JOURNAL_CREATED, journal.id);
    transaction.commit().await?;
    Ok(journal_view(journal))
}

pub async fn list_journals(
    platform: &Platform,
    ctx: &Ctx,
    params: PageParams,
) -> ApiResult<Page<JournalView>> {
    let page = PageRequest::parse(&params, &JOURNAL_LIST, "")?;
    let (rows, total) = store::list_journals(platform.db.connection(), ctx.company, &page).await?;
    Ok(page
        .page(rows, total, |journal| {
            let value = sort_value(
                &page,
                |name| match name {
                    "code" => Some(journal.code.clone()),
                    "name" => Some(journal.name.clone()),
                    _ => None,
                },
                journal.created_at,
            );
            (value, journal.id)
        })
        .map(journal_view))
}

/// One journal as the list, create and update answers show it (there is no `GET` of one).
pub async fn get_journal(platform: &Platform, ctx: &Ctx, id: JournalId) -> ApiResult<JournalView> {
    store::journal_by_id(platform.db.connection(), ctx.company, id.0)
        .await?
        .map(journal_view)
        .ok_or_else(|| ApiError::not_found("journal"))
}

pub async fn update_journal(
    platform: &Platform,
    ctx: &Ctx,
    id: JournalId,
    patch: UpdateJournal,
) -> ApiResult<JournalView> {
    ctx.require_write(Area::Accounting)?;
    let mut transaction = platform.db.write().await?;
    let mut journal = store::journal_by_id(&*transaction, ctx.company, id.0)
        .await?
        .ok_or_else(|| ApiError::not_found("journal"))?;
    if let Some(name) = patch.name {
        journal.name = name.trim().to_owned();
    }
    if let Some(code) = patch.code {
        let code = code.trim().to_owned();
        if code != journal.code
            && store::journal_has_entries(&*transaction, ctx.company, id.0).await?
        {
            return Err(errors::journal_has_postings());
        }
        journal.code = code;
    }
    if let Some(account) = patch.default_account_id {
        journal.default_account_id = account;
    }
    let mut validation = Validation::new();
    if let Some(iban) = patch.bank_iban {
        journal.bank_iban = check_bank_iban(&mut validation, iban);
    }
    journal.updated_at = now_micros();
    check_journal(&mut validation, &journal);
    validation.finish()?;
    store::update_journal(&*transaction, ctx.company, &journal)
        .await
        .map_err(journal_write_error)?;
    transaction.emit(ctx.company, events::JOURNAL_UPDATED, journal.id);
    transaction.commit().await?;
    Ok(journal_view(journal))
}
