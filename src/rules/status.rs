//! Rules that follow a partner's status: the status a signed contract gives, own-use
//! purchases capped by status, period rebates, invoice terms and the yearly
//! qualification report.

use super::matching::PaymentMatch;
use super::rate::ClientCounter;
use crate::ids::Status;
use crate::ledger::SpecialistKind;
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
/// let r = InternalUseRule::new(Rate::whole_percent(50),
///     [("certified".into(), 50)].into_iter().collect());
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"rate_percent":"50","seat_caps":{"certified":50}}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct InternalUseRule {
    /// The discount on capped seats.
    pub rate_percent: Rate,
    /// Seats at the discount, by the status in force at the purchase.
    pub seat_caps: BTreeMap<Status, u32>,
}

impl InternalUseRule {
    /// A discount of `rate_percent` on seats up to each status's cap.
    ///
    /// ```
    /// use commission_rules::rules::InternalUseRule;
    /// use commission_rules::Rate;
    /// let none_capped = InternalUseRule::new(Rate::whole_percent(50), Default::default());
    /// assert!(none_capped.seat_caps.is_empty());
    /// ```
    pub fn new(rate_percent: Rate, seat_caps: BTreeMap<Status, u32>) -> Self {
        Self {
            rate_percent,
            seat_caps,
        }
    }
}

/// A calendar period in program time.
///
/// ```
/// use commission_rules::rules::CalendarPeriod;
/// assert_eq!(serde_json::to_string(&CalendarPeriod::Quarter).unwrap(), r#""quarter""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
/// let r = PeriodRebate::new(Rate::whole_percent(5), CalendarPeriod::Quarter,
///     "privileged".into(), PaymentMatch::partner_payments());
/// assert_eq!(r.period.months(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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

impl PeriodRebate {
    /// A rebate of `rate_percent` of a period's `sales` to partners holding `status` at its end.
    ///
    /// ```
    /// use commission_rules::rules::{CalendarPeriod, PaymentMatch, PeriodRebate};
    /// use commission_rules::Rate;
    /// let yearly = PeriodRebate::new(Rate::whole_percent(2), CalendarPeriod::Year, "gold".into(),
    ///     PaymentMatch::partner_payments());
    /// assert_eq!(yearly.period.months(), 12);
    /// ```
    pub fn new(
        rate_percent: Rate,
        period: CalendarPeriod,
        status: Status,
        sales: PaymentMatch,
    ) -> Self {
        Self {
            rate_percent,
            period,
            status,
            sales,
        }
    }
}

/// When the partner's invoice for what it buys is due, by its status at the purchase
/// (SS-4: 30 days for Privileged, the same day otherwise). Each purchase gets an invoice
/// memo line for the net price with its due date.
///
/// ```
/// use commission_rules::rules::InvoiceTerms;
/// let r = InvoiceTerms::new(0, [("privileged".into(), 30)].into_iter().collect());
/// assert_eq!(r.by_status.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct InvoiceTerms {
    /// Days to pay for a partner whose status is not listed.
    pub due_days: u32,
    /// Days to pay by status.
    pub by_status: BTreeMap<Status, u32>,
}

impl InvoiceTerms {
    /// Invoices due after `due_days`, or after their status's days in `by_status`.
    ///
    /// ```
    /// use commission_rules::rules::InvoiceTerms;
    /// let on_receipt = InvoiceTerms::new(0, Default::default());
    /// assert_eq!(on_receipt.due_days, 0);
    /// ```
    pub fn new(due_days: u32, by_status: BTreeMap<Status, u32>) -> Self {
        Self {
            due_days,
            by_status,
        }
    }
}

/// The yearly qualification report (SS-1): which payments are sales, and what each status
/// requires, from the lowest status to the highest.
///
/// ```
/// use commission_rules::rules::{PaymentMatch, QualificationRule};
/// let r = QualificationRule::new(PaymentMatch::partner_payments(), vec![]);
/// assert!(r.levels.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct QualificationRule {
    /// Which payments are sales (counted at list price).
    pub sales: PaymentMatch,
    /// The statuses and their requirements, lowest first.
    pub levels: Vec<StatusRequirements>,
}

impl QualificationRule {
    /// Statuses measured on `sales`, lowest level first.
    ///
    /// ```
    /// use commission_rules::rules::{PaymentMatch, QualificationRule, StatusRequirements};
    /// let one_level = QualificationRule::new(PaymentMatch::partner_payments(),
    ///     vec![StatusRequirements::new("authorized", false)]);
    /// assert_eq!(one_level.levels.len(), 1);
    /// ```
    pub fn new(sales: PaymentMatch, levels: Vec<StatusRequirements>) -> Self {
        Self { sales, levels }
    }
}

