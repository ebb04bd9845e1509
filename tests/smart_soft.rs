//! Smart-Soft (Traffic Inspector), clauses SS-1…SS-6 (`../shared/programs/smart-soft.md`):
//! every worked example with its exact figures, one test or more per clause, a status
//! change inside a quarter, a sale at 23:30 Moscow time on a quarter's last day, and a
//! partner dropping from Privileged before the quarter ends.

mod support;

use chrono::Duration;
use commission_rules::{
    EventKind, Instant, LineKind, Month, Outcome, Payer, Payment, PaymentKind, Rate, Requirement,
    SpecialistKind, evaluate, programs,
};
use support::{Book, d, line_from as line, lines_from as lines, msk, rub};

fn run(book: &Book) -> Outcome {
    evaluate(&programs::smart_soft(), &book.ledger()).unwrap()
}

/// A partner with a contract signed on 10 January 2024 (Authorized from then) and a
/// client of its own.
fn reseller(book: &mut Book, partner: &str) {
    book.partner(partner, msk(2024, 1, 9, 10, 0)).push(
        &format!("{partner}-contract"),
        msk(2024, 1, 10, 10, 0),
        EventKind::ContractSigned {
            partner: partner.into(),
        },
    );
    book.cabinet_client(
        &format!("{partner}-client"),
        msk(2024, 1, 11, 10, 0),
        partner,
    );
}

fn licence(product_line: &str) -> PaymentKind {
    PaymentKind::License {
        product_line: product_line.to_owned(),
    }
}

fn renewal() -> PaymentKind {
    PaymentKind::Renewal {
        product_line: "ti".to_owned(),
    }
}

/// A sale the partner reports: the client was charged `charged`, the list price is `list`.
fn sale(
    book: &mut Book,
    id: &str,
    at: Instant,
    partner: &str,
    kind: PaymentKind,
    list: &str,
    charged: &str,
) {
    let mut payment = Payment::by_client(
        commission_rules::ClientId::new(format!("{partner}-client")),
        kind,
        rub(charged),
    );
    payment.paid_by = Payer::Partner(partner.into());
    payment.list_price = Some(rub(list));
    book.push(id, at, EventKind::Payment(payment));
}

fn checkpoint(book: &mut Book, id: &str, at: Instant) {
    book.push(id, at, EventKind::Checkpoint);
}

// SS-1 -----------------------------------------------------------------------------------

#[test]
fn ss_1_a_signed_contract_makes_the_partner_authorized() {
    let mut book = Book::new();
    book.partner("p", msk(2024, 1, 9, 10, 0));
    book.cabinet_client("p-client", msk(2024, 1, 9, 11, 0), "p");
    sale(
        &mut book,
        "before-contract",
        msk(2024, 1, 9, 12, 0),
        "p",
        licence("ti"),
        "1000",
        "1000",
    );
    book.push(
        "contract",
        msk(2024, 1, 10, 10, 0),
        EventKind::ContractSigned {
            partner: "p".into(),
        },
    );
    sale(
        &mut book,
        "after-contract",
        msk(2024, 1, 10, 12, 0),
        "p",
        licence("ti"),
        "1000",
        "1000",
    );
    let outcome = run(&book);
    assert!(lines(&outcome, "before-contract", LineKind::Discount).is_empty());
    let discount = line(&outcome, "after-contract", LineKind::Discount);
    assert_eq!(discount.amount, rub("250"));
    assert_eq!(
        discount.explanation.rate_basis.as_deref(),
        Some("status authorized")
    );
}

