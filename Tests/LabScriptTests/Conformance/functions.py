# --- def and call
def greet(name, greeting='Hello'):
    return f'{greeting}, {name}!'
print(greet('Ann'), greet('Bo', 'Hi'), greet(greeting='Yo', name='Cy'))
# --- default evaluated once
def add(item, bucket=[]):
    bucket.append(item)
    return bucket
print(add(1), add(2), add(3, []))
# --- default value captured at definition
x = 10
def f(a=x):
    return a
x = 20
print(f(), f(5))
# --- varargs and kwargs
def f(*args, **kwargs):
    return args, kwargs
print(f(), f(1, 2), f(a=1), f(1, b=2, c=3))
# --- keyword only
def f(a, *, b=2, c):
    return a + b + c
print(f(1, c=3), f(1, b=0, c=0))
# --- missing keyword only
def f(a, *, c):
    return a
f(1)
# --- star args call
def f(a, b, c):
    return a * 100 + b * 10 + c
args = [1, 2]
print(f(*args, 3), f(*[1, 2, 3]), f(**{'a': 1, 'b': 2, 'c': 3}), f(1, *(2,), **{'c': 3}))
# --- too many args
def f(a, b=1):
    return a
f(1, 2, 3)
# --- too many args no defaults
def f(a):
    return a
f(1, 2)
# --- zero args given one
def f():
    return 1
f(1)
# --- missing args
def f(a, b, c):
    return a
f(1)
# --- missing two args
def f(a, b, c):
    return a
f()
# --- unexpected keyword
def f(a):
    return a
f(a=1, b=2)
# --- multiple values
def f(a, b):
    return a
f(1, a=2)
# --- return none implicit
def f():
    x = 1
print(f(), f() is None)
# --- early return
def sign(x):
    if x > 0:
        return 1
    if x < 0:
        return -1
    return 0
print([sign(v) for v in [-5, 0, 3]])
# --- recursion
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fact(10), fact(25), fib(15))
# --- closures
def counter():
    count = [0]
    def inc():
        count[0] += 1
        return count[0]
    return inc
c = counter()
c(); c()
print(c())
# --- closure reads later binding
def outer():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(outer())
# --- closure default binding
fs = [lambda i=i: i * 2 for i in range(3)]
print([f() for f in fs])
# --- nested closures two levels
def a():
    x = 'a'
    def b():
        def c():
            return x + '!'
        return c()
    return b()
print(a())
# --- global read in function
rate = 0.5
def apply(v):
    return v * rate
print(apply(4))
rate = 2
print(apply(4))
# --- local shadows global
x = 'global'
def f():
    x = 'local'
    return x
print(f(), x)
# --- unbound local
x = 1
def f():
    print(x)
    x = 2
f()
# --- lambda
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(5), add(1), add(1, 2), (lambda: 'no args')(), sorted([3, -1, 2], key=lambda v: abs(v)))
# --- lambda missing arg
(lambda x: x)()
# --- functions as values
def double(x):
    return x * 2
ops = {'double': double, 'neg': lambda x: -x}
print([ops[k](3) for k in ['double', 'neg']], list(map(double, [1, 2])), callable(double), callable(3))
# --- map filter
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20])), list(filter(None, [0, 1, '', 'a'])), list(filter(lambda x: x > 1, [1, 2, 3])))
# --- recursion limit
def down(n):
    return down(n + 1)
down(0)
# --- call non callable
x = 5
x()
# --- function name attribute
def my_func():
    pass
print(my_func.__name__, (lambda: 0).__name__)
# --- nested function error message names qualname
def outer():
    def inner(a):
        return a
    return inner()
outer()
# --- docstring is fine
def f():
    """This is a docstring."""
    return 42
print(f())
# --- mutual recursion
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
print(is_even(10), is_odd(7))
# --- kwargs passthrough
def inner(**kw):
    return sorted(kw.items())
def outer(**kw):
    return inner(**kw, z=0)
print(outer(a=1, b=2))
# --- return multiple values
def stats(xs):
    return min(xs), max(xs), sum(xs) / len(xs)
lo, hi, avg = stats([2, 4, 9])
print(lo, hi, avg, stats([1]))
# --- higher order
def compose(f, g):
    return lambda x: f(g(x))
inc = lambda x: x + 1
print(compose(inc, inc)(1), compose(str, abs)(-3))
# --- function modifies list argument
def fill(xs):
    xs.append('filled')
data = []
fill(data)
print(data)
# --- generator expression argument
print(sum(x * x for x in range(5)), max(len(w) for w in ['a', 'abc']), list(x for x in 'ab'))
