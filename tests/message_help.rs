//! Message.Help, clauses MH-1…MH-8 (`../shared/programs/message-help.md`): every worked
//! example with its exact figures, one test or more per clause, the tier edges and the
//! edges of the welcome credit's window.

mod support;

use chrono::Duration;
use commission_rules::programs::message_help::ALTEGIO;
use commission_rules::{
    AttachBasis, Currency, ErrorKind, EventKind, Instant, LineKind, Money, Month, Outcome, Rate,
    TopUpMethod, evaluate, programs,
};
use support::{Book, d, eur, line_from as line, lines_from as lines, utc};

fn run(book: &Book) -> Outcome {
    evaluate(&programs::message_help(), &book.ledger()).unwrap()
}

fn error_of(book: &Book) -> commission_rules::Error {
    evaluate(&programs::message_help(), &book.ledger()).unwrap_err()
}

fn top_up(book: &mut Book, id: &str, at: Instant, partner: &str, amount: Money) {
    book.top_up(id, at, partner, amount);
}

/// A partner registered on 1 January 2024 (its welcome credit closes on 1 March), with
/// 10,000 EUR on its account.
fn integrator(book: &mut Book, partner: &str) {
    book.partner_with(
        partner,
        utc(2024, 1, 1, 0, 0),
        commission_rules::LegalForm::LegalEntity,
        Currency::EUR,
    );
    top_up(
        book,
        &format!("{partner}-top-up"),
        utc(2024, 1, 1, 1, 0),
        partner,
        eur("10000"),
    );
}

/// `n` amoCRM clients, each paid for once by the partner in April (after the welcome
/// credit's window), 100 EUR each.
fn paid_for_clients(book: &mut Book, partner: &str, n: u32) {
    for i in 1..=n {
        let client = format!("{partner}-crm{i}");
        book.integrated_client(&client, utc(2024, 4, 1, 8, 0), partner, "amocrm");
        book.partner_pays(
            &format!("{client}-paid"),
            utc(2024, 4, 1, 9, i),
            &client,
            partner,
            eur("100"),
        );
    }
}

// MH-1 -----------------------------------------------------------------------------------

fn referred_clients(book: &mut Book, partner: &str, from: u32, to: u32, at: Instant) {
    for i in from..=to {
        book.client(
            &format!("ref{i}"),
            at + Duration::minutes(i64::from(i)),
            Some(partner),
        );
    }
}

/// Worked example 3: with 12 referred clients a 100 EUR payment credits 20 EUR; after the
/// 30th referred client registers, 30 EUR. The 29 → 30 edge: a payment just before the
/// 30th registers is at 20 %.
#[test]
fn mh_1_worked_example_referral_20_then_30_from_the_30th_referred_client() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    referred_clients(&mut book, "p", 1, 12, utc(2024, 2, 1, 0, 0));
    book.pays("at-12", utc(2024, 2, 2, 10, 0), "ref1", eur("100"));
    referred_clients(&mut book, "p", 13, 29, utc(2024, 2, 3, 0, 0));
    book.pays("at-29", utc(2024, 2, 4, 10, 0), "ref2", eur("100"));
    book.client("ref30", utc(2024, 2, 4, 11, 0), Some("p"))
        .pays("at-30", utc(2024, 2, 4, 11, 0), "ref3", eur("100"))
        .pays("later", utc(2024, 3, 4, 11, 0), "ref30", eur("100"));
    let outcome = run(&book);
    let at_12 = line(&outcome, "at-12", LineKind::Accrual);
    assert_eq!(
        (at_12.amount, at_12.explanation.count),
        (eur("20"), Some(12))
    );
    assert_eq!(line(&outcome, "at-29", LineKind::Accrual).amount, eur("20"));
    let at_30 = line(&outcome, "at-30", LineKind::Accrual);
    assert_eq!(
        (at_30.amount, at_30.explanation.count),
        (eur("30"), Some(30))
    );
    assert_eq!(at_30.explanation.rate, Some(Rate::whole_percent(30)));
    assert_eq!(line(&outcome, "later", LineKind::Accrual).amount, eur("30"));
}

