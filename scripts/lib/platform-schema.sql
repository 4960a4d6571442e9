-- The reference schema of the contractor-review platform's database: the tables the
-- PostgreSQL tools (calc-rankings, calc-badges, sync-sheets, cleanup) read and write, with the
-- indexes a real platform would have. scripts/lib/services.sh loads it into the private
-- PostgreSQL of the tests; the platform itself owns the real one.
CREATE TABLE categories (id bigint PRIMARY KEY, slug text UNIQUE NOT NULL, name text NOT NULL);
CREATE TABLE regions (id bigint PRIMARY KEY, slug text UNIQUE NOT NULL, name text NOT NULL, time_zone text NOT NULL);
CREATE TABLE users (
  id bigint PRIMARY KEY, email text, name text, locale text,
  created_at timestamptz NOT NULL DEFAULT now(), email_opt_out boolean NOT NULL DEFAULT false);
CREATE TABLE contractors (
  id bigint PRIMARY KEY, user_id bigint, name text NOT NULL, category_id bigint NOT NULL REFERENCES categories,
  region_id bigint NOT NULL REFERENCES regions, verified boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE bookings (
  id bigint PRIMARY KEY, contractor_id bigint NOT NULL, customer_id bigint,
  status text NOT NULL CHECK (status IN ('requested', 'accepted', 'completed', 'cancelled')),
  requested_at timestamptz NOT NULL, responded_at timestamptz, completed_at timestamptz);
CREATE TABLE reviews (
  id bigint PRIMARY KEY, booking_id bigint, contractor_id bigint NOT NULL, author_id bigint,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5), verified boolean NOT NULL DEFAULT false,
  would_hire_again boolean, body text, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
  deleted_at timestamptz);
CREATE TABLE contractor_rankings (
  contractor_id bigint PRIMARY KEY, category_id bigint, region_id bigint, score double precision,
  rank integer, rank_in_region integer, review_count integer, computed_at timestamptz, parameters jsonb);
CREATE TABLE badges (slug text PRIMARY KEY, name text NOT NULL, rule jsonb);
CREATE TABLE contractor_badges (
  contractor_id bigint NOT NULL, badge_slug text NOT NULL REFERENCES badges, awarded_at timestamptz NOT NULL,
  revoked_at timestamptz, source text NOT NULL CHECK (source IN ('rule', 'staff')));
CREATE UNIQUE INDEX contractor_badges_open ON contractor_badges (contractor_id, badge_slug) WHERE revoked_at IS NULL;
-- Exactly connect-pg-simple's table.
CREATE TABLE "session" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL);
ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid");
CREATE INDEX "IDX_session_expire" ON "session" ("expire");
CREATE TABLE audit_logs (
  id bigint PRIMARY KEY, actor_id bigint, action text NOT NULL, entity text, entity_id bigint, details jsonb,
  created_at timestamptz NOT NULL);
CREATE INDEX reviews_contractor_created ON reviews (contractor_id, created_at);
CREATE INDEX reviews_updated ON reviews (updated_at);
CREATE INDEX bookings_contractor_status ON bookings (contractor_id, status);
CREATE INDEX audit_logs_created ON audit_logs (created_at);
