-- Seven-day revenue per country, ending on the job's date: the view order_facts spans all 7 daily
-- partitions of the window.
select
    p.date                                   as date,
    f.country                                as country,
    cast(sum(f.orders) as bigint)            as orders,
    round(sum(f.revenue), 2)                 as revenue
from order_facts f
cross join sluice_params p
group by all
order by country
