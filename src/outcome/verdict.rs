//! Why a payment earned what it earned: per rule of the version in force, the lines it
//! booked, or why it booked none ([`crate::explain_payment`]).

use crate::ids::{ClauseId, ClientId, EventId, LineId, RuleId};
use crate::ledger::LegalForm;
use crate::money::{Money, Rate};
use crate::rules::{Beneficiary, Condition, Span, Subject, Window, WindowAnchor};
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What one accepted payment earned under each rule in force at it, and why
/// ([`crate::explain_payment`]).
///
/// ```
/// use commission_rules::ledger::build::{self, money};
/// use commission_rules::{explain_payment, programs, Currency, Event, Ledger, LegalForm,
///     RuleVerdict};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let program = programs::radist();
/// let msk = |text| program.time_zone.parse_local(text);
/// let ledger: Ledger = vec![
///     Event::new("p1-joins", msk("2024-03-01 12:00")?,
///         build::partner_registered("p1", LegalForm::LegalEntity, Currency::RUB)),
///     Event::new("c1-joins", msk("2024-03-02 12:00")?, build::client_self_registered("c1").into()),
///     Event::new("c1-pays", msk("2024-03-10 15:00")?,
///         build::payment("c1", money("5000", Currency::RUB)?).into()),
/// ].into();
/// // c1 came on its own: no partner to reward (R-1 rewards the referrer).
/// let explained = explain_payment(&program, &ledger, &"c1-pays".into())?;
/// let r_1 = explained.rule("R-1").ok_or("no R-1")?;
/// assert!(matches!(r_1.verdict, RuleVerdict::NoBeneficiary { .. }));
/// assert!(r_1.lines.is_empty());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentExplanation {
    /// The payment.
    pub payment: EventId,
    /// Its instant.
    pub at: Instant,
    /// Its client.
    pub client: ClientId,
    /// What was paid.
    pub amount: Money,
    /// The label of the program version in force at the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Every rule in force at the payment, in the program's order: program-wide rules,
    /// then the version's.
    pub rules: Vec<RuleExplanation>,
    /// Lines booked for the payment by later events (a catch-up after an attribution, a
    /// re-rating, a clawback), in booking order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later: Vec<LineId>,
}

impl PaymentExplanation {
    /// The explanation of one rule, by its id.
    ///
    /// ```
    /// use commission_rules::{explain_payment, programs, Ledger};
    /// let ledger: Ledger = serde_json::from_str(r#"[
    ///   {"id":"p","at":"2024-03-01T09:00:00Z","type":"partner_registered","partner":"p1",
    ///    "legal_form":"legal_entity","currency":"RUB"},
    ///   {"id":"c","at":"2024-03-02T09:00:00Z","type":"client_registered","client":"c1","referrer":"p1"},
    ///   {"id":"pay","at":"2024-03-10T12:00:00Z","type":"payment","client":"c1",
    ///    "payment_kind":"subscription","paid_by":"client","amount":{"amount":"5000.00","currency":"RUB"}}
    /// ]"#).unwrap();
    /// let explained = explain_payment(&programs::radist(), &ledger, &"pay".into()).unwrap();
    /// let r_1 = explained.rule("R-1").unwrap();
    /// assert_eq!(r_1.lines[0].to_string(), "pay/R-1/0");
    /// assert!(explained.rule("no-such-rule").is_none());
    /// ```
    pub fn rule(&self, id: &str) -> Option<&RuleExplanation> {
        self.rules.iter().find(|rule| rule.rule == id)
    }
}

