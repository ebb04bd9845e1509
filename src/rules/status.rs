//! Rules that follow a partner's status: the status a signed contract gives, own-use
//! purchases capped by status, period rebates, invoice terms and the yearly
//! qualification report.

use super::matching::PaymentMatch;
use crate::ids::Status;
use crate::money::{Money, Rate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A signed contract grants this status to a partner that has none yet (SS-1:
/// Authorized from the signed contract).
///
/// ```
/// use commission_rules::rules::ContractStatus;
/// let r = ContractStatus { status: "authorized".into() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"status":"authorized"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractStatus {
    /// The status granted.
    pub status: Status,
}

/// Licences for the partner's own use at a discount, up to a number of seats by status
/// (SS-3). Seats count over the partner's life; seats beyond the cap are at full price.
/// A partner whose status has no cap gets no discount.
///
/// ```
/// use commission_rules::rules::InternalUseRule;
/// use commission_rules::Rate;
/// let r = InternalUseRule { rate_percent: Rate::whole_percent(50),
///     seat_caps: [("certified".into(), 50)].into_iter().collect() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"rate_percent":"50","seat_caps":{"certified":50}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternalUseRule {
    /// The discount on capped seats.
    pub rate_percent: Rate,
    /// Seats at the discount, by the status in force at the purchase.
    pub seat_caps: BTreeMap<Status, u32>,
}

/// A calendar period in program time.
///
/// ```
/// use commission_rules::rules::CalendarPeriod;
/// assert_eq!(serde_json::to_string(&CalendarPeriod::Quarter).unwrap(), r#""quarter""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarPeriod {
    /// A calendar month.
    Month,
    /// A calendar quarter (January–March, …).
    Quarter,
    /// A calendar year.
    Year,
}

impl CalendarPeriod {
    /// Months in the period.
    ///
    /// ```
    /// use commission_rules::rules::CalendarPeriod;
    /// assert_eq!(CalendarPeriod::Quarter.months(), 3); // SS-4's rebate period
    /// ```
    pub fn months(self) -> u32 {
        match self {
            CalendarPeriod::Month => 1,
            CalendarPeriod::Quarter => 3,
            CalendarPeriod::Year => 12,
        }
    }
}

/// A rebate on a period's sales at list price, accrued at the period's end (its last
/// instant, in program time) for a partner holding `status` then (SS-4). Booked once the
/// ledger reaches the end of the period.
///
/// ```
/// use commission_rules::rules::{CalendarPeriod, PaymentMatch, PeriodRebate};
/// use commission_rules::Rate;
/// let r = PeriodRebate { rate_percent: Rate::whole_percent(5), period: CalendarPeriod::Quarter,
///     status: "privileged".into(), sales: PaymentMatch::partner_payments() };
/// assert_eq!(r.period.months(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRebate {
    /// The rebate.
    pub rate_percent: Rate,
    /// The period.
    pub period: CalendarPeriod,
    /// The status the partner must hold at the period's end.
    pub status: Status,
    /// Which payments are sales.
    pub sales: PaymentMatch,
}

/// When the partner's invoice for what it buys is due, by its status at the purchase
/// (SS-4: 30 days for Privileged, the same day otherwise). Each purchase gets an invoice
/// memo line for the net price with its due date.
///
/// ```
/// use commission_rules::rules::InvoiceTerms;
/// let r = InvoiceTerms { due_days: 0, by_status: [("privileged".into(), 30)].into_iter().collect() };
/// assert_eq!(r.by_status.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceTerms {
    /// Days to pay for a partner whose status is not listed.
    pub due_days: u32,
    /// Days to pay by status.
    pub by_status: BTreeMap<Status, u32>,
}

/// The yearly qualification report (SS-1): which payments are sales, and what each status
/// requires, from the lowest status to the highest.
///
/// ```
/// use commission_rules::rules::{PaymentMatch, QualificationRule};
/// let r = QualificationRule { sales: PaymentMatch::partner_payments(), levels: vec![] };
/// assert!(r.levels.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationRule {
    /// Which payments are sales (counted at list price).
    pub sales: PaymentMatch,
    /// The statuses and their requirements, lowest first.
    pub levels: Vec<StatusRequirements>,
}

/// What one status requires in a year.
///
/// ```
/// use commission_rules::rules::StatusRequirements;
/// let r = StatusRequirements { status: "authorized".into(), contract_required: true,
///     min_sales: None, technical_specialists: 0, sales_specialists: 0, not_tracked: vec![] };
/// assert!(r.contract_required);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRequirements {
    /// The status.
    pub status: Status,
    /// A signed contract.
    pub contract_required: bool,
    /// Minimum sales in the year at list price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sales: Option<Money>,
    /// Certified technical specialists.
    pub technical_specialists: u32,
    /// Certified sales specialists.
    pub sales_specialists: u32,
    /// Requirements the ledger does not record (reported as not checked).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_tracked: Vec<String>,
}
