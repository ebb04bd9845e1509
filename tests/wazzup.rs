//! Wazzup, clauses W-1…W-10 (`../shared/programs/wazzup.md`): every worked example with
//! its exact figures, one test or more per clause, and the edges around each.

mod support;

use chrono::Duration;
use commission_rules::programs::wazzup::{REGISTRATION_PERKS, TENTH_CLIENT_PERKS};
use commission_rules::{
    Currency, Engine, ErrorKind, EventKind, Instant, LegalForm, LineKind, Mode, Money, Month,
    Outcome, Payer, PaymentKind, Period, Rate, evaluate, evaluation_order, programs,
};
use support::{Book, d, line_from as line, msk, rub};

fn run(book: &Book) -> Outcome {
    evaluate(&programs::wazzup(), &book.ledger()).unwrap()
}

fn error_of(book: &Book) -> commission_rules::Error {
    evaluate(&programs::wazzup(), &book.ledger()).unwrap_err()
}

fn no_line(outcome: &Outcome, source: &str) -> bool {
    outcome
        .lines
        .iter()
        .all(|l| l.source_event.as_str() != source)
}

/// What the vendor owes the partner (its partner account balance), all lines included.
fn balance(outcome: &Outcome, partner: &str) -> Money {
    outcome
        .lines_for(&partner.into())
        .filter(|l| l.kind.affects_balance())
        .fold(Money::zero(Currency::RUB), |sum, l| {
            sum.checked_add(l.amount).unwrap()
        })
}

fn buys(book: &mut Book, id: &str, at: Instant, client: &str, partner: &str, amount: Money) {
    book.partner_pays(id, at, client, partner, amount);
}

/// A partner with a topped-up account and `n` self-registered clients attached by support
/// on 10…(10+n-1) January 2024 at 10:00.
fn partner_with_clients(book: &mut Book, partner: &str, n: u32) {
    book.partner(partner, msk(2024, 1, 1, 9, 0)).top_up(
        &format!("{partner}-top-up"),
        msk(2024, 1, 1, 9, 30),
        partner,
        rub("100000"),
    );
    for i in 1..=n {
        let client = format!("{partner}-c{i}");
        book.client(&client, msk(2024, 1, 9 + i, 9, 0), None)
            .attach(
                &format!("{client}-attached"),
                msk(2024, 1, 9 + i, 10, 0),
                &client,
                partner,
            );
    }
}

// W-1 ------------------------------------------------------------------------------------

/// Worked example 1: nine clients at 3,000 RUB are 1,950 net (1,050 discount); the 10th
/// client is attached on 3 Feb at 12:00; client 1's payment at 11:00 is at 35 %, at 13:00 at
/// 50 % (net 1,500). January's payments keep 35 %: nothing is booked back.
#[test]
fn w_1_worked_example_tenth_client_switches_discount_to_50_from_its_attachment() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 9);
    for i in 1..=9 {
        let client = format!("p-c{i}");
        buys(
            &mut book,
            &format!("jan-{i}"),
            msk(2024, 1, 25, 10, i),
            &client,
            "p",
            rub("3000"),
        );
    }
    book.client("p-c10", msk(2024, 2, 1, 9, 0), None).attach(
        "tenth",
        msk(2024, 2, 3, 12, 0),
        "p-c10",
        "p",
    );
    buys(
        &mut book,
        "feb-11h",
        msk(2024, 2, 3, 11, 0),
        "p-c1",
        "p",
        rub("3000"),
    );
    buys(
        &mut book,
        "feb-13h",
        msk(2024, 2, 3, 13, 0),
        "p-c1",
        "p",
        rub("3000"),
    );
    let outcome = run(&book);

    for i in 1..=9 {
        let jan = format!("jan-{i}");
        assert_eq!(line(&outcome, &jan, LineKind::Discount).amount, rub("1050"));
        assert_eq!(
            line(&outcome, &jan, LineKind::Purchase).amount,
            rub("-1950")
        );
    }
    let before = line(&outcome, "feb-11h", LineKind::Discount);
    assert_eq!(before.amount, rub("1050"));
    assert_eq!(before.explanation.rate, Some(Rate::whole_percent(35)));
    assert_eq!(before.explanation.count, Some(9));
    assert_eq!(
        line(&outcome, "feb-11h", LineKind::Purchase).amount,
        rub("-1950")
    );

    let after = line(&outcome, "feb-13h", LineKind::Discount);
    assert_eq!(after.clause.as_str(), "W-1");
    assert_eq!(after.amount, rub("1500"));
    assert_eq!(after.explanation.rate, Some(Rate::whole_percent(50)));
    assert_eq!(after.explanation.count, Some(10));
    assert_eq!(
        after.explanation.note.as_deref(),
        Some("list price 3000.00 RUB, the partner pays 1500.00 RUB")
    );
    assert_eq!(
        line(&outcome, "feb-13h", LineKind::Purchase).amount,
        rub("-1500")
    );
    // Not retroactive: no adjustment for January.
    assert!(outcome.lines.iter().all(|l| l.kind != LineKind::Adjustment));
    // 100,000 − 10 × 1,950 − 1,500.
    assert_eq!(balance(&outcome, "p"), rub("79000"));
}

