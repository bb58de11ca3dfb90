from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    code: str
    label: str
    cents_per_seat: int
    max_seats: int


PLANS: dict[str, Plan] = {
    p.code: p
    for p in (
        Plan("starter", "Starter", 900, 5),
        Plan("team", "Team", 2900, 50),
        Plan("business", "Business", 9900, 500),
    )
}


def lookup(code: str) -> Plan | None:
    return PLANS.get(code)


def price_for(plan: Plan, seats: int) -> int:
    return plan.cents_per_seat * seats
