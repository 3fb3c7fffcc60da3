# --- int arithmetic
print(1 + 2, 7 - 10, 6 * 7, 2 ** 10, 7 / 2, 8 / 4)
# --- floor division signs
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
# --- modulo signs
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
# --- float floor division and modulo
print(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 7.5 % -2)
# --- float modulo zero sign
print(4.0 % 2, -4.0 % 2, 4.0 % -2)
# --- true division of ints
print(1 / 3, 2 / 3, 10 / 5, -1 / 3)
# --- power
print(2 ** 0, 2 ** -1, (-2) ** 3, 2.0 ** 0.5, 10 ** 18)
# --- big ints to 128 bits
print(2 ** 64, 2 ** 100, -(2 ** 90), 2 ** 63 - 1 + 1)
# --- int overflow of 64 bits by multiplication
x = 9223372036854775807
print(x * 2, x + x, x * x // x)
# --- hex oct bin literals
print(0xff, 0o17, 0b1011, 1_000_000, 0x_ff)
# --- mixed numeric equality
print(1 == 1.0, True == 1, False == 0, 0.5 == 1/2, 1 == '1', None == 0)
# --- mixed comparisons
print(1 < 1.5, 2 > 1.99, True < 2, 3 <= 3.0)
# --- chained comparisons
a = 5
print(1 < a < 10, 1 < a > 10, 1 < 2 < 3 < 4, 3 > 2 == 2)
# --- unary operators
print(-5, +5, ~5, -(-5), not 0, not 1, -True, +False, ~True)
# --- bitwise
print(6 & 3, 6 | 3, 6 ^ 3, 1 << 10, 1024 >> 3, -16 >> 2, True & False, True | False)
# --- division by zero
print(1 / 0)
# --- floor division by zero
print(1 // 0)
# --- modulo by zero
print(5 % 0)
# --- float division by zero
print(1.0 / 0)
# --- float floor division by zero
print(1.0 // 0.0)
# --- float modulo by zero
print(1.5 % 0)
# --- zero to negative power
print(0 ** -1)
# --- negative shift
print(1 << -1)
# --- abs
print(abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-2 ** 70))
# --- divmod
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2), divmod(-7.5, 2))
# --- divmod by zero
print(divmod(1, 0))
# --- pow builtin
print(pow(2, 10), pow(2, 10, 1000), pow(3, -1.0), pow(2.0, 3))
# --- int conversions
print(int(3.9), int(-3.9), int('42'), int(' -17 '), int('1_000'), int(True), int('ff', 16), int('0x1f', 0), int('101', 2))
# --- int invalid literal
print(int('3.5'))
# --- int of None
int(None)
# --- int of inf
int(float('inf'))
# --- int of nan
int(float('nan'))
# --- float conversions
print(float(3), float('1.5'), float(' 2e3 '), float('-inf'), float('nan'), float('1_000.5'), float(True))
# --- float invalid
float('abc')
# --- bool conversions
print(bool(0), bool(1), bool(0.0), bool(''), bool('a'), bool([]), bool([0]), bool({}), bool(None), bool(()), bool(set()))
# --- round banker
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(3.7), round(-3.7))
# --- round ndigits
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2), round(3.14159, 3), round(1234.5678, -2))
# --- round ints
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(5, 2), round(15, -1), round(25, -1))
# --- round returns type
print(type(round(2.5)), type(round(2.5, 0)), round(2.5, 0), round(-0.4), round(-0.4, 0))
# --- round large ndigits
print(round(1.23456789, 10), round(0.1, 20), round(123.456, -5))
# --- round inf
round(float('inf'))
# --- round str
round('x')
# --- isinstance numbers
print(isinstance(1, int), isinstance(True, int), isinstance(1.0, int), isinstance(1.0, (int, float)), isinstance('a', str))
# --- type names
print(type(1), type(1.0), type('a'), type([]), type({}), type(()), type(set()), type(None), type(True), type(range(3)))
# --- int bit_length and float is_integer
print((255).bit_length(), (0).bit_length(), (-8).bit_length(), 2.0.is_integer(), 2.5.is_integer())
# --- augmented assignment numbers
x = 10
x += 5; x -= 3; x *= 2; x //= 5; x **= 3; x %= 7
print(x)
y = 1.5
y /= 2
y += 1
print(y)
# --- sum of floats
print(sum([0.1] * 10), sum([1, 2, 3]), sum([1, 2.5]), sum([], 10), sum(range(101)))
# --- sum of strings error
sum(['a', 'b'], '')
# --- sum of unsupported
sum(['a', 'b'])
# --- min max numbers
print(min(3, 1, 2), max(3, 1, 2), min([4, 2, 8]), max([1.5, 2, 0]), max(1, 1.0), min(1.0, 1))
# --- hex oct bin
print(hex(255), oct(8), bin(5), hex(-42), bin(0))
# --- unsupported operand
print(1 + 'a')
# --- none arithmetic
print(None + 1)
# --- bad unary
print(-'a')
# --- comparison type error
print(1 < 'a')
# --- int float big comparison
print(2 ** 60 == 2.0 ** 60, 2 ** 60 + 1 == 2.0 ** 60, 2 ** 60 + 1 > 2.0 ** 60, 10 ** 20 < 1e21)
# --- nan comparisons
n = float('nan')
print(n == n, n != n, n < 1, n > 1, n in [n])
# --- int division results
print(10 / 4, 10 // 4, 9 / 3, type(9 / 3), 2 ** 53 + 1, (2 ** 53 + 1) / 1)
# --- float overflow power
print(10.0 ** 400)
# --- large float
print(1.7976931348623157e308 * 10, -1e308 * 10, 1e308 + 1e308)
# --- chr ord
print(chr(65), chr(0x263A), ord('a'), ord('é'))
# --- chr range
chr(-1)
# --- hash of numbers
print(hash(1), hash(1.0), hash(True), hash(-1), hash(2 ** 61), hash(0.5), hash(-2.5), hash((1, 2)))
