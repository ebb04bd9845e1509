//! The engine's state between events: everything it must remember, and nothing that can
//! be derived. Serialisable, so evaluation can be snapshotted and resumed.

use super::detail::OutcomeDetail;
use super::history::History;
use super::order::OrderKey;
use crate::error::ErrorKind;
use crate::ids::{ClientId, EventId, LineId, PartnerId, RuleId, Status};
use crate::ledger::{Attributes, LegalForm, Payer, Payment, Period};
use crate::money::{Currency, Money, Rate};
use crate::outcome::{Entitlement, Line, LineKind, MonthSums, Rejection};
use crate::rules::{Beneficiary, Channel, ClientCounter};
use crate::sorted::{IdMap, IdSet};
use crate::time::{Instant, Month};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)] // an older layout is refused, not half read
pub(crate) struct State {
    /// The instant time has reached: the last event applied or rejected in place, or the
    /// instant [`Engine::advance_to`](crate::Engine::advance_to) reached. Events must not
    /// go back before it.
    pub last_at: Option<Instant>,
    /// Where the last event applied or rejected in place sorts ([`OrderKey`]), or the
    /// instant advanced to: none may sort before it.
    #[serde(default)]
    pub last_key: Option<OrderKey>,
    #[serde(with = "crate::sorted::set")]
    pub event_ids: IdSet<EventId>,
    #[serde(with = "crate::sorted::map")]
    pub partners: IdMap<PartnerId, PartnerState>,
    #[serde(with = "crate::sorted::map")]
    pub clients: IdMap<ClientId, ClientState>,
    /// Rates per `BASE/QUOTE` pair in time order: as published, and derived from the
    /// inverse pair's (see [`State::publish_rate`]).
    pub fx: BTreeMap<String, Vec<FxQuote>>,
    pub payments: BTreeMap<EventId, PaymentRecord>,
    pub lines: Vec<Line>,
    pub entitlements: Vec<Entitlement>,
    /// Paid periods per while-active entitlement rule id, per partner, in payment order.
    pub active_periods: BTreeMap<RuleId, BTreeMap<PartnerId, Vec<ActivePeriod>>>,
    pub rejections: Vec<Rejection>,
    /// Statements-only: the instant of each rejected event, to list rejections in a
    /// canonical order (by instant, then event id) that merged parts reproduce.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_at: Vec<Instant>,
    /// Welcome credits still open, by the end of their window. Added to by
    /// [`State::wait_for_credit_expiry`] only.
    pub open_credits: BTreeSet<(Instant, PartnerId)>,
    /// Rebate periods with sales, by their end: (end, partner, rule id). Added to by
    /// [`State::wait_for_rebate_period`] only.
    pub open_rebates: BTreeSet<(Instant, PartnerId, RuleId)>,
    /// Monthly payout runs due, by their instant (the 1st of a month): (instant, partner).
    /// Added to by [`State::wait_for_payout_run`] only.
    pub payout_runs: BTreeSet<(Instant, PartnerId)>,
    /// The first instant of the three queues above (`None`: all are empty), so that an
    /// event asks one question, not three, before time alone books anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_from: Option<Instant>,
    /// Full detail: the lines time alone booked, by instant, partner, rule and position
    /// (the last part of their ids): a run may come twice at one instant.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub time_lines: BTreeSet<(Instant, PartnerId, RuleId, u32)>,
    /// Every line kept, or lines folded into `folded` after each event.
    #[serde(default)]
    pub detail: OutcomeDetail,
    /// Statements-only: each partner's months, in totals.
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub folded: IdMap<PartnerId, BTreeMap<Month, MonthSums>>,
    /// Statements-only: payments a rule can still book a line from, by the instant after
    /// which none can.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub expiring: BTreeSet<(Instant, EventId)>,
    /// Promo codes assigned to partners: per code, from when and to whom.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub promo_codes: BTreeMap<String, (Instant, PartnerId)>,
    /// Revenue tiers: per beneficiary, per rule, the revenue of the current period (maps
    /// keyed by text, as a JSON snapshot needs).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revenue: BTreeMap<PartnerId, BTreeMap<RuleId, RevenueTally>>,
    /// What rule kinds keep per partner beyond the shared facts, one table per kind.
    #[serde(default, skip_serializing_if = "KindTables::is_empty")]
    pub kinds: KindTables,
    /// Always empty between events: a buffer whose capacity a payment reuses for its
    /// lines (one allocation saved per payment). Not part of the state's meaning.
    #[serde(skip)]
    pub spare_lines: Vec<Line>,
    /// Always empty between events: statements-only payments just caught up, to keep or
    /// forget once the event's lines are booked.
    #[serde(skip)]
    pub caught_up: Vec<EventId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)] // an older layout is refused, not half read
pub(crate) struct PartnerState {
    pub registered_at: Instant,
    /// The legal form in force at each instant since registration.
    pub legal_form: History<LegalForm>,
    pub currency: Currency,
    /// Whether a contract is in force, from each signing or ending on (empty: never signed).
    pub contract: History<bool>,
    /// Statuses granted, in time order; the last one at or before an instant is in force.
    pub statuses: Vec<(Instant, Status, EventId)>,
    /// When each referred client was gained (counts never go down).
    pub referred_at: Gains,
    /// When each client attributed to the partner by any channel was gained.
    pub attributed_at: Gains,
    /// When each distinct held client was gained.
    pub attached_at: Gains,
    /// When each distinct client the partner paid for was first paid for.
    pub paid_for_at: Gains,
    /// When each referred client first paid.
    pub paying_at: Gains,
    /// Payable lines not paid out yet under a monthly schedule: when each may be paid
    /// (its hold's end), and its amount.
    pub unpaid: Vec<(Instant, Decimal, EventId)>,
    /// Full detail: the ids of the lines in `unpaid`, with when each may be paid (what a
    /// run's payout line lists as the lines it pays).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unpaid_lines: Vec<(Instant, LineId)>,
    /// When each technical / sales specialist was certified.
    pub technical_specialists: Vec<Instant>,
    pub sales_specialists: Vec<Instant>,
    /// Sales at list price per program-time year, in the booking currency (for the
    /// qualification report).
    pub sales_by_year: BTreeMap<i32, Decimal>,
    pub account: Account,
    /// Accounts linked to this one (W-7), and when.
    pub links: Vec<(Instant, PartnerId)>,
    /// Ids of the count-started entitlement rules already granted.
    pub granted: Vec<RuleId>,
    /// The linked-account group the partner is in (its root account's id), once linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_root: Option<PartnerId>,
    /// On a group's root account: the group's members and running counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Box<LinkGroup>>,
    /// The vendor's attributes of the partner, from its registration.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    /// The partner's parent (the partner that recruited it) from each recruitment on, in
    /// time order; empty: never recruited. Chains in force at any instant have no cycle
    /// (a recruitment closing one is refused).
    #[serde(default, skip_serializing_if = "History::is_empty")]
    pub parents: History<PartnerId>,
}

