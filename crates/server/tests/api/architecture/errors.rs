//! Every error code a module declares is listed in docs/api-conventions.md, so integrators can
//! find each `code` they may be answered with.

#[test]
fn every_error_code_is_documented() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/api-conventions.md");
    let docs = std::fs::read_to_string(&path).expect("docs/api-conventions.md");
    let sales = arkan_sales::errors::ALL.concat();
    let declared = [
        arkan_platform::error::codes::ALL,
        arkan_identity::errors::ALL,
        arkan_crm::errors::ALL,
        arkan_ledger::errors::ALL,
        arkan_invoicing::errors::ALL,
        arkan_banking::errors::ALL,
        arkan_notifications::errors::ALL,
        arkan_messages::errors::ALL,
        arkan_webhooks::errors::ALL,
        arkan_projects::errors::ALL,
        arkan_reporting::errors::ALL,
        arkan_assets::errors::ALL,
        arkan_catalog::errors::ALL,
        arkan_inventory::errors::ALL,
        arkan_purchasing::errors::ALL,
        &sales,
        arkan_realtime::errors::ALL,
    ];
    let missing: Vec<&str> = declared
        .iter()
        .flat_map(|codes| codes.iter().copied())
        .filter(|code| !docs.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from the docs: {missing:?}"
    );
}
