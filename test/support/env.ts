// Runs before every e2e file's imports. Appointment times are instants; nothing may depend on local time.
process.env.TZ = 'UTC';
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
