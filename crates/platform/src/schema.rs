//! Migrations written once with sea-query and run on both databases, plus the column helpers
//! that keep every table's conventions the same: UUID ids (native on PostgreSQL, 16-byte blobs on
//! SQLite), instants as BIGINT microseconds, money as BIGINT minor units, text as TEXT.

use sea_orm::sea_query::{
    Alias, ColumnDef, Expr, ExprTrait, ForeignKey, ForeignKeyAction, ForeignKeyCreateStatement,
    Index, IndexCreateStatement, InsertStatement, Query, Table, TableAlterStatement,
    TableCreateStatement, TableDropStatement, TableRenameStatement, UpdateStatement,
};
use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::{MigrationName, MigrationTrait, SchemaManager};

pub enum SchemaChange {
    Table(TableCreateStatement),
    /// A column added to a table an earlier migration created.
    Alter(TableAlterStatement),
    Index(IndexCreateStatement),
    /// Reference rows a migration ships (currencies), or rows it copies from another table.
    Insert(InsertStatement),
    /// Values a migration copies into rows that already exist.
    Update(UpdateStatement),
    /// A table dropped, after its rows were copied into the table that replaces it (SQLite
    /// cannot change a primary key in place).
    Drop(TableDropStatement),
    /// The replacing table taking the dropped one's name.
    Rename(TableRenameStatement),
    /// A statement sea-query cannot build, for one backend only (PostgreSQL's `NOT VALID`
    /// foreign key added to a table that has rows).
    Sql(String),
}

/// One named migration: the statements it runs, built for the backend it runs on.
pub struct SchemaMigration {
    pub name: &'static str,
    pub build: fn(DatabaseBackend) -> Vec<SchemaChange>,
}

impl MigrationName for SchemaMigration {
    fn name(&self) -> &str {
        self.name
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for SchemaMigration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), sea_orm::DbErr> {
        for change in (self.build)(manager.get_database_backend()) {
            match change {
                SchemaChange::Table(table) => manager.create_table(table).await?,
                SchemaChange::Alter(alter) => manager.alter_table(alter).await?,
                SchemaChange::Index(index) => manager.create_index(index).await?,
                SchemaChange::Insert(insert) => {
                    manager.get_connection().execute(&insert).await?;
                }
                SchemaChange::Update(update) => {
                    manager.get_connection().execute(&update).await?;
                }
                SchemaChange::Drop(drop) => manager.drop_table(drop).await?,
                SchemaChange::Rename(rename) => manager.rename_table(rename).await?,
                SchemaChange::Sql(sql) => {
                    manager.get_connection().execute_unprepared(&sql).await?;
                }
            }
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// A non-null UUID column.
pub fn uuid(backend: DatabaseBackend, name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    if backend == DatabaseBackend::Sqlite {
        column.blob();
    } else {
        column.uuid();
    }
    column.not_null();
    column
}

/// A nullable UUID column (an optional reference).
pub fn uuid_null(backend: DatabaseBackend, name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    if backend == DatabaseBackend::Sqlite {
        column.blob();
    } else {
        column.uuid();
    }
    column.null();
    column
}

pub fn text(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.text().not_null();
    column
}

pub fn text_null(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.text().null();
    column
}

/// BIGINT: money in minor units, instants in microseconds, counters.
pub fn bigint(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.big_integer().not_null();
    column
}

pub fn bigint_null(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.big_integer().null();
    column
}

pub fn integer(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.integer().not_null();
    column
}

pub fn integer_null(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.integer().null();
    column
}

pub fn boolean(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.boolean().not_null();
    column
}

pub fn date_null(name: &str) -> ColumnDef {
    let mut column = ColumnDef::new(name.to_owned());
    column.date().null();
    column
}

/// A non-null DATE column.
pub fn date(name: &str) -> ColumnDef {
    ColumnDef::new(name.to_owned()).date().not_null().to_owned()
}

/// A tenant table: keyed `(company_id, id)`, its company a foreign key that cascades.
pub fn company_table(backend: DatabaseBackend, name: &str) -> TableCreateStatement {
    Table::create()
        .table(name.to_owned())
        .col(uuid(backend, "company_id"))
        .col(uuid(backend, "id"))
        .primary_key(Index::create().col("company_id").col("id"))
        .foreign_key(
            ForeignKey::create()
                .from(name.to_owned(), "company_id")
                .to("companies", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// A composite foreign key `(company_id, column)` -> `target (company_id, id)`: a row can only
/// point at a row of its own company.
pub fn reference(table: &str, column: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table.to_owned(), ("company_id", column.to_owned()))
        .to(target.to_owned(), ("company_id", "id"))
        .to_owned()
}

/// A unique index.
pub fn unique(name: &str, table: &str, columns: &[&str]) -> SchemaChange {
    let mut index = Index::create()
        .name(name.to_owned())
        .table(table.to_owned())
        .unique()
        .to_owned();
    for column in columns {
        index.col((*column).to_owned());
    }
    SchemaChange::Index(index)
}

/// A plain index.
/// Sets `table.column` to NULL where it names no row of `target` of the same company: run
/// before a reference is added to a table that may hold such rows (on both databases, so
/// they hold the same rows afterwards).
pub fn clear_dangling_reference(table: &str, column: &str, target: &str) -> SchemaChange {
    let named = Query::select()
        .expr(Expr::val(1))
        .from(Alias::new(target))
        .and_where(
            Expr::col((Alias::new(target), Alias::new("company_id")))
                .equals((Alias::new(table), Alias::new("company_id"))),
        )
        .and_where(
            Expr::col((Alias::new(target), Alias::new("id")))
                .equals((Alias::new(table), Alias::new(column))),
        )
        .to_owned();
    let update = Query::update()
        .table(Alias::new(table))
        .value(Alias::new(column), Expr::cust("NULL"))
        .and_where(Expr::col((Alias::new(table), Alias::new(column))).is_not_null())
        .and_where(Expr::exists(named).not())
        .to_owned();
    SchemaChange::Update(update)
}

pub fn index(name: &str, table: &str, columns: &[&str]) -> SchemaChange {
    let mut index = Index::create()
        .name(name.to_owned())
        .table(table.to_owned())
        .to_owned();
    for column in columns {
        index.col((*column).to_owned());
    }
    SchemaChange::Index(index)
}
