//! SQL of the partner directory. Every statement is filtered by the caller's company.

use arkan_kernel::CompanyId;
use arkan_platform::list::{
    PageRequest, count_column, count_of, fetch_page, like_pattern, page_and_total,
};
use arkan_platform::sql::InOrder;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, OnConflict, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, QueryResult};
use uuid::Uuid;

use crate::api::Address;
use crate::domain::{Contact, Partner, PartnerRole};

const PARTNER_COLUMNS: [&str; 19] = [
    "id",
    "name",
    "legal_name",
    "trn",
    "email",
    "phone",
    "street",
    "city",
    "emirate",
    "country",
    "postal_code",
    "currency",
    "payment_terms_days",
    "credit_limit_minor",
    "is_client",
    "is_vendor",
    "active",
    "created_at",
    "updated_at",
];

/// The partner's tags as one comma-separated value (tags never contain commas), so a page of
/// partners and their tags is one query. The aggregate is spelled per backend.
fn tags_column(backend: DatabaseBackend) -> SimpleExpr {
    let aggregate = match backend {
        DatabaseBackend::Postgres => "string_agg(tag, ',')",
        _ => "group_concat(tag, ',')",
    };
    let tags = Query::select()
        .expr(Expr::cust(aggregate))
        .from("partner_tags")
        .and_where(Expr::col(("partner_tags", "company_id")).equals(("partners", "company_id")))
        .and_where(Expr::col(("partner_tags", "partner_id")).equals(("partners", "id")))
        .to_owned();
    Expr::SubQuery(None, Box::new(tags.into()))
}

/// The partner's invoicing defaults (`payment_term_id`, `fiscal_position_id`) beside the
/// `partners` of `select`: they are kept in `partner_invoicing_terms` (so the database checks
/// both references), joined here, one probe per partner for the two.
fn with_invoicing_terms(select: &mut SelectStatement) -> &mut SelectStatement {
    select
        .column(("partner_invoicing_terms", "payment_term_id"))
        .column(("partner_invoicing_terms", "fiscal_position_id"))
        .left_join(
            "partner_invoicing_terms",
            Cond::all()
                .add(
                    Expr::col(("partner_invoicing_terms", "company_id"))
                        .equals(("partners", "company_id")),
                )
                .add(
                    Expr::col(("partner_invoicing_terms", "partner_id")).equals(("partners", "id")),
                ),
        )
}

/// The partner's columns ([`PARTNER_COLUMNS`], then its tags and its invoicing defaults, in the
/// order [`partner`] reads them) for the partners of `company`.
fn partner_select(backend: DatabaseBackend, company: CompanyId) -> SelectStatement {
    let mut select = Query::select()
        .columns(PARTNER_COLUMNS.map(|column| ("partners", column)))
        .expr_as(tags_column(backend), Alias::new("tags"))
        .from("partners")
        .and_where(Expr::col(("partners", "company_id")).eq(company.0))
        .to_owned();
    with_invoicing_terms(&mut select);
    select
}

/// A row of [`partner_select`], read by position (a page reads 25 of them per request).
fn partner(row: &QueryResult) -> Result<Partner, DbErr> {
    let mut column = InOrder::new(row);
    let id = column.read()?;
    let name = column.read()?;
    let legal_name = column.read()?;
    let trn = column.read()?;
    let email = column.read()?;
    let phone = column.read()?;
    let address = Address {
        street: column.read()?,
        city: column.read()?,
        emirate: column.read()?,
        country: column.read()?,
        postal_code: column.read()?,
    };
    let currency = column.read()?;
    let payment_terms_days = column.read()?;
    let credit_limit_minor = column.read()?;
    let is_client = column.read()?;
    let is_vendor = column.read()?;
    let active = column.read()?;
    let created_at = column.read()?;
    let updated_at = column.read()?;
    let tags: Option<String> = column.read()?;
    let mut tags: Vec<String> = tags
        .unwrap_or_default()
        .split(',')
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect();
    tags.sort();
    Ok(Partner {
        id,
        name,
        legal_name,
        trn,
        email,
        phone,
        address,
        currency,
        payment_terms_days,
        payment_term_id: column.read()?,
        fiscal_position_id: column.read()?,
        credit_limit_minor,
        tags,
        is_client,
        is_vendor,
        active,
        created_at,
        updated_at,
    })
}

