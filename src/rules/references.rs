//! Where a rule names a status, product line, integration, perk or attribute key: every
//! such name with its path below the rule, for validation against the program's declared
//! names. A rule kind that names something new must name it here.

use super::condition::Condition;
use super::matching::PaymentMatch;
use super::names::NameKind;
use super::rate::RateSchedule;
use super::{EntitlementStart, RuleKind};

/// Calls `found` with each name the rule names: its path below the rule
/// (`.payments.product_lines[0]`), its kind and the name, in document order.
pub(crate) fn names_in<'r>(kind: &'r RuleKind, found: &mut impl FnMut(String, NameKind, &'r str)) {
    let status = NameKind::Status;
    match kind {
        RuleKind::Reward(reward) => {
            payments(".payments", &reward.payments, found);
            if let RateSchedule::ByStatus { by_status, .. } = &reward.rate {
                for name in by_status.keys() {
                    found(format!(".rate.by_status.{name}"), status, name.as_str());
                }
            }
            conditions(&reward.conditions, found);
        }
        RuleKind::Entitlement(entitlement) => {
            found(
                ".perk".to_owned(),
                NameKind::Perk,
                entitlement.perk.as_str(),
            );
            match &entitlement.starts {
                EntitlementStart::StatusGranted { status: name } => {
                    found(
                        ".starts.status_granted.status".to_owned(),
                        status,
                        name.as_str(),
                    );
                }
                EntitlementStart::WhileStatus { status: name } => {
                    found(
                        ".starts.while_status.status".to_owned(),
                        status,
                        name.as_str(),
                    );
                }
                _ => {}
            }
        }
        RuleKind::Rebate(rebate) => {
            found(".status".to_owned(), status, rebate.status.as_str());
            payments(".sales", &rebate.sales, found);
        }
        RuleKind::Qualification(qualification) => {
            payments(".sales", &qualification.sales, found);
            for (index, level) in qualification.levels.iter().enumerate() {
                found(
                    format!(".levels[{index}].status"),
                    status,
                    level.status.as_str(),
                );
            }
        }
        _ => statuses_in(kind, found),
    }
}

/// The statuses of the rules that name nothing else: a contract's, seat caps', invoice
/// terms'.
fn statuses_in<'r>(kind: &'r RuleKind, found: &mut impl FnMut(String, NameKind, &'r str)) {
    let status = NameKind::Status;
    match kind {
        RuleKind::ContractStatus(contract) => {
            found(".status".to_owned(), status, contract.status.as_str());
        }
        RuleKind::InternalUse(internal) => {
            for name in internal.seat_caps.keys() {
                found(format!(".seat_caps.{name}"), status, name.as_str());
            }
        }
        RuleKind::InvoiceTerms(terms) => {
            for name in terms.by_status.keys() {
                found(format!(".by_status.{name}"), status, name.as_str());
            }
        }
        _ => {}
    }
}

/// The integrations and product lines a payment filter names.
fn payments<'r>(
    path: &str,
    matcher: &'r PaymentMatch,
    found: &mut impl FnMut(String, NameKind, &'r str),
) {
    for (index, integration) in matcher.integrations.iter().enumerate() {
        found(
            format!("{path}.integrations[{index}]"),
            NameKind::Integration,
            integration,
        );
    }
    for (index, line) in matcher.product_lines.iter().enumerate() {
        found(
            format!("{path}.product_lines[{index}]"),
            NameKind::ProductLine,
            line,
        );
    }
}

/// The attribute keys a reward's conditions test, at `conditions[N].key` (the path the
/// other faults of a condition use).
fn conditions<'r>(list: &'r [Condition], found: &mut impl FnMut(String, NameKind, &'r str)) {
    for (index, condition) in list.iter().enumerate() {
        let tested = match condition {
            Condition::AttributeIn(test) | Condition::AttributeNotIn(test) => Some(test),
            _ => None,
        };
        // A blank key is a fault of its own.
        if let Some(test) = tested.filter(|test| !test.key.trim().is_empty()) {
            found(
                format!(".conditions[{index}].key"),
                NameKind::attribute_of(test.of),
                &test.key,
            );
        }
    }
}