#[test]
fn w_1_the_tenth_clients_own_first_payment_is_at_50() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 9);
    book.client("p-c10", msk(2024, 2, 3, 11, 0), None).attach(
        "tenth",
        msk(2024, 2, 3, 12, 0),
        "p-c10",
        "p",
    );
    buys(
        &mut book,
        "first",
        msk(2024, 2, 3, 12, 0),
        "p-c10",
        "p",
        rub("3000"),
    );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "first", LineKind::Discount).amount,
        rub("1500")
    );
}

/// A client that leaves still counts ("clients you have sold Wazzup to"), and a client
/// coming back is not counted twice.
#[test]
fn w_1_the_count_never_goes_down_when_clients_leave() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 10);
    book.partner("other", msk(2024, 1, 1, 9, 0))
        .release("c1-released", msk(2024, 2, 1, 10, 0), "p-c1")
        .transfer("c2-leaves", msk(2024, 2, 1, 11, 0), "p-c2", "other", true)
        .transfer("c2-returns", msk(2024, 2, 2, 11, 0), "p-c2", "p", true);
    buys(
        &mut book,
        "after",
        msk(2024, 2, 5, 10, 0),
        "p-c3",
        "p",
        rub("3000"),
    );
    let outcome = run(&book);
    let discount = line(&outcome, "after", LineKind::Discount);
    assert_eq!(discount.amount, rub("1500"));
    assert_eq!(discount.explanation.count, Some(10));
}

#[test]
fn w_1_nine_clients_stay_at_35() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 9);
    buys(
        &mut book,
        "pay",
        msk(2024, 6, 1, 10, 0),
        "p-c9",
        "p",
        rub("999.99"),
    );
    let outcome = run(&book);
    // 999.99 × 35 % = 349.9965 → 350.00; net 649.99.
    let discount = line(&outcome, "pay", LineKind::Discount);
    assert_eq!(discount.amount, rub("350.00"));
    assert_eq!(discount.explanation.exact, Some(d("349.9965")));
    assert_eq!(
        line(&outcome, "pay", LineKind::Purchase).amount,
        rub("-649.99")
    );
}

// W-2 ------------------------------------------------------------------------------------

/// Worked example 2: registered 2 May, pays 3,000 on 10 May: 600 credited on 1 June.
/// Its payment on 2 May of the next year is outside the 12-month window.
#[test]
fn w_2_worked_example_referral_credited_on_the_first_of_next_month() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 5, 2, 10, 0), Some("p"))
        .pays("may", msk(2024, 5, 10, 12, 0), "c", rub("3000"))
        .pays("next-may", msk(2025, 5, 2, 10, 0), "c", rub("3000"));
    let outcome = run(&book);
    let credit = line(&outcome, "may", LineKind::Accrual);
    assert_eq!(credit.clause.as_str(), "W-2");
    assert_eq!(credit.amount, rub("600"));
    assert_eq!(credit.booked_at, msk(2024, 6, 1, 0, 0));
    assert_eq!(credit.month, Month::new(2024, 6).unwrap());
    assert!(no_line(&outcome, "next-may"));
    let may = outcome
        .statement(&"p".into(), Month::new(2024, 5).unwrap())
        .map(|s| s.closing);
    assert_eq!(may, None, "nothing is credited in May");
    let june = outcome
        .statement(&"p".into(), Month::new(2024, 6).unwrap())
        .unwrap();
    assert_eq!(june.closing, rub("600"));
}

/// 31 May 22:00 UTC is 1 June 01:00 in Moscow: a June payment, credited on 1 July.
#[test]
fn w_2_the_month_boundary_is_reckoned_in_moscow_time() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 5, 2, 10, 0), Some("p"))
        .pays("late", msk(2024, 6, 1, 1, 0), "c", rub("1000"))
        .pays("earlier", msk(2024, 5, 31, 23, 59), "c", rub("1000"));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "late", LineKind::Accrual).booked_at,
        msk(2024, 7, 1, 0, 0)
    );
    assert_eq!(
        line(&outcome, "earlier", LineKind::Accrual).booked_at,
        msk(2024, 6, 1, 0, 0)
    );
}

/// The window is `[registered, registered + 12 months)`: its last second is in, the
/// next one is out.
#[test]
fn w_2_the_windows_last_second_is_in_and_its_end_is_out() {
    let registered = msk(2024, 5, 2, 10, 0);
    let end = msk(2025, 5, 2, 10, 0);
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", registered, Some("p"))
        .pays("last-second", end - Duration::seconds(1), "c", rub("3000"))
        .pays("end", end, "c", rub("3000"));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "last-second", LineKind::Accrual).amount,
        rub("600")
    );
    assert!(no_line(&outcome, "end"));
}

// W-3 ------------------------------------------------------------------------------------

#[test]
fn w_3_a_released_client_paying_by_itself_earns_its_registering_partner_20() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 1, 9, 30), "p", rub("10000"))
        .cabinet_client("c", msk(2024, 2, 1, 10, 0), "p");
    buys(
        &mut book,
        "resold",
        msk(2024, 2, 1, 11, 0),
        "c",
        "p",
        rub("3000"),
    );
    book.release("released", msk(2024, 3, 1, 10, 0), "c").pays(
        "direct",
        msk(2024, 3, 15, 10, 0),
        "c",
        rub("2500"),
    );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "resold", LineKind::Discount).amount,
        rub("1050")
    );
    let credit = line(&outcome, "direct", LineKind::Accrual);
    assert_eq!((credit.partner.as_str(), credit.amount), ("p", rub("500")));
    assert_eq!(credit.booked_at, msk(2024, 4, 1, 0, 0));
}