/// A group of linked accounts (W-7) as of its latest link: members and the clients they
/// gained, summed as they are gained, so a shared count is read, not added up member by
/// member (a chain of n links was cubic). Asked about an earlier instant, the engine
/// walks the links instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LinkGroup {
    pub members: Vec<PartnerId>,
    /// The latest link: from then on the members are the group.
    pub linked_at: Instant,
    /// The latest client gained by any member: counts hold for any instant from then on.
    pub latest_gain: Option<Instant>,
    /// Clients gained, per counter (in the order of `ClientCounter::ALL`).
    pub counts: [u32; 5],
    /// Count-started entitlement rules every member already has.
    pub granted_to_all: Vec<RuleId>,
    /// Rules every member but one has, with that member (an account just linked to a
    /// group that has them): granting it needs no walk of the group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lacking_one: Vec<(RuleId, PartnerId)>,
}

/// Rules every member but one of two merging groups has: one side had a rule for all
/// and the other is a single account without it, or one side lacked it in one member and
/// the other side had it for all.
fn lacking_one_after_merge(a: &LinkGroup, b: &LinkGroup) -> Vec<(RuleId, PartnerId)> {
    let mut out = Vec::new();
    for (this, that) in [(a, b), (b, a)] {
        if let [alone] = that.members.as_slice() {
            for rule in &this.granted_to_all {
                if !that.granted_to_all.contains(rule) {
                    out.push((rule.clone(), alone.clone()));
                }
            }
        }
        for (rule, member) in &this.lacking_one {
            if that.granted_to_all.contains(rule) {
                out.push((rule.clone(), member.clone()));
            }
        }
    }
    out
}

/// A counter's place in `ClientCounter::ALL` (and in a group's counts).
impl LinkGroup {
    /// A partner alone, as a group about to be joined.
    fn alone(id: &PartnerId, partner: &PartnerState, at: Instant) -> Self {
        let counters = ClientCounter::ALL;
        let counts = counters.map(|counter| partner.count_at(counter, Instant::MAX_UTC));
        let latest_gain = counters
            .iter()
            .filter_map(|counter| partner.gains(*counter).instants().last())
            .max();
        Self {
            members: vec![id.clone()],
            linked_at: at,
            latest_gain,
            counts,
            granted_to_all: partner.granted.clone(),
            lacking_one: Vec::new(),
        }
    }

    /// The group's count on `counter`, if it holds at `at`.
    fn count_at(&self, counter: ClientCounter, at: Instant) -> Option<u32> {
        let current = self.linked_at <= at && self.latest_gain.is_none_or(|gain| gain <= at);
        current.then(|| self.counts.get(counter.index()).copied().unwrap_or(0))
    }
}

impl PartnerState {
    /// The legal form in force at `at` (lines are never booked before a registration; if
    /// asked, the registered form).
    pub fn legal_form_at(&self, at: Instant) -> Option<LegalForm> {
        self.legal_form
            .at(at)
            .or_else(|| self.legal_form.at(self.registered_at))
    }

    /// Whether a signed contract is in force at `at`.
    pub fn contract_at(&self, at: Instant) -> bool {
        self.contract.at(at) == Some(true)
    }

    /// A partner registered at `at`, its balance kept in `account_currency`.
    pub fn new(
        at: Instant,
        legal_form: LegalForm,
        currency: Currency,
        account_currency: Currency,
    ) -> Self {
        Self {
            registered_at: at,
            legal_form: History::starting(at, legal_form),
            currency,
            contract: History::default(),
            statuses: Vec::new(),
            referred_at: Gains::default(),
            attributed_at: Gains::default(),
            attached_at: Gains::default(),
            paid_for_at: Gains::default(),
            paying_at: Gains::default(),
            unpaid: Vec::new(),
            unpaid_lines: Vec::new(),
            technical_specialists: Vec::new(),
            sales_specialists: Vec::new(),
            sales_by_year: BTreeMap::new(),
            account: Account::new(account_currency),
            links: Vec::new(),
            granted: Vec::new(),
            group_root: None,
            group: None,
            attributes: Attributes::new(),
            parents: History::default(),
        }
    }

    /// The partner's parent in force at `at`, if it had been recruited by then.
    pub fn parent_at(&self, at: Instant) -> Option<&PartnerId> {
        self.parents.at_ref(at)
    }

    /// `parent` is the partner's parent from `at` on (events come in time order, so `at`
    /// is the latest instant); a second recruitment at the same instant replaces the first.
    pub fn recruited_by(&mut self, parent: PartnerId, at: Instant) {
        self.parents.change(at, parent);
    }

    pub fn status_at(&self, at: Instant) -> Option<&Status> {
        let granted = self.statuses.partition_point(|(from, _, _)| *from <= at);
        granted
            .checked_sub(1)
            .and_then(|i| self.statuses.get(i))
            .map(|(_, s, _)| s)
    }

    pub fn count_at(&self, counter: ClientCounter, at: Instant) -> u32 {
        u32::try_from(self.gains(counter).count_at(at)).unwrap_or(u32::MAX)
    }

    pub fn gains(&self, counter: ClientCounter) -> &Gains {
        match counter {
            ClientCounter::Referred => &self.referred_at,
            ClientCounter::Attributed => &self.attributed_at,
            ClientCounter::Attached => &self.attached_at,
            ClientCounter::PaidFor => &self.paid_for_at,
            ClientCounter::Paying => &self.paying_at,
        }
    }

