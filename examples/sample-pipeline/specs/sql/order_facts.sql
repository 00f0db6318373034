-- Revenue per country and customer segment for one day, excluding blocked customers (a left anti join)
-- and cancelled orders. The day comes from sluice_params, a one-row table of bound partition values.
select
    p.date                                   as date,
    c.country                                as country,
    c.segment                                as segment,
    count(*)                                 as orders,
    count(s.order_id)                        as shipped_orders,
    round(sum(o.amount), 2)                  as revenue
from orders o
join customers c on c.customer_id = o.customer_id
left join shipments s on s.order_id = o.order_id
anti join blocklist b on b.customer_id = o.customer_id
cross join sluice_params p
where o.status <> 'cancelled'
group by all
order by country, segment