// W-4 ------------------------------------------------------------------------------------

#[test]
fn w_4_the_referral_stays_with_the_registering_partner_after_a_consented_transfer() {
    let mut book = Book::new();
    book.partner("a", msk(2024, 1, 1, 9, 0))
        .partner("b", msk(2024, 1, 1, 9, 0))
        .top_up("b-top-up", msk(2024, 1, 1, 9, 30), "b", rub("10000"))
        .cabinet_client("c", msk(2024, 2, 1, 10, 0), "a")
        .transfer("moved", msk(2024, 2, 10, 10, 0), "c", "b", true)
        .pays("direct", msk(2024, 2, 20, 10, 0), "c", rub("3000"));
    buys(
        &mut book,
        "b-buys",
        msk(2024, 2, 21, 10, 0),
        "c",
        "b",
        rub("3000"),
    );
    let outcome = run(&book);
    let credit = line(&outcome, "direct", LineKind::Accrual);
    assert_eq!((credit.partner.as_str(), credit.amount), ("a", rub("600")));
    let discount = line(&outcome, "b-buys", LineKind::Discount);
    assert_eq!(
        (discount.partner.as_str(), discount.amount),
        ("b", rub("1050"))
    );
}

#[test]
fn w_4_a_transfer_without_the_clients_consent_is_rejected() {
    let mut book = Book::new();
    book.partner("a", msk(2024, 1, 1, 9, 0))
        .partner("b", msk(2024, 1, 1, 9, 0))
        .cabinet_client("c", msk(2024, 2, 1, 10, 0), "a")
        .transfer("poached", msk(2024, 2, 10, 10, 0), "c", "b", false);
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("poached"));
    assert!(
        matches!(err.kind(), ErrorKind::TransferWithoutConsent { client } if client.as_str() == "c")
    );
}

#[test]
fn w_4_attaching_a_client_another_partner_holds_is_rejected() {
    let mut book = Book::new();
    book.partner("a", msk(2024, 1, 1, 9, 0))
        .partner("b", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 2, 1, 10, 0), None)
        .attach("to-a", msk(2024, 2, 2, 10, 0), "c", "a")
        .attach("to-b", msk(2024, 2, 3, 10, 0), "c", "b");
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("to-b"));
    assert!(
        matches!(err.kind(), ErrorKind::HeldByAnotherPartner { holder, .. } if holder.as_str() == "a")
    );
}

/// A self-registered client attached to a partner earns it the resale discount, but its
/// own payments earn nobody 20 %: it has no registering partner.
#[test]
fn w_4_a_self_registered_clients_direct_payments_earn_nobody_20() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 2, 1, 10, 0), None)
        .attach("attached", msk(2024, 2, 2, 10, 0), "c", "p")
        .pays("direct", msk(2024, 2, 20, 10, 0), "c", rub("3000"));
    let outcome = run(&book);
    assert!(outcome.lines.is_empty());
    assert_eq!(outcome.settlements[0].vendor_share, rub("3000"));
}

// W-5 ------------------------------------------------------------------------------------

fn waba(book: &mut Book, id: &str, at: Instant, client: &str, paid_by: Payer, amount: Money) {
    book.payment(id, at, client, paid_by, PaymentKind::BalanceTopUp, amount);
}

/// Worked example 3: the client tops WABA up by 10,000: 1,000 credited the next 1st; the
/// partner tops up 10,000 for a client: it pays 9,000. A partner at 50 % still gets 10 %.
#[test]
fn w_5_worked_example_waba_top_ups_are_10_percent_whatever_the_tier() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 10);
    book.client("ref", msk(2024, 2, 1, 10, 0), Some("p"));
    waba(
        &mut book,
        "client-waba",
        msk(2024, 2, 10, 10, 0),
        "ref",
        Payer::Client,
        rub("10000"),
    );
    waba(
        &mut book,
        "partner-waba",
        msk(2024, 2, 11, 10, 0),
        "p-c1",
        Payer::Partner("p".into()),
        rub("10000"),
    );
    let outcome = run(&book);
    let credit = line(&outcome, "client-waba", LineKind::Accrual);
    assert_eq!(credit.rule, "W-5.client");
    assert_eq!(credit.amount, rub("1000"));
    assert_eq!(credit.booked_at, msk(2024, 3, 1, 0, 0));
    let discount = line(&outcome, "partner-waba", LineKind::Discount);
    assert_eq!(discount.rule, "W-5.partner");
    assert_eq!(discount.amount, rub("1000"));
    assert_eq!(
        line(&outcome, "partner-waba", LineKind::Purchase).amount,
        rub("-9000")
    );
    // Never the subscription rates: exactly one line of each kind per top-up.
    assert_eq!(
        outcome
            .lines
            .iter()
            .filter(|l| l.clause.as_str() == "W-1")
            .count(),
        0
    );
    assert_eq!(
        outcome
            .lines
            .iter()
            .filter(|l| l.clause.as_str() == "W-2")
            .count(),
        0
    );
}