    pub fn gains_mut(&mut self, counter: ClientCounter) -> &mut Gains {
        match counter {
            ClientCounter::Referred => &mut self.referred_at,
            ClientCounter::Attributed => &mut self.attributed_at,
            ClientCounter::Attached => &mut self.attached_at,
            ClientCounter::PaidFor => &mut self.paid_for_at,
            ClientCounter::Paying => &mut self.paying_at,
        }
    }
}

/// A partner's reward lines of one program-time month, per rule and payment (what a tier
/// retroactive to the month re-rates), and per rule what changed since it last re-rated:
/// a new client then re-rates only what it must, not the whole month again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MonthRewards {
    pub month: Month,
    pub by_rule: BTreeMap<RuleId, RuleMonth>,
}

/// One rule's payments in the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RuleMonth {
    pub payments: BTreeMap<EventId, MonthPayment>,
    /// The rate the rule last re-rated the month at.
    pub rerated_at: Option<Rate>,
    /// The payments whose lines changed since then.
    pub touched: BTreeSet<EventId>,
}

/// One payment's lines under one rule in the month: its accrual's figures and the sum of
/// its lines (the accrual and any adjustments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MonthPayment {
    pub accrual: Option<AccrualFigures>,
    pub booked: Decimal,
}

/// What re-rating needs of an accrual line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AccrualFigures {
    pub rate: Option<Rate>,
    pub base: Option<Money>,
    pub client: Option<ClientId>,
}

impl MonthRewards {
    /// A reward line of a payment, of a partner in `partners`, joins its partner's month
    /// in `table` (one lookup once the partner has one).
    pub fn add(
        table: &mut IdMap<PartnerId, MonthRewards>,
        partners: &IdMap<PartnerId, PartnerState>,
        line: &Line,
        payment: &EventId,
    ) {
        if let Some(month) = table.get_mut(&line.partner) {
            month.record(line, payment);
        } else if partners.contains_key(&line.partner) {
            let mut month = MonthRewards {
                month: line.month,
                by_rule: BTreeMap::new(),
            };
            month.record(line, payment);
            table.insert(line.partner.clone(), month);
        }
    }

    /// Records a reward line of a payment, starting afresh when a new month begins.
    fn record(&mut self, line: &Line, payment: &EventId) {
        if self.month != line.month {
            self.month = line.month;
            self.by_rule.clear();
        }
        let rule = self.by_rule.entry(line.rule.clone()).or_default();
        let entry = rule
            .payments
            .entry(payment.clone())
            .or_insert(MonthPayment {
                accrual: None,
                booked: Decimal::ZERO,
            });
        if line.kind == LineKind::Accrual {
            entry.accrual = Some(AccrualFigures {
                rate: line.explanation.rate,
                base: line.explanation.base,
                client: line.client.clone(),
            });
        }
        entry.booked = entry.booked.saturating_add(line.amount.amount);
        rule.touched.insert(payment.clone());
        if line.amount.amount.is_sign_negative() {
            // A clawback frees room under the client's cap for the month's other
            // payments, which are not touched: the next re-rating looks at all of them.
            rule.rerated_at = None;
        }
    }
}

/// When a partner gained each client on one counter, in time order: nanoseconds since
/// the epoch (8 bytes where an `Instant` takes 12; a partner may hold a million).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Gains(Vec<i64>);

impl Gains {
    /// Instants in the supported range (1900–2199) all fit; the clamp is never reached.
    fn key(at: Instant) -> i64 {
        at.timestamp_nanos_opt().unwrap_or(if at.timestamp() < 0 {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    pub fn push(&mut self, at: Instant) {
        self.0.push(Self::key(at));
    }

    /// How many were gained at or before `at`.
    pub fn count_at(&self, at: Instant) -> usize {
        let at = Self::key(at);
        self.0.partition_point(|gained| *gained <= at)
    }

    pub fn instants(&self) -> impl Iterator<Item = Instant> + '_ {
        self.0
            .iter()
            .map(|nanos| chrono::DateTime::from_timestamp_nanos(*nanos))
    }
}

/// The partner's balance with the vendor, in one currency: lines already in effect, and
/// lines booked for a later instant (a credit on the 1st of next month, a scheduled
/// payout), in time order (ties in booking order), so what is due by an instant is a
/// prefix. A line in another currency is refused, never added as a bare number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Account {
    pub currency: Currency,
    pub settled: Decimal,
    /// A deque: settling takes from the front, new amounts mostly go to the back.
    pub pending: VecDeque<(Instant, Decimal)>,
}

impl Account {
    /// An empty balance in `currency`.
    pub fn new(currency: Currency) -> Self {
        Self {
            currency,
            settled: Decimal::ZERO,
            pending: VecDeque::new(),
        }
    }

    /// Whether a line would change the balance in another currency (it is refused).
    #[inline]
    pub fn refuses(&self, line: &Line) -> bool {
        line.amount.currency != self.currency && line.kind.affects_balance()
    }

    /// The error for a line the balance refuses.
    #[cold]
    fn refusal(&self, line: &Line) -> ErrorKind {
        ErrorKind::CurrencyMismatch {
            expected: self.currency,
            found: line.amount.currency,
        }
    }

    /// How many pending amounts are due by `at`, and the balance with them.
    fn due_by(&self, at: Instant) -> (usize, Option<Decimal>) {
        let due = self.pending.partition_point(|(when, _)| *when <= at);
        let balance = self
            .pending
            .range(..due)
            .try_fold(self.settled, |sum, (_, amount)| sum.checked_add(*amount));
        (due, balance)
    }

    /// The balance in effect at `at` (pending lines up to `at` included).
    pub fn available_at(&self, at: Instant) -> Option<Decimal> {
        self.due_by(at).1
    }

    /// Counts a line in the balance from its own instant (pending until then). A line in
    /// another currency is not counted (callers check [`Self::refuses`] first).
    pub fn count(&mut self, line: &Line) {
        debug_assert!(!self.refuses(line), "a balance never mixes currencies");
        if line.kind.affects_balance() && !self.refuses(line) {
            let when = line.booked_at;
            let at = self.pending.partition_point(|(due, _)| *due <= when);
            self.pending.insert(at, (when, line.amount.amount));
        }
    }