/// Worked example 5: a Certified partner with 420,000 RUB of sales in the year is short
/// of the 500,000 minimum by 80,000; with one technical specialist it qualifies for
/// Authorized only. The Privileged requirements the ledger does not record are left to
/// the vendor.
#[test]
fn ss_1_worked_example_qualification_report_short_by_80000() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("certified", msk(2024, 2, 1, 10, 0), "p", "certified")
        .push(
            "engineer",
            msk(2024, 2, 2, 10, 0),
            EventKind::SpecialistCertified {
                partner: "p".into(),
                specialist: SpecialistKind::Technical,
            },
        );
    sale(
        &mut book,
        "ti",
        msk(2024, 3, 1, 10, 0),
        "p",
        licence("ti"),
        "300000",
        "280000",
    );
    sale(
        &mut book,
        "renewal",
        msk(2024, 9, 1, 10, 0),
        "p",
        renewal(),
        "120000",
        "120000",
    );
    sale(
        &mut book,
        "next-year",
        msk(2025, 1, 15, 10, 0),
        "p",
        licence("ting"),
        "50000",
        "50000",
    );
    let outcome = run(&book);
    let report = outcome
        .qualifications
        .iter()
        .find(|r| r.partner.as_str() == "p" && r.year == 2024)
        .unwrap();
    assert!(report.complete);
    assert_eq!(
        report.status_held.as_ref().map(|s| s.as_str()),
        Some("certified")
    );
    assert_eq!(report.sales, rub("420000"));
    assert_eq!(
        (report.technical_specialists, report.sales_specialists),
        (1, 0)
    );
    let min_sales: Vec<_> = report
        .checks
        .iter()
        .filter(|c| matches!(c.requirement, Requirement::MinSales { .. }))
        .map(|c| (c.status.as_str(), c.met, c.short_by))
        .collect();
    assert_eq!(
        min_sales,
        [
            ("certified", Some(false), Some(d("80000"))),
            ("privileged", Some(false), Some(d("580000")))
        ]
    );
    let untracked = report.checks.iter().filter(|c| c.met.is_none()).count();
    assert_eq!(untracked, 2);
    assert_eq!(
        report.qualifies_for.as_ref().map(|s| s.as_str()),
        Some("authorized")
    );
    let this_year = outcome
        .qualifications
        .iter()
        .find(|r| r.year == 2025)
        .unwrap();
    assert!(!this_year.complete);
    assert_eq!(this_year.sales, rub("50000"));
}

// SS-2 -----------------------------------------------------------------------------------

/// Worked example 1: an Authorized partner sells a TI licence listed at 100,000 (the
/// client got it for 90,000): 25,000, on the list price. Its invoice, 75,000, is due the
/// same day.
#[test]
fn ss_2_worked_example_rewards_are_a_share_of_the_list_price() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    sale(
        &mut book,
        "ti",
        msk(2024, 3, 1, 10, 0),
        "p",
        licence("ti"),
        "100000",
        "90000",
    );
    let outcome = run(&book);
    let reward = line(&outcome, "ti", LineKind::Discount);
    assert_eq!(reward.amount, rub("25000"));
    assert_eq!(reward.explanation.base, Some(rub("100000")));
    assert_eq!(reward.rule, "SS-2.ti");
    let invoice = line(&outcome, "ti", LineKind::Invoice);
    assert_eq!(invoice.amount, rub("75000"));
    assert_eq!(invoice.due, Some(msk(2024, 3, 1, 10, 0)));
}

/// Worked example 2: granted Certified on 1 April, a TING sold on 2 April listed at
/// 200,000 earns 40,000; the same sale on 31 March earned 15 %.
#[test]
fn ss_2_worked_example_the_status_at_the_sale_sets_the_rate() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    sale(
        &mut book,
        "march",
        msk(2024, 3, 31, 10, 0),
        "p",
        licence("ting"),
        "200000",
        "200000",
    );
    book.status("certified", msk(2024, 4, 1, 10, 0), "p", "certified");
    sale(
        &mut book,
        "april",
        msk(2024, 4, 2, 10, 0),
        "p",
        licence("ting"),
        "200000",
        "200000",
    );
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "march", LineKind::Discount).amount,
        rub("30000")
    );
    let april = line(&outcome, "april", LineKind::Discount);
    assert_eq!(april.amount, rub("40000"));
    assert_eq!(april.explanation.rate, Some(Rate::whole_percent(20)));
}

