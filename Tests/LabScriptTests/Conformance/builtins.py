# --- print separators and end
print('a', 'b', sep='-')
print('a', 'b', sep='', end='!\n')
print()
print(*[1, 2, 3])
print(*'abc', sep=', ')
print('no newline', end='')
print(' then this')
print(None, sep=None, end=None)
# --- print keyword error
print('x', color='red')
# --- len of everything
print(len([1]), len((1, 2)), len('abc'), len({1: 2}), len({1, 2, 3}), len(range(0, 10, 3)), len(''), len(range(5, 0)))
# --- type and isinstance
print(type(1) == int, type('a') is str, isinstance([], (list, tuple)), isinstance({}, dict), isinstance(None, type(None)), type(type(1)))
print(isinstance(1.5, int), isinstance(True, bool), isinstance(3, (str, float)), type(3).__name__, type([]).__name__)
# --- isinstance bad second argument
isinstance(1, 'int')
# --- list tuple set dict conversions chain
print(list(set([3, 3, 1])), tuple(sorted({'b': 1, 'a': 2})), dict(enumerate('ab')), set('aab') == {'a', 'b'}, list(dict(a=1).items()))
# --- enumerate start and zip strict
print(list(enumerate(['x', 'y'], 10)), list(zip('ab', 'cd', strict=True)))
# --- zip strict error
list(zip([1, 2], [1], strict=True))
# --- iter next
it = iter([10, 20])
print(next(it), next(it), next(it, 'end'))
it2 = iter('ab')
print(list(it2), list(it2))
# --- map filter results are one shot
m = map(abs, [-1, -2])
print(list(m), list(m))
f = filter(None, [0, 3])
print(list(f), list(f))
# --- reversed errors
reversed({1, 2})
# --- sorted with key none and reverse
print(sorted([3, 1, 2], key=None), sorted(['b', 'A', 'c'], key=str.lower if False else None), sorted([[2, 'b'], [1, 'z'], [2, 'a']]))
# --- sorted of dict items by value then key
d = {'x': 2, 'y': 1, 'z': 2, 'w': 3}
print(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])), sorted(d, key=lambda k: d[k]))
# --- min max with multiple args and key
print(max(3, 7, 5), min('b', 'a', 'c'), max([1, 2], [1, 3]), max('apple', 'fig', key=len), min((2, 'a'), (1, 'z')), max([0.5, 1, True]))
# --- min max errors
min(1)
# --- max with default and key on empty
print(max([], key=len, default=None), min((), default=-1))
# --- any all on generators and strings
print(any(c.isdigit() for c in 'ab3'), all(c.isalpha() for c in 'abc'), any([]), all(''), any('0'))
# --- sum with start and floats
print(sum([1, 2], 10), sum([0.1, 0.2, 0.3]), sum([[1], [2]], []), sum(x / 10 for x in range(5)), sum([True, True, False]))
# --- abs round combos
print(abs(-2.5), round(-2.5), round(2.675 * 100) / 100, abs(-0), round(0.1 + 0.2, 10), round(1e16 + 1.0))
# --- divmod and pow forms
print(divmod(17, 5), divmod(-17, 5), pow(2, -2), pow(-2, 3), pow(7, 2, 5), pow(2.5, 2))
# --- chr ord hex
print([ord(c) for c in 'AZaz09'], ''.join(chr(i) for i in range(97, 102)), hex(4096), oct(-8), bin(255))
# --- str repr of builtin values
print(str(range(3)), repr(range(1, 5, 2)), str(None), repr(True), str(-0.0), repr(1e-10), str(12345678901234567890))
# --- int parsing edge cases
print(int('0'), int('-0'), int('+7'), int('  3  '), int('1_0'), int('0b11', 0), int('0o17', 0), int('z', 36), int(' -0x1A ', 16))
# --- int parsing errors
int('1__0')
# --- float parsing edge cases
print(float('  -1.5e3 '), float('.5'), float('5.'), float('Infinity'), float('-nan'), float('1_0.0_1'), float('+2'))
# --- float parsing errors
float('1.2.3')
# --- bool of values and bool arithmetic
print(True + True, True * 3, False - 1, True / 2, -True, bool('False'), bool(0.0), int(True), str(False))
# --- hash equal numbers
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(0.0) == hash(False), hash('a') == hash('a'), hash((1, 'a')) == hash((1.0, 'a')))
# --- callable and type objects
print(callable(len), callable(int), callable(lambda: 0), callable('x'), int('5') + float('0.5'), str(5) * 2, list('ab') * 2)
# --- nested data structure repr
data = [{'a': (1, 2.0, None)}, [True, False], {'x': {'y': ['z', "q'"]}}, (), [()], {1: {2: {3: []}}}]
print(data)
print(repr(data) == str(data), len(str(data)))
# --- numeric tower comparisons in sorting
print(sorted([3, 1.5, True, 0, -2.25, 2]), max(1, 1.0, True), min(0, False, 0.0))
# --- zip strict error third argument
list(zip([1, 2], [1, 2], [1, 2, 3], strict=True))
