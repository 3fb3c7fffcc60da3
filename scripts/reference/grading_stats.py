#!/usr/bin/env python3
"""Reference item and test statistics for `labrun grade`, computed outside labrun.

Simulates a class with a seeded item-response model, writes its answers as the CSV that
`labrun grade` reads, scores it under two scoring schemes and computes every statistic with
Python's standard library (`statistics.correlation`, `pvariance`, `stdev`, `median`,
`covariance`), so that the Swift code is checked against formulas it does not share.

Run once; the outputs are committed and the Swift tests read them:

    python3 scripts/reference/grading_stats.py Tests/Fixtures/grading

writes `simulated-class.csv` and `simulated-class-reference.json`. Standard library only.
"""
import json
import math
import random
import statistics
import sys
from pathlib import Path

SEED = 20261208
STUDENTS = 240

# The quiz: option letters, key, whether several answers may be chosen, item parameters of the
# response model (discrimination a, difficulty b, guessing c) and the weight used by the
# weighted partial-credit scheme. Q6 has a distractor that attracts strong students (E) and Q9
# a distractor that attracts weak ones more than usual; Q12 is almost unanswerable.
QUESTIONS = [
    # id,    options,   key,          multiple, a,   b,    c,    weight
    ("Q1", "ABCD", "B", False, 1.2, -1.5, 0.20, 1),
    ("Q2", "ABCD", "A", False, 1.0, -0.5, 0.20, 1),
    ("Q3", "ABCDE", "D", False, 1.8, 0.0, 0.15, 2),
    ("Q4", "ABCDE", "AC", True, 1.4, 0.2, 0.0, 2),
    ("Q5", "ABCD", "C", False, 0.6, 0.4, 0.25, 1),
    ("Q6", "ABCDE", "B", False, 1.1, 0.8, 0.10, 1),
    ("Q7", "ABC", "A", False, 2.2, -0.3, 0.25, 1),
    ("Q8", "ABCDEF", "BDF", True, 1.0, 0.5, 0.0, 3),
    ("Q9", "ABCD", "D", False, 0.9, 1.2, 0.20, 1),
    ("Q10", "ABCD", "A", False, 1.5, -1.0, 0.20, 1),
    ("Q11", "ABCDE", "BE", True, 1.3, -0.2, 0.0, 1),
    ("Q12", "ABCD", "C", False, 0.4, 2.5, 0.05, 1),
]
BLANK_SHARE = 0.04


def logistic(x):
    return 1.0 / (1.0 + math.exp(-x))


def simulate(rng):
    """One row per student: (id, {question: sorted letters})."""
    rows = []
    for number in range(1, STUDENTS + 1):
        theta = rng.gauss(0.0, 1.0)
        answers = {}
        for qid, options, key, multiple, a, b, c, _ in QUESTIONS:
            if rng.random() < BLANK_SHARE:
                answers[qid] = ""
                continue
            p = c + (1 - c) * logistic(a * (theta - b))
            if multiple:
                chosen = [o for o in options if (o in key and rng.random() < p)
                          or (o not in key and rng.random() < 0.5 * (1 - p))]
            elif rng.random() < p:
                chosen = [key]
            else:
                distractors = [o for o in options if o not in key]
                # Wrong answers are not uniform: a distractor's pull depends on ability.
                weights = []
                for o in distractors:
                    if qid == "Q6" and o == "E":
                        weights.append(math.exp(1.5 * theta))
                    elif qid == "Q9" and o == "A":
                        weights.append(math.exp(-1.0 * theta))
                    else:
                        weights.append(1.0)
                chosen = [rng.choices(distractors, weights=weights)[0]]
            answers[qid] = "".join(sorted(chosen))
        rows.append((f"student-{number:03d}", answers))
    return rows


def score(rows, scheme):
    """Points per student per question (question order) under `scheme`."""
    matrix = []
    for _, answers in rows:
        points = []
        for qid, _options, key, multiple, *_rest, weight in QUESTIONS:
            chosen = set(answers[qid])
            correct = set(key)
            w = weight if scheme == "weighted-partial" else 1
            if scheme == "weighted-partial" and multiple:
                right = len(chosen & correct)
                wrong = len(chosen - correct)
                credit = max(0.0, (right - wrong) / len(correct))
            else:
                credit = 1.0 if chosen == correct else 0.0
            points.append(credit * w)
        matrix.append(points)
    return matrix


