-- Where a placed order is: placed → ready (at the pickup point) → picked_up (operators).
ALTER TABLE rewards_orders ADD COLUMN stage TEXT NOT NULL DEFAULT 'placed'
    CHECK (stage IN ('placed', 'ready', 'picked_up'));
