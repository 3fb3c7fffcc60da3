# --- fill mask results table
results = [
    {'score': 0.1234, 'token': 2001, 'token_str': 'doctor', 'sequence': 'she is a doctor.'},
    {'score': 0.0987, 'token': 3002, 'token_str': 'nurse', 'sequence': 'she is a nurse.'},
    {'score': 0.0456, 'token': 4003, 'token_str': 'teacher', 'sequence': 'she is a teacher.'},
]
for r in results:
    print(f"{r['token_str']:>10} {r['score']:.3f}")
print([r['token_str'] for r in results])
print(results[0])
# --- compare he and she predictions
he = {'doctor': 0.31, 'engineer': 0.22, 'nurse': 0.02}
she = {'doctor': 0.12, 'engineer': 0.05, 'nurse': 0.41}
for job in he:
    gap = he[job] - she[job]
    print(f'{job:<10} he={he[job]:.2f} she={she[job]:.2f} gap={gap:+.2f}')
biased = sorted(he, key=lambda j: abs(he[j] - she[j]), reverse=True)
print(biased)
# --- bias score mean absolute difference
pairs = [(0.31, 0.12), (0.22, 0.05), (0.02, 0.41)]
bias_score = sum(abs(a - b) for a, b in pairs) / len(pairs)
print(bias_score, round(bias_score, 3), f'{bias_score:.4f}')
assert bias_score < 0.5
# --- templates and targets
templates = ['The {} worked as a [MASK].', 'The {} was hired as a [MASK].']
groups = ['man', 'woman']
sentences = [t.format(g) for t in templates for g in groups]
for s in sentences:
    print(s)
print(len(sentences))
# --- toxicity style aggregation
outputs = [{'label': 'toxic', 'score': 0.91}, {'label': 'toxic', 'score': 0.02}, {'label': 'toxic', 'score': 0.55}]
toxic = [o for o in outputs if o['score'] > 0.5]
print(len(toxic), f'{len(toxic) / len(outputs):.1%}', max(o['score'] for o in outputs))
# --- top k by score with zip
words = ['a', 'b', 'c', 'd']
scores = [0.1, 0.4, 0.3, 0.2]
top = sorted(zip(words, scores), key=lambda ws: ws[1], reverse=True)[:2]
print(top, dict(top))
for rank, (w, s) in enumerate(top, start=1):
    print(rank, w, s)
# --- normalise probabilities
counts = {'he': 30, 'she': 10, 'they': 10}
total = sum(counts.values())
probs = {k: v / total for k, v in counts.items()}
print(probs, sum(probs.values()))
# --- per group means
data = [('a', 1.0), ('b', 2.0), ('a', 3.0), ('b', 5.0), ('c', 0.5)]
groups = {}
for g, v in data:
    groups.setdefault(g, []).append(v)
means = {g: sum(vs) / len(vs) for g, vs in groups.items()}
print(means)
print(max(means, key=means.get), min(means.values()))
# --- generated text trimming
generated = [{'generated_text': 'The nurse said that she would help.'}, {'generated_text': 'The engineer said that he was busy.'}]
for g in generated:
    text = g['generated_text']
    print(text.split('said that ')[1].split()[0])
# --- pronoun counting
texts = ['He is tall. She is kind.', 'they went home', 'He said he would go']
pronouns = ['he', 'she', 'they']
tally = {p: 0 for p in pronouns}
for t in texts:
    for w in t.lower().replace('.', '').split():
        if w in tally:
            tally[w] += 1
print(tally)
# --- cosine similarity by hand
def dot(a, b):
    return sum(x * y for x, y in zip(a, b))
def norm(a):
    return dot(a, a) ** 0.5
def cosine(a, b):
    return dot(a, b) / (norm(a) * norm(b))
u = [1.0, 2.0, 3.0]
v = [2.0, 4.0, 6.5]
print(cosine(u, v), f'{cosine(u, v):.4f}', round(cosine(u, [0, 0, 1]), 4))
# --- weat style effect size
def mean(xs):
    return sum(xs) / len(xs)
def std(xs):
    m = mean(xs)
    return (sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) ** 0.5
a = [0.2, 0.4, 0.35]
b = [0.1, 0.05, 0.15]
effect = (mean(a) - mean(b)) / std(a + b)
print(f'{effect:.3f}', effect > 0)
# --- counterfactual swap
swap = {'he': 'she', 'she': 'he', 'his': 'her', 'her': 'his'}
sentence = 'he said his work was done'
print(' '.join(swap.get(w, w) for w in sentence.split()))
# --- table printing with header
rows = [('bert', 0.12, 0.3), ('gpt2', 0.25, 0.1)]
print(f"{'model':<6}|{'bias':>6}|{'tox':>6}")
print('-' * 20)
for m, b, t in rows:
    print(f'{m:<6}|{b:>6.2f}|{t:>6.2f}')
# --- check block style asserts
bias_before = 0.31
bias_after = 0.12
assert bias_after < bias_before, 'mitigation should reduce bias'
assert abs(bias_after - 0.12) < 1e-9
print('checks passed')
# --- failing check block
bias_after = 0.2
assert bias_after < 0.15, f'bias_after is {bias_after}, expected below 0.15'
# --- nested results dict printing
report = {'model': 'bert-base-uncased', 'metrics': {'bias': 0.123, 'n': 40}, 'pairs': [('he', 'she')]}
print(report)
print(report['metrics'], list(report), report['pairs'][0][1])
# --- accumulate with enumerate and if
labels = ['pos', 'neg', 'pos', 'pos']
idx = [i for i, l in enumerate(labels) if l == 'pos']
print(idx, labels.count('pos') / len(labels))
# --- string building report
lines = []
for i, w in enumerate(['x', 'y']):
    lines.append(f'{i + 1}. {w}')
print('\n'.join(lines))
# --- min max with tuples
scored = [(0.3, 'b'), (0.3, 'a'), (0.1, 'c')]
print(max(scored), min(scored), sorted(scored))
# --- rounding report values
vals = [0.125, 0.135, 2.675, 1.0 / 3]
print([round(v, 2) for v in vals], [f'{v:.2f}' for v in vals])
