"""Makes the bundled example: loan applications and a model's predictions on them.

Deterministic (seeded) and dependency-free, so that the committed files can be
re-made exactly: python3 make_example.py
"""
import csv
import math
import random

rng = random.Random(20261123)
regions = ["north", "south", "east", "west"]
purposes = ["car", "home", "education", "business", "other"]

applications = []
for i in range(1, 501):
    age = rng.randint(21, 70)
    income = round(rng.lognormvariate(10.6, 0.45), 2)
    amount = round(rng.uniform(1000, 40000), 2)
    term = rng.choice([12, 24, 36, 48, 60])
    credit = rng.randint(300, 850)
    z = -3.0 + 0.000025 * amount - 0.000012 * income - 0.008 * (credit - 600) + 0.01 * term
    default = 1 if rng.random() < 1 / (1 + math.exp(-z)) else 0
    applications.append({
        "application_id": f"A{i:05d}",
        "age": age,
        "sex": rng.choice(["F", "M"]),
        "region": rng.choice(regions),
        "income": income,
        "loan_amount": amount,
        "term_months": term,
        "credit_score": credit,
        "purpose": rng.choice(purposes),
        "defaulted": default,
        "_z": z,
    })

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
