# --- list comprehension basics
print([x for x in range(5)], [x * 2 for x in [1, 2] if x > 1], [c.upper() for c in 'ab'], [])
# --- nested comprehension
print([(i, j) for i in range(3) for j in range(i)], [[j for j in range(i)] for i in range(3)])
# --- comprehension with multiple conditions
print([x for x in range(20) if x % 2 if x % 3 == 0])
# --- comprehension scope does not leak
x = 'outer'
ys = [x for x in range(3)]
print(x, ys)
# --- comprehension sees enclosing locals
def f(n):
    return [i * n for i in range(3)]
print(f(10))
# --- dict comprehension from zip
keys = ['a', 'b']
vals = [1, 2]
print({k: v for k, v in zip(keys, vals)}, {v: k for k, v in {'x': 1, 'y': 2}.items()})
# --- set comprehension
print({len(w) for w in ['a', 'bb', 'cc', 'ddd']}, {x // 2 for x in range(8)})
# --- comprehension over dict of results
results = {'model_a': {'acc': 0.91, 'f1': 0.8}, 'model_b': {'acc': 0.85, 'f1': 0.88}}
print([name for name, r in results.items() if r['f1'] > 0.85])
print({name: round(r['acc'] - r['f1'], 3) for name, r in results.items()})
print(sorted(results, key=lambda n: results[n]['acc'], reverse=True))
# --- comprehension with function call and closures
def scale(xs, factor):
    return [x * factor for x in xs if x]
print(scale([0, 1, 2], 1.5))
# --- comprehension with tuple unpacking
pairs = [('a', 1), ('b', 2)]
print([f'{k}{v}' for k, v in pairs], [v for _, v in pairs])
# --- nested comprehension flatten
matrix = [[1, 2, 3], [4, 5, 6]]
print([x for row in matrix for x in row if x % 2], [[row[i] for row in matrix] for i in range(3)])
# --- comprehension over string and enumerate
print([(i, c) for i, c in enumerate('hey') if c != 'e'])
# --- generator expressions in builtins
print(any(x > 3 for x in [1, 5]), all(x > 0 for x in []), sorted(x % 3 for x in range(6)), tuple(x for x in 'ab'), set(x for x in [1, 1]))
# --- comprehension error location
[1 / x for x in [1, 0]]
# --- comprehension name error inside
[undefined_thing for x in range(2)]
# --- lambda inside comprehension
fs = [lambda: x for x in range(3)]
print([f() for f in fs])
# --- comprehension referencing class of outer variable updated later
base = 10
gen = [base + i for i in range(2)]
base = 100
print(gen)
# --- dict comprehension duplicate keys
print({x % 2: x for x in range(5)})
# --- conditional expression in comprehension
print(['even' if x % 2 == 0 else 'odd' for x in range(4)])
# --- comprehension over range with step
print([x for x in range(10, 0, -3)], [x ** 2 for x in range(-2, 3)])
# --- word counts by comprehension
text = 'a b a c b a'
words = text.split()
print({w: words.count(w) for w in words})
