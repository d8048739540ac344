break speculate
break write_object
run
levels
continue
bt
p *o
finish
next
diff 1
level 1
rollback 1
next
continue