fn partner_values(partner: &Partner) -> Vec<(&'static str, sea_orm::Value)> {
    vec![
        ("name", partner.name.clone().into()),
        ("legal_name", partner.legal_name.clone().into()),
        ("trn", partner.trn.clone().into()),
        ("email", partner.email.clone().into()),
        ("phone", partner.phone.clone().into()),
        ("street", partner.address.street.clone().into()),
        ("city", partner.address.city.clone().into()),
        ("emirate", partner.address.emirate.clone().into()),
        ("country", partner.address.country.clone().into()),
        ("postal_code", partner.address.postal_code.clone().into()),
        ("currency", partner.currency.clone().into()),
        ("payment_terms_days", partner.payment_terms_days.into()),
        ("credit_limit_minor", partner.credit_limit_minor.into()),
        ("is_client", partner.is_client.into()),
        ("is_vendor", partner.is_vendor.into()),
        ("active", partner.active.into()),
        ("created_at", partner.created_at.into()),
        ("updated_at", partner.updated_at.into()),
    ]
}

pub async fn insert_partner(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: &Partner,
) -> Result<(), DbErr> {
    adjust_totals(db, company, None, partner).await?;
    let values = partner_values(partner);
    let mut columns = vec!["company_id", "id"];
    columns.extend(values.iter().map(|(column, _)| *column));
    let mut row: Vec<sea_orm::sea_query::SimpleExpr> = vec![company.0.into(), partner.id.into()];
    row.extend(values.into_iter().map(|(_, value)| value.into()));
    let insert = Query::insert()
        .into_table("partners")
        .columns(columns)
        .values_panic(row)
        .to_owned();
    db.execute(&insert).await?;
    replace_tags(db, company, partner.id, &partner.tags).await?;
    save_invoicing_terms(db, company, partner).await
}

/// Saves a changed partner; `before` is how it was when read in this transaction.
pub async fn update_partner(
    db: &impl ConnectionTrait,
    company: CompanyId,
    before: &Partner,
    partner: &Partner,
) -> Result<(), DbErr> {
    adjust_totals(db, company, Some(before), partner).await?;
    let update = Query::update()
        .table("partners")
        .values(
            partner_values(partner)
                .into_iter()
                .filter(|(column, _)| *column != "created_at")
                .map(|(column, value)| (column, value.into())),
        )
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(partner.id))
        .to_owned();
    db.execute(&update).await?;
    replace_tags(db, company, partner.id, &partner.tags).await?;
    save_invoicing_terms(db, company, partner).await
}

/// Keeps the partner's payment term and fiscal position: one row while either is set. A
/// reference to another company's (or no) term or position fails the composite foreign key.
async fn save_invoicing_terms(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: &Partner,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("partner_invoicing_terms")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner.id))
        .to_owned();
    db.execute(&delete).await?;
    if partner.payment_term_id.is_none() && partner.fiscal_position_id.is_none() {
        return Ok(());
    }
    let insert = Query::insert()
        .into_table("partner_invoicing_terms")
        .columns([
            "company_id",
            "partner_id",
            "payment_term_id",
            "fiscal_position_id",
        ])
        .values_panic([
            company.0.into(),
            partner.id.into(),
            partner.payment_term_id.into(),
            partner.fiscal_position_id.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

async fn replace_tags(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
    tags: &[String],
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("partner_tags")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("partner_id").eq(partner))
        .to_owned();
    db.execute(&delete).await?;
    if tags.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert()
        .into_table("partner_tags")
        .columns(["company_id", "partner_id", "tag"])
        .to_owned();
    for tag in tags {
        insert.values_panic([company.0.into(), partner.into(), tag.clone().into()]);
    }
    db.execute(&insert).await.map(|_| ())
}

/// Filters of a partner list.
pub struct PartnerFilter<'a> {
    pub role: PartnerRole,
    pub q: Option<&'a str>,
    pub active: Option<bool>,
    pub tags: Vec<String>,
}