/// MH-1 counts clients registered with the partner's promo code or referral link; the 5
/// clients the partner registered from its cabinet are not referred (they are its
/// integrator clients, MH-3). With 29 promo-code clients a 100.15 EUR payment is at 20 %:
/// 100.15 × 20 % = 20.03, count 29 (34 if cabinet clients counted: 30 %, 30.05). The 30th
/// promo-code client then makes the next 100.15 EUR payment 30 %: 30.045 → 30.05 (half
/// away from zero, `programs/message-help.json`).
#[test]
fn mh_1_the_referral_tier_counts_promo_code_clients_not_cabinet_registrations() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    referred_clients(&mut book, "p", 1, 29, utc(2024, 2, 1, 0, 0));
    for i in 1..=5 {
        book.cabinet_client(&format!("cab{i}"), utc(2024, 2, 2, 0, i), "p");
    }
    book.pays("at-29", utc(2024, 2, 3, 10, 0), "ref1", eur("100.15"))
        .client("ref30", utc(2024, 2, 4, 10, 0), Some("p"))
        .pays("at-30", utc(2024, 2, 5, 10, 0), "ref2", eur("100.15"));
    let outcome = run(&book);
    let at_29 = line(&outcome, "at-29", LineKind::Accrual);
    assert_eq!(
        (
            at_29.amount,
            at_29.explanation.rate,
            at_29.explanation.count
        ),
        (eur("20.03"), Some(Rate::whole_percent(20)), Some(29))
    );
    let at_30 = line(&outcome, "at-30", LineKind::Accrual);
    assert_eq!(
        (
            at_30.amount,
            at_30.explanation.rate,
            at_30.explanation.count
        ),
        (eur("30.05"), Some(Rate::whole_percent(30)), Some(30))
    );
    assert_eq!(at_30.explanation.exact, Some(d("30.045")));
}

/// Credited at payment, with no time limit.
#[test]
fn mh_1_credited_at_payment_for_life() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    book.client("ref", utc(2024, 2, 1, 0, 0), Some("p")).pays(
        "years-later",
        utc(2030, 6, 15, 12, 0),
        "ref",
        eur("49.99"),
    );
    let outcome = run(&book);
    let credit = line(&outcome, "years-later", LineKind::Accrual);
    // 49.99 × 20 % = 9.998 → 10.00.
    assert_eq!(credit.amount, eur("10.00"));
    assert_eq!(credit.booked_at, utc(2030, 6, 15, 12, 0));
    assert_eq!(credit.clause.as_str(), "MH-1");
}

// MH-2 -----------------------------------------------------------------------------------

/// A promo-code client's 5 EUR is the vendor's cost: a memo line for the partner, never
/// part of its balance. A client coming through the partner's cabinet gets none.
#[test]
fn mh_2_the_new_client_bonus_is_a_vendor_cost_memo_line() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    book.client("promo", utc(2024, 4, 2, 10, 0), Some("p"))
        .integrated_client("cabinet", utc(2024, 4, 3, 10, 0), "p", "kommo");
    let outcome = run(&book);
    let bonus = line(&outcome, "promo-registers", LineKind::VendorCost);
    assert_eq!(bonus.amount, eur("5.00"));
    assert_eq!(bonus.clause.as_str(), "MH-2");
    assert_eq!(bonus.client.as_ref().map(|c| c.as_str()), Some("promo"));
    assert!(lines(&outcome, "cabinet-registers", LineKind::VendorCost).is_empty());
    let april = outcome
        .statement(&"p".into(), Month::new(2024, 4).unwrap())
        .unwrap();
    assert_eq!(april.closing, eur("10000"));
    assert_eq!(april.memo.len(), 1);
}

// MH-3 -----------------------------------------------------------------------------------

