select
    order_id,
    discount
from orders