def maybe(function, *columns):
    """A statistic that is undefined (None) when a column has no spread."""
    if any(len(set(column)) < 2 for column in columns):
        return None
    return function(*columns)


def efficiency(item, rest):
    best = statistics.covariance(sorted(item), sorted(rest))
    if best <= 0:
        return None
    return statistics.covariance(item, rest) / best


def analyse(rows, scheme):
    matrix = score(rows, scheme)
    n = len(matrix)
    k = len(QUESTIONS)
    totals = []
    for points in matrix:
        total = 0.0
        for value in points:
            total += value
        totals.append(total)
    maximum = float(sum(q[-1] if scheme == "weighted-partial" else 1 for q in QUESTIONS))
    variance = statistics.pvariance(totals)
    if scheme == "dichotomous":
        # KR-20 written the textbook way: proportions right, p·q.
        pq = 0.0
        for j in range(k):
            p = sum(matrix[i][j] for i in range(n)) / n
            pq += p * (1 - p)
        reliability = k / (k - 1) * (1 - pq / variance)
        method = "KR-20"
    else:
        item_variances = sum(statistics.pvariance([matrix[i][j] for i in range(n)]) for j in range(k))
        reliability = k / (k - 1) * (1 - item_variances / variance)
        method = "alpha"
    sd = statistics.stdev(totals)
    histogram = [0] * 10
    for total in totals:
        histogram[min(9, int(math.floor(total / maximum * 10 + 1e-9)))] += 1

    # 27% groups: rank by total (high first), ties by student id.
    order = sorted(range(n), key=lambda i: (-totals[i], rows[i][0]))
    size = max(1, round(0.27 * n))
    top, bottom = set(order[:size]), set(order[-size:])

    items = []
    for j, (qid, options, key, *_rest) in enumerate(QUESTIONS):
        item = [matrix[i][j] for i in range(n)]
        rest = [totals[i] - item[i] for i in range(n)]
        weight = (QUESTIONS[j][-1] if scheme == "weighted-partial" else 1)
        exact = [set(rows[i][1][qid]) == set(key) for i in range(n)]
        option_rows = []
        for letter in options:
            chose = [1.0 if letter in rows[i][1][qid] else 0.0 for i in range(n)]
            option_rows.append({
                "letter": letter,
                "key": letter in key,
                "chosen": int(sum(chose)),
                "pointBiserial": maybe(statistics.correlation, chose, rest),
            })
        items.append({
            "question": qid,
            "facility": statistics.fmean(v / weight for v in item),
            "shareCorrect": sum(exact) / n,
            "blank": sum(1 for i in range(n) if rows[i][1][qid] == ""),
            "discrimination": (sum(exact[i] for i in top) - sum(exact[i] for i in bottom)) / size,
            "itemRestCorrelation": maybe(statistics.correlation, item, rest),
            "discriminativeEfficiency": maybe(efficiency, item, rest),
            "options": option_rows,
        })
    return {
        "scheme": scheme,
        "students": n,
        "maximumPoints": maximum,
        "mean": statistics.fmean(totals),
        "standardDeviation": sd,
        "median": statistics.median(totals),
        "histogram": histogram,
        "reliabilityMethod": method,
        "reliability": reliability,
        "standardErrorOfMeasurement": sd * math.sqrt(1 - reliability),
        "items": items,
    }


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/grading")
    folder.mkdir(parents=True, exist_ok=True)
    rows = simulate(random.Random(SEED))
    lines = ["student," + ",".join(q[0] for q in QUESTIONS)]
    for student, answers in rows:
        lines.append(student + "," + ",".join(answers[q[0]] for q in QUESTIONS))
    (folder / "simulated-class.csv").write_text("\n".join(lines) + "\n")
    reference = {
        "generatedBy": "scripts/reference/grading_stats.py (Python %s, standard library)" % sys.version.split()[0],
        "seed": SEED,
        "quiz": [{"id": q[0], "options": list(q[1]), "key": list(q[2]), "multiple": q[3], "weight": q[7]}
                 for q in QUESTIONS],
        "schemes": [analyse(rows, "dichotomous"), analyse(rows, "weighted-partial")],
    }
    (folder / "simulated-class-reference.json").write_text(json.dumps(reference, indent=1) + "\n")


if __name__ == "__main__":
    main()
