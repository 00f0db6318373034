-- A typo on line 4.
select
    o.order_id,
    o.amount frm orders o
where o.status = 'open'