/// Worked example 2: with 3 integrator clients, a 100 EUR month for an amoCRM client
/// costs 65 EUR; for an Altegio client with 12 clients, also 65 EUR.
#[test]
fn mh_3_worked_example_amocrm_with_3_clients_and_altegio_with_12() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    paid_for_clients(&mut book, "p", 2);
    book.integrated_client("amo", utc(2024, 5, 1, 8, 0), "p", "amocrm")
        .partner_pays("amo-month", utc(2024, 5, 1, 9, 0), "amo", "p", eur("100"));
    let outcome = run(&book);
    let discount = line(&outcome, "amo-month", LineKind::Discount);
    assert_eq!(
        (discount.amount, discount.explanation.count),
        (eur("35"), Some(3))
    );
    assert_eq!(
        line(&outcome, "amo-month", LineKind::Purchase).amount,
        eur("-65")
    );

    let mut book = Book::new();
    integrator(&mut book, "q");
    paid_for_clients(&mut book, "q", 11);
    book.integrated_client("salon", utc(2024, 5, 1, 8, 0), "q", ALTEGIO)
        .partner_pays(
            "salon-month",
            utc(2024, 5, 1, 9, 0),
            "salon",
            "q",
            eur("100"),
        );
    let outcome = run(&book);
    let discount = line(&outcome, "salon-month", LineKind::Discount);
    assert_eq!(discount.rule, "MH-3.altegio");
    assert_eq!(
        (discount.amount, discount.explanation.count),
        (eur("35"), None)
    );
    assert_eq!(
        line(&outcome, "salon-month", LineKind::Purchase).amount,
        eur("-65")
    );
}

/// Worked example 1: an annual Unlim at 432 EUR for a partner with 10 integrator clients
/// (this one the 10th): it pays 50 %, 216 EUR.
#[test]
fn mh_3_worked_example_annual_unlim_at_50_percent() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    paid_for_clients(&mut book, "p", 9);
    book.integrated_client("unlim", utc(2024, 5, 1, 8, 0), "p", "bitrix24")
        .partner_pays(
            "unlim-year",
            utc(2024, 5, 1, 9, 0),
            "unlim",
            "p",
            eur("432"),
        );
    let outcome = run(&book);
    let discount = line(&outcome, "unlim-year", LineKind::Discount);
    assert_eq!(
        (discount.amount, discount.explanation.count),
        (eur("216"), Some(10))
    );
    assert_eq!(
        line(&outcome, "unlim-year", LineKind::Purchase).amount,
        eur("-216")
    );
}

/// The count is of distinct clients paid for, counting the client being paid for: the
/// 4th is at 35 %, the 5th at 40 %, the 9th at 40 %, the 10th at 50 %; paying again for an
/// earlier client does not add to it, and Altegio clients count too.
#[test]
fn mh_3_tier_edges_4_to_5_and_9_to_10_count_the_client_paid_for() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    paid_for_clients(&mut book, "p", 3);
    book.partner_pays("again", utc(2024, 4, 2, 9, 0), "p-crm1", "p", eur("100"));
    book.integrated_client("alt", utc(2024, 4, 2, 10, 0), "p", ALTEGIO)
        .partner_pays("alt-paid", utc(2024, 4, 2, 10, 1), "alt", "p", eur("100"));
    let kinds = ["amocrm", "kommo", "bitrix24", "message-help-crm", "amocrm"];
    for (n, integration) in (5..=9).zip(kinds) {
        let client = format!("c{n}");
        book.integrated_client(&client, utc(2024, 4, 3, n, 0), "p", integration)
            .partner_pays(
                &format!("pay{n}"),
                utc(2024, 4, 3, n, 1),
                &client,
                "p",
                eur("100"),
            );
    }
    book.integrated_client("c10", utc(2024, 4, 4, 10, 0), "p", "kommo")
        .partner_pays("pay10", utc(2024, 4, 4, 10, 1), "c10", "p", eur("100"));
    let outcome = run(&book);
    let discount = |id: &str| {
        let l = line(&outcome, id, LineKind::Discount);
        (l.amount, l.explanation.count)
    };
    assert_eq!(discount("p-crm3-paid"), (eur("35"), Some(3)));
    assert_eq!(discount("again"), (eur("35"), Some(3)));
    assert_eq!(discount("pay5"), (eur("40"), Some(5)));
    assert_eq!(discount("pay9"), (eur("40"), Some(9)));
    assert_eq!(discount("pay10"), (eur("50"), Some(10)));
}