    /// Counts a line booked once the balance is settled up to `at`: in effect at once if
    /// it is dated by then, else pending until its own instant (mostly the latest, so
    /// pending amounts are appended, not inserted).
    pub fn count_settled(&mut self, line: &Line, at: Instant) {
        // `State::book` refused any line in another currency before this.
        debug_assert!(!self.refuses(line), "a balance never mixes currencies");
        if line.kind.affects_balance() && line.booked_at <= at {
            if let Some(settled) = self.settled.checked_add(line.amount.amount) {
                self.settled = settled;
                return;
            }
        }
        self.count(line);
    }

    /// Moves every pending amount up to `at` into the settled balance.
    pub fn settle_until(&mut self, at: Instant) -> Option<()> {
        let (due, settled) = self.due_by(at);
        self.settled = settled?;
        self.pending.drain(..due);
        Some(())
    }
}

/// What the engine keeps per client. Kept small (a large run holds a million of them):
/// what only some programs or some clients need is in `extras`, allocated when first used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)] // an older layout is refused, not half read
pub(crate) struct ClientState {
    pub registered_at: Instant,
    pub referrer: Option<PartnerId>,
    /// How the client came to its referrer (what `paying` counts it by).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referred_via: Option<Channel>,
    pub holder: Option<PartnerId>,
    /// Partners that ever held the client (for distinct counts); a boxed slice, as
    /// most clients have one partner or none and never more.
    #[serde(default, skip_serializing_if = "no_ids")]
    pub ever_held_by: Box<[PartnerId]>,
    /// Partners that ever paid for the client (for distinct counts).
    #[serde(default, skip_serializing_if = "no_ids")]
    pub paid_for_by: Box<[PartnerId]>,
    /// The client has made at least one accepted payment.
    pub has_paid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extras: Option<Box<ClientExtras>>,
}

#[allow(clippy::borrowed_box)] // serde hands the field itself
fn no_ids(ids: &Box<[PartnerId]>) -> bool {
    ids.is_empty()
}

/// Appends to a boxed slice of ids (rare: one reallocation to the exact size).
pub(crate) fn push_id(ids: &mut Box<[PartnerId]>, id: PartnerId) {
    let mut grown = std::mem::take(ids).into_vec();
    grown.push(id);
    *ids = grown.into_boxed_slice();
}

/// The rarer part of a client's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ClientExtras {
    /// Per capped reward rule id: payments rewarded and the total so far.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rewarded: BTreeMap<RuleId, (u32, Decimal)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
    /// Payments made while no partner was attributed, kept for a later catch-up.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unattributed_payments: Vec<EventId>,
    /// The partner that reported the client, and whether its claim is exclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<Report>,
    /// The paid period of the client's latest payment that has one (kept only where a
    /// perk lasts while a client is active, LS-5): a partner that gains the client while
    /// it runs has an active client from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid: Option<ActivePeriod>,
    /// The vendor's attributes of the client, from its registration.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
    /// The promo code it registered with (kept where a rule asks whose code it was).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promo_code: Option<String>,
    /// Its first accepted payment's instant and how many it made (kept where a rule
    /// reads a payment number or a window or months from the first payment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_paid_at: Option<Instant>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub payments_made: u32,
}

fn is_zero(count: &u32) -> bool {
    *count == 0
}

/// A beneficiary's revenue under a rule in one program-time period (revenue tiers).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RevenueTally {
    /// The period: its year and first month.
    pub period: (i32, u32),
    /// The revenue so far, in the program currency, unrounded.
    pub amount: Decimal,
}

impl ClientState {
    pub fn integration(&self) -> Option<&String> {
        self.extras.as_ref().and_then(|e| e.integration.as_ref())
    }

    pub fn reported(&self) -> Option<&Report> {
        self.extras.as_ref().and_then(|e| e.reported.as_ref())
    }

    pub fn rewarded(&self, rule: &RuleId) -> Option<&(u32, Decimal)> {
        self.extras.as_ref().and_then(|e| e.rewarded.get(rule))
    }

    pub fn unattributed_payments(&self) -> &[EventId] {
        self.extras
            .as_ref()
            .map_or(&[][..], |e| &e.unattributed_payments)
    }

    /// The partner that is the client's referrer, holder or reporter now (a client has no
    /// payer: that role belongs to a payment).
    pub fn partner_as(&self, role: Beneficiary) -> Option<&PartnerId> {
        match role {
            Beneficiary::Referrer => self.referrer.as_ref(),
            Beneficiary::Holder => self.holder.as_ref(),
            Beneficiary::Reporter => self.reported().map(|report| &report.partner),
            // A payment's role, and a partner above the referrer: no client's partner.
            Beneficiary::Payer | Beneficiary::Upline(_) => None,
        }
    }

    /// A client registered at `at`: referred by a partner through a channel, held by it
    /// (a cabinet registration), with the integration it named.
    pub fn registered(
        at: Instant,
        referred: Option<(PartnerId, Channel)>,
        holder: Option<PartnerId>,
        integration: Option<&String>,
    ) -> Self {
        let (referrer, referred_via) = referred.unzip();
        Self {
            registered_at: at,
            referrer,
            referred_via,
            ever_held_by: holder.iter().cloned().collect(),
            holder,
            paid_for_by: Box::default(),
            has_paid: false,
            extras: integration.map(|integration| {
                Box::new(ClientExtras {
                    integration: Some(integration.clone()),
                    ..ClientExtras::default()
                })
            }),
        }
    }

    /// The partner a rule's beneficiary role names for one of the client's payments: its
    /// paying partner for `Payer`, else the client's partner in that role now.
    pub fn beneficiary<'a>(
        &'a self,
        who: Beneficiary,
        payment: &'a Payment,
    ) -> Option<&'a PartnerId> {
        match (who, &payment.paid_by) {
            (Beneficiary::Payer, Payer::Partner(partner)) => Some(partner),
            _ => self.partner_as(who),
        }
    }

    /// The client's attributes (none if it registered without).
    pub fn attributes(&self) -> Option<&Attributes> {
        self.extras.as_ref().map(|e| &e.attributes)
    }

    /// The partner a reward rule's beneficiary names for one of the client's payments, at
    /// the payment's instant `at`: as [`Self::beneficiary`] for a role; for an upline, the
    /// partner that many levels above the client's referrer by the parents in force at
    /// `at` (none where the chain is shorter, or the client has no referrer).
    pub fn beneficiary_at<'a>(
        &'a self,
        who: Beneficiary,
        payment: &'a Payment,
        partners: &'a IdMap<PartnerId, PartnerState>,
        at: Instant,
    ) -> Option<&'a PartnerId> {
        match who {
            Beneficiary::Upline(levels) => upline(partners, self.referrer.as_ref()?, levels, at),
            _ => self.beneficiary(who, payment),
        }
    }

    pub fn extras_mut(&mut self) -> &mut ClientExtras {
        self.extras.get_or_insert_with(Box::default)
    }
}

