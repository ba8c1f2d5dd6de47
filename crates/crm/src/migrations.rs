//! The partner directory's tables. Every table is keyed `(company_id, id)` and refers to other
//! tenant rows through composite keys, so the database itself refuses a contact of company A
//! pointing at a partner of company B.

use arkan_platform::schema::{
    SchemaChange, SchemaMigration, bigint, bigint_null, boolean, company_table, date_null, index,
    integer, integer_null, reference, text, text_null, unique, uuid, uuid_null,
};
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{
    ColumnDef, Expr, ForeignKey, ForeignKeyAction, Index, Query, SimpleExpr, Table,
};

pub fn migrations() -> Vec<SchemaMigration> {
    vec![
        SchemaMigration {
            name: "m0101_crm_partners",
            build: partner_tables,
        },
        SchemaMigration {
            name: "m0102_crm_pipeline",
            build: pipeline_tables,
        },
        SchemaMigration {
            name: "m0103_crm_stages_of_existing_companies",
            build: stages_of_existing_companies,
        },
        SchemaMigration {
            name: "m0219_partner_invoicing_terms",
            build: partner_invoicing_terms,
        },
    ]
}

/// A partner's payment term and fiscal position. Both are invoicing's master data, so this
/// migration sorts after invoicing's m0216 and m0217 that made their tables; composite keys make
/// the database refuse another company's term or position, and a term or position in use cannot
/// be deleted.
fn partner_invoicing_terms(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let table = Table::create()
        .table("partner_invoicing_terms")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "partner_id"))
        .col(uuid_null(backend, "payment_term_id"))
        .col(uuid_null(backend, "fiscal_position_id"))
        .primary_key(Index::create().col("company_id").col("partner_id"))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "partner_id",
            "partners",
        ))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "payment_term_id",
            "payment_terms",
        ))
        .foreign_key(&mut reference(
            "partner_invoicing_terms",
            "fiscal_position_id",
            "fiscal_positions",
        ))
        .to_owned();
    vec![SchemaChange::Table(table)]
}

