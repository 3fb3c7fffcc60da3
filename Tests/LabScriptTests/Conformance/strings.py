# --- repr quotes
print(repr('abc'), repr("it's"), repr('say "hi"'), repr('both \' and "'), repr(''))
# --- repr escapes
print(repr('a\nb\tc\\d'), repr('\x00\x1f\x7f'), repr('\r'), repr('é ü ñ'), repr('\u200b'), repr('😀'))
# --- string literal forms
print('single', "double", '''triple
lines''', """also
triple""", r'raw\n', 'a' 'b' "c")
# --- escapes in literals
print('tab\there', 'nl\\n', '\x41\u0042\U00000043', '\101', 'quote\'s', "dq\"s")
# --- line continuation in string
s = 'abc\
def'
print(s)
# --- concatenation and repetition
print('ab' + 'cd', 'ab' * 3, 3 * 'x', 'a' * 0, 'a' * -1)
# --- indexing
s = 'hello'
print(s[0], s[-1], s[1:3], s[:2], s[3:], s[::2], s[::-1], s[-3:-1], s[10:], s[1:100])
# --- index out of range
'abc'[5]
# --- slicing steps
s = 'abcdefghij'
print(s[1:8:2], s[8:1:-2], s[::-3], s[-1:-5:-1], s[5:2], s[::1])
# --- len and in
print(len('hello'), len(''), 'ell' in 'hello', 'x' in 'hello', '' in 'abc', 'a' not in 'abc')
# --- in requires string
print(1 in 'abc')
# --- upper lower title capitalize
print('Hello World'.upper(), 'Hello World'.lower(), 'hello world'.title(), 'hELLO wORLD'.capitalize(), 'AbC'.swapcase())
# --- title with apostrophes and digits
print("they're bill's friends".title(), 'hello 2nd world'.title(), 'a-b_c d'.title())
# --- strip family
print('[' + '  hi  '.strip() + ']', '[' + '  hi  '.lstrip() + ']', '[' + '  hi  '.rstrip() + ']', 'xxhixx'.strip('x'), '\t\n hi \n'.strip(), 'abcba'.strip('ab'))
# --- split default
print('a b  c'.split(), '  lead and trail  '.split(), ''.split(), 'one'.split(), 'a\tb\nc'.split())
# --- split separator
print('a,b,,c'.split(','), 'a,b,c'.split(',', 1), ','.split(','), 'abc'.split('b'), 'a::b::c'.split('::'))
# --- split maxsplit
print('a b c d'.split(None, 2), 'a b c d'.split(maxsplit=1), '  a b c '.split(None, 1))
# --- rsplit
print('a,b,c'.rsplit(',', 1), 'a b c'.rsplit(None, 1), 'a b c'.rsplit())
# --- split empty separator
'abc'.split('')
# --- splitlines
print('a\nb\r\nc\n'.splitlines(), 'a\n\nb'.splitlines(), 'x\ny'.splitlines(True), ''.splitlines())
# --- join
print(', '.join(['a', 'b', 'c']), ''.join(['x', 'y']), '-'.join('abc'), ' '.join([]), '+'.join(str(i) for i in range(4)))
# --- join non string
', '.join(['a', 1])
# --- replace
print('aaa'.replace('a', 'b'), 'aaa'.replace('a', 'b', 2), 'abc'.replace('x', 'y'), 'abc'.replace('', '-'), 'a.b.c'.replace('.', ''))
# --- startswith endswith
print('hello'.startswith('he'), 'hello'.endswith('lo'), 'hello'.startswith(('x', 'h')), 'hello'.endswith(('x', 'y')), 'hello'.startswith('l', 2), ''.startswith(''))
# --- find index count
print('hello'.find('l'), 'hello'.rfind('l'), 'hello'.find('z'), 'hello'.index('e'), 'hello'.count('l'), 'aaaa'.count('aa'), 'abc'.count(''), 'hello'.find('l', 3))
# --- index not found
'hello'.index('z')
# --- predicates
print('123'.isdigit(), '12a'.isdigit(), 'abc'.isalpha(), 'ab1'.isalnum(), '   '.isspace(), ''.isspace(), 'abc'.islower(), 'ABC'.isupper(), 'aB'.islower(), '123'.islower())
# --- padding methods
print('[' + 'ab'.center(6) + ']', '[' + 'ab'.center(7, '*') + ']', '[' + 'abc'.center(6) + ']', '[' + 'ab'.ljust(5, '.') + ']', '[' + 'ab'.rjust(5) + ']', '42'.zfill(5), '-42'.zfill(5), 'abc'.center(2))
# --- partition
print('a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'abc'.partition('x'), 'abc'.rpartition('x'))
# --- removeprefix removesuffix
print('prefix_name'.removeprefix('prefix_'), 'name.txt'.removesuffix('.txt'), 'abc'.removeprefix('x'))
# --- format method
print('{} and {}'.format('a', 'b'), '{1} {0}'.format('x', 'y'), '{name} is {age}'.format(name='Ann', age=30), '{:.2f}'.format(3.14159), '{0!r} {0!s}'.format('q'), '{:>5}|{:<5}|'.format(1, 2))
# --- format method indexing
d = {'k': 5}
print('{0[k]} {1[0]}'.format(d, [9]), '{{literal}} {}'.format(1), '{:{w}.{p}f}'.format(3.14159, w=8, p=2))
# --- format method index error
'{} {}'.format(1)
# --- format method key error
'{missing}'.format(a=1)
# --- string comparison
print('a' < 'b', 'abc' < 'abd', 'Z' < 'a', 'ab' < 'abc', '' < 'a', 'b' > 'abc', 'é' > 'z')
# --- string immutability
s = 'abc'
s[0] = 'x'
# --- str of values
print(str(1), str(1.5), str(None), str(True), str([1, 'a']), str((1,)), str({'a': [1]}), str(''))
# --- repr of nested containers with strings
print(repr(['a', ["b'c"], {'k': 'v"'}]), [repr('x')], str(['x']))
# --- string multiplication error
'x' * 'y'
# --- string concat error
'a' + 1
# --- percent formatting
print('%s is %d years' % ('Ann', 30), '%.2f' % 3.14159, '%5s|%-5s|' % ('a', 'b'), '%r' % 'x', '%x %o %e' % (255, 8, 12345.678), '100%%' % ())
# --- percent formatting mapping
print('%(name)s has %(n)03d' % {'name': 'Bo', 'n': 7})
# --- percent formatting errors
'%d' % 'x'
# --- percent not all converted
'%s' % (1, 2)
# --- unicode length and iteration
s = 'naïve café'
print(len(s), [c for c in 'añb'], s.upper(), s[2])
# --- iteration over string
for ch in 'abc':
    print(ch, end='-')
print()
# --- string methods chain
text = '  The Quick Brown Fox  '
print(text.strip().lower().replace(' ', '_'), text.split()[1:3], text.count('o'))
# --- isdigit on words
words = ['12', 'abc', '3.5', '']
print([w.isdigit() for w in words], [w for w in words if w.isalpha()])
# --- ord chr round trip
print(''.join(chr(ord(c) + 1) for c in 'HAL'))
# --- str attribute error
'abc'.foo()
# --- casefold and comparisons
print('Straße'.lower(), 'ABC'.casefold() == 'abc')
# --- string in list membership
print('a' in ['a', 'b'], 'c' in ('a', 'b'), ['a'] == ['a'])
# --- max min strings
print(max(['apple', 'pear', 'fig']), min('hello'), max('abc', 'abd'), sorted('banana'))
# --- ascii builtin
print(ascii('café'), ascii(['ü']), ascii('plain'))
