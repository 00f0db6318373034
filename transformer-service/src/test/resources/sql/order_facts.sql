-- Revenue per country and customer segment for one day, excluding blocked customers.
select
    o.date                                   as date,
    c.country                                as country,
    c.segment                                as segment,
    count(*)                                 as orders,
    count(s.order_id)                        as shipped_orders,
    sum(o.amount)                            as revenue
from orders o
join customers c on c.customer_id = o.customer_id
left join shipments s on s.order_id = o.order_id
anti join blocklist b on b.customer_id = o.customer_id
where o.status <> 'cancelled'
  and o.date = (select date from sluice_params)
group by all
order by country, segment;
