//! "Why did this payment earn nothing?": [`explain_payment`].

use crate::engine::{Engine, Mode, evaluation_order};
use crate::error::{Error, ErrorKind};
use crate::ids::{EventId, LineId, RuleId};
use crate::ledger::{EventKind, Ledger};
use crate::outcome::{Line, PaymentExplanation, RuleExplanation, RuleVerdict};
use crate::rules::{Rule, RuleSet};

/// Explains one payment of a ledger: per rule in force at it, the lines it booked for the
/// payment, or why it booked none (not matched, outside the window, a condition not met,
/// no beneficiary, the client's cap reached, …; see [`RuleVerdict`]), and the lines later
/// events booked for it.
///
/// The ledger is evaluated as [`crate::evaluate_with`] in [`Mode::Lenient`] does (other
/// bad events are skipped). Whether a rule booked is read from the lines the payment
/// booked; why a reward rule did not, from a dry run of the rule on the state just before
/// the payment, through the kind's own steps in the order it books. Nothing is recorded
/// on the normal path: an evaluation without this call pays nothing for it.
///
/// # Errors
/// [`ErrorKind::InvalidRuleSet`] if the program does not validate;
/// [`ErrorKind::UnknownPayment`] if the ledger has no payment with this id; the reason
/// the payment itself is rejected, naming it ([`Error::event`]), if it is.
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
///     Event::new("c1-joins", msk("2024-03-02 12:00")?,
///         build::client_with_promo_code("c1", "p1", "P1").into()),
///     Event::new("c1-pays", msk("2024-03-10 15:00")?,
///         build::payment("c1", money("5000", Currency::RUB)?).into()),
/// ].into();
/// let explained = explain_payment(&program, &ledger, &"c1-pays".into())?;
/// let r_1 = explained.rule("R-1").ok_or("no R-1")?;
/// assert_eq!(r_1.verdict, RuleVerdict::Booked); // 40 % of 5,000 RUB
/// assert_eq!(r_1.lines[0].to_string(), "c1-pays/R-1/0");
/// // R-2 pays it out 3 days later: its payout line is about the payment too.
/// assert_eq!(explained.rule("R-2").ok_or("no R-2")?.lines[0].to_string(), "c1-pays/R-2/0");
///
/// let error = explain_payment(&program, &ledger, &"c1-joins".into()).unwrap_err();
/// assert_eq!(error.to_string(), "payment c1-joins is not in the ledger");
/// # Ok(())
/// # }
/// ```
pub fn explain_payment(
    program: &RuleSet,
    ledger: &Ledger,
    payment_id: &EventId,
) -> Result<PaymentExplanation, Error> {
    let mut engine = Engine::new(program, Mode::Lenient)?;
    let events = evaluation_order(program, ledger);
    let found = events
        .iter()
        .enumerate()
        .find_map(|(index, event)| match &event.kind {
            EventKind::Payment(payment) if &event.id == payment_id => {
                Some((index, *event, payment))
            }
            _ => None,
        });
    let Some((index, event, payment)) = found else {
        return Err(Error::general(ErrorKind::UnknownPayment {
            payment: payment_id.clone(),
        }));
    };
    let (before, after) = events.split_at(index);
    for earlier in before {
        engine.apply(earlier)?;
    }
    // The state just before the payment, for the dry run once the payment's lines show
    // which rules booked (the reasons are read from the state before, as the payment's
    // own booking reads it).
    let before_payment = engine.clone();
    let (first_line, rejected) = (engine.lines().len(), engine.rejections().len());
    engine.apply(event)?;
    if let Some(rejection) = engine.rejections().get(rejected) {
        return Err(Error::at_event(
            rejection.event.clone(),
            rejection.reason.clone(),
        ));
    }
    let booked_at_payment = engine.lines().len();
    let booked = engine.lines().get(first_line..).unwrap_or_default();
    let verdicts = before_payment
        .diagnose_payment(event, payment, booked)
        .map_err(|kind| Error::at_event(event.id.clone(), kind))?;
    for later in after.iter().skip(1) {
        engine.apply(later)?;
    }
    let lines = engine.lines();
    let at_payment = lines.get(first_line..booked_at_payment).unwrap_or_default();
    Ok(PaymentExplanation {
        payment: event.id.clone(),
        at: event.at,
        client: payment.client.clone(),
        amount: payment.amount,
        version: engine.version_label(event),
        rules: explained_rules(verdicts, at_payment, &event.id),
        later: later_lines(
            lines.get(booked_at_payment..).unwrap_or_default(),
            &event.id,
        ),
    })
}

/// Each rule's verdict with the lines it booked for the payment when it was applied.
fn explained_rules(
    verdicts: Vec<(&Rule, RuleVerdict)>,
    at_payment: &[Line],
    payment: &EventId,
) -> Vec<RuleExplanation> {
    verdicts
        .into_iter()
        .map(|(rule, verdict)| {
            let lines = lines_of(at_payment, payment, &rule.id);
            // Another kind's rule is diagnosed by its lines alone.
            let verdict = match (verdict, lines.is_empty()) {
                (RuleVerdict::OtherKind, false) => RuleVerdict::Booked,
                (verdict, _) => verdict,
            };
            RuleExplanation {
                rule: rule.id.clone(),
                clause: rule.clause.clone(),
                kind: kind_name(rule),
                verdict,
                lines,
            }
        })
        .collect()
}

/// The ids of the lines about the payment (its own event's) a rule booked.
fn lines_of(lines: &[Line], payment: &EventId, rule: &RuleId) -> Vec<LineId> {
    lines
        .iter()
        .filter(|line| line.payment.as_ref() == Some(payment) && &line.source_event == payment)
        .filter(|line| &line.rule == rule)
        .map(|line| line.id.clone())
        .collect()
}

/// The ids of the lines about the payment that later events booked.
fn later_lines(lines: &[Line], payment: &EventId) -> Vec<LineId> {
    lines
        .iter()
        .filter(|line| line.payment.as_ref() == Some(payment))
        .map(|line| line.id.clone())
        .collect()
}

/// The rule's kind as a program file names it (`reward`, `payout`, …).
fn kind_name(rule: &Rule) -> String {
    serde_json::to_value(&rule.kind)
        .ok()
        .and_then(|value| value.get("rule")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}