/// A client with no listed integration gets no integrator discount: the partner pays the
/// list price.
#[test]
fn mh_3_a_client_without_a_listed_integration_gets_no_discount() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    book.integrated_client("other", utc(2024, 4, 1, 8, 0), "p", "pipedrive")
        .partner_pays("paid", utc(2024, 4, 1, 9, 0), "other", "p", eur("100"));
    let outcome = run(&book);
    assert!(lines(&outcome, "paid", LineKind::Discount).is_empty());
    assert_eq!(
        line(&outcome, "paid", LineKind::Purchase).amount,
        eur("-100")
    );
}

// MH-4 -----------------------------------------------------------------------------------

fn new_partner(book: &mut Book, at: Instant) {
    book.partner_with(
        "p",
        at,
        commission_rules::LegalForm::LegalEntity,
        Currency::EUR,
    );
    top_up(book, "p-top-up", at + Duration::hours(1), "p", eur("1000"));
}

/// Worked example 4: registered 1 March 00:00, window [1 March, 30 April). The first
/// month of a new user paid on 10 March, 60 EUR, is covered at the full tariff (440 left);
/// the 440 expire on 30 April on a line dated 30 April. A first month paid on 30 April
/// gets the usual discount, no credit.
#[test]
fn mh_4_worked_example_welcome_credit_used_then_expired() {
    let mut book = Book::new();
    new_partner(&mut book, utc(2024, 3, 1, 0, 0));
    book.integrated_client("first", utc(2024, 3, 9, 0, 0), "p", "amocrm")
        .partner_pays(
            "first-month",
            utc(2024, 3, 10, 12, 0),
            "first",
            "p",
            eur("60"),
        )
        .integrated_client("late", utc(2024, 4, 29, 0, 0), "p", "amocrm")
        .partner_pays("late-month", utc(2024, 4, 30, 0, 0), "late", "p", eur("60"));
    let outcome = run(&book);

    let used = line(&outcome, "first-month", LineKind::CreditUsed);
    assert_eq!((used.amount, used.clause.as_str()), (eur("60"), "MH-4"));
    assert_eq!(
        used.explanation.note.as_deref(),
        Some("first payment of a new client at the full tariff; 440.00 EUR credit left")
    );
    assert!(lines(&outcome, "first-month", LineKind::Discount).is_empty());
    assert!(lines(&outcome, "first-month", LineKind::Purchase).is_empty());

    let expired = line(&outcome, "p-registers", LineKind::CreditExpired);
    assert_eq!(expired.amount, eur("440"));
    assert_eq!(expired.booked_at, utc(2024, 4, 30, 0, 0));
    assert_eq!(expired.month, Month::new(2024, 4).unwrap());

    assert!(lines(&outcome, "late-month", LineKind::CreditUsed).is_empty());
    assert_eq!(
        line(&outcome, "late-month", LineKind::Discount).amount,
        eur("21")
    );
    assert_eq!(
        line(&outcome, "late-month", LineKind::Purchase).amount,
        eur("-39")
    );
    // The settlement of the covered payment: the vendor bears the whole 60 EUR.
    let settlement = outcome
        .settlements
        .iter()
        .find(|s| s.payment.as_str() == "first-month")
        .unwrap();
    assert_eq!(
        (settlement.partner_share, settlement.vendor_share),
        (eur("60"), eur("0"))
    );
}

