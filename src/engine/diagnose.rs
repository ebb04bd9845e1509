//! What [`crate::explain_payment`] asks of an engine: a payment's verdicts per rule,
//! diagnosed from the state just before the payment is applied, and the lines booked.

use super::checks::client_at;
use super::kinds::reward::{LineBooking, PaymentView, reward_verdict};
use super::{Engine, state::PaymentRecord};
use crate::error::ErrorKind;
use crate::ledger::{Event, Payment};
use crate::outcome::{Line, LineKind, Rejection, RuleVerdict};
use crate::rules::{Rule, RuleKind};

impl<'p> Engine<'p> {
    /// Per rule in force at the payment (program-wide rules, then the version's): the
    /// verdict a dry run gives, were `event` (a payment) applied next. Reward rules are
    /// diagnosed step by step; a rule of another kind is [`RuleVerdict::OtherKind`] (the
    /// caller sees from the lines whether it booked). Changes nothing.
    ///
    /// `booked`: the lines applying the payment booked. Whether a welcome credit covered
    /// it (a credit-used line: `payments::record` then books no discount) and whether a
    /// rule booked are read from them.
    ///
    /// # Errors
    /// What applying the payment would fail with first, where the dry run meets it (an
    /// unknown client, a missing rate).
    pub(crate) fn diagnose_payment(
        &self,
        event: &Event,
        payment: &Payment,
        booked: &[Line],
    ) -> Result<Vec<(&'p Rule, RuleVerdict)>, ErrorKind> {
        let about = |line: &&Line| line.payment.as_ref() == Some(&event.id);
        let full_tariff = booked
            .iter()
            .filter(about)
            .any(|line| line.kind == LineKind::CreditUsed);
        let (program, state) = (&self.plan, &self.state);
        let client = client_at(state, &payment.client, event.at)?;
        let mut record = PaymentRecord::new(event.at, payment.clone());
        record.attributes = event.attributes.clone();
        let booking = LineBooking {
            source: event.id.clone(),
            catch_up_at: None,
            full_tariff,
        };
        let view = PaymentView {
            program,
            state,
            payment_id: &event.id,
            record: &record,
            client,
            booking: &booking,
        };
        let mut verdicts = Vec::new();
        for rule in program.rules_at(event.at) {
            let verdict = match &rule.kind {
                RuleKind::Reward(reward) => {
                    let line = booked
                        .iter()
                        .filter(about)
                        .find(|line| line.rule == rule.id);
                    reward_verdict(&view, rule, reward, line)?
                }
                _ => RuleVerdict::OtherKind,
            };
            verdicts.push((rule, verdict));
        }
        Ok(verdicts)
    }

    /// Every line booked so far (a full evaluation's), in booking order.
    pub(crate) fn lines(&self) -> &[Line] {
        &self.state.lines
    }

    /// Every event rejected so far (lenient mode), in order.
    pub(crate) fn rejections(&self) -> &[Rejection] {
        &self.state.rejections
    }

    /// The label of the program version in force at the event.
    pub(crate) fn version_label(&self, event: &Event) -> Option<String> {
        self.plan.version_at(event.at).map(|v| v.label.clone())
    }
}