#[test]
fn w_5_client_top_ups_after_the_12_month_window_earn_nothing() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("ref", msk(2024, 2, 1, 10, 0), Some("p"));
    waba(
        &mut book,
        "late",
        msk(2025, 2, 1, 10, 0),
        "ref",
        Payer::Client,
        rub("10000"),
    );
    assert!(run(&book).lines.is_empty());
}

// W-6 ------------------------------------------------------------------------------------

/// Worked example 4, with CB rate 100 RUB/USD: the internal rate is 103, so $30 is
/// 3,090 RUB (the seed's figure, the base of the discount) and a referral client's $50
/// earns $10 = 1,030 RUB. We read the seed's "debits 3,090" as the $30 converted before
/// the W-1 discount: at 35 % the account is debited 2,008.50.
#[test]
fn w_6_worked_example_cb_rate_plus_3_percent() {
    let usd = |text: &str| Money::new(d(text), Currency::USD);
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 1, 9, 30), "p", rub("5000"))
        .fx(
            "cb",
            msk(2024, 3, 1, 0, 0),
            Currency::USD,
            Currency::RUB,
            "100",
        )
        .client("bought", msk(2024, 3, 1, 10, 0), None)
        .attach("attached", msk(2024, 3, 1, 10, 5), "bought", "p")
        .client("ref", msk(2024, 3, 1, 11, 0), Some("p"))
        .pays("ref-pays", msk(2024, 3, 2, 11, 0), "ref", usd("50"));
    buys(
        &mut book,
        "thirty",
        msk(2024, 3, 2, 10, 0),
        "bought",
        "p",
        usd("30"),
    );
    let outcome = run(&book);

    let discount = line(&outcome, "thirty", LineKind::Discount);
    assert_eq!(discount.explanation.base, Some(rub("3090")));
    let fx = discount.explanation.fx.as_ref().unwrap();
    assert_eq!((fx.published_rate, fx.applied_rate), (d("100"), d("103")));
    assert_eq!(discount.amount, rub("1081.50"));
    assert_eq!(
        line(&outcome, "thirty", LineKind::Purchase).amount,
        rub("-2008.50")
    );

    let credit = line(&outcome, "ref-pays", LineKind::Accrual);
    assert_eq!(credit.amount, rub("1030"));
    assert_eq!(credit.explanation.base, Some(rub("5150")));
}

#[test]
fn w_6_a_missing_rate_names_the_payment_and_the_pair() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("ref", msk(2024, 3, 1, 11, 0), Some("p"))
        .pays(
            "usd-pay",
            msk(2024, 3, 2, 11, 0),
            "ref",
            Money::new(d("50"), Currency::USD),
        );
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("usd-pay"));
    assert_eq!(
        err.kind(),
        &ErrorKind::MissingFxRate {
            from: Currency::USD,
            to: Currency::RUB
        }
    );
}

