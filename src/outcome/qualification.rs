//! The yearly qualification report (SS-1): per partner per year, the figures and how
//! they measure against each status's requirements.

use crate::ids::{PartnerId, Status};
use crate::money::Money;
use crate::rules::CountRequirement;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One partner's year measured against the program's status requirements.
///
/// In [`Outcome::qualifications`](crate::Outcome::qualifications); a stored one reads
/// back with serde:
///
/// ```
/// use commission_rules::{QualificationReport, Money, Currency};
/// let report: QualificationReport = serde_json::from_str(r#"{"partner": "p1", "year": 2024,
///     "complete": true, "status_held": "certified", "contract_signed": true,
///     "sales": {"amount": "420000", "currency": "RUB"}, "technical_specialists": 1,
///     "sales_specialists": 0, "checks": [], "qualifies_for": null}"#).unwrap();
/// assert_eq!((report.year, report.sales), (2024, Money::new(420_000.into(), Currency::RUB)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QualificationReport {
    /// The partner.
    pub partner: PartnerId,
    /// The program-time calendar year.
    pub year: i32,
    /// The year is over (as of the last event); otherwise the figures are so far.
    pub complete: bool,
    /// The status in force at the year's end (or now).
    pub status_held: Option<Status>,
    /// A contract signed by then.
    pub contract_signed: bool,
    /// Sales in the year at list price.
    pub sales: Money,
    /// Technical specialists certified by then.
    pub technical_specialists: u32,
    /// Sales specialists certified by then.
    pub sales_specialists: u32,
    /// Each requirement of each status, met or short.
    pub checks: Vec<RequirementCheck>,
    /// The highest status whose recorded requirements the figures meet (requirements the
    /// ledger does not record are left to the vendor).
    pub qualifies_for: Option<Status>,
}

/// One requirement of one status, measured.
///
/// In [`QualificationReport::checks`]; a stored one reads back with serde:
///
/// ```
/// use commission_rules::{Requirement, RequirementCheck, SpecialistKind};
/// use commission_rules::rules::{CountRequirement, Counted};
/// let check: RequirementCheck = serde_json::from_str(r#"{"status": "certified",
///     "requirement": {"requirement": "count", "count": {"certified_specialists": "technical"},
///         "at_least": 1},
///     "met": false, "short_by": "1"}"#).unwrap();
/// let technical = CountRequirement {
///     count: Counted::CertifiedSpecialists(SpecialistKind::Technical), at_least: 1 };
/// assert_eq!(check.requirement, Requirement::Count(technical));
/// assert_eq!((check.met, check.short_by), (Some(false), Some(1.into())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequirementCheck {
    /// The status that requires it.
    pub status: Status,
    /// What is required.
    pub requirement: Requirement,
    /// Met, short, or `None` when the ledger does not record it.
    pub met: Option<bool>,
    /// How far short (money for sales, a number for a count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_by: Option<Decimal>,
}

/// A status requirement.
///
/// ```
/// use commission_rules::Requirement;
/// let json = serde_json::to_string(&Requirement::ContractSigned).unwrap();
/// assert_eq!(json, r#"{"requirement":"contract_signed"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "requirement", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Requirement {
    /// A signed contract.
    ContractSigned,
    /// Sales in the year at list price.
    MinSales {
        /// The minimum.
        required: Money,
    },
    /// At least a number of something counted (certified specialists of a kind, clients
    /// on a count).
    Count(CountRequirement),
    /// Something the ledger does not record.
    NotTracked {
        /// What.
        what: String,
    },
}

impl std::fmt::Display for Requirement {
    /// ```
    /// use commission_rules::{Requirement, SpecialistKind};
    /// use commission_rules::rules::{CountRequirement, Counted};
    /// let technical = CountRequirement {
    ///     count: Counted::CertifiedSpecialists(SpecialistKind::Technical), at_least: 1 };
    /// assert_eq!(Requirement::Count(technical).to_string(), "certified technical specialists: 1");
    /// let json = serde_json::to_string(&Requirement::Count(technical)).unwrap();
    /// assert_eq!(json,
    ///     r#"{"requirement":"count","count":{"certified_specialists":"technical"},"at_least":1}"#);
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Requirement::ContractSigned => write!(f, "signed contract"),
            Requirement::MinSales { required } => write!(f, "sales in the year: {required}"),
            Requirement::Count(requirement) => write!(f, "{requirement}"),
            Requirement::NotTracked { what } => write!(f, "{what}"),
        }
    }
}