/// The partner `levels` levels above `partner` by the parents in force at `at` (1: its
/// parent), if its chain of parents is that long.
fn upline<'a>(
    partners: &'a IdMap<PartnerId, PartnerState>,
    partner: &'a PartnerId,
    levels: u8,
    at: Instant,
) -> Option<&'a PartnerId> {
    (0..levels).try_fold(partner, |below, _| partners.get(below)?.parent_at(at))
}

/// Whether `parent`'s chain of parents in force at `at`, `parent` itself included,
/// reaches `partner`: making `parent` the parent of `partner` would close a cycle.
pub(crate) fn leads_back_to(
    partners: &IdMap<PartnerId, PartnerState>,
    parent: &PartnerId,
    partner: &PartnerId,
    at: Instant,
) -> bool {
    let mut above = Some(parent);
    // Chains have no cycle, so a walk ends within as many steps as there are partners;
    // the bound only keeps a corrupted snapshot from looping (it then counts as a cycle).
    for _ in 0..=partners.len() {
        match above {
            None => return false,
            Some(current) if current == partner => return true,
            Some(current) => above = partners.get(current).and_then(|p| p.parent_at(at)),
        }
    }
    true
}

/// The bookkeeping of the rule kinds that need some per partner, each table read and
/// written by its kind's module alone (`engine::kinds::…`), filled only under programs
/// with that kind: the shared partner state stays the facts every kind reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindTables {
    /// `welcome_credit`: each partner's credit still open (MH-4).
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub welcome_credits: IdMap<PartnerId, CreditPool>,
    /// `bonus`: the milestone bonus rule ids each partner was paid.
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub milestones: IdMap<PartnerId, Vec<RuleId>>,
    /// `internal_use`: the seats each partner bought for its own use (for caps by status).
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub internal_seats: IdMap<PartnerId, u32>,
    /// `rebate`: per partner and rebate rule, the end of the open period, its sales at list
    /// price, and the last sale in it.
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub rebate_sales: IdMap<PartnerId, BTreeMap<RuleId, (Instant, Decimal, EventId)>>,
    /// `rerate` (retroactive tiers): each partner's reward lines of its latest
    /// program-time month with any.
    #[serde(
        default,
        skip_serializing_if = "IdMap::is_empty",
        with = "crate::sorted::map"
    )]
    pub month_rewards: IdMap<PartnerId, MonthRewards>,
}

impl KindTables {
    /// Whether no kind keeps anything (most programs): the snapshot omits the tables.
    pub fn is_empty(&self) -> bool {
        let Self {
            welcome_credits,
            milestones,
            internal_seats,
            rebate_sales,
            month_rewards,
        } = self;
        welcome_credits.is_empty()
            && milestones.is_empty()
            && internal_seats.is_empty()
            && rebate_sales.is_empty()
            && month_rewards.is_empty()
    }
}

/// A partner's welcome credit: what is left, until when, and the event that opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CreditPool {
    pub rule: RuleId,
    pub opened_by: EventId,
    pub left: Decimal,
    pub until: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Report {
    pub partner: PartnerId,
    pub exclusive: bool,
}

