info breakpoints
continue
break fact
tbreak tests/repl/basic.c:25
info breakpoints
run
bt
continue
bt
finish
delete 1
continue
info breakpoints
p total
info locals
frame 1
up
down
down
down
frame 9
list
next
next
next
stepi
si 2
info frame
disassemble square
break nosuch
break basic.c:999
delete 7
bogus
info nothing
next x
continue
bt
run
start
step
step
info registers
finish
quit
