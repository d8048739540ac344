levels
break speculate
break abort
info breakpoints
run
levels
p level
next
next
next
p balance
diff 1
level 1
levels
rollback 1
p level
next
next
continue
next
next
p balance
speculate
levels
set var balance[1] = 7
p balance
diff 2
rollback 2
p balance
levels
continue
break commit
continue
next
speculate
set var amount = 1
commit 2
levels
rollback 9
commit 0
continue
continue
levels
commit 1
rollback 9
level x
diff
continue