/// A KZT account is credited in tenge: a RUB payment converted at the KZT/RUB rate + 3 %.
#[test]
fn w_6_rewards_are_booked_in_the_partner_accounts_currency() {
    let mut book = Book::new();
    book.partner_with(
        "kz",
        msk(2024, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::KZT,
    )
    .fx(
        "cb",
        msk(2024, 1, 1, 0, 0),
        Currency::RUB,
        Currency::KZT,
        "5",
    )
    .client("ref", msk(2024, 3, 1, 11, 0), Some("kz"))
    .pays("rub-pay", msk(2024, 3, 2, 11, 0), "ref", rub("3000"));
    let outcome = run(&book);
    // 3,000 RUB × 5.15 = 15,450 KZT; 20 % = 3,090 KZT.
    let credit = line(&outcome, "rub-pay", LineKind::Accrual);
    assert_eq!(credit.amount, Money::new(d("3090"), Currency::KZT));
}

/// A KZT partner with a referred client and the CB's RUB/KZT rate of 31 January (5.00).
fn kzt_referral_book() -> Book {
    let mut book = Book::new();
    book.partner_with(
        "kz",
        msk(2024, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::KZT,
    )
    .fx(
        "cb-jan-31",
        msk(2024, 1, 31, 0, 0),
        Currency::RUB,
        Currency::KZT,
        "5",
    )
    .client("ref", msk(2024, 1, 15, 11, 0), Some("kz"));
    book
}

/// W-6 "the rate in force on the payment day": 1 February's rate (5.10) is recorded at
/// 00:00 on 1 February, the payment's own instant, but listed after it. 3,000 RUB × 5.10 ×
/// 1.03 = 15,759 KZT; 20 % = 3,151.80 KZT (31 January's 5.00 would give 3,090.00).
#[test]
fn w_6_a_days_rate_applies_to_the_whole_day_whatever_its_place_in_the_ledger() {
    let mut book = kzt_referral_book();
    book.pays("feb-pay", msk(2024, 2, 1, 0, 0), "ref", rub("3000"))
        .fx(
            "cb-feb-1",
            msk(2024, 2, 1, 0, 0),
            Currency::RUB,
            Currency::KZT,
            "5.10",
        );
    let outcome = run(&book);
    let credit = line(&outcome, "feb-pay", LineKind::Accrual);
    assert_eq!(credit.amount, Money::new(d("3151.80"), Currency::KZT));
}

/// The day's rate recorded at 15:00 still applies to the day's 10:00 payment; a payment at
/// 23:59 the day before keeps the old rate (3,000 × 5.00 × 1.03 × 20 % = 3,090.00).
#[test]
fn w_6_a_rate_recorded_later_in_the_day_applies_from_the_days_start_only() {
    let mut book = kzt_referral_book();
    book.pays("jan-pay", msk(2024, 1, 31, 23, 59), "ref", rub("3000"))
        .pays("feb-pay", msk(2024, 2, 1, 10, 0), "ref", rub("3000"))
        .fx(
            "cb-feb-1",
            msk(2024, 2, 1, 15, 0),
            Currency::RUB,
            Currency::KZT,
            "5.10",
        );
    let outcome = run(&book);
    let kzt = |text: &str| Money::new(d(text), Currency::KZT);
    assert_eq!(
        line(&outcome, "jan-pay", LineKind::Accrual).amount,
        kzt("3090.00")
    );
    assert_eq!(
        line(&outcome, "feb-pay", LineKind::Accrual).amount,
        kzt("3151.80")
    );
}

/// Of a day's rates the later published is the day's rate, in either direction: RUB/KZT
/// 5.10 at 10:00, then KZT/RUB 0.2 (RUB/KZT 5.00) at 15:00: 3,000 × 5.00 × 1.03 × 20 % =
/// 3,090.00 KZT.
#[test]
fn w_6_the_days_later_rate_wins_whichever_direction_it_is_quoted_in() {
    let mut book = kzt_referral_book();
    book.fx(
        "rub-kzt",
        msk(2024, 2, 1, 10, 0),
        Currency::RUB,
        Currency::KZT,
        "5.10",
    )
    .fx(
        "kzt-rub",
        msk(2024, 2, 1, 15, 0),
        Currency::KZT,
        Currency::RUB,
        "0.2",
    )
    .pays("feb-pay", msk(2024, 2, 1, 16, 0), "ref", rub("3000"));
    let outcome = run(&book);
    let credit = line(&outcome, "feb-pay", LineKind::Accrual);
    assert_eq!(credit.amount, Money::new(d("3090.00"), Currency::KZT));
}

/// Applied one by one, a day's rate that comes after an event of that day is out of order
/// (the engine cannot re-convert what it booked); `evaluation_order` puts it first.
#[test]
fn w_6_streaming_a_days_rate_after_the_days_payment_is_out_of_order() {
    let mut book = kzt_referral_book();
    book.pays("feb-pay", msk(2024, 2, 1, 10, 0), "ref", rub("3000"))
        .fx(
            "cb-feb-1",
            msk(2024, 2, 1, 15, 0),
            Currency::RUB,
            Currency::KZT,
            "5.10",
        );
    let program = programs::wazzup();
    let ledger = book.ledger();
    let mut engine = Engine::new(&program, Mode::Strict).unwrap();
    let mut errors = ledger
        .in_time_order()
        .into_iter()
        .filter_map(|event| engine.apply(event).err());
    let error = errors.next().unwrap();
    assert_eq!(error.event().map(|id| id.as_str()), Some("cb-feb-1"));
    assert_eq!(
        error.kind(),
        &ErrorKind::OutOfOrder {
            previous: msk(2024, 2, 1, 10, 0)
        }
    );
    let order: Vec<&str> = evaluation_order(&program, &ledger)
        .iter()
        .map(|event| event.id.as_str())
        .collect();
    assert_eq!(order[order.len() - 2..], ["cb-feb-1", "feb-pay"]);
}

// W-7 ------------------------------------------------------------------------------------

/// A RUB account with 6 clients and a KZT account with 3 are linked; the group's 10th
/// client, attached in the KZT account, brings both accounts to 50 % from that moment.
/// Before it, both stay at 35 %; before the link, each counts only its own.
#[test]
fn w_7_a_linked_group_crossing_ten_with_clients_in_both_accounts() {
    let kzt = |text: &str| Money::new(d(text), Currency::KZT);
    let mut book = Book::new();
    partner_with_clients(&mut book, "ru", 6);
    book.partner_with(
        "kz",
        msk(2024, 1, 1, 9, 0),
        LegalForm::LegalEntity,
        Currency::KZT,
    )
    .top_up("kz-top-up", msk(2024, 1, 1, 9, 30), "kz", kzt("500000"));
    for i in 1..=3 {
        let client = format!("kz-c{i}");
        book.client(&client, msk(2024, 1, 20 + i, 9, 0), None)
            .attach(
                &format!("{client}-attached"),
                msk(2024, 1, 20 + i, 10, 0),
                &client,
                "kz",
            );
    }
    buys(
        &mut book,
        "ru-before-link",
        msk(2024, 2, 1, 9, 0),
        "ru-c1",
        "ru",
        rub("3000"),
    );
    book.link("linked", msk(2024, 2, 1, 10, 0), "ru", "kz");
    buys(
        &mut book,
        "ru-nine",
        msk(2024, 2, 1, 11, 0),
        "ru-c1",
        "ru",
        rub("3000"),
    );
    book.client("kz-c4", msk(2024, 2, 2, 9, 0), None).attach(
        "group-tenth",
        msk(2024, 2, 2, 10, 0),
        "kz-c4",
        "kz",
    );
    buys(
        &mut book,
        "ru-after",
        msk(2024, 2, 2, 11, 0),
        "ru-c2",
        "ru",
        rub("3000"),
    );
    book.payment(
        "kz-after",
        msk(2024, 2, 2, 12, 0),
        "kz-c1",
        Payer::Partner("kz".into()),
        PaymentKind::Subscription,
        kzt("15000"),
    );
    let outcome = run(&book);

    let before_link = line(&outcome, "ru-before-link", LineKind::Discount);
    assert_eq!(
        (before_link.amount, before_link.explanation.count),
        (rub("1050"), Some(6))
    );
    let nine = line(&outcome, "ru-nine", LineKind::Discount);
    assert_eq!(
        (nine.amount, nine.explanation.count),
        (rub("1050"), Some(9))
    );
    assert_eq!(
        nine.explanation.rate_basis.as_deref(),
        Some("tier from 0 clients (count 9 over 2 linked accounts)")
    );
    let ru_after = line(&outcome, "ru-after", LineKind::Discount);
    assert_eq!(
        (ru_after.amount, ru_after.explanation.count),
        (rub("1500"), Some(10))
    );
    let kz_after = line(&outcome, "kz-after", LineKind::Discount);
    assert_eq!(kz_after.amount, kzt("7500"));
    assert_eq!(
        line(&outcome, "kz-after", LineKind::Purchase).amount,
        kzt("-7500")
    );
    // W-10 perks from the group's 10th client, in both accounts.
    for account in ["ru", "kz"] {
        let perks: Vec<_> = outcome
            .entitlements
            .iter()
            .filter(|e| e.partner.as_str() == account && e.source_event.as_str() == "group-tenth")
            .map(|e| e.perk.as_str())
            .collect();
        assert_eq!(perks, TENTH_CLIENT_PERKS, "{account}");
    }
}

/// After the link, a client moving between the linked accounts is not a new client.
#[test]
fn w_7_a_client_moving_inside_a_group_is_counted_once() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "ru", 9);
    book.partner("ru2", msk(2024, 1, 1, 9, 0))
        .link("linked", msk(2024, 2, 1, 10, 0), "ru", "ru2")
        .transfer("moved", msk(2024, 2, 2, 10, 0), "ru-c1", "ru2", true);
    buys(
        &mut book,
        "after",
        msk(2024, 2, 3, 10, 0),
        "ru-c2",
        "ru",
        rub("3000"),
    );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "after", LineKind::Discount)
            .explanation
            .count,
        Some(9)
    );
    assert!(
        outcome
            .entitlements
            .iter()
            .all(|e| e.source_event.as_str() != "moved")
    );
}