/// One rule's answer for a payment: the lines it booked for it at the payment, and the
/// verdict that says why.
///
/// ```
/// use commission_rules::{RuleExplanation, RuleVerdict};
/// let json = r#"{"rule":"R-1","clause":"R-1","kind":"reward","verdict":{"verdict":"booked"},
///     "lines":["pay/R-1/0"]}"#;
/// let rule: RuleExplanation = serde_json::from_str(json).unwrap();
/// assert_eq!(rule.verdict, RuleVerdict::Booked);
/// assert!(rule.verdict.books());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleExplanation {
    /// The rule.
    pub rule: RuleId,
    /// Its clause.
    pub clause: ClauseId,
    /// Its kind, as a program file names it (`reward`, `payout`, `bonus`, …).
    pub kind: String,
    /// Whether it booked a line for the payment, and if not, why.
    pub verdict: RuleVerdict,
    /// The lines it booked for the payment when the payment was applied (about the
    /// payment: [`Line::payment`](crate::Line::payment) is the payment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<LineId>,
}

/// Whether a rule booked a line for a payment, and if not, why. Reward rules are
/// diagnosed step by step, in the order the engine books: the payment's booking, the
/// beneficiary, the payment filter, the window, the conditions, the amount and the
/// client's cap, payability. A rule of another kind books or not ([`Self::Booked`] or
/// [`Self::OtherKind`]).
///
/// ```
/// use commission_rules::RuleVerdict;
/// assert_eq!(serde_json::to_string(&RuleVerdict::Booked).unwrap(), r#"{"verdict":"booked"}"#);
/// assert_eq!(RuleVerdict::FullTariff.to_string(),
///     "no discount: a welcome credit covers the payment at the full tariff");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleVerdict {
    /// The rule booked its line(s) for the payment.
    Booked,
    /// The rule booked its line, cut to what the client's cap left (`cap`: the most a
    /// client's payments earn in all; `uncut`: what the line would have been).
    CutToCap {
        /// The cap on the client's total.
        cap: Money,
        /// The line's amount without the cap.
        uncut: Money,
    },
    /// The rule booked a memo line: the reward is not payable to this partner.
    NotPayable {
        /// The partner's legal form at booking (`None`: unknown).
        legal_form: Option<LegalForm>,
        /// The legal forms the rule pays.
        payable_forms: Vec<LegalForm>,
        /// The rule needs a signed contract at booking…
        contract_required: bool,
        /// …and whether one was in force.
        contract_signed: bool,
    },
    /// No partner in the rule's beneficiary role: a client not attributed (no referrer),
    /// not held, not reported; a client's payment under a rule for the paying partner;
    /// an upline chain too short.
    NoBeneficiary {
        /// The role the rule rewards.
        beneficiary: Beneficiary,
    },
    /// The rule's payment filter leaves the payment out: the first criterion that failed.
    NotMatched {
        /// Which criterion.
        criterion: MatchCriterion,
        /// What the rule asks for (any one of).
        wanted: Vec<String>,
        /// What the payment has (`None`: nothing, such as a client with no integration).
        found: Option<String>,
    },
    /// One of the rule's conditions does not hold: the first that failed.
    ConditionNotMet {
        /// Its place in the rule's `conditions`, from 0.
        index: usize,
        /// The condition.
        condition: Condition,
        /// What it tested, in words (`None`: absent, such as an attribute not given).
        found: Option<String>,
    },
    /// The payment is outside the rule's window `[opens, closes)`.
    OutsideWindow {
        /// The rule's window.
        window: Window,
        /// Where it opens (its anchor).
        opens: Instant,
        /// Where it closes (exclusive).
        closes: Instant,
    },
    /// The client's payments already earned all the rule allows.
    CapReached {
        /// How many of a client's payments earn the reward, if capped.
        max_payments: Option<u32>,
        /// The most a client's payments earn in all, if capped.
        max_total: Option<Money>,
        /// How many of the client's payments it rewarded so far.
        payments_rewarded: u32,
        /// What they earned in all so far (the booking currency).
        total_rewarded: Money,
    },
    /// The rule applied but its amount rounds to nothing (a zero rate below a first tier).
    ZeroAmount {
        /// The rate applied (`None`: a fixed amount).
        rate: Option<Rate>,
        /// Why that rate.
        rate_basis: String,
    },
    /// A discount not given: a welcome credit covers the payment at the full tariff.
    FullTariff,
    /// A rule of another kind (a payout schedule, a bonus, an account rule, …) that
    /// booked no line for the payment.
    OtherKind,
}