/// 500 EUR: 300 covered, then 250 of which 200 covered and 50 paid at the full tariff (no
/// discount); then a first month with the pool empty gets the usual discount. Nothing
/// expires.
#[test]
fn mh_4_a_pool_that_runs_out_in_the_middle_of_a_first_month() {
    let mut book = Book::new();
    new_partner(&mut book, utc(2024, 3, 1, 0, 0));
    for (client, day, price) in [("a", 5, "300"), ("b", 6, "250"), ("c", 7, "100")] {
        book.integrated_client(client, utc(2024, 3, day, 8, 0), "p", "kommo")
            .partner_pays(
                &format!("{client}-first"),
                utc(2024, 3, day, 9, 0),
                client,
                "p",
                eur(price),
            );
    }
    book.partner_pays("a-second", utc(2024, 3, 8, 9, 0), "a", "p", eur("300"))
        .fx(
            "after-window",
            utc(2024, 5, 1, 0, 0),
            Currency::EUR,
            Currency::USD,
            "1.1",
        );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "a-first", LineKind::CreditUsed).amount,
        eur("300")
    );
    assert_eq!(
        line(&outcome, "b-first", LineKind::CreditUsed).amount,
        eur("200")
    );
    assert!(lines(&outcome, "b-first", LineKind::Discount).is_empty());
    let rest = line(&outcome, "b-first", LineKind::Purchase);
    assert_eq!(rest.amount, eur("-50"));
    assert_eq!(
        rest.explanation.note.as_deref(),
        Some("bought for the client: 250.00 EUR list price − 200.00 EUR welcome credit")
    );
    assert!(lines(&outcome, "c-first", LineKind::CreditUsed).is_empty());
    assert_eq!(
        line(&outcome, "c-first", LineKind::Discount).amount,
        eur("35")
    );
    // A second payment is not a first month.
    assert!(lines(&outcome, "a-second", LineKind::CreditUsed).is_empty());
    assert!(
        outcome
            .lines
            .iter()
            .all(|l| l.kind != LineKind::CreditExpired)
    );
}

/// The last second of the window's last day is in; the day after (day 60) is out.
#[test]
fn mh_4_a_first_month_on_the_last_day_of_the_window_and_on_the_day_after() {
    let mut book = Book::new();
    new_partner(&mut book, utc(2024, 3, 1, 0, 0));
    book.integrated_client("last-day", utc(2024, 4, 1, 0, 0), "p", "kommo")
        .integrated_client("day-after", utc(2024, 4, 1, 0, 0), "p", "kommo")
        .partner_pays(
            "in",
            utc(2024, 4, 30, 0, 0) - Duration::seconds(1),
            "last-day",
            "p",
            eur("100"),
        )
        .partner_pays("out", utc(2024, 4, 30, 12, 0), "day-after", "p", eur("100"));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "in", LineKind::CreditUsed).amount,
        eur("100")
    );
    assert!(lines(&outcome, "out", LineKind::CreditUsed).is_empty());
    assert_eq!(line(&outcome, "out", LineKind::Discount).amount, eur("35"));
    assert_eq!(
        line(&outcome, "p-registers", LineKind::CreditExpired).amount,
        eur("400")
    );
}

/// A client that already paid by itself is not a new user: the partner's first payment
/// for it is not covered.
#[test]
fn mh_4_a_client_that_paid_before_is_not_a_new_user() {
    let mut book = Book::new();
    new_partner(&mut book, utc(2024, 3, 1, 0, 0));
    book.integrated_client("c", utc(2024, 3, 2, 0, 0), "p", "kommo")
        .pays("own", utc(2024, 3, 3, 0, 0), "c", eur("100"))
        .partner_pays("bought", utc(2024, 4, 3, 0, 0), "c", "p", eur("100"));
    let outcome = run(&book);
    assert!(lines(&outcome, "bought", LineKind::CreditUsed).is_empty());
    assert_eq!(
        line(&outcome, "bought", LineKind::Discount).amount,
        eur("35")
    );
}

// MH-5 -----------------------------------------------------------------------------------

/// The same client: paying by itself is referral format (20 % credited), paid for by its
/// partner it is integrator format (35 % off).
#[test]
fn mh_5_the_format_is_chosen_by_who_pays() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    book.integrated_client("c", utc(2024, 4, 1, 0, 0), "p", "kommo")
        .pays("by-client", utc(2024, 4, 2, 0, 0), "c", eur("100"))
        .partner_pays("by-partner", utc(2024, 5, 2, 0, 0), "c", "p", eur("100"));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "by-client", LineKind::Accrual).amount,
        eur("20")
    );
    assert!(lines(&outcome, "by-client", LineKind::Discount).is_empty());
    assert_eq!(
        line(&outcome, "by-partner", LineKind::Discount).amount,
        eur("35")
    );
    assert!(lines(&outcome, "by-partner", LineKind::Accrual).is_empty());
}

