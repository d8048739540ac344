run
bt
p i
p a[3]
up
p a
info locals
continue
step
finish
run
