"""Makes the bundled example: loan applications, a model's predictions on them, and recent
applications for the drift gate.

Deterministic (seeded) and dependency-free, so that the committed files can be
re-made exactly: python3 make_example.py
"""
import csv
import math
import random

rng = random.Random(20261123)
regions = ["north", "south", "east", "west"]
purposes = ["car", "home", "education", "business", "other"]

def application(rng, i, income_scale=1.0, region_weights=None):
    """Application number i, drawn with rng; incomes scaled and regions weighted for drift."""
    age = rng.randint(21, 70)
    income = round(income_scale * rng.lognormvariate(10.6, 0.45), 2)
    amount = round(rng.uniform(1000, 40000), 2)
    term = rng.choice([12, 24, 36, 48, 60])
    credit = rng.randint(300, 850)
    z = -3.0 + 0.000025 * amount - 0.000012 * income - 0.008 * (credit - 600) + 0.01 * term
    default = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
    return {
        "application_id": f"A{i:05d}",
        "age": age,
        "sex": rng.choice(["F", "M"]),
        "region": rng.choices(regions, weights=region_weights)[0] if region_weights else rng.choice(regions),
        "income": income,
        "loan_amount": amount,
        "term_months": term,
        "credit_score": credit,
        "purpose": rng.choice(purposes),
        "defaulted": default,
        "_z": z,
    }


applications = [application(rng, i) for i in range(1, 501)]

with open("loans.csv", "w", newline="") as f:
    fields = [k for k in applications[0] if not k.startswith("_")]
    writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(applications)

with open("predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["application_id", "label", "score", "prediction", "sex", "region"])
    for a in applications:
        score = 1 / (1 + math.exp(-(a["_z"] + rng.gauss(0, 0.6))))
        writer.writerow([a["application_id"], a["defaulted"], f"{score:.6f}", int(score >= 0.5), a["sex"], a["region"]])

# The champion: the model in production now, scored on the same applications. A second,
# independent RNG, so that the files above stay as they were.
champion_rng = random.Random(7)
with open("champion_predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["application_id", "label", "score", "prediction"])
    for a in applications:
        score = 1 / (1 + math.exp(-(a["_z"] + champion_rng.gauss(0, 0.7))))
        writer.writerow([a["application_id"], a["defaulted"], f"{score:.6f}", int(score >= 0.5)])

# Recent applications, for the drift gate: the same columns, drawn the same way, except
# that incomes are about 10% higher and the regions' shares have moved a little. A third,
# independent RNG, so that the files above stay as they were. On 500 rows a test also
# flags a chance difference now and then; with this seed only income and region drift
# (2 of 8 columns compared, below the gate's drift share of 0.5).
recent_rng = random.Random(20270216)
recent = [
    application(recent_rng, i, income_scale=1.10, region_weights=[0.22, 0.30, 0.26, 0.22])  # was a quarter each
    for i in range(501, 1001)
]
with open("recent_applications.csv", "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(recent)
