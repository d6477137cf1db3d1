import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261126053738 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "review_helpful_vote" drop constraint if exists "review_helpful_vote_review_id_customer_id_unique";`
    )
    this.addSql(
      `alter table if exists "review" drop constraint if exists "review_product_id_customer_id_unique";`
    )
    this.addSql(
      `create table if not exists "review" ("id" text not null, "product_id" text not null, "customer_id" text not null, "order_id" text null, "rating" integer not null, "title" text not null, "body" text not null, "status" text check ("status" in ('pending', 'approved', 'rejected')) not null default 'pending', "verified_purchase" boolean not null default false, "helpful_count" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_pkey" primary key ("id"), constraint review_rating_range check (rating BETWEEN 1 AND 5), constraint review_helpful_count_positive check (helpful_count >= 0));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_review_deleted_at" ON "review" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_product_id_customer_id_unique" ON "review" ("product_id", "customer_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_review_product_id_status" ON "review" ("product_id", "status") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_review_status_created_at" ON "review" ("status", "created_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "review_helpful_vote" ("id" text not null, "customer_id" text not null, "review_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "review_helpful_vote_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_review_helpful_vote_review_id" ON "review_helpful_vote" ("review_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_review_helpful_vote_deleted_at" ON "review_helpful_vote" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_review_helpful_vote_review_id_customer_id_unique" ON "review_helpful_vote" ("review_id", "customer_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "review_helpful_vote" add constraint "review_helpful_vote_review_id_foreign" foreign key ("review_id") references "review" ("id") on update cascade on delete cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "review_helpful_vote" drop constraint if exists "review_helpful_vote_review_id_foreign";`
    )

    this.addSql(`drop table if exists "review" cascade;`)

    this.addSql(`drop table if exists "review_helpful_vote" cascade;`)
  }
}