// MH-6 -----------------------------------------------------------------------------------

fn attach(book: &mut Book, id: &str, at: Instant, client: &str, partner: &str, basis: AttachBasis) {
    let kind = EventKind::ClientAttached {
        client: client.into(),
        partner: partner.into(),
        basis,
        refused: false,
    };
    book.push(id, at, kind);
}

#[test]
fn mh_6_an_existing_client_is_attached_only_on_evidence() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    let registers = EventKind::ClientRegistered {
        client: "c".into(),
        referrer: None,
        promo_code: None,
        integration: Some("bitrix24".to_owned()),
        via_partner_cabinet: false,
    };
    book.push("c-registers", utc(2024, 4, 1, 0, 0), registers)
        .pays("own", utc(2024, 4, 2, 0, 0), "c", eur("100"));
    attach(
        &mut book,
        "on-word",
        utc(2024, 4, 3, 0, 0),
        "c",
        "p",
        AttachBasis::Support,
    );
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("on-word"));
    assert!(matches!(
        err.kind(),
        ErrorKind::AttachmentNotAllowed {
            basis: AttachBasis::Support,
            ..
        }
    ));

    book.events.pop();
    attach(
        &mut book,
        "on-evidence",
        utc(2024, 4, 3, 0, 0),
        "c",
        "p",
        AttachBasis::Evidence,
    );
    book.partner_pays(
        "now-integrator",
        utc(2024, 4, 4, 0, 0),
        "c",
        "p",
        eur("100"),
    );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "now-integrator", LineKind::Discount).amount,
        eur("35")
    );
}

#[test]
fn mh_6_a_client_held_by_another_partner_is_not_attached_silently() {
    let mut book = Book::new();
    integrator(&mut book, "a");
    integrator(&mut book, "b");
    book.integrated_client("c", utc(2024, 4, 1, 0, 0), "a", "kommo");
    attach(
        &mut book,
        "grab",
        utc(2024, 4, 3, 0, 0),
        "c",
        "b",
        AttachBasis::Evidence,
    );
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("grab"));
    assert!(
        matches!(err.kind(), ErrorKind::HeldByAnotherPartner { holder, .. } if holder.as_str() == "a")
    );
}

// MH-7 -----------------------------------------------------------------------------------

/// 50 EUR by invoice and 15 EUR by card pay exactly for one 100 EUR month at 35 % off; the
/// next one is not covered and is rejected. The program has no withdrawals.
#[test]
fn mh_7_top_ups_by_card_or_invoice_and_purchases_the_balance_must_cover() {
    let mut book = Book::new();
    let legal_entity = commission_rules::LegalForm::LegalEntity;
    book.partner_with("p", utc(2024, 1, 1, 0, 0), legal_entity, Currency::EUR)
        .push(
            "by-invoice",
            utc(2024, 4, 1, 0, 0),
            EventKind::PartnerTopUp {
                partner: "p".into(),
                amount: eur("50"),
                method: TopUpMethod::Invoice,
            },
        )
        .top_up("by-card", utc(2024, 4, 1, 1, 0), "p", eur("15"))
        .integrated_client("c", utc(2024, 4, 2, 0, 0), "p", "kommo")
        .partner_pays("covered", utc(2024, 4, 3, 0, 0), "c", "p", eur("100"));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "by-invoice", LineKind::TopUp)
            .clause
            .as_str(),
        "MH-7"
    );
    let april = outcome
        .statement(&"p".into(), Month::new(2024, 4).unwrap())
        .unwrap();
    assert_eq!(april.closing, eur("0"));

    book.partner_pays("short", utc(2024, 4, 4, 0, 0), "c", "p", eur("100"));
    let err = error_of(&book);
    assert_eq!(err.event().map(|e| e.as_str()), Some("short"));
    assert_eq!(
        err.kind(),
        &ErrorKind::InsufficientBalance {
            available: eur("0"),
            requested: eur("65.00")
        }
    );

    book.events.pop();
    book.withdraw("withdraw", utc(2024, 4, 4, 0, 0), "p", eur("1"));
    assert!(matches!(
        error_of(&book).kind(),
        ErrorKind::NotInProgram { .. }
    ));
}

