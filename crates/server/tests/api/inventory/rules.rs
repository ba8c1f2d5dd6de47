//! Putaway rules and routes: the most specific rule wins (product, nearest category, general;
//! then the lowest priority), routes fall back to the warehouse's steps settings, bad inputs
//! are refused by field, another company's rules are unknown, a viewer writes nothing.

use arkan_testkit::{Company, error_fields};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::{PRODUCTS, books, create, id_of, places, product_body};

const RULES: &str = "/api/v1/inventory/putaway/rules";
const RESOLVE: &str = "/api/v1/inventory/putaway/resolve";
const ROUTING: &str = "/api/v1/inventory/routing";
const LOCATIONS: &str = "/api/v1/inventory/locations";
const CATEGORIES: &str = "/api/v1/inventory/categories";
const WAREHOUSES: &str = "/api/v1/inventory/warehouses";

/// The seeded warehouse `WH` as the API shows it.
async fn main_warehouse(company: &Company) -> Value {
    let reply = company.get(WAREHOUSES).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body["data"][0].clone()
}

fn text(body: &Value, field: &str) -> String {
    body[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} in {body:?}"))
        .to_owned()
}

/// A shelf under the warehouse's stock location.
async fn shelf(company: &Company, warehouse: &Value, name: &str) -> String {
    let stock = text(warehouse, "stockLocationId");
    id_of(
        &create(
            company,
            LOCATIONS,
            json!({"name": name, "parentId": stock, "type": "internal"}),
        )
        .await,
    )
}

async fn category(company: &Company, name: &str, parent: Option<&str>) -> String {
    id_of(
        &create(
            company,
            CATEGORIES,
            json!({"name": name, "parentId": parent}),
        )
        .await,
    )
}