fn role_column(role: PartnerRole) -> &'static str {
    match role {
        PartnerRole::Client => "is_client",
        PartnerRole::Vendor => "is_vendor",
    }
}

pub fn partners(
    backend: DatabaseBackend,
    company: CompanyId,
    filter: &PartnerFilter,
) -> SelectStatement {
    let mut select = partner_select(backend, company);
    select.and_where(Expr::col(("partners", role_column(filter.role))).eq(true));
    if let Some(active) = filter.active {
        select.and_where(Expr::col(("partners", "active")).eq(active));
    }
    if let Some(q) = filter.q {
        let mut any = Cond::any();
        for column in ["name", "legal_name", "email", "phone", "trn"] {
            any = any.add(Func::lower(Expr::col(("partners", column))).like(like_pattern(q)));
        }
        select.cond_where(any);
    }
    for tag in &filter.tags {
        let tagged = Query::select()
            .expr(Expr::val(1))
            .from("partner_tags")
            .and_where(Expr::col(("partner_tags", "company_id")).equals(("partners", "company_id")))
            .and_where(Expr::col(("partner_tags", "partner_id")).equals(("partners", "id")))
            .and_where(Expr::col(("partner_tags", "tag")).eq(tag.clone()))
            .to_owned();
        select.and_where(Expr::exists(tagged));
    }
    select
}

/// A page of partners and the total of the filtered set (from `partner_totals` when only the
/// role and the active flag filter the list, otherwise counted), read in one statement.
pub async fn list_partners(
    db: &impl ConnectionTrait,
    company: CompanyId,
    filter: &PartnerFilter<'_>,
    page: &PageRequest,
) -> Result<(Vec<Partner>, i64), DbErr> {
    let filtered = partners(db.get_database_backend(), company, filter);
    let mut select = filtered.clone();
    page.apply(&mut select, "partners", "id");
    let total = if filter.q.is_none() && filter.tags.is_empty() {
        kept_total_column(company, filter.role, filter.active)
    } else {
        count_column(&filtered)
    };
    page_and_total(db, select, total, page, partner).await
}

fn role_name(role: PartnerRole) -> &'static str {
    match role {
        PartnerRole::Client => "client",
        PartnerRole::Vendor => "vendor",
    }
}

fn has_role(partner: &Partner, role: PartnerRole) -> bool {
    match role {
        PartnerRole::Client => partner.is_client,
        PartnerRole::Vendor => partner.is_vendor,
    }
}

/// Moves the kept totals by what changed between `before` and `after`.
async fn adjust_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
    before: Option<&Partner>,
    after: &Partner,
) -> Result<(), DbErr> {
    for role in [PartnerRole::Client, PartnerRole::Vendor] {
        let counts = |partner: Option<&Partner>| match partner {
            Some(partner) if has_role(partner, role) => (1_i64, i64::from(partner.active)),
            _ => (0, 0),
        };
        let (total_before, active_before) = counts(before);
        let (total_after, active_after) = counts(Some(after));
        let (total, active) = (total_after - total_before, active_after - active_before);
        if total == 0 && active == 0 {
            continue;
        }
        let excluded = Alias::new("excluded");
        let upsert = Query::insert()
            .into_table("partner_totals")
            .columns(["company_id", "role", "total", "active"])
            .values_panic([
                company.0.into(),
                role_name(role).into(),
                total.into(),
                active.into(),
            ])
            .on_conflict(
                OnConflict::columns(["company_id", "role"])
                    .values([
                        (
                            "total",
                            Expr::col(("partner_totals", "total"))
                                .add(Expr::col((excluded.clone(), "total"))),
                        ),
                        (
                            "active",
                            Expr::col(("partner_totals", "active"))
                                .add(Expr::col((excluded, "active"))),
                        ),
                    ])
                    .to_owned(),
            )
            .to_owned();
        db.execute(&upsert).await?;
    }
    Ok(())
}