/// What one status requires in a year.
///
/// ```
/// use commission_rules::rules::{CountRequirement, Counted, StatusRequirements};
/// use commission_rules::SpecialistKind;
/// // SS-1, Certified: a contract and a certified technical specialist (and sales).
/// let mut r = StatusRequirements::new("certified", true);
/// r.requirements.push(CountRequirement {
///     count: Counted::CertifiedSpecialists(SpecialistKind::Technical), at_least: 1 });
/// assert_eq!(serde_json::to_string(&r.requirements).unwrap(),
///     r#"[{"count":{"certified_specialists":"technical"},"at_least":1}]"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StatusRequirements {
    /// The status.
    pub status: Status,
    /// A signed contract.
    pub contract_required: bool,
    /// Minimum sales in the year at list price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_sales: Option<Money>,
    /// Counts the partner must reach by the year's end (or as of the report), each
    /// checked and reported in this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<CountRequirement>,
    /// Requirements the ledger does not record (reported as not checked).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_tracked: Vec<String>,
}

impl StatusRequirements {
    /// A status's requirements: a contract or not, and nothing else yet (push counts,
    /// set a minimum of sales, list what the ledger does not record).
    ///
    /// ```
    /// use commission_rules::rules::StatusRequirements;
    /// let authorized = StatusRequirements::new("authorized", false);
    /// assert!(authorized.min_sales.is_none() && authorized.requirements.is_empty());
    /// ```
    pub fn new(status: impl Into<Status>, contract_required: bool) -> Self {
        Self {
            status: status.into(),
            contract_required,
            min_sales: None,
            requirements: Vec::new(),
            not_tracked: Vec::new(),
        }
    }
}

/// A status requirement on a count: at least `at_least` of `count`.
///
/// ```
/// use commission_rules::rules::{ClientCounter, CountRequirement, Counted};
/// let ten_paying = CountRequirement { count: Counted::Clients(ClientCounter::Paying), at_least: 10 };
/// assert_eq!(serde_json::to_string(&ten_paying).unwrap(),
///     r#"{"count":{"clients":"paying"},"at_least":10}"#);
/// assert_eq!(ten_paying.to_string(), "paying clients: 10");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CountRequirement {
    /// What is counted.
    pub count: Counted,
    /// The least count that meets it (from 1).
    pub at_least: u32,
}

impl std::fmt::Display for CountRequirement {
    /// ```
    /// use commission_rules::rules::{CountRequirement, Counted};
    /// use commission_rules::SpecialistKind;
    /// let r = CountRequirement { count: Counted::CertifiedSpecialists(SpecialistKind::Sales), at_least: 1 };
    /// assert_eq!(r.to_string(), "certified sales specialists: 1");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.count, self.at_least)
    }
}

/// What a status requirement counts, as of the year's end (or the report).
///
/// ```
/// use commission_rules::rules::Counted;
/// use commission_rules::SpecialistKind;
/// let technical = Counted::CertifiedSpecialists(SpecialistKind::Technical);
/// assert_eq!(technical.to_string(), "certified technical specialists");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Counted {
    /// The partner's staff certified as specialists of a kind (`specialist_certified`
    /// events) by then (SS-1).
    CertifiedSpecialists(SpecialistKind),
    /// The partner's own clients on a client count by then (counts never go down).
    Clients(ClientCounter),
}

impl std::fmt::Display for Counted {
    /// ```
    /// use commission_rules::rules::{ClientCounter, Counted};
    /// assert_eq!(Counted::Clients(ClientCounter::PaidFor).to_string(), "paid for clients");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Counted::CertifiedSpecialists(SpecialistKind::Technical) => {
                write!(f, "certified technical specialists")
            }
            Counted::CertifiedSpecialists(SpecialistKind::Sales) => {
                write!(f, "certified sales specialists")
            }
            Counted::Clients(counter) => {
                let name = match counter {
                    ClientCounter::Referred => "referred",
                    ClientCounter::Attributed => "attributed",
                    ClientCounter::Attached => "attached",
                    ClientCounter::PaidFor => "paid for",
                    ClientCounter::Paying => "paying",
                };
                write!(f, "{name} clients")
            }
        }
    }
}
