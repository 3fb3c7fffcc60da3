# --- try except basic
try:
    1 / 0
except ZeroDivisionError as e:
    print('caught:', e)
# --- except tuple and order
for bad in ['x', [], {}]:
    try:
        if bad == 'x':
            int(bad)
        elif bad == []:
            bad[0]
        else:
            bad['k']
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
    except KeyError as e:
        print('key', e, repr(e))
# --- except base class
try:
    {}['missing']
except LookupError as e:
    print('lookup', e)
try:
    [][1]
except Exception as e:
    print('exception', e)
# --- bare except
try:
    undefined
except:
    print('bare')
# --- else and finally
def f(x):
    try:
        r = 10 / x
    except ZeroDivisionError:
        print('zero')
        return None
    else:
        print('ok')
        return r
    finally:
        print('finally')
print(f(2), f(0))
# --- finally runs on exception
try:
    try:
        raise ValueError('inner')
    finally:
        print('cleanup')
except ValueError as e:
    print('outer got', e)
# --- raise and reraise
try:
    try:
        raise KeyError('k')
    except KeyError:
        print('handling')
        raise
except KeyError as e:
    print('reraised', e)
# --- raise class
try:
    raise ValueError
except ValueError as e:
    print(repr(e), str(e) == '', e.args)
# --- exception args
e = ValueError('a', 1)
print(e, repr(e), e.args, repr(TypeError('msg')), str(KeyError('k')))
# --- uncaught raise with message
raise ValueError('bad value: 42')
# --- uncaught raise without message
raise RuntimeError
# --- assert pass and fail
assert 1 + 1 == 2
assert True, 'never'
assert [], 'empty list is falsy'
# --- assert without message
x = 3
assert x > 5
# --- assert with formatted message
score = 0.2
assert score > 0.5, f'score too low: {score:.2f}'
# --- unhandled in function
def inner():
    return [1][5]
def outer():
    return inner()
outer()
# --- exception type mismatch propagates
try:
    int('x')
except TypeError:
    print('wrong')
# --- error inside except
try:
    1 / 0
except ZeroDivisionError:
    [][0]
# --- finally overrides return
def f():
    try:
        return 'try'
    finally:
        print('fin')
print(f())
# --- loop with try continue
total = 0
for v in ['1', 'x', '3']:
    try:
        total += int(v)
    except ValueError:
        continue
print(total)
# --- name error message
print(undefined_variable)
# --- attribute error on int
(5).upper()
# --- attribute error on list
[].push(1)
# --- type error not subscriptable
x = 5
x[0]
# --- type error not iterable
for i in 5:
    pass
# --- type error len
len(10)
# --- type error not callable string
'abc'()
# --- key error with tuple key
{}[(1, 2)]
# --- key error int
d = {1: 'a'}
d[2]
# --- raise non exception
raise 5
# --- stop iteration
it = iter([1])
print(next(it), next(it, 'default'))
next(it)
# --- isinstance of exception
try:
    raise KeyError('x')
except Exception as e:
    print(isinstance(e, KeyError), isinstance(e, LookupError), isinstance(e, ValueError))
# --- except as name usable after
try:
    1 / 0
except ZeroDivisionError as err:
    message = str(err)
print(message)
# --- nested try
try:
    try:
        int('bad')
    except KeyError:
        print('no')
except ValueError as e:
    print('outer', e)
# --- exception in comprehension caught
try:
    vals = [int(s) for s in ['1', 'two']]
except ValueError as e:
    print('bad input:', e)
# --- unpack error caught
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print(e)
# --- zero division modulo message
try:
    5 % 0
except ZeroDivisionError as e:
    print(e)
# --- overflow error float pow
try:
    2.0 ** 10000
except OverflowError as e:
    print('overflow', e)
# --- argument count messages of methods
calls = [lambda: [].append(), lambda: ''.split(1, 2, 3), lambda: {}.get(), lambda: [].insert(1), lambda: 'a'.replace('a'),
         lambda: [].pop(1, 2), lambda: ''.join(), lambda: set().add(), lambda: 'a'.startswith(), lambda: 'a'.strip(1, 2),
         lambda: [].count(), lambda: 'x'.count(), lambda: {}.pop(), lambda: (1,).index(), lambda: 'a'.upper(1), lambda: {}.keys(1)]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
# --- argument count messages of builtins
calls = [lambda: sorted(), lambda: len(), lambda: abs(), lambda: sum(), lambda: min(), lambda: isinstance(1), lambda: enumerate(),
         lambda: repr(), lambda: int(1, 2, 3), lambda: range(), lambda: list(1, 2), lambda: float(1, 2), lambda: zip(1), lambda: max(1)]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
# --- index type messages
calls = [lambda: 'abc'['a'], lambda: 'abc'[1.5], lambda: 'abc'[None], lambda: (1,)['a'], lambda: range(3)['a'], lambda: [1]['a'], lambda: [1][1.0]]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
# --- method lookup happens before arguments
try:
    (1.5).count(1 / 0)
except Exception as e:
    print(type(e).__name__, e)
# --- in on non iterable
try:
    print(1 in 5)
except TypeError as e:
    print(e)
