import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261202044143 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "erasure_request" ("id" text not null, "customer_id" text not null, "status" text check ("status" in ('awaiting_confirmation', 'scheduled', 'completed', 'cancelled')) not null default 'awaiting_confirmation', "requested_by" text not null, "actor_id" text null, "token_hash" text null, "token_expires_at" timestamptz null, "execute_after" timestamptz null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "erasure_request_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_erasure_request_deleted_at" ON "erasure_request" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_erasure_request_customer_id" ON "erasure_request" ("customer_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_erasure_request_status_execute_after" ON "erasure_request" ("status", "execute_after") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erasure_request" cascade;`)
  }
}
