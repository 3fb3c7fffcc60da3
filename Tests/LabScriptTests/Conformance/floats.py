# --- repr shortest
print(0.1, 0.2, 0.3, 0.1 + 0.2, 1 / 3, 2 / 3, 1.1 * 3)
# --- repr integers as floats
print(1.0, -1.0, 100.0, 1e10, 123456789.0, 1e15, 1e16, 1.5e16, 12345678901234567.0)
# --- repr small
print(0.001, 0.0001, 0.00001, 1.5e-5, 1e-10, 5e-324, 2.2250738585072014e-308)
# --- repr large
print(1e22, 1e100, 1.7976931348623157e308, 9007199254740993.0, 123456789012345678901234567890.0)
# --- repr specials
print(float('inf'), float('-inf'), float('nan'), -0.0, 0.0, [float('inf'), -0.0])
# --- str of floats in containers
print([0.1, 1e-7, 1e20], (2.5,), {'a': 1e16})
# --- format f
print(format(3.14159, '.2f'), format(2.5, '.0f'), format(3.5, '.0f'), format(-0.001, '.2f'), format(1e20, '.1f'))
# --- format e
print(format(1234.5678, 'e'), format(1234.5678, '.2e'), format(0.000123, '.3E'), format(0.0, 'e'), format(1e100, '.1e'))
# --- format g
print(format(1234.5678, 'g'), format(0.00001234, 'g'), format(123456789.0, 'g'), format(100.0, 'g'), format(1e16, '.3g'), format(0.5, '.0g'))
# --- format percent
print(format(0.25, '%'), format(0.12345, '.1%'), format(1, '.0%'), format(-0.5, '.2%'))
# --- format no type
print(format(1.0, ''), format(1.5, '.3'), format(1234.5, '.3'), format(0.1, '.1'), format(1.0, '.3'), format(1e16, ''), format(123.0, '.5'))
# --- format width align
print('[' + format(3.14159, '10.3f') + ']', '[' + format(3.14159, '<10.2f') + ']', '[' + format(3.14159, '^10.1f') + ']', '[' + format(-3.1, '=10.2f') + ']')
# --- format sign
print(format(3.0, '+.1f'), format(-3.0, '+.1f'), format(3.0, ' .1f'), format(-3.0, ' .1f'), format(3.0, '-.1f'))
# --- format zero pad
print(format(3.14159, '08.3f'), format(-3.14159, '08.3f'), format(42, '05d'), format(-42, '05d'), format(42, '+05d'))
# --- format grouping
print(format(1234567.891, ',.2f'), format(1234567, ','), format(1234567, '_'), format(1234567.0, ','), format(-9876543.21, ',.1f'))
# --- format grouping zero padded
print(format(1234, '08,'), format(1234.5, '010,.1f'), format(12, '06,d'))
# --- format ints
print(format(255, 'x'), format(255, 'X'), format(255, '#x'), format(255, 'o'), format(5, 'b'), format(5, '#010b'), format(65, 'c'))
# --- format int as float
print(format(3, '.2f'), format(3, 'e'), format(3, '%'), format(True, 'd'), format(True, ''), format(2, 'g'))
# --- format int with precision error
format(3, '.2d')
# --- format float with d error
format(3.5, 'd')
# --- format string
print('[' + format('ab', '5') + ']', '[' + format('ab', '>5') + ']', '[' + format('ab', '^5') + ']', '[' + format('ab', '*^6') + ']', '[' + format('abcdef', '.3') + ']')
# --- format string bad code
format('ab', 'd')
# --- format nan inf
print(format(float('inf'), '.2f'), format(float('-inf'), 'e'), format(float('nan'), '.1f'), format(float('inf'), 'F'), format(float('nan'), '%'))
# --- format z flag
print(format(-0.0001, 'z.2f'), format(-0.0001, '.2f'), format(-1.5, 'z.1f'))
# --- format fill characters
print(format(7, '*>4'), format(7, '0<4'), format('x', '-^7'), format(12.5, '_>9.2f'))
# --- rounding in format half even cases
print(format(0.125, '.2f'), format(0.375, '.2f'), format(2.5, '.0f'), format(1.45, '.1f'), format(1.55, '.1f'), format(0.5, '.0f'))
# --- float arithmetic results
print(0.1 * 3, 1.1 + 2.2, 3.3 - 1.1, 1e16 + 1, 2 ** 0.5, 10 / 3, 1 - 0.9)
# --- float to str concat
print(str(0.1) + '!', str(1e16), str(-0.0), str(1.0), repr(2.5))
# --- float from int division exact
print(7 / 7, 1e3, 1000000.0 * 1000000.0, 0.1 * 0.1)
# --- float equality int
print(3.0 == 3, 3.1 == 3, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
# --- mean and std lab style
xs = [0.12, 0.5, 0.33, 0.91]
mean = sum(xs) / len(xs)
var = sum((x - mean) ** 2 for x in xs) / len(xs)
print(mean, var, var ** 0.5)
print(f"{mean:.3f} {var:.4f} {var ** 0.5:.2e}")
