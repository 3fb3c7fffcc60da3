# --- list basics
xs = [3, 1, 2]
print(xs, len(xs), xs[0], xs[-1], xs[1:], xs[::-1], [] , [[]], [1, [2, [3]]])
# --- append extend insert
xs = [1]
xs.append(2); xs.extend([3, 4]); xs.insert(0, 0); xs.insert(100, 9); xs.insert(-1, 8)
print(xs)
# --- pop remove
xs = [1, 2, 3, 2]
print(xs.pop(), xs.pop(0), xs)
xs.remove(2)
print(xs)
# --- pop empty
[].pop()
# --- pop out of range
[1].pop(5)
# --- remove missing
[1, 2].remove(3)
# --- index count
xs = ['a', 'b', 'a']
print(xs.index('a'), xs.index('a', 1), xs.count('a'), xs.count('z'))
# --- index missing
[1, 2].index(3)
# --- sort and sorted
xs = [3, 1, 2]
ys = sorted(xs)
xs.sort(reverse=True)
print(xs, ys, sorted('cab'), sorted([2.5, 1, 3]), sorted([], reverse=True))
# --- sort with key stable
people = [('bo', 30), ('al', 25), ('cy', 30), ('di', 25)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: -p[1]))
# --- sort strings by length
words = ['banana', 'kiwi', 'apple', 'fig', 'cherry']
words.sort(key=len)
print(words, sorted(words, key=str.upper if False else len, reverse=True))
# --- sort mixed error
sorted([1, 'a'])
# --- reverse copy clear
xs = [1, 2, 3]
ys = xs.copy()
xs.reverse()
print(xs, ys)
ys.clear()
print(ys)
# --- aliasing
a = [1, 2]
b = a
b.append(3)
c = a[:]
c.append(4)
print(a, b, c, a is b, a is c, a == b)
# --- list concatenation and repetition
print([1] + [2], [0] * 3, [[0] * 2] * 2, 2 * [1, 2])
# --- nested mutation through repetition
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid)
# --- list equality and ordering
print([1, 2] == [1, 2], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9], [] == [])
# --- slicing assignment
xs = [0, 1, 2, 3, 4]
xs[1:3] = ['a', 'b', 'c']
print(xs)
xs[::2] = [9, 9, 9]
print(xs)
xs[:] = []
print(xs)
# --- extended slice assignment error
xs = [1, 2, 3]
xs[::2] = [1]
# --- del statement
xs = [0, 1, 2, 3, 4, 5]
del xs[0]
del xs[-1]
del xs[1:3]
print(xs)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
# --- del missing name
x = 1
del x
print(x)
# --- index error
xs = [1, 2]
print(xs[2])
# --- assignment index error
xs = [1]
xs[3] = 0
# --- list index type error
[1, 2]['a']
# --- in and not in
xs = [1, 2.0, 'a', None]
print(2 in xs, 'a' in xs, None in xs, 3 not in xs, [1] in [[1]])
# --- list of lists
m = [[1, 2], [3, 4]]
print(m[1][0], [row[1] for row in m], [x for row in m for x in row], list(zip(*m)))
# --- list constructor
print(list('abc'), list(range(3)), list((1, 2)), list({'a': 1, 'b': 2}), list(), list({3: 'x'}.values()))
# --- augmented list add in place
a = [1]
b = a
a += [2]
a += (3,)
print(a, b)
# --- list multiplication in place
a = [1, 2]
a *= 2
print(a)
# --- min max with key
words = ['pear', 'fig', 'banana']
print(min(words, key=len), max(words, key=len), max([], default='none'), min([3, 1], default=0))
# --- max empty
max([])
# --- enumerate and zip
for i, (a, b) in enumerate(zip('xy', [1, 2]), start=1):
    print(i, a, b)
# --- zip uneven
print(list(zip([1, 2, 3], 'ab')), list(zip()), list(zip([1], [2], [3])))
# --- reversed
print(list(reversed([1, 2, 3])), ''.join(reversed('abc')), list(reversed(range(3))))
# --- any all
print(any([0, '', None]), any([0, 1]), all([]), all([1, 'a']), all([1, 0]), any(x > 2 for x in [1, 3]))
# --- unpacking
a, b = [1, 2]
(c, d), e = (3, 4), 5
f, *g = [1, 2, 3]
*h, i = 'abc'
j, *k, l = range(5)
print(a, b, c, d, e, f, g, h, i, j, k, l)
# --- unpacking too many
a, b = [1, 2, 3]
# --- unpacking too few
a, b, c = [1, 2]
# --- unpack non iterable
a, b = 5
# --- swap
a, b = 1, 2
a, b = b, a
print(a, b)
# --- list repr with self reference
xs = [1]
xs.append(xs)
print(xs)
# --- starred in list display
a = [1, 2]
print([0, *a, 3], (*a,), [*'ab', *range(2)])
# --- list comprehension over dict items
scores = {'a': 0.5, 'b': 0.25}
print([f'{k}={v:.2f}' for k, v in scores.items()], [k for k, v in scores.items() if v > 0.3])
# --- tuple basics
t = (1, 'a', 2.5)
print(t, t[1], t[-1], t[:2], len(t), (), (1,), tuple([1, 2]), tuple('ab'), t + (3,), t * 2)
# --- tuple methods
t = (1, 2, 1)
print(t.count(1), t.index(2), (1, 2) < (1, 3), (1, 2) == (1, 2.0), hash((1, 2)) == hash((1, 2.0)))
# --- tuple index missing
(1, 2).index(3)
# --- tuple immutability
t = (1, 2)
t[0] = 5
# --- tuple index error
(1, 2)[2]
# --- nested tuple repr
print(((1, 2), (3,)), [(1, 'a')], {(1, 2): 'x'})
# --- list not hashable
{[1]: 2}
# --- range
r = range(2, 10, 3)
print(r, list(r), len(r), r[1], r[-1], 5 in r, 6 in r, range(5), range(0), list(range(5, 0, -2)), range(1, 4)[::2])
# --- range errors
range(1, 2, 0)
# --- range float
range(1.5)
# --- range equality
print(range(0) == range(2, 2), range(3) == range(0, 3, 1), list(range(-3)), range(10)[2:8:2])
# --- list index with bool
xs = ['no', 'yes']
print(xs[True], xs[False])
# --- negative step full
print([1, 2, 3, 4][::-2], [1, 2, 3][-10:10], [1, 2, 3][3:0:-1])
# --- slice step zero
[1, 2][::0]
# --- list methods return none
xs = [2, 1]
print(xs.sort(), xs.append(3), xs)
# --- count via comprehension
votes = ['a', 'b', 'a', 'c', 'a']
print({v: votes.count(v) for v in sorted(set(votes))})
# --- range count and index
r = range(0, 20, 3)
print(r.count(6), r.count(7), r.index(9), r.count(6.0), range(5, 0, -1).index(2))
print(r.index(4))
# --- string format sign and space errors
for spec in [' ', '+', ',', '=5']:
    try:
        format('x', spec)
    except ValueError as e:
        print(e)