/// A paid period that makes a client active, and the payment that paid it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ActivePeriod {
    pub period: Period,
    pub payment: EventId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PaymentRecord {
    pub at: Instant,
    pub payment: Payment,
    pub refunded: Decimal,
    /// What the paying partner's account was debited (a purchase at the net price), in
    /// the account's currency.
    pub debited: Option<Decimal>,
    pub cancelled: bool,
    /// What was refunded while a refund clawed back (within the hold, under a clawback
    /// policy): clawbacks follow this share of the payment, not refunds that clawed
    /// nothing back.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub refunded_in_hold: Decimal,
    /// What a cancellation returned to the paying partner's account (account currency):
    /// a later refund may return only the rest of the payment.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub returned: Decimal,
    /// Under a clawback refund policy: the payment's positive reward lines so far, per
    /// partner and rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewards: Vec<RewardShare>,
    /// The vendor's attributes of the payment, from its event.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

/// What a payment earned one partner under one rule: the first line (the template of a
/// clawback), the total of its positive reward lines, and the latest due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RewardShare {
    pub first: Line,
    pub total: Decimal,
    pub due: Option<Instant>,
    /// Clawed back so far: each refund claws back what the refunds up to it call for,
    /// less this, so partial refunds never claw back more (or less) than the reward.
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    pub clawed_back: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FxQuote {
    /// From when the quote applies.
    pub at: Instant,
    /// When it was published, where that is later than `at` (a rate for the whole day):
    /// of two quotes applying from one instant, the later published wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Instant>,
    pub rate: Decimal,
    /// Derived from a quote of the inverse pair (1 / its rate), kept under this pair so
    /// the latest quote of either direction is found by one lookup.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inverted: bool,
}

/// The `BASE/QUOTE` key of a currency pair, built on the stack: rates are looked up for
/// every converted line.
pub(crate) struct FxKey([u8; 7]);

impl FxKey {
    pub fn new(base: Currency, quote: Currency) -> Self {
        let mut key = *b"???/???";
        key[..3].copy_from_slice(base.code().as_bytes());
        key[4..].copy_from_slice(quote.code().as_bytes());
        Self(key)
    }

    pub fn as_str(&self) -> &str {
        // Codes are ASCII upper-case letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("???/???")
    }
}

impl State {
    /// Records one line and counts it in its partner's balance from its own instant, which
    /// may already be past (a rebate or payout run dated at a period the ledger just left).
    pub fn book_closing(&mut self, line: Line) {
        debug_assert_rounded_once(&line);
        if let Some(partner) = self.partners.get_mut(&line.partner) {
            partner.account.count(&line);
        }
        self.lines.push(line);
    }

    /// Whether time alone books something at or before `at`: a welcome credit's window,
    /// a rebate period or a payout run ending then.
    #[inline]
    pub fn time_brings_by(&self, at: Instant) -> bool {
        debug_assert_eq!(self.due_from, self.first_due(), "due_from out of date");
        self.due_from.is_some_and(|due| due <= at)
    }

    /// The first instant of the three queues of what time alone books.
    pub fn first_due(&self) -> Option<Instant> {
        [
            self.payout_runs.first().map(|(when, _)| *when),
            self.open_credits.first().map(|(when, _)| *when),
            self.open_rebates.first().map(|(when, _, _)| *when),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Sets [`State::due_from`] again after items left the queues.
    pub fn recount_due(&mut self) {
        self.due_from = self.first_due();
    }

    fn wait_until(&mut self, when: Instant) {
        self.due_from = Some(self.due_from.map_or(when, |due| due.min(when)));
    }

    /// A partner's welcome credit expires at `until`, unless spent.
    pub fn wait_for_credit_expiry(&mut self, until: Instant, partner: PartnerId) {
        self.open_credits.insert((until, partner));
        self.wait_until(until);
    }

    /// A partner's rebate period under `rule` closes at `end`.
    pub fn wait_for_rebate_period(&mut self, end: Instant, partner: PartnerId, rule: RuleId) {
        self.open_rebates.insert((end, partner, rule));
        self.wait_until(end);
    }

    /// A partner's lines wait for the payout run at `run`.
    pub fn wait_for_payout_run(&mut self, run: Instant, partner: PartnerId) {
        self.payout_runs.insert((run, partner));
        self.wait_until(run);
    }

    /// Where the last event applied or rejected in place sorts (or the instant advanced
    /// to); for a state that did not record it (an older
    /// snapshot), where an event at its last instant would.
    pub fn last_order(&self) -> Option<OrderKey> {
        self.last_key.or_else(|| {
            self.last_at.map(|at| OrderKey {
                effective: at,
                rank: 0,
                at,
            })
        })
    }

    /// Appends lines and keeps each partner's running balance. Checks every line first
    /// and changes nothing if one is in a currency its partner's balance is not.
    pub fn book(&mut self, at: Instant, mut lines: Vec<Line>) -> Result<(), ErrorKind> {
        if lines.is_empty() {
            return Ok(());
        }
        // A payment's lines mostly go to one partner (one run): its run is checked where
        // it is booked; only lines to several partners are all checked first.
        let first_run = lines.chunk_by(|a, b| a.partner == b.partner).next();
        let one_run = first_run.is_some_and(|run| run.len() == lines.len());
        if !one_run {
            for line in &lines {
                let account = self.partners.get(&line.partner).map(|p| &p.account);
                if let Some(account) = account.filter(|account| account.refuses(line)) {
                    return Err(account.refusal(line));
                }
            }
        }
        // One lookup per run of a partner's lines.
        for run in lines.chunk_by(|a, b| a.partner == b.partner) {
            let Some(partner) = run.first().and_then(|l| self.partners.get_mut(&l.partner)) else {
                continue;
            };
            if let Some(line) = run
                .iter()
                .find(|line| one_run && partner.account.refuses(line))
            {
                return Err(partner.account.refusal(line));
            }
            // Settling never overflows in practice: amounts are capped at 10^12 per line.
            let _ = partner.account.settle_until(at);
            for line in run {
                debug_assert!(line.booked_at >= at, "a line is never booked into the past");
                debug_assert_rounded_once(line);
                partner.account.count_settled(line, at);
            }
        }
        // Lines are large: no copy at all where none are waiting (statements-only folds
        // them after every event), else one block copy.
        if self.lines.is_empty() {
            std::mem::swap(&mut self.lines, &mut lines);
        } else {
            self.lines.append(&mut lines);
        }
        if lines.capacity() > self.spare_lines.capacity() {
            self.spare_lines = lines;
        }
        Ok(())
    }

    /// Roughly how many things the state holds (for debug checks that copy it).
    #[cfg(debug_assertions)]
    pub fn size(&self) -> usize {
        self.lines.len() + self.clients.len() + self.partners.len() + self.payments.len()
    }

    /// The recorded payment an event names (a refund, a cancellation, a catch-up).
    pub fn payment(&self, payment: &EventId) -> Result<&PaymentRecord, ErrorKind> {
        self.payments
            .get(payment)
            .ok_or_else(|| ErrorKind::UnknownPayment {
                payment: payment.clone(),
            })
    }

    /// The partner's id as the state holds it (sharing its text), or `partner` if unknown.
    pub fn shared_id(&self, partner: &PartnerId) -> PartnerId {
        self.partners
            .get_key_value(partner)
            .map_or_else(|| partner.clone(), |(id, _)| id.clone())
    }

    /// Whether the partner was never linked to another account (links go both ways): its
    /// group is itself alone, whenever asked.
    pub fn unlinked(&self, partner: &PartnerId) -> bool {
        self.partners
            .get(partner)
            .is_none_or(|state| state.links.is_empty())
    }

    /// The partner's group as of its latest link, if that link is in force at `at`.
    fn current_group(&self, partner: &PartnerId, at: Instant) -> Option<(&PartnerId, &LinkGroup)> {
        let root = self.partners.get(partner)?.group_root.as_ref()?;
        let group = self.partners.get(root)?.group.as_deref()?;
        (group.linked_at <= at).then_some((root, group))
    }

    /// Whether `partner` and `other` are one group at `at` (`partner` itself included).
    pub fn same_group(&self, partner: &PartnerId, other: &PartnerId, at: Instant) -> bool {
        if partner == other {
            return true;
        }
        if self.unlinked(partner) {
            return false;
        }
        match self.current_group(partner, at) {
            Some((root, _)) => self
                .partners
                .get(other)
                .is_some_and(|o| o.group_root.as_ref() == Some(root)),
            None => self.group_at(partner, at).contains(&other),
        }
    }

    /// How many accounts the partner's group has at `at`.
    pub fn group_size(&self, partner: &PartnerId, at: Instant) -> usize {
        match self.current_group(partner, at) {
            Some((_, group)) => group.members.len(),
            None => self.group_at(partner, at).len(),
        }
    }

    /// Whether every member of the partner's current group has the rule's entitlement.
    pub fn granted_to_all(&self, partner: &PartnerId, rule: &RuleId, at: Instant) -> bool {
        self.current_group(partner, at)
            .is_some_and(|(_, group)| group.granted_to_all.contains(rule))
    }

    /// The one member of the partner's current group without the rule's entitlement, when
    /// every other member has it.
    pub fn lacking_one(
        &self,
        partner: &PartnerId,
        rule: &RuleId,
        at: Instant,
    ) -> Option<&PartnerId> {
        let (_, group) = self.current_group(partner, at)?;
        group
            .lacking_one
            .iter()
            .find(|(lacking, _)| lacking == rule)
            .map(|(_, member)| member)
    }

    /// Records that every member of the partner's group now has the rule's entitlement.
    pub fn grant_to_all(&mut self, partner: &PartnerId, rule: &RuleId) {
        let root = self
            .partners
            .get(partner)
            .and_then(|p| p.group_root.clone());
        let group = root.and_then(|root| self.partners.get_mut(&root)?.group.as_deref_mut());
        if let Some(group) = group {
            group.lacking_one.retain(|(lacking, _)| lacking != rule);
            if !group.granted_to_all.contains(rule) {
                group.granted_to_all.push(rule.clone());
            }
        }
    }

    /// Links two accounts of one partner from `at` on: the smaller group joins the larger.
    pub fn link(&mut self, partner: &PartnerId, other: &PartnerId, at: Instant) {
        for (from, to) in [(partner, other), (other, partner)] {
            if let Some(account) = self.partners.get_mut(from) {
                account.links.push((at, to.clone()));
            }
        }
        let (Some(mut a), Some(mut b)) = (self.take_group(partner, at), self.take_group(other, at))
        else {
            return;
        };
        if a.members.len() < b.members.len() {
            std::mem::swap(&mut a, &mut b);
        }
        let root = a.members.first().cloned();
        for member in &b.members {
            if let Some(state) = self.partners.get_mut(member) {
                state.group_root.clone_from(&root);
            }
        }
        a.lacking_one = lacking_one_after_merge(&a, &b);
        a.members.append(&mut b.members);
        a.linked_at = at;
        a.latest_gain = a.latest_gain.max(b.latest_gain);
        for (sum, more) in a.counts.iter_mut().zip(b.counts) {
            *sum = sum.saturating_add(more);
        }
        a.granted_to_all
            .retain(|rule| b.granted_to_all.contains(rule));
        let root_state = root.and_then(|root| self.partners.get_mut(&root));
        if let Some(root_state) = root_state {
            root_state.group = Some(Box::new(a));
        }
    }

    /// Takes a partner's group out of its root (a partner alone becomes a group of one).
    fn take_group(&mut self, partner: &PartnerId, at: Instant) -> Option<LinkGroup> {
        let state = self.partners.get(partner)?;
        let root = state.group_root.clone().unwrap_or_else(|| partner.clone());
        let root_state = self.partners.get_mut(&root)?;
        let group = root_state.group.take().map(|group| *group);
        let group = match group {
            Some(group) => group,
            None => LinkGroup::alone(&root, root_state, at),
        };
        root_state.group_root = Some(root);
        Some(group)
    }

    /// Counts a client a partner gained: in its own gains and its group's. `false` for an
    /// unknown partner.
    pub fn gain(&mut self, partner: &PartnerId, counter: ClientCounter, at: Instant) -> bool {
        let Some(partner_state) = self.partners.get_mut(partner) else {
            return false;
        };
        partner_state.gains_mut(counter).push(at);
        let Some(root) = partner_state.group_root.clone() else {
            return true;
        };
        let root = Some(root);
        let group = root.and_then(|root| self.partners.get_mut(&root)?.group.as_deref_mut());
        if let Some(group) = group {
            if let Some(count) = group.counts.get_mut(counter.index()) {
                *count = count.saturating_add(1);
            }
            group.latest_gain = group.latest_gain.max(Some(at));
        }
        true
    }

    /// `partner` and every account linked to it, directly or through others, by `at`, in
    /// the order the links reach them.
    pub fn group_at<'s>(&'s self, partner: &'s PartnerId, at: Instant) -> Vec<&'s PartnerId> {
        let mut group = vec![partner];
        let mut seen: IdSet<&PartnerId> = IdSet::default();
        seen.insert(partner);
        let mut next = 0;
        while let Some(member) = group.get(next).copied() {
            for (linked_at, other) in self.partners.get(member).map_or(&[][..], |p| &p.links) {
                if *linked_at <= at && seen.insert(other) {
                    group.push(other);
                }
            }
            next += 1;
        }
        group
    }

    /// A partner's client count at `at`: its own, or summed over its linked accounts when
    /// the counter is shared.
    pub fn client_count(
        &self,
        partner: &PartnerId,
        counter: ClientCounter,
        at: Instant,
        shared: bool,
    ) -> u32 {
        let own = |id: &PartnerId| self.partners.get(id).map_or(0, |p| p.count_at(counter, at));
        if !shared || self.unlinked(partner) {
            return own(partner);
        }
        let current = self.current_group(partner, at);
        if let Some(count) = current.and_then(|(_, group)| group.count_at(counter, at)) {
            return count;
        }
        self.group_at(partner, at)
            .into_iter()
            .fold(0, |sum: u32, member| sum.saturating_add(own(member)))
    }

    /// Records a published rate under its pair, and its inverse under the inverse pair:
    /// the latest quote of either direction then wins, the direct one on a tie.
    pub fn publish_rate(
        &mut self,
        (base, quote): (Currency, Currency),
        (at, published): (Instant, Instant),
        rate: Decimal,
    ) {
        let published = (published != at).then_some(published);
        let direct = FxQuote {
            at,
            published,
            rate,
            inverted: false,
        };
        Self::record_quote(
            self.fx
                .entry(FxKey::new(base, quote).as_str().to_owned())
                .or_default(),
            direct,
        );
        if let Some(rate) = Decimal::ONE.checked_div(rate) {
            let inverse = FxQuote {
                at,
                published,
                rate,
                inverted: true,
            };
            let quotes = self
                .fx
                .entry(FxKey::new(quote, base).as_str().to_owned())
                .or_default();
            Self::record_quote(quotes, inverse);
        }
    }

    /// Appends a quote (quotes come in order). Of two applying from one instant, the later
    /// published wins, either direction; published at one instant too, a direct quote is
    /// never replaced by one derived from the inverse pair.
    fn record_quote(quotes: &mut Vec<FxQuote>, quote: FxQuote) {
        let Some(last) = quotes.last_mut().filter(|last| last.at == quote.at) else {
            quotes.push(quote);
            return;
        };
        let published = |q: &FxQuote| q.published.unwrap_or(q.at);
        if published(&quote) > published(last) || (last.inverted && !quote.inverted) {
            *last = quote;
        } else if last.inverted == quote.inverted {
            quotes.push(quote);
        }
    }

    /// The latest rate for `from → to` at `at`, published directly or derived from the
    /// inverse pair, whichever is newer.
    /// Who a promo code was assigned to at `at`, if it was by then.
    pub fn promo_code_owner(&self, code: &str, at: Instant) -> Option<&PartnerId> {
        let (assigned, partner) = self.promo_codes.get(code)?;
        (*assigned <= at).then_some(partner)
    }

    /// A partner's revenue under a rule in a period (its year and first month).
    pub fn revenue_in(&self, partner: &PartnerId, rule: &RuleId, period: (i32, u32)) -> Decimal {
        self.revenue
            .get(partner)
            .and_then(|rules| rules.get(rule))
            .filter(|tally| tally.period == period)
            .map_or(Decimal::ZERO, |tally| tally.amount)
    }

    /// Adds a payment's amount (program currency) to a partner's revenue under a rule in
    /// a period; a new period starts from zero.
    pub fn add_revenue(
        &mut self,
        (partner, rule): (PartnerId, RuleId),
        period: (i32, u32),
        amount: Decimal,
    ) -> Result<(), ErrorKind> {
        let rules = self.revenue.entry(partner).or_default();
        let tally = rules.entry(rule).or_insert(RevenueTally {
            period,
            amount: Decimal::ZERO,
        });
        if tally.period != period {
            *tally = RevenueTally {
                period,
                amount: Decimal::ZERO,
            };
        }
        tally.amount = tally
            .amount
            .checked_add(amount)
            .ok_or_else(|| ErrorKind::Overflow)?;
        Ok(())
    }

    pub fn fx_rate(&self, from: Currency, to: Currency, at: Instant) -> Option<Decimal> {
        let quotes = self.fx.get(FxKey::new(from, to).as_str())?;
        // Events come in time order: the latest rate is the one in force, nearly always.
        if let Some(latest) = quotes.last().filter(|latest| latest.at <= at) {
            return Some(latest.rate);
        }
        let known = quotes.partition_point(|quote| quote.at <= at);
        known
            .checked_sub(1)
            .and_then(|i| quotes.get(i))
            .map(|quote| quote.rate)
    }
}

impl PaymentRecord {
    /// A payment just accepted at `at`: nothing refunded, debited, cancelled or returned.
    pub fn new(at: Instant, payment: Payment) -> Self {
        Self {
            at,
            payment,
            refunded: Decimal::ZERO,
            debited: None,
            cancelled: false,
            refunded_in_hold: Decimal::ZERO,
            returned: Decimal::ZERO,
            rewards: Vec::new(),
            attributes: Attributes::new(),
        }
    }

    /// The part of the payment not yet given back, as a fraction of it: what refunds and
    /// a cancellation's return have left (1 when neither has happened).
    pub fn unreturned_share(&self) -> Option<Decimal> {
        let paid = self.payment.amount.amount;
        let refunded_share = match self.refunded.is_zero() {
            true => Decimal::ZERO,
            false => self.refunded.checked_div(paid)?,
        };
        let returned_share = match (self.returned.is_zero(), self.debited) {
            (true, _) | (_, None) => Decimal::ZERO,
            (false, Some(debited)) => self.returned.checked_div(debited)?,
        };
        Some(Decimal::ONE - refunded_share - returned_share)
    }
}

/// Debug builds: a booked figure is at its currency's scale and within half a minor unit
/// of its exact figure: rounded once, as the last step.
fn debug_assert_rounded_once(line: &Line) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(minor_units) = line.amount.currency.minor_units() else {
        return;
    };
    debug_assert!(
        line.amount.amount.scale() <= minor_units,
        "line {line:?} is finer than its currency"
    );
    let Some(exact) = line.explanation.exact else {
        return;
    };
    let off = line.amount.amount.checked_sub(exact).map(|off| off.abs());
    debug_assert!(
        off.is_some_and(|off| off <= Decimal::new(5, minor_units + 1)),
        "line {line:?} is more than half a minor unit from its exact figure"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn partner(at: Instant) -> PartnerState {
        PartnerState::new(at, LegalForm::LegalEntity, Currency::RUB, Currency::RUB)
    }

    proptest! {
        /// The group index answers as walking the links does: membership, size and
        /// shared counts, now and at every earlier step.
        #[test]
        fn the_group_index_agrees_with_walking_the_links(
            steps in prop::collection::vec((0u8..2, 0usize..8, 0usize..8), 1..40)
        ) {
            let start = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
            let mut state = State::default();
            let ids: Vec<PartnerId> = (0..8).map(|i| PartnerId::from(format!("p{i}").as_str())).collect();
            for id in &ids {
                state.partners.insert(id.clone(), partner(start));
            }
            let mut instants = Vec::new();
            for (step, (op, a, b)) in steps.into_iter().enumerate() {
                let at = start + chrono::Duration::hours(i64::try_from(step).unwrap() + 1);
                instants.push(at);
                let (a, b) = (&ids[a], &ids[b]);
                if op == 0 && !state.same_group(a, b, at) {
                    state.link(a, b, at);
                } else {
                    state.gain(a, ClientCounter::Attached, at);
                }
                // Now, and at a few earlier steps (a catch-up rates at its payment's instant).
                let earlier = [0, step / 2, step.saturating_sub(1), step];
                for asked in earlier.iter().filter_map(|i| instants.get(*i)) {
                    for x in &ids {
                        let walked = state.group_at(x, *asked);
                        prop_assert_eq!(state.group_size(x, *asked), walked.len());
                        let sum: u32 = walked.iter()
                            .map(|m| state.partners[*m].count_at(ClientCounter::Attached, *asked))
                            .sum();
                        prop_assert_eq!(state.client_count(x, ClientCounter::Attached, *asked, true), sum);
                        for y in &ids {
                            prop_assert_eq!(state.same_group(x, y, *asked), walked.contains(&y));
                        }
                    }
                }
            }
        }
    }
}