#[test]
fn w_7_linking_accounts_already_linked_is_rejected() {
    let mut book = Book::new();
    book.partner("a", msk(2024, 1, 1, 9, 0))
        .partner("b", msk(2024, 1, 1, 9, 0))
        .partner("c", msk(2024, 1, 1, 9, 0))
        .link("ab", msk(2024, 2, 1, 10, 0), "a", "b")
        .link("bc", msk(2024, 2, 1, 11, 0), "b", "c")
        .link("ca", msk(2024, 2, 1, 12, 0), "c", "a");
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("ca"));
    assert!(matches!(err.kind(), ErrorKind::InconsistentEvent { .. }));
}

// W-8 ------------------------------------------------------------------------------------

#[test]
fn w_8_a_refund_is_rejected() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 2, 1, 10, 0), Some("p"))
        .pays("pay", msk(2024, 2, 2, 10, 0), "c", rub("3000"))
        .push(
            "refund",
            msk(2024, 2, 3, 10, 0),
            EventKind::Refund {
                payment: "pay".into(),
                amount: rub("3000"),
            },
        );
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("refund"));
    assert_eq!(err.kind(), &ErrorKind::RefundForbidden);
}

/// March has 31 days; cancelled on 10 March (Moscow), the 10th counts as used, so 21
/// days go back: 1,950 × 21 / 31 = 1,320.967… → 1,320.97 to the partner account. The
/// 1,050 discount stands (no clawback); the client's own cancelled payment returns
/// nothing to a partner, and its referral credit stands.
#[test]
fn w_8_a_cancellation_returns_the_unused_days_of_what_the_partner_paid() {
    let march = Period {
        from: msk(2024, 3, 1, 0, 0),
        to: msk(2024, 4, 1, 0, 0),
    };
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 1, 9, 30), "p", rub("1950"))
        .cabinet_client("c", msk(2024, 2, 1, 10, 0), "p")
        .client("ref", msk(2024, 2, 1, 11, 0), Some("p"));
    let mut resale =
        commission_rules::Payment::by_client("c".into(), PaymentKind::Subscription, rub("3000"));
    resale.paid_by = Payer::Partner("p".into());
    resale.period = Some(march);
    let mut direct =
        commission_rules::Payment::by_client("ref".into(), PaymentKind::Subscription, rub("3000"));
    direct.period = Some(march);
    book.push("resale", msk(2024, 3, 1, 9, 0), EventKind::Payment(resale))
        .push("direct", msk(2024, 3, 1, 9, 30), EventKind::Payment(direct));
    let cancel = |payment: &str| EventKind::SubscriptionCancelled {
        payment: payment.into(),
    };
    book.push("cancel-resale", msk(2024, 3, 10, 23, 0), cancel("resale"))
        .push("cancel-direct", msk(2024, 3, 10, 23, 30), cancel("direct"));
    let outcome = run(&book);

    let back = line(&outcome, "cancel-resale", LineKind::Return);
    assert_eq!(back.amount, rub("1320.97"));
    assert_eq!(back.clause.as_str(), "W-8");
    assert_eq!(
        back.explanation.exact.map(|e| e.round_dp(6)),
        Some(d("1320.967742"))
    );
    assert_eq!(
        line(&outcome, "resale", LineKind::Discount).amount,
        rub("1050")
    );
    assert!(no_line(&outcome, "cancel-direct"));
    assert_eq!(
        line(&outcome, "direct", LineKind::Accrual).amount,
        rub("600")
    );
    // 1,950 − 1,950 + 1,320.97 now; the 600 credit arrives on 1 April.
    let march_statement = outcome
        .statement(&"p".into(), Month::new(2024, 3).unwrap())
        .unwrap();
    assert_eq!(march_statement.closing, rub("1320.97"));
}

