//! The module boundaries, checked on the source tree: each crate's SQL names only the tables
//! that crate owns (its `TABLES`), every table the migrations create has exactly one owner,
//! and no crate reaches into another's `store`. Foreign keys in a crate's `migrations.rs` may
//! name other crates' tables and are not checked here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sea_orm::ConnectionTrait;

use arkan_testkit::TestApp;

/// Every crate of the workspace with the tables it owns.
fn owners() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("kernel", &[]),
        ("platform", arkan_platform::TABLES),
        ("identity", arkan_identity::TABLES),
        ("crm", arkan_crm::TABLES),
        ("ledger", arkan_ledger::TABLES),
        ("invoicing", arkan_invoicing::TABLES),
        ("banking", arkan_banking::TABLES),
        ("notifications", arkan_notifications::TABLES),
        ("messages", arkan_messages::TABLES),
        ("realtime", arkan_realtime::TABLES),
        ("webhooks", arkan_webhooks::TABLES),
        ("projects", arkan_projects::TABLES),
        ("reporting", arkan_reporting::TABLES),
        ("assets", arkan_assets::TABLES),
        ("catalog", arkan_catalog::TABLES),
        ("inventory", arkan_inventory::TABLES),
        ("purchasing", arkan_purchasing::TABLES),
        ("sales", arkan_sales::TABLES),
        ("server", &[]),
        ("bench", &[]),
        // The tests' builders reach the server through its HTTP API only.
        ("testkit", &[]),
    ]
}

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// Whether `line` names `table` as SQL does: as a sea-query table (`.from("t")`,
/// `.table("t")`, `into_table`, `from_table`, joins, `insert(db, "t", ..)`), as the table of a
/// column (`("t", "column")`), or in raw SQL text (`FROM t`, `JOIN t`, `INTO t`, `UPDATE t`,
/// `TABLE t`, `ANALYZE t`). Other strings that happen to spell a table (a field name, a topic)
/// are not SQL.
fn names_table(line: &str, table: &str) -> bool {
    let code = line.trim_start();
    if code.starts_with("//") {
        return false;
    }
    let quoted = format!("\"{table}\"");
    let mut from = 0;
    while let Some(found) = line[from..].find(&quoted) {
        let at = from + found;
        let before = line[..at].trim_end();
        let after = &line[at + quoted.len()..];
        let as_table = [".from(", ".table(", "_table(", "join(", "(("]
            .iter()
            .any(|call| before.ends_with(call));
        let as_helper_argument =
            before.ends_with(',') && (before.contains("insert(") || before.contains("update("));
        if (as_table && (!before.ends_with("((") || after.starts_with(", "))) || as_helper_argument
        {
            return true;
        }
        from = at + quoted.len();
    }
    let upper = line.to_uppercase();
    let name = table.to_uppercase();
    ["FROM ", "JOIN ", "INTO ", "UPDATE ", "TABLE ", "ANALYZE "]
        .iter()
        .any(|keyword| {
            let needle = format!("{keyword}{name}");
            upper.match_indices(&needle).any(|(at, _)| {
                let end = at + needle.len();
                let word_before = at == 0
                    || !upper.as_bytes()[at - 1].is_ascii_alphanumeric()
                        && upper.as_bytes()[at - 1] != b'_';
                let word_after = upper
                    .as_bytes()
                    .get(end)
                    .is_none_or(|next| !next.is_ascii_alphanumeric() && *next != b'_');
                word_before && word_after
            })
        })
}

/// What breaks the rules in the crates under `root` (`root/<crate>/src`), one line each.
pub fn violations(root: &Path, owners: &[(&str, &[&str])]) -> Vec<String> {
    let mut owner_of = BTreeMap::new();
    for (krate, tables) in owners {
        for table in *tables {
            owner_of.insert(table.to_string(), krate.to_string());
        }
    }
    let mut problems = Vec::new();
    for (krate, _) in owners {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        files.sort();
        for file in files {
            // Migrations, and the platform's helpers for them, name other tables in foreign keys.
            if file
                .file_name()
                .is_some_and(|name| name == "migrations.rs" || name == "schema.rs")
            {
                continue;
            }
            let Ok(source) = std::fs::read_to_string(&file) else {
                continue;
            };
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            for (number, line) in source.lines().enumerate() {
                for (table, owner) in &owner_of {
                    if owner != krate && names_table(line, table) {
                        problems.push(format!(
                            "{shown}:{}: names table {table}, which {owner} owns",
                            number + 1
                        ));
                    }
                }
            }
            for (other, _) in owners {
                if other == krate {
                    continue;
                }
                let path = format!("arkan_{other}::store");
                if source.contains(&path) {
                    problems.push(format!("{shown}: reaches into {path}"));
                }
            }
        }
    }
    problems
}

#[test]
fn no_crate_names_another_crates_tables() {
    let problems = violations(&crates_dir(), &owners());
    assert!(
        problems.is_empty(),
        "boundary violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn a_planted_violation_is_caught() {
    let root = tempfile::tempdir().expect("temporary folder");
    let write = |path: &str, text: &str| {
        let path = root.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("file");
    };
    write(
        "invoicing/src/store.rs",
        "fn read() { Query::select().from(\"invoices\").inner_join(\"partners\", on); }\n",
    );
    write(
        "invoicing/src/migrations.rs",
        "fn fk() { ForeignKey::create().to(\"partners\", \"id\"); }\n",
    );
    write(
        "banking/src/exports.rs",
        "use arkan_invoicing::store::payments;\nfn f() { error(\"payments\", \"a field\"); db.execute_unprepared(\"UPDATE payments SET x = 1\"); }\n",
    );
    write(
        "crm/src/store.rs",
        "// a comment about \"invoices\" is not SQL\nfn ok() { Query::select().from(\"partners\"); }\n",
    );
    let owners: Vec<(&str, &[&str])> = vec![
        ("crm", &["partners"]),
        ("invoicing", &["invoices", "payments"]),
        ("banking", &["partner_bank_details"]),
    ];
    let mut problems = violations(root.path(), &owners);
    problems.sort();
    assert_eq!(
        problems,
        vec![
            "banking/src/exports.rs: reaches into arkan_invoicing::store".to_owned(),
            "banking/src/exports.rs:2: names table payments, which invoicing owns".to_owned(),
            "invoicing/src/store.rs:1: names table partners, which crm owns".to_owned(),
        ]
    );
}

/// Every table a fresh database has belongs to exactly one crate's `TABLES`.
#[tokio::test]
async fn every_table_has_one_owner() {
    let app = TestApp::new().await;
    let db = app.platform.db.connection();
    let select = if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    };
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            select,
        ))
        .await
        .expect("tables");
    let mut tables: Vec<String> = rows
        .iter()
        .map(|row| row.try_get("", "name").expect("name"))
        .filter(|name: &String| name != "seaql_migrations")
        .collect();
    tables.sort();
    let mut owned: Vec<String> = owners()
        .iter()
        .flat_map(|(_, tables)| tables.iter().map(|table| table.to_string()))
        .collect();
    owned.sort();
    let before = owned.len();
    owned.dedup();
    assert_eq!(before, owned.len(), "a table is listed by two crates");
    assert_eq!(tables, owned);
}