// MH-8 -----------------------------------------------------------------------------------

#[test]
fn mh_8_demo_access_from_registration() {
    let mut book = Book::new();
    integrator(&mut book, "p");
    let outcome = run(&book);
    let perks: Vec<_> = outcome
        .entitlements
        .iter()
        .map(|e| (e.perk.as_str(), e.clause.as_str(), e.from, e.until))
        .collect();
    assert_eq!(
        perks,
        [(
            "demo-integration-access",
            "MH-8",
            utc(2024, 1, 1, 0, 0),
            None
        )]
    );
}

// MH-4 property ----------------------------------------------------------------------------

proptest::proptest! {
    /// MH-4: along any ledger of first-month payments, a partner's welcome credit never
    /// goes below zero, and once its window has closed, credit used + expired = 500 EUR.
    /// Every covered payment is at the full tariff: credit + account debit = list price.
    #[test]
    fn mh_4_the_pool_never_goes_below_zero_and_used_plus_expired_is_500(
        joins in proptest::collection::vec(0u32..40 * 24, 1..4),
        payments in proptest::collection::vec((0usize..4, 0u32..90 * 24, 1u32..40_000), 0..40),
    ) {
        let mut book = Book::new();
        let start = utc(2024, 1, 1, 0, 0);
        let legal_entity = commission_rules::LegalForm::LegalEntity;
        for (i, hours) in joins.iter().enumerate() {
            let partner = format!("p{i}");
            let at = start + Duration::hours(i64::from(*hours));
            book.partner_with(&partner, at, legal_entity, Currency::EUR)
                .top_up(&format!("{partner}-top-up"), at, &partner, eur("1000000"));
        }
        let mut paid = Vec::new();
        for (n, (who, hours, cents)) in payments.iter().enumerate() {
            let i = who % joins.len();
            let partner = format!("p{i}");
            let at = start + Duration::hours(i64::from(joins[i] + hours));
            let client = format!("c{n}");
            let price = Money::new(rust_decimal::Decimal::new(i64::from(*cents), 2), Currency::EUR);
            book.integrated_client(&client, at, &partner, "kommo")
                .partner_pays(&format!("pay{n}"), at, &client, &partner, price);
            paid.push((format!("pay{n}"), price));
        }
        book.fx("long-after", utc(2024, 12, 1, 0, 0), Currency::EUR, Currency::USD, "1.1");
        let outcome = run(&book);

        for i in 0..joins.len() {
            let partner = commission_rules::PartnerId::new(format!("p{i}"));
            let mut credit_lines: Vec<_> = outcome
                .lines_for(&partner)
                .filter(|l| matches!(l.kind, LineKind::CreditUsed | LineKind::CreditExpired))
                .collect();
            credit_lines.sort_by_key(|l| l.booked_at);
            let mut spent = rust_decimal::Decimal::ZERO;
            for l in &credit_lines {
                spent += l.amount.amount;
                proptest::prop_assert!(spent <= rust_decimal::Decimal::from(500), "{partner} overspent");
            }
            proptest::prop_assert_eq!(spent, rust_decimal::Decimal::from(500));
        }
        for (payment, price) in paid {
            let used = lines(&outcome, &payment, LineKind::CreditUsed);
            if let Some(used) = used.first() {
                let debit = lines(&outcome, &payment, LineKind::Purchase)
                    .first()
                    .map_or(rust_decimal::Decimal::ZERO, |l| -l.amount.amount);
                proptest::prop_assert_eq!(used.amount.amount + debit, price.amount);
                proptest::prop_assert!(lines(&outcome, &payment, LineKind::Discount).is_empty());
            }
        }
    }
}