/// The table, line by line, for a Privileged partner: TI 35 %, TING 25 %, DEPO TI 25 %,
/// renewals 35 %; a product line the program does not declare is refused, naming it.
#[test]
fn ss_2_the_product_line_table_for_privileged() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("privileged", msk(2024, 2, 1, 10, 0), "p", "privileged");
    let sales = [
        ("ti", licence("ti")),
        ("ting", licence("ting")),
        ("depo", licence("depo-ti")),
        ("renewal", renewal()),
    ];
    for (n, (id, kind)) in sales.into_iter().enumerate() {
        sale(
            &mut book,
            id,
            msk(2024, 3, 1, 10, n as u32),
            "p",
            kind,
            "10000",
            "9000",
        );
    }
    let outcome = run(&book);
    let rewards: Vec<_> = ["ti", "ting", "depo", "renewal"]
        .iter()
        .map(|id| line(&outcome, id, LineKind::Discount).amount)
        .collect();
    assert_eq!(
        rewards,
        [rub("3500"), rub("2500"), rub("2500"), rub("3500")]
    );
    let at = msk(2024, 3, 1, 10, 4);
    sale(
        &mut book,
        "other",
        at,
        "p",
        licence("other"),
        "10000",
        "9000",
    );
    let refused = evaluate(&programs::smart_soft(), &book.ledger()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "event other: product line `other` is not declared in the program's names.product_lines"
    );
}

// SS-3 -----------------------------------------------------------------------------------

fn internal(book: &mut Book, id: &str, at: Instant, seats: u32, list: &str) {
    let kind = EventKind::InternalPurchase {
        partner: "p".into(),
        product_line: "ti".into(),
        seats,
        list_price: rub(list),
    };
    book.push(id, at, kind);
}

/// Worked example 4: a Certified partner buys 60 seats listed at 1,000 each: 50 at 500
/// and 10 at 1,000 = 35,000. Its cap used, 10 more seats are all at full price.
#[test]
fn ss_3_worked_example_internal_seats_split_at_the_cap() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("certified", msk(2024, 2, 1, 10, 0), "p", "certified");
    internal(&mut book, "sixty", msk(2024, 3, 1, 10, 0), 60, "60000");
    internal(&mut book, "ten-more", msk(2024, 4, 1, 10, 0), 10, "10000");
    let outcome = run(&book);
    let discount = line(&outcome, "sixty", LineKind::Discount);
    assert_eq!(discount.amount, rub("25000"));
    assert_eq!(discount.explanation.base, Some(rub("50000")));
    assert_eq!(
        discount.explanation.note.as_deref(),
        Some(
            "50 of 60 seats at 50% (status certified: up to 50 seats, 0 bought before); 10 at full price"
        )
    );
    assert_eq!(
        line(&outcome, "sixty", LineKind::Invoice).amount,
        rub("35000")
    );
    assert!(lines(&outcome, "ten-more", LineKind::Discount).is_empty());
    assert_eq!(
        line(&outcome, "ten-more", LineKind::Invoice).amount,
        rub("10000")
    );
}

// SS-4 -----------------------------------------------------------------------------------

/// Worked example 3: a Privileged partner sells 1,200,000 RUB at retail in Q2 (TI and
/// renewals): 35 % on each sale, plus a 60,000 rebate accrued on 30 June. Invoices are
/// due 30 days after each sale.
#[test]
fn ss_4_worked_example_quarterly_rebate_for_privileged() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("privileged", msk(2024, 2, 1, 10, 0), "p", "privileged");
    sale(
        &mut book,
        "ti",
        msk(2024, 4, 10, 10, 0),
        "p",
        licence("ti"),
        "700000",
        "650000",
    );
    sale(
        &mut book,
        "renewals",
        msk(2024, 6, 10, 10, 0),
        "p",
        renewal(),
        "500000",
        "500000",
    );
    checkpoint(&mut book, "july", msk(2024, 7, 1, 0, 0));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "ti", LineKind::Discount).amount,
        rub("245000")
    );
    assert_eq!(
        line(&outcome, "renewals", LineKind::Discount).amount,
        rub("175000")
    );
    let invoice = line(&outcome, "ti", LineKind::Invoice);
    assert_eq!(
        (invoice.amount, invoice.due),
        (rub("455000"), Some(msk(2024, 5, 10, 10, 0)))
    );
    let rebate = line(&outcome, "renewals", LineKind::Accrual);
    assert_eq!(rebate.rule, "SS-4.rebate");
    assert_eq!(rebate.amount, rub("60000"));
    assert_eq!(rebate.explanation.base, Some(rub("1200000")));
    assert_eq!(rebate.month, Month::new(2024, 6).unwrap());
    assert_eq!(
        rebate.booked_at,
        msk(2024, 7, 1, 0, 0) - Duration::nanoseconds(1)
    );
    let june = outcome
        .statement(&"p".into(), Month::new(2024, 6).unwrap())
        .unwrap();
    assert_eq!(june.closing, rub("60000"));
}

