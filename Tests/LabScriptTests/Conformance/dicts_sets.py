# --- dict basics
d = {'b': 1, 'a': 2}
d['c'] = 3
d['b'] = 10
print(d, len(d), d['a'], 'a' in d, 'z' in d, list(d), {})
# --- dict missing key
d = {'a': 1}
print(d['b'])
# --- dict int key error
{1: 2}[3]
# --- dict get setdefault pop
d = {'a': 1}
print(d.get('a'), d.get('z'), d.get('z', 0), d.setdefault('b', []), d.setdefault('a', 5), d)
print(d.pop('a'), d.pop('zz', 'dflt'), d)
# --- dict pop missing
{}.pop('x')
# --- dict views
d = {'x': 1, 'y': 2}
print(d.keys(), d.values(), d.items(), list(d.items()), len(d.keys()), 'x' in d.keys(), 1 in d.values())
# --- dict update and merge
d = {'a': 1}
d.update({'b': 2}, c=3)
d.update([('d', 4)])
print(d, d | {'a': 0}, {**d, 'e': 5})
d |= {'z': 26}
print(d)
# --- dict constructor
print(dict(a=1, b=2), dict([('x', 1), ('y', 2)]), dict({'k': 'v'}), dict(zip('ab', [1, 2])), dict())
# --- dict constructor bad element
dict([('a', 1, 2)])
# --- dict iteration order after deletion
d = {'a': 1, 'b': 2, 'c': 3}
del d['b']
d['b'] = 4
d['a'] = 0
print(d, list(d.keys()))
# --- mixed numeric keys
d = {1: 'int'}
d[1.0] = 'float'
d[True] = 'bool'
print(d, {0: 'a', False: 'b'}, d[1.0])
# --- tuple keys
d = {(1, 2): 'a', ('x',): 'b'}
print(d[(1, 2)], d[('x',)], (1, 2) in d)
# --- unhashable key
d = {}
d[[1]] = 2
# --- dict copy popitem clear
d = {'a': 1, 'b': 2}
e = d.copy()
print(d.popitem(), d, e)
e.clear()
print(e)
# --- popitem empty
{}.popitem()
# --- dict equality
print({'a': 1, 'b': 2} == {'b': 2, 'a': 1}, {'a': 1} == {'a': 1.0}, {'a': [1]} != {'a': [2]})
# --- nested dict repr
data = {'name': 'x', 'scores': [0.5, 0.25], 'meta': {'ok': True, 'n': None}}
print(data)
print(data['meta']['ok'], data['scores'][-1])
# --- dict comprehension
print({x: x * x for x in range(4)}, {k: v for k, v in [('a', 1), ('b', 2)] if v > 1}, {c: i for i, c in enumerate('aba')})
# --- counting with get
counts = {}
for w in 'the cat the dog the end'.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
# --- dict changed size during iteration
d = {'a': 1}
for k in d:
    d['b'] = 2
# --- dict of lists grouping
groups = {}
for name, g in [('al', 'x'), ('bo', 'y'), ('cy', 'x')]:
    groups.setdefault(g, []).append(name)
print(groups)
# --- sets of ints ordering
print({3, 1, 2}, {10, 5, 1}, set([5, 3, 5, 1]), {100, 8, 16, 0}, {-1, -2, 3}, {33, 1, 17})
# --- set ordering after growth
s = set()
for i in [40, 3, 99, 7, 12, 64, 5, 31, 8]:
    s.add(i)
print(s, len(s))
# --- set of floats and bools
print({1.5, 0.5, 2.0}, {True, 0, 2}, {0.1, 0.2})
# --- set operations
a = {1, 2, 3}
b = {2, 3, 4}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {2} < a, a >= {1}, a.isdisjoint({9}))
# --- set methods
s = {1, 2}
s.add(3); s.discard(10); s.remove(1); s.update([4, 5], {6})
print(s, s.union({0}), s.intersection([2, 3, 9]), s.difference({2}), s.symmetric_difference({2, 7}), s.issubset(range(10)), s.issuperset([2]))
# --- set remove missing
{1}.remove(2)
# --- set pop and clear
s = {5, 6}
print(s.pop(), s)
s.clear()
print(s, len(s), set(), {1} == {1.0}, set() == set())
# --- set pop empty
set().pop()
# --- set comprehension and dedup
print({x % 3 for x in range(10)}, sorted({w.lower() for w in ['A', 'a', 'B']}), len(set('mississippi')))
# --- set of tuples
print({(1, 2), (1, 2), (0, 1)} == {(0, 1), (1, 2)}, len({(1, 2), (2, 1)}))
# --- set unhashable element
{[1, 2]}
# --- in set
s = {1, 2, 3}
print(2 in s, 2.0 in s, 'a' in s, 5 not in s)
# --- set from range and deletions
s = set(range(20))
for i in range(0, 20, 3):
    s.discard(i)
print(s)
s.add(3)
print(s)
# --- sorted set of strings
print(sorted({'pear', 'apple', 'fig'}), sorted(set('hello')))
# --- dict keys sorted output
d = {'b': 2, 'a': 1, 'c': 3}
for k in sorted(d):
    print(k, d[k])
# --- dict values sum
d = {'x': 0.1, 'y': 0.2, 'z': 0.3}
print(sum(d.values()), max(d, key=d.get), min(d.values()), round(sum(d.values()), 2))
# --- dict in checks keys only
d = {'a': 1}
print(1 in d, 'a' in d, ('a', 1) in d.items())
# --- len of dict set views
d = {'a': 1, 'b': 2}
print(len(d), len(d.items()), len(set()), len({1, 1, 1}))
# --- dict with None and bool values
print({'ok': True, 'missing': None, 'n': 0})