impl RuleVerdict {
    /// Whether the rule booked line(s) for the payment under this verdict (booked, cut to
    /// the cap, or a not-payable memo line).
    ///
    /// ```
    /// use commission_rules::RuleVerdict;
    /// assert!(RuleVerdict::Booked.books());
    /// assert!(!RuleVerdict::OtherKind.books());
    /// ```
    pub fn books(&self) -> bool {
        matches!(
            self,
            RuleVerdict::Booked | RuleVerdict::CutToCap { .. } | RuleVerdict::NotPayable { .. }
        )
    }
}

/// A criterion of a rule's payment filter.
///
/// ```
/// use commission_rules::MatchCriterion;
/// assert_eq!(serde_json::to_string(&MatchCriterion::ProductLine).unwrap(), r#""product_line""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatchCriterion {
    /// Who paid: the client or a partner.
    PaidBy,
    /// The kind of payment.
    Kind,
    /// The product line of a licence or renewal.
    ProductLine,
    /// The client's integration.
    Integration,
}

impl MatchCriterion {
    /// The criterion in words.
    ///
    /// ```
    /// use commission_rules::MatchCriterion;
    /// assert_eq!(MatchCriterion::PaidBy.name(), "payer");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            MatchCriterion::PaidBy => "payer",
            MatchCriterion::Kind => "payment kind",
            MatchCriterion::ProductLine => "product line",
            MatchCriterion::Integration => "client integration",
        }
    }
}

/// An instant in RFC 3339 UTC, as in JSON.
fn utc(at: Instant) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// `None` as `none`.
fn or_none(text: Option<&str>) -> &str {
    text.unwrap_or("none")
}

impl fmt::Display for RuleVerdict {
    /// The verdict in words, instants in UTC.
    ///
    /// ```
    /// use commission_rules::{MatchCriterion, RuleVerdict};
    /// let verdict = RuleVerdict::NotMatched { criterion: MatchCriterion::Kind,
    ///     wanted: vec!["license".into()], found: Some("subscription".into()) };
    /// assert_eq!(verdict.to_string(),
    ///     "not matched: payment kind subscription, the rule wants license");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleVerdict::Booked => f.write_str("booked"),
            RuleVerdict::CutToCap { cap, uncut } => {
                write!(
                    f,
                    "booked, cut to the per-client cap of {cap} (uncut {uncut})"
                )
            }
            RuleVerdict::NotPayable {
                legal_form,
                payable_forms,
                contract_required,
                contract_signed,
            } => not_payable_words(
                f,
                *legal_form,
                payable_forms,
                (*contract_required, *contract_signed),
            ),
            RuleVerdict::NoBeneficiary { beneficiary } => {
                write!(
                    f,
                    "no beneficiary: the client has no {}",
                    role(*beneficiary)
                )
            }
            RuleVerdict::ZeroAmount { rate_basis, .. } => {
                write!(f, "nothing to book: the amount is zero ({rate_basis})")
            }
            RuleVerdict::FullTariff => {
                f.write_str("no discount: a welcome credit covers the payment at the full tariff")
            }
            RuleVerdict::OtherKind => f.write_str("no line (not a reward rule)"),
            _ => self.write_left_out(f),
        }
    }
}

impl RuleVerdict {
    /// The verdicts of a payment the rule's terms leave out: its filter, a condition, its
    /// window, the client's cap.
    fn write_left_out(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleVerdict::NotMatched {
                criterion,
                wanted,
                found,
            } => write!(
                f,
                "not matched: {} {}, the rule wants {}",
                criterion.name(),
                or_none(found.as_deref()),
                wanted.join(" or ")
            ),
            RuleVerdict::ConditionNotMet {
                index,
                condition,
                found,
            } => write!(
                f,
                "condition {index} not met ({}): found {}",
                condition_words(condition),
                or_none(found.as_deref())
            ),
            RuleVerdict::OutsideWindow {
                window,
                opens,
                closes,
            } => write!(
                f,
                "outside the window ({}): [{}, {})",
                window_words(*window),
                utc(*opens),
                utc(*closes)
            ),
            RuleVerdict::CapReached {
                max_payments,
                max_total,
                payments_rewarded,
                total_rewarded,
            } => {
                write!(
                    f,
                    "cap reached: {payments_rewarded} payments rewarded, {total_rewarded} in all"
                )?;
                cap_words(f, *max_payments, *max_total)
            }
            _ => Ok(()),
        }
    }
}