/// A year of 2025 (365 days) bought at 36,000 less W-1's 35 %: 23,400.00 debited. Cancelled
/// at 00:00 Moscow on 1 May, no part of 1 May was used: 245 days go back, 23,400 × 245 / 365
/// = 15,706.849… → 15,706.85 (not 244 days, 15,642.74). One second later 1 May counts as
/// used: 244 days, 15,642.74.
#[test]
fn w_8_a_cancellation_at_midnight_leaves_its_day_unused() {
    for (cancelled_at, back) in [
        (msk(2025, 5, 1, 0, 0), "15706.85"),
        (
            msk(2025, 5, 1, 0, 0) + chrono::Duration::seconds(1),
            "15642.74",
        ),
    ] {
        let mut book = Book::new();
        book.partner("p", msk(2024, 12, 1, 9, 0))
            .top_up("top-up", msk(2024, 12, 1, 9, 30), "p", rub("23400"))
            .cabinet_client("c", msk(2024, 12, 2, 10, 0), "p");
        let mut year = commission_rules::Payment::by_client(
            "c".into(),
            PaymentKind::Subscription,
            rub("36000"),
        );
        year.paid_by = Payer::Partner("p".into());
        year.period = Some(Period {
            from: msk(2025, 1, 1, 0, 0),
            to: msk(2026, 1, 1, 0, 0),
        });
        let cancel = EventKind::SubscriptionCancelled {
            payment: "year".into(),
        };
        book.push("year", msk(2024, 12, 20, 9, 0), EventKind::Payment(year))
            .push("cancel", cancelled_at, cancel);
        let outcome = run(&book);
        assert_eq!(
            line(&outcome, "year", LineKind::Purchase).amount,
            rub("-23400.00")
        );
        assert_eq!(line(&outcome, "cancel", LineKind::Return).amount, rub(back));
    }
}

#[test]
fn w_8_cancelling_twice_is_rejected() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("c", msk(2024, 2, 1, 10, 0), None)
        .pays("pay", msk(2024, 2, 2, 10, 0), "c", rub("3000"));
    let cancel = EventKind::SubscriptionCancelled {
        payment: "pay".into(),
    };
    book.push("once", msk(2024, 2, 3, 10, 0), cancel.clone())
        .push("twice", msk(2024, 2, 4, 10, 0), cancel);
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("twice"));
}

// W-9 ------------------------------------------------------------------------------------

#[test]
fn w_9_balance_is_credits_minus_purchases_plus_top_ups_minus_withdrawals() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 2, 9, 0), "p", rub("5000"))
        .cabinet_client("c", msk(2024, 1, 3, 10, 0), "p")
        .client("ref", msk(2024, 1, 3, 11, 0), Some("p"))
        .pays("ref-pays", msk(2024, 1, 10, 10, 0), "ref", rub("10000"));
    buys(
        &mut book,
        "bought",
        msk(2024, 1, 11, 10, 0),
        "c",
        "p",
        rub("3000"),
    );
    book.withdraw("out", msk(2024, 2, 5, 12, 0), "p", rub("4000"));
    let outcome = run(&book);
    // 5,000 − 1,950 + 2,000 (credited 1 Feb) − 4,000.
    assert_eq!(balance(&outcome, "p"), rub("1050"));
    let out = line(&outcome, "out", LineKind::Withdrawal);
    assert_eq!(out.amount, rub("-4000"));
    assert_eq!(out.due, Some(msk(2024, 2, 8, 12, 0)));
    let feb = outcome
        .statement(&"p".into(), Month::new(2024, 2).unwrap())
        .unwrap();
    assert_eq!((feb.opening, feb.closing), (rub("3050"), rub("1050")));
}