/// The rebate is booked once the ledger reaches the quarter's end; before that it is not.
#[test]
fn ss_4_the_rebate_waits_for_the_quarter_to_end() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("privileged", msk(2024, 2, 1, 10, 0), "p", "privileged");
    sale(
        &mut book,
        "ti",
        msk(2024, 4, 10, 10, 0),
        "p",
        licence("ti"),
        "100000",
        "100000",
    );
    checkpoint(&mut book, "last-minute", msk(2024, 6, 30, 23, 59));
    let outcome = run(&book);
    assert!(outcome.lines.iter().all(|l| l.kind != LineKind::Accrual));
}

/// Certified until 15 May, then Privileged: the May sale before the grant is at 30 %, the
/// one after at 35 %, and the rebate covers the whole quarter's sales.
#[test]
fn ss_4_a_status_change_in_the_middle_of_a_quarter() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("certified", msk(2024, 2, 1, 10, 0), "p", "certified");
    sale(
        &mut book,
        "before",
        msk(2024, 5, 14, 10, 0),
        "p",
        licence("ti"),
        "100000",
        "100000",
    );
    book.status("privileged", msk(2024, 5, 15, 10, 0), "p", "privileged");
    sale(
        &mut book,
        "after",
        msk(2024, 5, 16, 10, 0),
        "p",
        licence("ti"),
        "100000",
        "100000",
    );
    checkpoint(&mut book, "july", msk(2024, 7, 1, 0, 0));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "before", LineKind::Discount).amount,
        rub("30000")
    );
    assert_eq!(
        line(&outcome, "before", LineKind::Invoice).due,
        Some(msk(2024, 5, 14, 10, 0))
    );
    assert_eq!(
        line(&outcome, "after", LineKind::Discount).amount,
        rub("35000")
    );
    assert_eq!(
        line(&outcome, "after", LineKind::Invoice).due,
        Some(msk(2024, 6, 15, 10, 0))
    );
    assert_eq!(
        line(&outcome, "after", LineKind::Accrual).amount,
        rub("10000")
    );
}

/// 23:30 Moscow time on 30 June is in Q2; 00:30 on 1 July (still 30 June in UTC) is Q3.
#[test]
fn ss_4_a_sale_at_2330_moscow_time_on_the_quarters_last_day() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("privileged", msk(2024, 2, 1, 10, 0), "p", "privileged");
    sale(
        &mut book,
        "q2-last",
        msk(2024, 6, 30, 23, 30),
        "p",
        licence("ti"),
        "100000",
        "100000",
    );
    sale(
        &mut book,
        "q3-first",
        msk(2024, 7, 1, 0, 30),
        "p",
        licence("ti"),
        "300000",
        "300000",
    );
    checkpoint(&mut book, "october", msk(2024, 10, 1, 0, 0));
    let outcome = run(&book);
    let q2 = line(&outcome, "q2-last", LineKind::Accrual);
    assert_eq!(
        (q2.amount, q2.month),
        (rub("5000"), Month::new(2024, 6).unwrap())
    );
    let q3 = line(&outcome, "q3-first", LineKind::Accrual);
    assert_eq!(
        (q3.amount, q3.month),
        (rub("15000"), Month::new(2024, 9).unwrap())
    );
}

