# --- if elif else
for x in [-1, 0, 1, 5]:
    if x < 0:
        print('neg')
    elif x == 0:
        print('zero')
    elif x < 3:
        print('small')
    else:
        print('big')
# --- while with break continue else
i = 0
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print(i)
else:
    print('no break')
print('done', i)
# --- while else runs
n = 3
while n > 0:
    n -= 1
else:
    print('else ran', n)
# --- for else
for x in [1, 2, 3]:
    if x == 5:
        break
else:
    print('not found')
for x in [1, 5, 3]:
    if x == 5:
        print('found')
        break
else:
    print('not found')
# --- nested loops with break
for i in range(3):
    for j in range(3):
        if j == 2:
            break
        print(i, j)
# --- truthiness in conditions
for v in [0, 1, '', 'a', [], [0], None, {}, 0.0, -1]:
    print(repr(v), 'true' if v else 'false')
# --- and or return values
print(0 or 'x', 1 and 'y', '' or [] or 'last', None and 1, 1 or 1/0, 0 and 1/0, [] or {})
# --- not precedence
print(not 1 == 2, not (1 and 0), (not 1) == 0)
# --- conditional expression
x = 5
print('big' if x > 3 else 'small', 'a' if 0 else 'b' if 1 else 'c')
# --- semicolons and one line blocks
a = 1; b = 2; print(a + b)
if a: print('one line if')
for i in range(2): print('loop', i)
# --- pass statement
def nothing():
    pass
for i in range(2):
    pass
print(nothing())
# --- implicit line joining
total = (1 +
         2 +
         3)
items = [
    'a',
    'b',  # trailing comma and comment
]
print(total, items, {
    'k': 1,
})
# --- backslash continuation
x = 1 + \
    2
print(x)
# --- comments everywhere
# a comment
x = 1  # trailing
    # indented comment line
print(x)  # done
# --- tabs for indentation
if True:
	print('tab indented')
	if True:
		print('two tabs')
# --- is and is not
a = [1]
b = a
print(a is b, a is not b, None is None, [1] is [1], 1 is not None)
# --- augmented assignment on subscripts
d = {'a': 1}
d['a'] += 10
xs = [1, 2]
xs[0] *= 5
xs[-1] -= 1
print(d, xs)
# --- chained assignment
a = b = c = []
a.append(1)
print(a, b, c)
x = y = 5
x += 1
print(x, y)
# --- annotated assignment
count: int = 3
name: str = 'x'
print(count, name)
# --- walrus unsupported in labscript is fine in python but we avoid it
print('skip')
# --- while with complex condition
a, b = 0, 1
fib = []
while len(fib) < 10 and b < 100:
    fib.append(b)
    a, b = b, a + b
print(fib)
# --- loop variable after loop
for i in range(3):
    pass
print(i)
# --- loop over tuple unpacking pairs
pairs = [(1, 'one'), (2, 'two')]
for n, word in pairs:
    print(f'{n}: {word}')
# --- modify list while iterating append
xs = [1, 2, 3]
for x in xs:
    if x < 3:
        xs.append(x + 10)
print(xs)
# --- break out of while true
n = 0
while True:
    n += 1
    if n >= 5:
        break
print(n)
# --- nested if in loop with continue
out = []
for w in ['a', 'bb', 'ccc', 'dd']:
    if len(w) == 1:
        continue
    elif len(w) == 3:
        out.append(w.upper())
    else:
        out.append(w)
print(out)
# --- deep nesting
x = 0
for a in range(2):
    for b in range(2):
        for c in range(2):
            if a:
                if b:
                    if c:
                        x += 100
                    else:
                        x += 10
            else:
                x += 1
print(x)