/// The kept total of a role (all, active or archived partners) as a scalar subquery.
fn kept_total_column(company: CompanyId, role: PartnerRole, active: Option<bool>) -> SimpleExpr {
    let value = match active {
        None => Expr::col("total"),
        Some(true) => Expr::col("active"),
        Some(false) => Expr::col("total").sub(Expr::col("active")),
    };
    let select = Query::select()
        .expr(value)
        .from("partner_totals")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("role").eq(role_name(role)))
        .to_owned();
    Expr::SubQuery(None, Box::new(select.into()))
}

/// Rebuilds the kept totals of a company from its partners (after a bulk load that wrote
/// partners directly).
pub async fn recount_partner_totals(
    db: &impl ConnectionTrait,
    company: CompanyId,
) -> Result<(), DbErr> {
    let delete = Query::delete()
        .from_table("partner_totals")
        .and_where(Expr::col("company_id").eq(company.0))
        .to_owned();
    db.execute(&delete).await?;
    for role in [PartnerRole::Client, PartnerRole::Vendor] {
        let total = count_of(
            db,
            &partners(
                db.get_database_backend(),
                company,
                &PartnerFilter {
                    role,
                    q: None,
                    active: None,
                    tags: Vec::new(),
                },
            ),
        )
        .await?;
        let active = count_of(
            db,
            &partners(
                db.get_database_backend(),
                company,
                &PartnerFilter {
                    role,
                    q: None,
                    active: Some(true),
                    tags: Vec::new(),
                },
            ),
        )
        .await?;
        let insert = Query::insert()
            .into_table("partner_totals")
            .columns(["company_id", "role", "total", "active"])
            .values_panic([
                company.0.into(),
                role_name(role).into(),
                total.into(),
                active.into(),
            ])
            .to_owned();
        db.execute(&insert).await?;
    }
    Ok(())
}