/// Privileged at the sale but Certified at the quarter's end: no rebate; the advance keys
/// end with the status.
#[test]
fn ss_4_a_partner_dropping_from_privileged_before_quarter_end_gets_no_rebate() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("privileged", msk(2024, 2, 1, 10, 0), "p", "privileged");
    sale(
        &mut book,
        "ti",
        msk(2024, 4, 10, 10, 0),
        "p",
        licence("ti"),
        "1000000",
        "1000000",
    );
    book.status("dropped", msk(2024, 6, 20, 10, 0), "p", "certified");
    checkpoint(&mut book, "july", msk(2024, 7, 1, 0, 0));
    let outcome = run(&book);
    assert_eq!(
        line(&outcome, "ti", LineKind::Discount).amount,
        rub("350000")
    );
    assert!(outcome.lines.iter().all(|l| l.kind != LineKind::Accrual));
    let keys: Vec<_> = outcome
        .entitlements
        .iter()
        .filter(|e| e.perk.as_str() == "advance-license-keys")
        .map(|e| (e.from, e.until))
        .collect();
    assert_eq!(
        keys,
        [(msk(2024, 2, 1, 10, 0), Some(msk(2024, 6, 20, 10, 0)))]
    );
}

#[test]
fn ss_4_spif_awards_are_bonus_lines() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.push(
        "spif",
        msk(2024, 12, 20, 10, 0),
        EventKind::SpifAwarded {
            partner: "p".into(),
            amount: rub("50000"),
        },
    );
    let outcome = run(&book);
    let spif = line(&outcome, "spif", LineKind::Bonus);
    assert_eq!((spif.amount, spif.clause.as_str()), (rub("50000"), "SS-4"));
}

// SS-5 -----------------------------------------------------------------------------------

/// Certified: one NFR licence for a year with modules for 30 days; Privileged: two.
#[test]
fn ss_5_nfr_licences_by_status() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    book.status("certified", msk(2024, 2, 1, 10, 0), "p", "certified")
        .status("privileged", msk(2024, 6, 1, 10, 0), "p", "privileged");
    let outcome = run(&book);
    let nfr: Vec<_> = outcome
        .entitlements
        .iter()
        .filter(|e| e.clause.as_str() == "SS-5")
        .map(|e| (e.source_event.as_str(), e.perk.as_str(), e.until))
        .collect();
    let year = |m| Some(msk(2025, m, 1, 10, 0));
    let days = |m, d| Some(msk(2024, m, d, 10, 0));
    assert_eq!(
        nfr,
        [
            ("certified", "nfr-license", year(2)),
            ("certified", "nfr-modules", days(3, 2)),
            ("privileged", "nfr-license", year(6)),
            ("privileged", "nfr-modules", days(7, 1)),
            ("privileged", "nfr-license", year(6)),
            ("privileged", "nfr-modules", days(7, 1)),
        ]
    );
}

// SS-6 -----------------------------------------------------------------------------------

/// The month's statement is the partner's sales report: each sale's reward and invoice
/// (with its due date) under the month it was made in.
#[test]
fn ss_6_the_monthly_statement_is_the_sales_report() {
    let mut book = Book::new();
    reseller(&mut book, "p");
    sale(
        &mut book,
        "ti",
        msk(2024, 3, 1, 10, 0),
        "p",
        licence("ti"),
        "100000",
        "90000",
    );
    sale(
        &mut book,
        "ting",
        msk(2024, 3, 15, 10, 0),
        "p",
        licence("ting"),
        "40000",
        "40000",
    );
    let outcome = run(&book);
    let march = outcome
        .statement(&"p".into(), Month::new(2024, 3).unwrap())
        .unwrap();
    let report: Vec<_> = march
        .memo
        .iter()
        .map(|l| (l.source_event.as_str(), l.kind, l.amount))
        .collect();
    assert_eq!(
        report,
        [
            ("ti", LineKind::Discount, rub("25000")),
            ("ti", LineKind::Invoice, rub("75000")),
            ("ting", LineKind::Discount, rub("6000")),
            ("ting", LineKind::Invoice, rub("34000")),
        ]
    );
    assert_eq!(march.closing, rub("0"));
}
