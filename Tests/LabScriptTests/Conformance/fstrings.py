# --- fstring basics
name = 'Ann'
n = 3
print(f'Hello {name}', f'{n + 1}', f"{name!r}", f'{{braces}}', F'upper prefix {n}')
# --- fstring specs
x = 3.14159
print(f'{x:.3f}|{x:10.2f}|{x:<8.1f}|{x:^9.2f}|{x:+.1e}|{x:%}|{x:.0%}')
# --- fstring ints
v = 1234567
print(f'{v:,}|{v:_}|{v:>12,}|{v:x}|{v:#o}|{v:012d}|{42:b}')
# --- fstring nested spec
w, p = 10, 3
print(f'[{x:{w}.{p}f}]', f'[{name:>{w}}]', f'[{name:*^{w}}]')
# --- fstring expressions
items = ['a', 'b']
d = {'k': 'v'}
print(f'{len(items)} items: {", ".join(items)}', f"{d['k']}", f'{items[-1].upper()}', f'{1 if n > 2 else 0}')
# --- fstring self documenting
value = 42
print(f'{value=}', f'{value = }', f'{value=:.1f}', f'{name=!s}')
# --- fstring with repr and str conversions
s = 'it\'s'
print(f'{s!r}', f'{s!s}', f'{[s]}', f'{s!a}')
# --- fstring multiline triple
a = 1
print(f"""a is {a}
b is {a + 1}""")
# --- fstring none and bool
print(f'{None} {True} {False:d} {None!r}', f'{True:>6}')
# --- fstring with dict and list reprs
scores = {'m': 0.5}
print(f'{scores}', f'{[0.1, 0.2]}', f'{(1,)}')
# --- fstring percent lab style
acc = 0.87654
print(f'accuracy: {acc:.1%}', f'{acc:.2%}', f'{acc * 100:.1f}%')
# --- fstring alignment table
rows = [('doctor', 0.123456), ('nurse', 0.98)]
for word, score in rows:
    print(f'{word:<10}{score:>8.3f}')
# --- fstring format error
print(f'{"abc":d}')
# --- fstring concatenated with literals
x = 5
print('value: ' f'{x}' ' units', f'{x}' f'{x}')
# --- fstring with method call and format
price = 1234.5
print(f'{price:,.2f}', f'${price:>10,.2f}', f'{-price:,.0f}')
# --- fstring width from expression
print(f"{'ab':>{2 + 3}}|")
# --- raw fstring
print(rf'\d{n}', fr'\t{n}')
# --- fstring g and e formats
print(f'{0.000012345:g} {123456789:g} {1e-7:.2e} {12.0:g} {0.1:.3g}')
# --- fstring zero padding negative
print(f'{-5:04d} {-5.5:07.2f} {5:+04d}')
# --- fstring with escaped quotes outside expressions
q = 'x'
print(f"say \"{q}\"", f'it\'s {q}')