/// A partner of this company, whatever its roles.
pub async fn partner_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Partner>, DbErr> {
    let mut select = partner_select(db.get_database_backend(), company);
    select.and_where(Expr::col(("partners", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(partner)
        .transpose()
}

const CONTACT_COLUMNS: [&str; 8] = [
    "id",
    "name",
    "email",
    "phone",
    "job_title",
    "partner_id",
    "created_at",
    "updated_at",
];

fn contact(row: &QueryResult) -> Result<Contact, DbErr> {
    Ok(Contact {
        id: row.try_get("", "id")?,
        name: row.try_get("", "name")?,
        email: row.try_get("", "email")?,
        phone: row.try_get("", "phone")?,
        job_title: row.try_get("", "job_title")?,
        partner_id: row.try_get("", "partner_id")?,
        created_at: row.try_get("", "created_at")?,
        updated_at: row.try_get("", "updated_at")?,
    })
}

pub async fn insert_contact(
    db: &impl ConnectionTrait,
    company: CompanyId,
    contact: &Contact,
) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("contacts")
        .columns(["company_id"].into_iter().chain(CONTACT_COLUMNS))
        .values_panic([
            company.0.into(),
            contact.id.into(),
            contact.name.clone().into(),
            contact.email.clone().into(),
            contact.phone.clone().into(),
            contact.job_title.clone().into(),
            contact.partner_id.into(),
            contact.created_at.into(),
            contact.updated_at.into(),
        ])
        .to_owned();
    db.execute(&insert).await.map(|_| ())
}

pub async fn update_contact(
    db: &impl ConnectionTrait,
    company: CompanyId,
    contact: &Contact,
) -> Result<(), DbErr> {
    let update = Query::update()
        .table("contacts")
        .values([
            ("name", contact.name.clone().into()),
            ("email", contact.email.clone().into()),
            ("phone", contact.phone.clone().into()),
            ("job_title", contact.job_title.clone().into()),
            ("partner_id", contact.partner_id.into()),
            ("updated_at", contact.updated_at.into()),
        ])
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(contact.id))
        .to_owned();
    db.execute(&update).await.map(|_| ())
}

pub fn contacts(company: CompanyId, q: Option<&str>, partner_id: Option<Uuid>) -> SelectStatement {
    let mut select = Query::select()
        .columns(CONTACT_COLUMNS.map(|column| ("contacts", column)))
        .from("contacts")
        .and_where(Expr::col(("contacts", "company_id")).eq(company.0))
        .to_owned();
    if let Some(partner_id) = partner_id {
        select.and_where(Expr::col(("contacts", "partner_id")).eq(partner_id));
    }
    if let Some(q) = q {
        let mut any = Cond::any();
        for column in ["name", "email", "phone"] {
            any = any.add(Func::lower(Expr::col(("contacts", column))).like(like_pattern(q)));
        }
        select.cond_where(any);
    }
    select
}

pub async fn list_contacts(
    db: &impl ConnectionTrait,
    filtered: &SelectStatement,
    page: &PageRequest,
) -> Result<(Vec<Contact>, i64), DbErr> {
    fetch_page(db, filtered, page, ("contacts", "id"), contact).await
}

pub async fn contact_by_id(
    db: &impl ConnectionTrait,
    company: CompanyId,
    id: Uuid,
) -> Result<Option<Contact>, DbErr> {
    let mut select = contacts(company, None, None);
    select.and_where(Expr::col(("contacts", "id")).eq(id));
    db.query_one(&select)
        .await?
        .as_ref()
        .map(contact)
        .transpose()
}

/// A partner's payment terms and roles.
pub async fn partner_terms(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
) -> Result<Option<crate::partners::PartnerTerms>, DbErr> {
    let mut select = Query::select()
        .columns(
            ["payment_terms_days", "is_client", "is_vendor"].map(|column| ("partners", column)),
        )
        .from("partners")
        .and_where(Expr::col(("partners", "company_id")).eq(company.0))
        .and_where(Expr::col(("partners", "id")).eq(partner))
        .to_owned();
    with_invoicing_terms(&mut select);
    match db.query_one(&select).await? {
        Some(row) => Ok(Some(crate::partners::PartnerTerms {
            payment_terms_days: row.try_get("", "payment_terms_days")?,
            payment_term_id: row.try_get("", "payment_term_id")?,
            fiscal_position_id: row.try_get("", "fiscal_position_id")?,
            is_client: row.try_get("", "is_client")?,
            is_vendor: row.try_get("", "is_vendor")?,
        })),
        None => Ok(None),
    }
}

/// A partner's name and e-mail.
pub async fn partner_contact(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partner: Uuid,
) -> Result<Option<(String, Option<String>)>, DbErr> {
    let select = Query::select()
        .columns(["name", "email"])
        .from("partners")
        .and_where(Expr::col("company_id").eq(company.0))
        .and_where(Expr::col("id").eq(partner))
        .to_owned();
    match db.query_one(&select).await? {
        Some(row) => Ok(Some((row.try_get("", "name")?, row.try_get("", "email")?))),
        None => Ok(None),
    }
}

/// Names of partners by id, read in chunks of 500 ids.
pub async fn partner_names(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partners: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, DbErr> {
    let mut names = std::collections::HashMap::with_capacity(partners.len());
    for chunk in partners.chunks(500) {
        let select = Query::select()
            .columns(["id", "name"])
            .from("partners")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&select).await? {
            names.insert(row.try_get("", "id")?, row.try_get("", "name")?);
        }
    }
    Ok(names)
}

/// Name, TRN, emirate and country of these partners of the company.
pub async fn partner_tax_identities(
    db: &impl ConnectionTrait,
    company: CompanyId,
    partners: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, crate::partners::TaxIdentity>, DbErr> {
    let mut found = std::collections::HashMap::with_capacity(partners.len());
    for chunk in partners.chunks(500) {
        let select = Query::select()
            .columns(["id", "name", "trn", "emirate", "country"])
            .from("partners")
            .and_where(Expr::col("company_id").eq(company.0))
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&select).await? {
            found.insert(
                row.try_get("", "id")?,
                crate::partners::TaxIdentity {
                    name: row.try_get("", "name")?,
                    trn: row.try_get("", "trn")?,
                    emirate: row.try_get("", "emirate")?,
                    country: row.try_get("", "country")?,
                },
            );
        }
    }
    Ok(found)
}

/// Inserts clients in batches of 500, then recounts the kept totals.
pub async fn bulk_load_clients(
    db: &impl ConnectionTrait,
    company: CompanyId,
    clients: &[(String, Option<String>)],
    now: i64,
) -> Result<(), DbErr> {
    for (batch, chunk) in clients.chunks(500).enumerate() {
        let mut insert = Query::insert()
            .into_table("partners")
            .columns([
                "company_id",
                "id",
                "name",
                "email",
                "is_client",
                "is_vendor",
                "active",
                "created_at",
                "updated_at",
            ])
            .to_owned();
        for (offset, (name, email)) in chunk.iter().enumerate() {
            let index = i64::try_from(batch * 500 + offset).unwrap_or(0);
            let at = now + index;
            insert.values_panic([
                company.0.into(),
                Uuid::now_v7().into(),
                name.clone().into(),
                email.clone().into(),
                true.into(),
                false.into(),
                true.into(),
                at.into(),
                at.into(),
            ]);
        }
        db.execute(&insert).await?;
    }
    recount_partner_totals(db, company).await?;
    if db.get_database_backend() == DatabaseBackend::Postgres {
        db.execute_unprepared("ANALYZE partners").await?;
    }
    Ok(())
}

/// The first page of the company's clients as the client list reads it (the partner's columns,
/// its tags, its invoicing terms and the kept total; one row more than the page, to know whether
/// another follows), written by hand: the benchmark's yardstick for the list (PostgreSQL).
const FIRST_CLIENTS_BY_HAND: &str = "SELECT p.id, p.name, p.legal_name, p.trn, p.email, p.phone, \
    p.street, p.city, p.emirate, p.country, p.postal_code, p.currency, p.payment_terms_days, \
    p.credit_limit_minor, p.is_client, p.is_vendor, p.active, p.created_at, p.updated_at, \
    (SELECT string_agg(tag, ',') FROM partner_tags t \
        WHERE t.company_id = p.company_id AND t.partner_id = p.id) AS tags, \
    i.payment_term_id, i.fiscal_position_id, \
    (SELECT total FROM partner_totals WHERE company_id = $1 AND role = 'client') AS list_total \
    FROM partners p LEFT JOIN partner_invoicing_terms i \
        ON i.company_id = p.company_id AND i.partner_id = p.id \
    WHERE p.company_id = $1 AND p.is_client \
    ORDER BY p.created_at DESC, p.id DESC LIMIT 26";

/// Runs [`FIRST_CLIENTS_BY_HAND`] straight through sqlx and decodes each row (id, name, e-mail,
/// tags and total read; the other columns taken raw). Returns how many of those values were
/// present.
pub async fn first_clients_by_hand(
    pool: &sea_orm::sqlx::PgPool,
    company: CompanyId,
) -> Result<usize, sea_orm::sqlx::Error> {
    use sea_orm::sqlx::Row as _;
    let rows = sea_orm::sqlx::query(FIRST_CLIENTS_BY_HAND)
        .bind(company.0)
        .fetch_all(pool)
        .await?;
    let mut present = 0_usize;
    for row in &rows {
        let id: Uuid = row.try_get(0)?;
        let name: String = row.try_get(1)?;
        let email: Option<String> = row.try_get(4)?;
        let tags: Option<String> = row.try_get(19)?;
        let total: Option<i64> = row.try_get(22)?;
        for column in 0..row.len() {
            row.try_get_raw(column)?;
        }
        present += usize::from(!id.is_nil())
            + usize::from(!name.is_empty())
            + usize::from(email.is_some())
            + usize::from(tags.is_some())
            + usize::from(total.is_some());
    }
    Ok(present)
}
