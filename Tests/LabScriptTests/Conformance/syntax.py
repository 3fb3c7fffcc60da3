# --- missing colon
if True
    print('x')
# --- unclosed paren
print((1, 2)
# --- unexpected indent
x = 1
    y = 2
# --- unindent mismatch
if True:
        x = 1
    y = 2
# --- expected indented block
for i in range(3):
print(i)
# --- invalid assignment target
f() = 1
# --- assign to literal
1 = x
# --- augmented assignment to literal
1 += 1
# --- unterminated string
s = 'abc
# --- leading zeros
x = 012
# --- invalid syntax double operator
x = 1 +* 2
# --- keyword as name
def = 5
# --- positional after keyword
print(end='', 'x')
# --- non default after default
def f(a=1, b):
    pass
# --- unmatched bracket
x = [1, 2))
# --- return at module level is allowed in labscript tests avoided
print('skip')
# --- print statement python2
print 'hello'
# --- duplicate argument
def f(a, a):
    pass
# --- invalid decimal literal
x = 1abc
# --- mismatched brackets
x = (1, 2]
# --- break outside loop
break