/// The referral credit of 31 May is only in the account on 1 June: a withdrawal on
/// 31 May of more than the rest is rejected, naming the amounts.
#[test]
fn w_9_a_withdrawal_above_the_available_balance_is_rejected() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .client("ref", msk(2024, 5, 1, 11, 0), Some("p"))
        .pays("ref-pays", msk(2024, 5, 10, 10, 0), "ref", rub("10000"))
        .withdraw("too-early", msk(2024, 5, 31, 12, 0), "p", rub("2000"));
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("too-early"));
    assert_eq!(
        err.kind(),
        &ErrorKind::InsufficientBalance {
            available: rub("0"),
            requested: rub("2000")
        }
    );
}

#[test]
fn w_9_a_purchase_the_balance_does_not_cover_is_rejected() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 2, 9, 0), "p", rub("1949.99"))
        .cabinet_client("c", msk(2024, 1, 3, 10, 0), "p");
    buys(
        &mut book,
        "short",
        msk(2024, 1, 11, 10, 0),
        "c",
        "p",
        rub("3000"),
    );
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("short"));
    assert_eq!(
        err.kind(),
        &ErrorKind::InsufficientBalance {
            available: rub("1949.99"),
            requested: rub("1950.00")
        }
    );
}

// W-10 -----------------------------------------------------------------------------------

#[test]
fn w_10_perks_start_at_registration_and_at_the_tenth_client() {
    let mut book = Book::new();
    partner_with_clients(&mut book, "p", 10);
    let outcome = run(&book);
    let perks: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| (e.perk.as_str(), e.clause.as_str(), e.from))
        .collect();
    let mut expected: Vec<_> = REGISTRATION_PERKS
        .iter()
        .map(|perk| (*perk, "W-10", msk(2024, 1, 1, 9, 0)))
        .collect();
    expected.extend(
        TENTH_CLIENT_PERKS
            .iter()
            .map(|perk| (*perk, "W-10", msk(2024, 1, 19, 10, 0))),
    );
    assert_eq!(perks, expected);
}

#[test]
fn w_8_cancelling_a_purchase_without_a_paid_period_is_rejected() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 1, 9, 0))
        .top_up("top-up", msk(2024, 1, 2, 9, 0), "p", rub("5000"))
        .cabinet_client("c", msk(2024, 1, 3, 10, 0), "p");
    buys(
        &mut book,
        "bought",
        msk(2024, 1, 11, 10, 0),
        "c",
        "p",
        rub("3000"),
    );
    let cancel = EventKind::SubscriptionCancelled {
        payment: "bought".into(),
    };
    book.push("cancel", msk(2024, 1, 12, 10, 0), cancel);
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("cancel"));
    assert!(matches!(err.kind(), ErrorKind::InconsistentEvent { .. }));
}

// W-1 property -----------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Step {
    AttachNew,
    Pay(usize, u32),
    ReleaseAndReattach(usize),
}

fn step() -> impl proptest::strategy::Strategy<Value = Step> {
    use proptest::prelude::*;
    prop_oneof![
        2 => Just(Step::AttachNew),
        3 => (any::<usize>(), 1u32..500_000).prop_map(|(i, kopecks)| Step::Pay(i, kopecks)),
        1 => any::<usize>().prop_map(Step::ReleaseAndReattach),
    ]
}

proptest::proptest! {
    /// W-1: along any ledger of resale payments, the discount rate never decreases as the
    /// partner's client count grows, and it is 50 % exactly for payments after the 10th
    /// attachment (35 % before).
    #[test]
    fn w_1_discount_rate_is_monotone_and_50_exactly_from_the_tenth_client(
        steps in proptest::collection::vec(step(), 1..60)
    ) {
        let mut book = Book::new();
        book.partner("p", msk(2024, 1, 1, 9, 0))
            .top_up("top-up", msk(2024, 1, 1, 9, 30), "p", rub("100000000"));
        let mut clients = 0usize;
        let mut expected = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            let at = msk(2024, 1, 2, 0, 0) + Duration::hours(n as i64);
            match *step {
                Step::Pay(i, kopecks) if clients > 0 => {
                    let client = format!("c{}", i % clients);
                    let amount = Money::new(rust_decimal::Decimal::new(i64::from(kopecks), 2), Currency::RUB);
                    buys(&mut book, &format!("pay-{n}"), at, &client, "p", amount);
                    expected.push((format!("pay-{n}"), if clients >= 10 { 50 } else { 35 }));
                }
                Step::ReleaseAndReattach(i) if clients > 0 => {
                    let client = format!("c{}", i % clients);
                    book.release(&format!("release-{n}"), at, &client)
                        .attach(&format!("back-{n}"), at, &client, "p");
                }
                _ => {
                    let client = format!("c{clients}");
                    book.client(&client, at, None).attach(&format!("attach-{n}"), at, &client, "p");
                    clients += 1;
                }
            }
        }
        let outcome = run(&book);
        let mut previous = Rate::whole_percent(0);
        for (payment, percent) in expected {
            let discount = line(&outcome, &payment, LineKind::Discount);
            let rate = discount.explanation.rate.unwrap();
            proptest::prop_assert!(rate.as_percent() >= previous.as_percent());
            proptest::prop_assert_eq!(rate, Rate::whole_percent(percent));
            previous = rate;
        }
    }
}
