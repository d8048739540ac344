p ratio
p list
break 26
run
p *list
p list->next->next->value
p *list->next->next->next
p list->tag
p ratio * 4
p bytes
p/x bytes[3]
p msg
p &bytes[1]
p *&ratio
p -list->value + 3 % 2
p list->value > 20 && ratio < 1
p (long)ratio + (char)300
p sizeof(struct node)
p sizeof list->value
p 'a' + 1
p 0x10 << 2
p 7 / 2.0
ptype list
ptype *list
ptype bytes
x/4xb bytes
x/2dw &list->value
x/3c msg
x/2xg list
x/1 0
heap
ptable 1 3
ptable 99999
block list
block 0
stats
set var ratio = 2
p ratio
set var list->value = list->value + 1
p list->value
set var nosuch = 1
set var 3 = 4
set var
p 1/0
p list->
p )(
p "str"
p bytes[
p list.value
p *ratio
p &3
p
info locals
checkpoint @TMP@/state.img
checkpoint
continue
