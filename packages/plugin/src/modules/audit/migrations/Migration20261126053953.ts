import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261126053953 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table if not exists "audit_log" ("id" text not null, "kind" text check ("kind" in ('admin', 'auth')) not null, "action" text not null, "actor_type" text null, "actor_id" text null, "method" text null, "route" text null, "target_id" text null, "status" integer null, "ip" text null, "occurred_at" timestamptz not null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "audit_log_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_audit_log_deleted_at" ON "audit_log" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_audit_log_occurred_at" ON "audit_log" ("occurred_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_audit_log_actor_id" ON "audit_log" ("actor_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_audit_log_action" ON "audit_log" ("action") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_log" cascade;`)
  }
}
