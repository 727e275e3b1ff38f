-- The Steps game's tables (module "rewards"). Uniqueness and non-negativity live here.
CREATE TABLE rewards_families (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    invite_code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE rewards_family_splits (
    family_id INTEGER NOT NULL REFERENCES rewards_families (id),
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    pool INTEGER NOT NULL CHECK (pool >= 0),
    created_at TEXT NOT NULL,
    PRIMARY KEY (family_id, first_day, last_day)
);

CREATE TABLE rewards_profiles (
    user_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    zone TEXT NOT NULL,
    referral_code TEXT NOT NULL UNIQUE,
    referrer_id INTEGER,
    family_id INTEGER REFERENCES rewards_families (id),
    registered_at TEXT NOT NULL
);
CREATE INDEX rewards_profiles_family ON rewards_profiles (family_id);

CREATE TABLE rewards_walks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    walk_key TEXT NOT NULL,
    measured_by TEXT NOT NULL CHECK (measured_by IN ('form', 'gps')),
    status TEXT NOT NULL CHECK (status IN ('counted', 'refused')),
    local_day TEXT NOT NULL,
    logged_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes >= 0),
    steps INTEGER NOT NULL CHECK (steps >= 0),
    distance_m INTEGER NOT NULL CHECK (distance_m >= 0),
    weather_source TEXT NOT NULL,
    temperature_tenths INTEGER,
    observed_at TEXT,
    weather_fallback INTEGER NOT NULL CHECK (weather_fallback IN (0, 1)),
    coefficient_per_mille INTEGER NOT NULL CHECK (coefficient_per_mille >= 0),
    points INTEGER NOT NULL CHECK (points >= 0),
    family_id INTEGER,
    refusal TEXT,
    latitude REAL,
    longitude REAL,
    UNIQUE (user_id, walk_key)
);
CREATE INDEX rewards_walks_day ON rewards_walks (user_id, local_day);
CREATE INDEX rewards_walks_family ON rewards_walks (family_id, local_day);

CREATE TABLE rewards_referrals (
    referee_id INTEGER PRIMARY KEY,  -- one referral, hence one reward, per referee
    referrer_id INTEGER NOT NULL CHECK (referrer_id <> referee_id),
    created_at TEXT NOT NULL,
    rewarded_walk_id INTEGER REFERENCES rewards_walks (id)
);

CREATE TABLE rewards_categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL
);

CREATE TABLE rewards_products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    category_id INTEGER NOT NULL REFERENCES rewards_categories (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price INTEGER NOT NULL CHECK (price >= 0),
    stock INTEGER NOT NULL CHECK (stock >= 0)
);

CREATE TABLE rewards_pickup_points (
    id TEXT PRIMARY KEY,
    full_address TEXT NOT NULL,
    search_text TEXT NOT NULL  -- the address case-folded, ё as е
);

CREATE TABLE rewards_orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    order_key TEXT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES rewards_products (id),
    product_code TEXT NOT NULL,
    pvz_id TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    price INTEGER NOT NULL CHECK (price >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'placed', 'failed', 'cancelled')),
    failure TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, order_key)
);
CREATE INDEX rewards_orders_created ON rewards_orders (created_at);