async fn resolve_putaway(company: &Company, warehouse: &str, product: &str) -> Value {
    let reply = company
        .get(&format!(
            "{RESOLVE}?warehouse_id={warehouse}&product_id={product}"
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

async fn resolve_route(company: &Company, warehouse: &str, kind: &str, product: &str) -> Value {
    let query = if product.is_empty() {
        String::new()
    } else {
        format!("?product_id={product}")
    };
    let reply = company
        .get(&format!("{ROUTING}/resolve/{warehouse}/{kind}{query}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    reply.body
}

/// The steps of a resolution as `(name, source, destination)`.
fn steps_of(resolution: &Value) -> Vec<(String, String, String)> {
    resolution["steps"]
        .as_array()
        .unwrap_or_else(|| panic!("steps in {resolution:?}"))
        .iter()
        .map(|step| {
            (
                text(step, "name"),
                text(step, "sourceLocationId"),
                text(step, "destinationLocationId"),
            )
        })
        .collect()
}

fn step(name: &str, source: &str, destination: &str) -> (String, String, String) {
    (name.to_owned(), source.to_owned(), destination.to_owned())
}

fn assert_invalid(reply: &arkan_testkit::Reply, field: &str) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.body["statusCode"], 400, "{:?}", reply.body);
    assert_eq!(reply.body["code"], "validation_failed", "{:?}", reply.body);
    let fields = error_fields(&reply.body);
    assert!(
        fields.contains(&field.to_owned()),
        "{field} not in {fields:?}"
    );
}

#[tokio::test]
async fn putaway_takes_the_products_rule_then_its_nearest_category_then_a_general_one() {
    let company = books().await;
    let warehouse = main_warehouse(&company).await;
    let wh = id_of(&warehouse);
    let stock = text(&warehouse, "stockLocationId");
    let (general_shelf, cheap_shelf, grand_shelf, parent_shelf, own_shelf, moved_shelf) = (
        shelf(&company, &warehouse, "General").await,
        shelf(&company, &warehouse, "Cheap").await,
        shelf(&company, &warehouse, "Hardware").await,
        shelf(&company, &warehouse, "Tools").await,
        shelf(&company, &warehouse, "Drills").await,
        shelf(&company, &warehouse, "Drills 2").await,
    );
    let hardware = category(&company, "Hardware", None).await;
    let tools = category(&company, "Tools", Some(&hardware)).await;
    let power = category(&company, "Power tools", Some(&tools)).await;
    let mut body = product_body("Drill", "DRL-1");
    body["categoryId"] = json!(power);
    let drill = id_of(&create(&company, PRODUCTS, body).await);
    let saw = id_of(&create(&company, PRODUCTS, product_body("Saw", "SAW-1")).await);

    // No rule: the warehouse's stock location.
    let none = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(none["locationId"], stock.as_str());
    assert_eq!(none["ruleId"], Value::Null);
    assert_eq!(none["warehouseId"], wh.as_str());
    assert_eq!(none["productId"], drill.as_str());

    // General rules: the lower priority wins; 10 is the default.
    let general = create(
        &company,
        RULES,
        json!({"warehouseId": wh, "locationId": general_shelf}),
    )
    .await;
    assert_eq!(general["priority"], 10);
    assert_eq!(general["productId"], Value::Null);
    assert!(general["createdAt"].is_string() && general["updatedAt"].is_string());
    let cheap = create(
        &company,
        RULES,
        json!({"warehouseId": wh, "locationId": cheap_shelf, "priority": 5}),
    )
    .await;
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], cheap_shelf.as_str());
    assert_eq!(found["ruleId"], id_of(&cheap).as_str());

    // The grandparent category's rule beats every general one; the parent's beats it even
    // with a worse priority (nearest category first).
    create(
        &company,
        RULES,
        json!({"warehouseId": wh, "categoryId": hardware, "locationId": grand_shelf, "priority": 1}),
    )
    .await;
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], grand_shelf.as_str());
    let parent = create(
        &company,
        RULES,
        json!({"warehouseId": wh, "categoryId": tools, "locationId": parent_shelf, "priority": 50}),
    )
    .await;
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], parent_shelf.as_str());
    assert_eq!(found["ruleId"], id_of(&parent).as_str());

    // The product's own rule beats them all.
    let own = create(
        &company,
        RULES,
        json!({"warehouseId": wh, "productId": drill, "locationId": own_shelf, "priority": 99}),
    )
    .await;
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], own_shelf.as_str());
    assert_eq!(found["ruleId"], id_of(&own).as_str());

    // A product without a category gets the general rule.
    let found = resolve_putaway(&company, &wh, &saw).await;
    assert_eq!(found["locationId"], cheap_shelf.as_str());

    // The rule moves to another shelf.
    let rule = format!("{RULES}/{}", id_of(&own));
    let moved = company
        .patch(&rule, json!({"locationId": moved_shelf, "priority": 3}))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.body);
    assert_eq!(moved.body["priority"], 3);
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], moved_shelf.as_str());

    // Lists filter by warehouse, product and category.
    let all = company.get(&format!("{RULES}?warehouse_id={wh}")).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.body);
    assert_eq!(all.body["meta"]["total"], 5);
    let mine = company.get(&format!("{RULES}?product_id={drill}")).await;
    assert_eq!(mine.body["meta"]["total"], 1);
    assert_eq!(mine.body["data"][0]["id"], id_of(&own).as_str());
    let of_tools = company.get(&format!("{RULES}?category_id={tools}")).await;
    assert_eq!(of_tools.body["meta"]["total"], 1);
    let by_priority = company
        .get(&format!("{RULES}?sort=priority&order=asc"))
        .await;
    assert_eq!(by_priority.body["data"][0]["priority"], 1);

    // Deleted: 204, then unknown; the parent category's rule applies again.
    let deleted = company.delete(&rule).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let gone = company.get(&rule).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.body["code"], "putaway_rule_not_found");
    let again = company.delete(&rule).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], parent_shelf.as_str());

    // A rule whose shelf is archived no longer applies: the grandparent's does.
    let archived = company
        .patch(
            &format!("{LOCATIONS}/{parent_shelf}"),
            json!({"active": false}),
        )
        .await;
    assert_eq!(archived.status, StatusCode::OK, "{:?}", archived.body);
    let found = resolve_putaway(&company, &wh, &drill).await;
    assert_eq!(found["locationId"], grand_shelf.as_str());

    // Both parameters are required and must be the company's.
    let missing = company.get(&format!("{RESOLVE}?product_id={drill}")).await;
    assert_invalid(&missing, "warehouse_id");
    let unknown = company
        .get(&format!(
            "{RESOLVE}?warehouse_id={wh}&product_id={}",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_invalid(&unknown, "product_id");
}

#[tokio::test]
async fn routes_resolve_by_product_then_category_then_general_else_the_warehouse_settings() {
    let company = books().await;
    let warehouse = main_warehouse(&company).await;
    let wh = id_of(&warehouse);
    let (stock, vendors, customers) = places(&company).await;
    let [input, quality, pack, output] = [
        "inputLocationId",
        "qualityLocationId",
        "packLocationId",
        "outputLocationId",
    ]
    .map(|field| text(&warehouse, field));
    let tools = category(&company, "Tools", None).await;
    let power = category(&company, "Power tools", Some(&tools)).await;
    let mut body = product_body("Drill", "DRL-2");
    body["categoryId"] = json!(power);
    let drill = id_of(&create(&company, PRODUCTS, body).await);
    let saw = id_of(&create(&company, PRODUCTS, product_body("Saw", "SAW-2")).await);

    // No route: the warehouse's settings, one step each by default.
    let receipt = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(receipt["routeId"], Value::Null);
    assert_eq!(receipt["operationType"], "receipt");
    assert_eq!(receipt["warehouseId"], wh.as_str());
    assert_eq!(steps_of(&receipt), [step("Receive", &vendors, &stock)]);
    let delivery = resolve_route(&company, &wh, "delivery", "").await;
    assert_eq!(steps_of(&delivery), [step("Ship", &stock, &customers)]);
    let internal = resolve_route(&company, &wh, "internal", "").await;
    assert_eq!(steps_of(&internal), [step("Internal", &stock, &stock)]);

    // Each steps setting, after a change of the warehouse.
    let path = format!("{WAREHOUSES}/{wh}");
    let expected_receipts = [
        ("one_step", vec![step("Receive", &vendors, &stock)]),
        (
            "two_steps",
            vec![
                step("Receive", &vendors, &input),
                step("Store", &input, &stock),
            ],
        ),
        (
            "three_steps",
            vec![
                step("Receive", &vendors, &input),
                step("Quality control", &input, &quality),
                step("Store", &quality, &stock),
            ],
        ),
    ];
    for (setting, expected) in expected_receipts {
        let changed = company
            .patch(&path, json!({"receptionSteps": setting}))
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
        let resolved = resolve_route(&company, &wh, "receipt", "").await;
        assert_eq!(steps_of(&resolved), expected, "{setting}");
    }
    let expected_deliveries = [
        ("ship_only", vec![step("Ship", &stock, &customers)]),
        (
            "pick_ship",
            vec![
                step("Pick", &stock, &output),
                step("Ship", &output, &customers),
            ],
        ),
        (
            "pick_pack_ship",
            vec![
                step("Pick", &stock, &pack),
                step("Pack", &pack, &output),
                step("Ship", &output, &customers),
            ],
        ),
    ];
    for (setting, expected) in expected_deliveries {
        let changed = company
            .patch(&path, json!({"deliverySteps": setting}))
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
        let resolved = resolve_route(&company, &wh, "delivery", &saw).await;
        assert_eq!(steps_of(&resolved), expected, "{setting}");
        assert_eq!(resolved["routeId"], Value::Null);
    }

    // An internal move of a product with a putaway rule ends on the rule's shelf.
    let drills = shelf(&company, &warehouse, "Drills").await;
    create(
        &company,
        RULES,
        json!({"warehouseId": wh, "productId": drill, "locationId": drills}),
    )
    .await;
    let internal = resolve_route(&company, &wh, "internal", &drill).await;
    assert_eq!(steps_of(&internal), [step("Internal", &stock, &drills)]);

    // A general route, then a category's (the parent's), then the product's.
    let general = create(
        &company,
        ROUTING,
        json!({"name": "Dock to stock", "warehouseId": wh, "operationType": "receipt",
               "steps": [{"name": "Unload", "sourceLocationId": vendors, "destinationLocationId": input},
                         {"sourceLocationId": input, "destinationLocationId": stock}]}),
    )
    .await;
    assert_eq!(general["priority"], 10);
    assert_eq!(general["active"], true);
    assert_eq!(general["steps"][1]["name"], "WH/Input -> WH/Stock");
    let resolved = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(resolved["routeId"], id_of(&general).as_str());
    assert_eq!(
        steps_of(&resolved),
        [
            step("Unload", &vendors, &input),
            step("WH/Input -> WH/Stock", &input, &stock)
        ]
    );
    let by_category = create(
        &company,
        ROUTING,
        json!({"name": "Tools via quality", "warehouseId": wh, "operationType": "receipt",
               "categoryId": tools, "priority": 20,
               "steps": [{"name": "Receive", "sourceLocationId": vendors, "destinationLocationId": quality},
                         {"name": "Store", "sourceLocationId": quality, "destinationLocationId": stock}]}),
    )
    .await;
    let resolved = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(resolved["routeId"], id_of(&by_category).as_str());
    // Without the product (or for another one), the general route.
    let resolved = resolve_route(&company, &wh, "receipt", "").await;
    assert_eq!(resolved["routeId"], id_of(&general).as_str());
    let resolved = resolve_route(&company, &wh, "receipt", &saw).await;
    assert_eq!(resolved["routeId"], id_of(&general).as_str());
    let own = create(
        &company,
        ROUTING,
        json!({"name": "Drills straight in", "warehouseId": wh, "operationType": "receipt",
               "productId": drill, "priority": 90,
               "steps": [{"name": "Receive", "sourceLocationId": vendors, "destinationLocationId": drills}]}),
    )
    .await;
    let resolved = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(resolved["routeId"], id_of(&own).as_str());
    assert_eq!(steps_of(&resolved), [step("Receive", &vendors, &drills)]);
    // A receipt route says nothing of deliveries.
    let delivery = resolve_route(&company, &wh, "delivery", &drill).await;
    assert_eq!(delivery["routeId"], Value::Null);

    // An inactive route is skipped; a lower priority wins among general routes.
    let own_path = format!("{ROUTING}/{}", id_of(&own));
    let archived = company.patch(&own_path, json!({"active": false})).await;
    assert_eq!(archived.status, StatusCode::OK, "{:?}", archived.body);
    assert_eq!(archived.body["active"], false);
    let resolved = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(resolved["routeId"], id_of(&by_category).as_str());
    let cheaper = create(
        &company,
        ROUTING,
        json!({"name": "Fast lane", "warehouseId": wh, "operationType": "receipt", "priority": 1,
               "steps": [{"name": "Receive", "sourceLocationId": vendors, "destinationLocationId": stock}]}),
    )
    .await;
    let resolved = resolve_route(&company, &wh, "receipt", &saw).await;
    assert_eq!(resolved["routeId"], id_of(&cheaper).as_str());

    // The category route becomes general and its steps are replaced whole.
    let category_path = format!("{ROUTING}/{}", id_of(&by_category));
    let changed = company
        .patch(
            &category_path,
            json!({"categoryId": null, "name": "Quality first",
                   "steps": [{"name": "Check", "sourceLocationId": vendors, "destinationLocationId": quality}]}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["categoryId"], Value::Null);
    assert_eq!(changed.body["name"], "Quality first");
    assert_eq!(changed.body["steps"].as_array().map(Vec::len), Some(1));
    let read = company.get(&category_path).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["steps"][0]["name"], "Check");
    // Now every drill receipt takes the cheapest general route.
    let resolved = resolve_route(&company, &wh, "receipt", &drill).await;
    assert_eq!(resolved["routeId"], id_of(&cheaper).as_str());

    // Lists filter by warehouse, operation type and product.
    let receipts = company
        .get(&format!(
            "{ROUTING}?warehouse_id={wh}&operation_type=receipt"
        ))
        .await;
    assert_eq!(receipts.status, StatusCode::OK, "{:?}", receipts.body);
    assert_eq!(receipts.body["meta"]["total"], 4);
    assert!(receipts.body["data"][0]["steps"].is_array());
    let mine = company.get(&format!("{ROUTING}?product_id={drill}")).await;
    assert_eq!(mine.body["meta"]["total"], 1);
    let deliveries = company
        .get(&format!("{ROUTING}?operation_type=delivery"))
        .await;
    assert_eq!(deliveries.body["meta"]["total"], 0);
    let bad = company
        .get(&format!("{ROUTING}?operation_type=return"))
        .await;
    assert_invalid(&bad, "operation_type");

    // Deleted: 204, then unknown.
    let deleted = company.delete(&own_path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    let gone = company.get(&own_path).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.body["code"], "stock_route_not_found");
}

#[tokio::test]
async fn bad_rules_and_routes_are_refused_by_field_and_another_companys_are_unknown() {
    let company = books().await;
    let warehouse = main_warehouse(&company).await;
    let wh = id_of(&warehouse);
    let (stock, vendors, _) = places(&company).await;
    let input = text(&warehouse, "inputLocationId");
    let view = text(&warehouse, "viewLocationId");
    let second = create(
        &company,
        WAREHOUSES,
        json!({"name": "Second", "code": "WH2"}),
    )
    .await;
    let tools = category(&company, "Tools", None).await;
    let drill = id_of(&create(&company, PRODUCTS, product_body("Drill", "DRL-3")).await);

    // Putaway: a location of another warehouse, a view location, a virtual one.
    let elsewhere = company
        .post(
            RULES,
            json!({"warehouseId": wh, "locationId": text(&second, "stockLocationId")}),
        )
        .await;
    assert_invalid(&elsewhere, "locationId");
    let on_view = company
        .post(RULES, json!({"warehouseId": wh, "locationId": view}))
        .await;
    assert_invalid(&on_view, "locationId");
    let on_vendors = company
        .post(RULES, json!({"warehouseId": wh, "locationId": vendors}))
        .await;
    assert_invalid(&on_vendors, "locationId");
    // A product and a category together; every bad field at once.
    let both = company
        .post(
            RULES,
            json!({"warehouseId": wh, "productId": drill, "categoryId": tools,
                   "locationId": stock, "priority": -1}),
        )
        .await;
    assert_invalid(&both, "categoryId");
    assert_invalid(&both, "priority");
    let unknown = company
        .post(
            RULES,
            json!({"warehouseId": uuid::Uuid::now_v7(), "productId": uuid::Uuid::now_v7(),
                   "locationId": stock}),
        )
        .await;
    assert_eq!(
        error_fields(&unknown.body),
        ["productId", "warehouseId"],
        "{:?}",
        unknown.body
    );

    // Routes: not chained, a view location, the same place twice, an unknown type, no steps.
    let route = |steps: Value| json!({"name": "Route", "warehouseId": wh, "operationType": "receipt", "steps": steps});
    let unchained = company
        .post(
            ROUTING,
            route(json!([
                {"sourceLocationId": vendors, "destinationLocationId": input},
                {"sourceLocationId": stock, "destinationLocationId": input}
            ])),
        )
        .await;
    assert_invalid(&unchained, "steps[1].sourceLocationId");
    let through_view = company
        .post(
            ROUTING,
            route(json!([{"sourceLocationId": view, "destinationLocationId": stock}])),
        )
        .await;
    assert_invalid(&through_view, "steps[0].sourceLocationId");
    let standing = company
        .post(
            ROUTING,
            route(json!([{"sourceLocationId": stock, "destinationLocationId": stock}])),
        )
        .await;
    assert_invalid(&standing, "steps[0].destinationLocationId");
    let empty = company.post(ROUTING, route(json!([]))).await;
    assert_invalid(&empty, "steps");
    let mut unknown_type =
        route(json!([{"sourceLocationId": vendors, "destinationLocationId": stock}]));
    unknown_type["operationType"] = json!("teleport");
    unknown_type["productId"] = json!(drill);
    unknown_type["categoryId"] = json!(tools);
    let refused = company.post(ROUTING, unknown_type).await;
    assert_invalid(&refused, "operationType");
    assert_invalid(&refused, "categoryId");
    let bad_type = company
        .get(&format!("{ROUTING}/resolve/{wh}/teleport"))
        .await;
    assert_invalid(&bad_type, "type");
    let no_warehouse = company
        .get(&format!(
            "{ROUTING}/resolve/{}/receipt",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_eq!(
        no_warehouse.status,
        StatusCode::NOT_FOUND,
        "{:?}",
        no_warehouse.body
    );
    let no_product = company
        .get(&format!(
            "{ROUTING}/resolve/{wh}/receipt?product_id={}",
            uuid::Uuid::now_v7()
        ))
        .await;
    assert_invalid(&no_product, "product_id");
    let malformed = company
        .get(&format!("{ROUTING}/resolve/{wh}/receipt?product_id=abc"))
        .await;
    assert_invalid(&malformed, "product_id");

    // Another company: the rules and routes are unknown, its locations are not ours.
    let rule = create(
        &company,
        RULES,
        json!({"warehouseId": wh, "locationId": input}),
    )
    .await;
    let route_made = create(
        &company,
        ROUTING,
        route(json!([{"sourceLocationId": vendors, "destinationLocationId": stock}])),
    )
    .await;
    let other = company.another_company("Other LLC").await;
    for path in [
        format!("{RULES}/{}", id_of(&rule)),
        format!("{ROUTING}/{}", id_of(&route_made)),
    ] {
        let theirs = company.app.get(&path, &company.token, Some(other)).await;
        assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{:?}", theirs.body);
        let patched = company
            .app
            .patch(&path, &company.token, Some(other), json!({"priority": 1}))
            .await;
        assert_eq!(patched.status, StatusCode::NOT_FOUND, "{:?}", patched.body);
        let deleted = company.app.delete(&path, &company.token, Some(other)).await;
        assert_eq!(deleted.status, StatusCode::NOT_FOUND, "{:?}", deleted.body);
    }
    assert_eq!(
        company
            .app
            .get(
                &format!("{RULES}/{}", id_of(&rule)),
                &company.token,
                Some(other)
            )
            .await
            .body["code"],
        "putaway_rule_not_found"
    );
    let theirs = company
        .app
        .get(WAREHOUSES, &company.token, Some(other))
        .await;
    let their_warehouse = theirs.body["data"][0]["id"]
        .as_str()
        .expect("a warehouse")
        .to_owned();
    let crossing = company
        .post(
            RULES,
            json!({"warehouseId": their_warehouse, "locationId": stock}),
        )
        .await;
    assert_invalid(&crossing, "warehouseId");
    let their_stock = theirs.body["data"][0]["stockLocationId"]
        .as_str()
        .expect("a stock location")
        .to_owned();
    let their_place = company
        .post(RULES, json!({"warehouseId": wh, "locationId": their_stock}))
        .await;
    assert_invalid(&their_place, "locationId");

    // A viewer reads but cannot write.
    let (_, viewer) = company.member("viewer@arkan.test", "viewer").await;
    let as_viewer = company
        .app
        .post(
            RULES,
            &viewer,
            Some(company.id),
            json!({"warehouseId": wh, "locationId": input}),
        )
        .await;
    assert_eq!(
        as_viewer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        as_viewer.body
    );
    let route_as_viewer = company
        .app
        .post(
            ROUTING,
            &viewer,
            Some(company.id),
            route(json!([{"sourceLocationId": vendors, "destinationLocationId": stock}])),
        )
        .await;
    assert_eq!(route_as_viewer.status, StatusCode::FORBIDDEN);
    let read = company.app.get(RULES, &viewer, Some(company.id)).await;
    assert_eq!(read.status, StatusCode::OK, "{:?}", read.body);
    assert_eq!(read.body["meta"]["total"], 1);

    // A location a rule names cannot be deleted under it.
    let shelf_id = shelf(&company, &warehouse, "Named").await;
    create(
        &company,
        RULES,
        json!({"warehouseId": wh, "locationId": shelf_id}),
    )
    .await;
    let in_use = company.delete(&format!("{LOCATIONS}/{shelf_id}")).await;
    assert_eq!(in_use.status, StatusCode::CONFLICT, "{:?}", in_use.body);
    assert_eq!(in_use.body["code"], "location_in_use");
}
