//! The pure rules of putaway and routing: which rule is the most specific for a product, the
//! steps a warehouse's settings give when no route applies, and whether steps are chained.

use arkan_kernel::codes;
use uuid::Uuid;

use super::{DeliverySteps, ReceptionSteps};

codes! {
    /// The operation a route is for.
    pub enum OperationType {
        Receipt = "receipt",
        Delivery = "delivery",
        Internal = "internal",
    }
}

/// How closely a rule (putaway or route) fits a product: 0 for the product's own rule, then 1
/// for its category, 2 for the category's parent..., and last a general rule (neither product
/// nor category). None when the rule is for another product or a category the product is not
/// in. `categories` is the product's category followed by its ancestors, nearest first.
pub fn specificity(
    product: Option<Uuid>,
    categories: &[Uuid],
    rule_product: Option<Uuid>,
    rule_category: Option<Uuid>,
) -> Option<usize> {
    match (rule_product, rule_category) {
        (Some(rule_product), _) => (Some(rule_product) == product).then_some(0),
        (None, Some(rule_category)) => categories
            .iter()
            .position(|category| *category == rule_category)
            .map(|depth| depth + 1),
        (None, None) => Some(categories.len() + 1),
    }
}

/// A step of the path goods take: its name, where from and where to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedStep {
    pub name: String,
    pub source: Uuid,
    pub destination: Uuid,
}

/// The places the default steps go through: the company's vendor and customer locations and
/// the warehouse's own areas.
#[derive(Clone, Copy, Debug)]
pub struct WarehousePlaces {
    pub supplier: Uuid,
    pub customer: Uuid,
    pub stock: Uuid,
    pub input: Uuid,
    pub quality: Uuid,
    pub pack: Uuid,
    pub output: Uuid,
}

/// The steps of an operation when no route applies, from the warehouse's settings: receipts
/// by `reception`, deliveries by `delivery`. An internal operation has no steps setting: it is
/// one move inside the warehouse, from its stock location to `internal_destination` (where
/// putaway would store the product; the stock location itself when nothing says better).
pub fn default_steps(
    operation: OperationType,
    reception: ReceptionSteps,
    delivery: DeliverySteps,
    places: WarehousePlaces,
    internal_destination: Uuid,
) -> Vec<PlannedStep> {
    let step = |name: &str, source: Uuid, destination: Uuid| PlannedStep {
        name: name.to_owned(),
        source,
        destination,
    };
    let WarehousePlaces {
        supplier,
        customer,
        stock,
        input,
        quality,
        pack,
        output,
    } = places;
    match operation {
        OperationType::Receipt => match reception {
            ReceptionSteps::OneStep => vec![step("Receive", supplier, stock)],
            ReceptionSteps::TwoSteps => vec![
                step("Receive", supplier, input),
                step("Store", input, stock),
            ],
            ReceptionSteps::ThreeSteps => vec![
                step("Receive", supplier, input),
                step("Quality control", input, quality),
                step("Store", quality, stock),
            ],
        },
        OperationType::Delivery => match delivery {
            DeliverySteps::ShipOnly => vec![step("Ship", stock, customer)],
            DeliverySteps::PickShip => {
                vec![step("Pick", stock, output), step("Ship", output, customer)]
            }
            DeliverySteps::PickPackShip => vec![
                step("Pick", stock, pack),
                step("Pack", pack, output),
                step("Ship", output, customer),
            ],
        },
        OperationType::Internal => vec![step("Internal", stock, internal_destination)],
    }
}

/// The steps (by index) that do not start where the previous one ended.
pub fn unchained_steps(steps: &[(Uuid, Uuid)]) -> Vec<usize> {
    steps
        .windows(2)
        .enumerate()
        .filter(|(_, pair)| pair[0].1 != pair[1].0)
        .map(|(index, _)| index + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_product_rule_beats_the_nearest_category_which_beats_a_general_rule() {
        let (product, other) = (Uuid::now_v7(), Uuid::now_v7());
        let (leaf, parent, elsewhere) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let chain = [leaf, parent];
        let rank = |rule_product, rule_category| {
            specificity(Some(product), &chain, rule_product, rule_category)
        };
        assert_eq!(rank(Some(product), None), Some(0));
        assert_eq!(rank(None, Some(leaf)), Some(1));
        assert_eq!(rank(None, Some(parent)), Some(2));
        assert_eq!(rank(None, None), Some(3));
        assert_eq!(rank(Some(other), None), None);
        assert_eq!(rank(None, Some(elsewhere)), None);
        // Without a product only general rules apply.
        assert_eq!(specificity(None, &[], Some(product), None), None);
        assert_eq!(specificity(None, &[], None, None), Some(1));
    }

    #[test]
    fn each_setting_gives_its_steps_in_order() {
        let places = WarehousePlaces {
            supplier: Uuid::now_v7(),
            customer: Uuid::now_v7(),
            stock: Uuid::now_v7(),
            input: Uuid::now_v7(),
            quality: Uuid::now_v7(),
            pack: Uuid::now_v7(),
            output: Uuid::now_v7(),
        };
        let ends = |steps: Vec<PlannedStep>| -> Vec<(String, Uuid, Uuid)> {
            steps
                .into_iter()
                .map(|step| (step.name, step.source, step.destination))
                .collect()
        };
        let receipt = |setting| {
            ends(default_steps(
                OperationType::Receipt,
                setting,
                DeliverySteps::ShipOnly,
                places,
                places.stock,
            ))
        };
        let delivery = |setting| {
            ends(default_steps(
                OperationType::Delivery,
                ReceptionSteps::OneStep,
                setting,
                places,
                places.stock,
            ))
        };
        let p = places;
        assert_eq!(
            receipt(ReceptionSteps::OneStep),
            [("Receive".into(), p.supplier, p.stock)]
        );
        assert_eq!(
            receipt(ReceptionSteps::ThreeSteps),
            [
                ("Receive".into(), p.supplier, p.input),
                ("Quality control".into(), p.input, p.quality),
                ("Store".into(), p.quality, p.stock)
            ]
        );
        assert_eq!(
            delivery(DeliverySteps::PickPackShip),
            [
                ("Pick".into(), p.stock, p.pack),
                ("Pack".into(), p.pack, p.output),
                ("Ship".into(), p.output, p.customer)
            ]
        );
        for setting in ReceptionSteps::ALL {
            let steps: Vec<(Uuid, Uuid)> = receipt(*setting)
                .into_iter()
                .map(|(_, source, destination)| (source, destination))
                .collect();
            assert!(unchained_steps(&steps).is_empty());
        }
    }

    #[test]
    fn a_step_that_does_not_start_where_the_last_ended_is_named_by_its_index() {
        let (a, b, c, d) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        assert!(unchained_steps(&[(a, b), (b, c)]).is_empty());
        assert_eq!(unchained_steps(&[(a, b), (c, d), (d, a)]), [1]);
        assert!(unchained_steps(&[]).is_empty());
    }
}