fn partner_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let partners = Table::create()
        .table("partners")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .col(text("name"))
        .col(text_null("legal_name"))
        .col(text_null("trn"))
        .col(text_null("email"))
        .col(text_null("phone"))
        .col(text_null("street"))
        .col(text_null("city"))
        .col(text_null("emirate"))
        .col(text_null("country"))
        .col(text_null("postal_code"))
        .col(text_null("currency"))
        .col(
            ColumnDef::new("payment_terms_days")
                .integer()
                .null()
                .to_owned(),
        )
        .col(
            ColumnDef::new("credit_limit_minor")
                .big_integer()
                .null()
                .to_owned(),
        )
        .col(boolean("is_client"))
        .col(boolean("is_vendor"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("id"))
        .foreign_key(
            ForeignKey::create()
                .from("partners", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let partners_by_created = Index::create()
        .name("partners_by_created")
        .table("partners")
        .col("company_id")
        .col("created_at")
        .col("id")
        .to_owned();
    let partners_by_name = Index::create()
        .name("partners_by_name")
        .table("partners")
        .col("company_id")
        .col("name")
        .col("id")
        .to_owned();

    let tags = Table::create()
        .table("partner_tags")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "partner_id"))
        .col(text("tag"))
        .primary_key(
            Index::create()
                .col("company_id")
                .col("partner_id")
                .col("tag"),
        )
        .foreign_key(
            ForeignKey::create()
                .from("partner_tags", ("company_id", "partner_id"))
                .to("partners", ("company_id", "id"))
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();
    let tags_by_tag = Index::create()
        .name("partner_tags_by_tag")
        .table("partner_tags")
        .col("company_id")
        .col("tag")
        .to_owned();

    let contacts = Table::create()
        .table("contacts")
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .col(text("name"))
        .col(text_null("email"))
        .col(text_null("phone"))
        .col(text_null("job_title"))
        .col(uuid_null(backend, "partner_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .primary_key(Index::create().col("company_id").col("id"))
        .foreign_key(
            ForeignKey::create()
                .from("contacts", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .foreign_key(
            ForeignKey::create()
                .from("contacts", ("company_id", "partner_id"))
                .to("partners", ("company_id", "id")),
        )
        .to_owned();
    let contacts_by_created = Index::create()
        .name("contacts_by_created")
        .table("contacts")
        .col("company_id")
        .col("created_at")
        .col("id")
        .to_owned();
    let contacts_by_partner = Index::create()
        .name("contacts_by_partner")
        .table("contacts")
        .col("company_id")
        .col("partner_id")
        .to_owned();

    // Totals per company and role, kept in the same transaction as every partner write, so an
    // unfiltered list answers `meta.total` without counting every partner.
    let totals = Table::create()
        .table("partner_totals")
        .col(uuid(backend, "company_id"))
        .col(text("role"))
        .col(bigint("total"))
        .col(bigint("active"))
        .primary_key(Index::create().col("company_id").col("role"))
        .foreign_key(
            ForeignKey::create()
                .from("partner_totals", "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned();

    vec![
        SchemaChange::Table(partners),
        SchemaChange::Table(totals),
        SchemaChange::Index(partners_by_created),
        SchemaChange::Index(partners_by_name),
        SchemaChange::Table(tags),
        SchemaChange::Index(tags_by_tag),
        SchemaChange::Table(contacts),
        SchemaChange::Index(contacts_by_created),
        SchemaChange::Index(contacts_by_partner),
    ]
}

/// Stages, leads, deals and activities. Probabilities are hundredths of a percent (0 to
/// 10000), money BIGINT minor units of `currency`; a deal keeps its state (its stage's type
/// when it was last moved) and its weighted revenue, so the pipeline report only sums columns.
/// User ids (`owner_id`, `assignee_id`) carry no foreign key: memberships are identity's, and
/// a member who leaves must not be blocked by the deals they owned (see the README).
fn pipeline_tables(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let stages = company_table(backend, "crm_stages")
        .col(text("name"))
        .col(integer("sequence"))
        .col(integer("probability"))
        .col(text("type"))
        .col(boolean("active"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .to_owned();

    let leads = company_table(backend, "crm_leads")
        .col(text("name"))
        .col(text_null("contact_name"))
        .col(text_null("company_name"))
        .col(text_null("email"))
        .col(text_null("phone"))
        .col(text_null("trn"))
        .col(text_null("street"))
        .col(text_null("city"))
        .col(text_null("emirate"))
        .col(text_null("country"))
        .col(text_null("postal_code"))
        .col(text_null("source"))
        .col(uuid_null(backend, "owner_id"))
        .col(bigint_null("expected_revenue_minor"))
        .col(text("currency"))
        .col(integer_null("probability"))
        .col(text("tags"))
        .col(text_null("notes"))
        .col(uuid_null(backend, "partner_id"))
        .col(text("state"))
        .col(text_null("lost_reason"))
        .col(uuid_null(backend, "deal_id"))
        .col(bigint_null("converted_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("crm_leads", "partner_id", "partners"))
        .to_owned();

    let deals = company_table(backend, "crm_deals")
        .col(text("name"))
        .col(uuid_null(backend, "partner_id"))
        .col(uuid_null(backend, "contact_id"))
        .col(uuid(backend, "stage_id"))
        .col(text("state"))
        .col(uuid_null(backend, "owner_id"))
        .col(bigint("expected_revenue_minor"))
        .col(text("currency"))
        .col(integer("probability"))
        .col(bigint("weighted_revenue_minor"))
        .col(date_null("expected_close_date"))
        .col(text_null("source"))
        .col(text("tags"))
        .col(text_null("notes"))
        .col(text_null("lost_reason"))
        .col(uuid_null(backend, "lead_id"))
        .col(bigint_null("closed_at"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("crm_deals", "partner_id", "partners"))
        .foreign_key(&mut reference("crm_deals", "contact_id", "contacts"))
        .foreign_key(&mut reference("crm_deals", "stage_id", "crm_stages"))
        .foreign_key(&mut reference("crm_deals", "lead_id", "crm_leads"))
        .to_owned();

    let activities = company_table(backend, "crm_activities")
        .col(text("type"))
        .col(text("summary"))
        .col(ColumnDef::new("due_date").date().null().to_owned())
        .col(uuid_null(backend, "assignee_id"))
        .col(text_null("notes"))
        .col(boolean("done"))
        .col(bigint_null("done_at"))
        .col(uuid_null(backend, "lead_id"))
        .col(uuid_null(backend, "deal_id"))
        .col(bigint("created_at"))
        .col(bigint("updated_at"))
        .foreign_key(&mut reference("crm_activities", "lead_id", "crm_leads"))
        .foreign_key(&mut reference("crm_activities", "deal_id", "crm_deals"))
        .to_owned();

    vec![
        SchemaChange::Table(stages),
        index(
            "crm_stages_by_sequence",
            "crm_stages",
            &["company_id", "sequence", "id"],
        ),
        index(
            "crm_stages_by_created",
            "crm_stages",
            &["company_id", "created_at", "id"],
        ),
        SchemaChange::Table(leads),
        index(
            "crm_leads_by_created",
            "crm_leads",
            &["company_id", "created_at", "id"],
        ),
        index(
            "crm_leads_by_name",
            "crm_leads",
            &["company_id", "name", "id"],
        ),
        SchemaChange::Table(deals),
        index(
            "crm_deals_by_created",
            "crm_deals",
            &["company_id", "created_at", "id"],
        ),
        index(
            "crm_deals_by_name",
            "crm_deals",
            &["company_id", "name", "id"],
        ),
        index(
            "crm_deals_by_stage",
            "crm_deals",
            &["company_id", "stage_id"],
        ),
        // One deal per converted lead, whatever two requests do at once; the partner and
        // contact keys are checked through these when a partner or contact changes.
        unique(
            "crm_deals_one_per_lead",
            "crm_deals",
            &["company_id", "lead_id"],
        ),
        index(
            "crm_deals_by_partner",
            "crm_deals",
            &["company_id", "partner_id"],
        ),
        index(
            "crm_deals_by_contact",
            "crm_deals",
            &["company_id", "contact_id"],
        ),
        // The pipeline report: deals created in a period by stage (covering: no table reads),
        // and deals closed in a period by owner, source and state.
        index(
            "crm_deals_report_created",
            "crm_deals",
            &[
                "company_id",
                "created_at",
                "stage_id",
                "owner_id",
                "expected_revenue_minor",
                "weighted_revenue_minor",
            ],
        ),
        index(
            "crm_deals_report_closed",
            "crm_deals",
            &[
                "company_id",
                "closed_at",
                "owner_id",
                "source",
                "state",
                "expected_revenue_minor",
                "created_at",
            ],
        ),
        SchemaChange::Table(activities),
        index(
            "crm_activities_by_lead",
            "crm_activities",
            &["company_id", "lead_id", "created_at", "id"],
        ),
        index(
            "crm_activities_by_deal",
            "crm_activities",
            &["company_id", "deal_id", "created_at", "id"],
        ),
    ]
}

/// The default stages (name, sequence, probability in hundredths of a percent, type) every
/// company starts with; a new company gets them from `crate::setup_company`.
pub const DEFAULT_STAGES: [(&str, i32, i32, &str); 6] = [
    ("New", 10, 1_000, "open"),
    ("Qualified", 20, 2_500, "open"),
    ("Proposal", 30, 5_000, "open"),
    ("Negotiation", 40, 7_500, "open"),
    ("Won", 50, 10_000, "won"),
    ("Lost", 60, 0, "lost"),
];

/// The default stages for every company that exists when the pipeline arrives. Ids are made
/// by the database (random, version 4 on PostgreSQL; 16 random bytes on SQLite), since a
/// migration has no program to make v7 ids row by row.
fn stages_of_existing_companies(backend: DatabaseBackend) -> Vec<SchemaChange> {
    let now = arkan_kernel::time::now_micros();
    let new_id: SimpleExpr = match backend {
        DatabaseBackend::Postgres => Expr::cust("gen_random_uuid()"),
        _ => Expr::cust("randomblob(16)"),
    };
    DEFAULT_STAGES
        .iter()
        .map(|(name, sequence, probability, kind)| {
            let select = Query::select()
                .column("id")
                .expr(new_id.clone())
                .expr(Expr::val(*name))
                .expr(Expr::val(*sequence))
                .expr(Expr::val(*probability))
                .expr(Expr::val(*kind))
                .expr(Expr::val(true))
                .expr(Expr::val(now))
                .expr(Expr::val(now))
                .from("companies")
                .to_owned();
            let insert = Query::insert()
                .into_table("crm_stages")
                .columns([
                    "company_id",
                    "id",
                    "name",
                    "sequence",
                    "probability",
                    "type",
                    "active",
                    "created_at",
                    "updated_at",
                ])
                .select_from(select)
                .map(|insert| insert.to_owned());
            match insert {
                Ok(insert) => SchemaChange::Insert(insert),
                Err(_) => SchemaChange::Insert(Query::insert().to_owned()),
            }
        })
        .collect()
}