/// A condition in words (as a line's rate basis says it).
fn condition_words(condition: &Condition) -> String {
    let of = |test: &crate::rules::AttributeTest| {
        let whose = match test.of {
            Subject::Payment => "payment",
            Subject::Client => "client",
            Subject::Partner => "partner",
        };
        (whose, test.key.clone(), test.values.join(", "))
    };
    match condition {
        Condition::AttributeIn(test) => {
            let (whose, key, values) = of(test);
            format!("{whose} {key} in [{values}]")
        }
        Condition::AttributeNotIn(test) => {
            let (whose, key, values) = of(test);
            format!("{whose} {key} not in [{values}]")
        }
        Condition::AmountAtLeast(figure) => format!("amount at least {figure}"),
        Condition::AmountBelow(figure) => format!("amount below {figure}"),
        Condition::PaymentNumberAtMost(1) => "the client's first payment".to_owned(),
        Condition::PaymentNumberAtMost(most) => format!("among the client's first {most} payments"),
        Condition::PromoCodeOfBeneficiary => "the partner's own promo code".to_owned(),
    }
}

/// A window in words: `12 months from the client's registration`.
fn window_words(window: Window) -> String {
    let length = match window.length {
        Span::Months(months) => format!("{months} months"),
        Span::Days(days) => format!("{days} days"),
    };
    let from = match window.from {
        WindowAnchor::ClientRegistered => "the client's registration",
        WindowAnchor::PartnerRegistered => "the partner's registration",
        WindowAnchor::ClientFirstPayment => "the client's first payment",
    };
    format!("{length} from {from}")
}

/// A client cap in words, after a verdict: `(cap: 6 payments, 500 EUR)`.
fn cap_words(
    f: &mut fmt::Formatter<'_>,
    max_payments: Option<u32>,
    max_total: Option<Money>,
) -> fmt::Result {
    let caps: Vec<String> = max_payments
        .map(|most| format!("{most} payments"))
        .into_iter()
        .chain(max_total.map(|most| most.to_string()))
        .collect();
    match caps.is_empty() {
        true => Ok(()),
        false => write!(f, " (cap: {})", caps.join(", ")),
    }
}

/// Who a beneficiary role is, for a client.
fn role(beneficiary: Beneficiary) -> String {
    match beneficiary {
        Beneficiary::Referrer => "referrer".to_owned(),
        Beneficiary::Holder => "holder".to_owned(),
        Beneficiary::Payer => "paying partner".to_owned(),
        Beneficiary::Reporter => "reporting partner".to_owned(),
        Beneficiary::Upline(levels) => format!("upline {levels} levels above its referrer"),
    }
}

fn not_payable_words(
    f: &mut fmt::Formatter<'_>,
    legal_form: Option<LegalForm>,
    payable_forms: &[LegalForm],
    (contract_required, contract_signed): (bool, bool),
) -> fmt::Result {
    let form = legal_form.map_or("unknown", LegalForm::name);
    let payable = legal_form.is_some_and(|form| payable_forms.contains(&form));
    if !payable {
        let forms: Vec<&str> = payable_forms.iter().map(|form| form.name()).collect();
        return write!(
            f,
            "not payable: legal form {form}, the rule pays {}",
            forms.join(" or ")
        );
    }
    match (contract_required, contract_signed) {
        (true, false) => f.write_str("not payable: no signed contract at booking"),
        _ => f.write_str("not payable"),
    }
}
